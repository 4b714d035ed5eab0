// A verification's reason in the reader's language. The chain's verifier (db/src/queries/audit.ts) words its
// findings in English for logs and the CLI; the page gives the Chinese where it knows the wording and the
// verifier's own words otherwise, so a new reason is never lost, only untranslated.
import type { Lang } from '../../lib/messages';
import { formatChinaDateTime } from '../../lib/relativeTime';

type Wording = [RegExp, (m: RegExpExecArray) => string];

const CHINESE: readonly Wording[] = [
  [/^checkpoint #(\d+) is missing$/, (m) => `检查点 #${m[1]} 缺失`],
  [/^checkpoint #(\d+) moves the head backwards$/, (m) => `检查点 #${m[1]} 使链头倒退`],
  [/^checkpoint #(\d+) was signed with key (.+), which is not the configured audit key$/, (m) => `检查点 #${m[1]} 由密钥 ${m[2]} 签名，不是本系统配置的审计密钥`],
  [/^checkpoint #(\d+) has an invalid signature: the checkpoints were rewritten$/, (m) => `检查点 #${m[1]} 签名无效：检查点被改写`],
  [
    /^the events after id (\d+) are missing: checkpoint #(\d+) \(([^)]+)\) anchored (\d+) events up to id (\d+)$/,
    (m) => `事件 #${m[1]} 之后的事件缺失：检查点 #${m[2]}（${formatChinaDateTime(m[3]!)}）锚定了截至事件 #${m[5]} 的 ${m[4]} 条事件`,
  ],
  [/^event (\d+), anchored by checkpoint #(\d+), is missing$/, (m) => `检查点 #${m[2]} 锚定的事件 #${m[1]} 缺失`],
  [/^event (\d+) does not match the hash checkpoint #(\d+) anchored: the chain was rewritten$/, (m) => `事件 #${m[1]} 与检查点 #${m[2]} 锚定的哈希不符：链被改写`],
  [
    /^the log holds (\d+) events up to id (\d+), checkpoint #(\d+) anchored (\d+): events before it were removed or added \(verify from the start to find which\)$/,
    (m) => `截至事件 #${m[2]} 日志有 ${m[1]} 条事件，检查点 #${m[3]} 锚定的是 ${m[4]} 条：此前有事件被删除或插入（从头校验可找出是哪一条）`,
  ],
  [/^its previous-hash link does not match the event before it$/, () => '其前序哈希与上一事件的哈希不衔接：链在此断开'],
  [/^its content does not match its hash$/, () => '其内容与其哈希不符：事件被改动'],
  [/^its hash differs from the one checkpoint #(\d+) anchored: the chain was rewritten$/, (m) => `其哈希与检查点 #${m[1]} 锚定的不同：链被改写`],
  [/^the log holds (\d+) events up to it, checkpoint #(\d+) anchored (\d+)$/, (m) => `截至该事件日志有 ${m[1]} 条事件，检查点 #${m[2]} 锚定的是 ${m[3]} 条`],
];

/** The verifier's reason, in Chinese when its wording is known; as given otherwise (and always in English). */
export function verificationReason(reason: string, lang: Lang): string {
  if (lang === 'en') return reason;
  for (const [pattern, words] of CHINESE) {
    const match = pattern.exec(reason);
    if (match) return words(match);
  }
  return reason;
}

/** A hash or id shortened for a table cell (`a1b2c3d4…e5f6`); the full text goes in a tooltip or the copy button. */
export function abbreviate(text: string, head = 8, tail = 4): string {
  return text.length <= head + tail + 1 ? text : `${text.slice(0, head)}…${text.slice(-tail)}`;
}
