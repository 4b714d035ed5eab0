// Document structure: numbered blocks (一、 / (一) / 1. / (1) / ① / 第一条 …) with their continuation lines,
// a preamble before the first number, and stray lines (news, notices) that belong to no block.
import { endsWithClause, isClauseLine, isResponsibilityLine } from './responsibility';
import { chineseNumberValue, hasUnclosedBracket } from './text';

export type MarkerKind = 'part' | 'chapter' | 'section' | 'article' | 'cn' | 'pcn' | 'ar' | 'par' | 'circ';

/** Levels as GB/T 9704 orders them (一、 > (一) > 1. > (1)); 第X条 sits above the items it contains. */
const RANK: Record<MarkerKind, number> = { part: 0, chapter: 1, section: 2, article: 3, cn: 4, pcn: 5, ar: 6, par: 7, circ: 8 };

export interface NumberMarker {
  kind: MarkerKind;
  rank: number;
  /** As printed, without trailing punctuation: `一`, `(一)`, `1`, `(1)`, `①`, `第三条`. */
  number: string;
  ordinal: number;
  /** The line after the number. */
  rest: string;
}

const CN = '[一二三四五六七八九十百零〇两]{1,5}';
const PATTERNS: { kind: MarkerKind; re: RegExp }[] = [
  { kind: 'part', re: new RegExp(`^(第(${CN}|\\d{1,3})部分)[\\s、:：.．]*`, 'u') },
  { kind: 'chapter', re: new RegExp(`^(第(${CN}|\\d{1,3})章)[\\s、:：.．]*`, 'u') },
  { kind: 'section', re: new RegExp(`^(第(${CN}|\\d{1,3})节)[\\s、:：.．]*`, 'u') },
  { kind: 'article', re: new RegExp(`^(第(${CN}|\\d{1,3})条)(?:[\\s、:：.．]+|(?=[\\u4E00-\\u9FFF]))`, 'u') },
  { kind: 'cn', re: new RegExp(`^((${CN}))\\s*[、．.，,]\\s*`, 'u') },
  { kind: 'pcn', re: new RegExp(`^([(（]\\s*(${CN})\\s*[)）])\\s*[、．.]?\\s*`, 'u') },
  { kind: 'ar', re: /^((\d{1,3}))\s*(?:[.．、。](?!\d)|[)）](?![\d%]))\s*/u },
  { kind: 'par', re: /^([(（]\s*(\d{1,3})\s*[)）])\s*[、．.]?\s*/u },
  { kind: 'circ', re: /^(([①-⑳]))\s*/u },
];

/** The numbering at the start of a line, if any. */
export function matchMarker(line: string): NumberMarker | null {
  for (const { kind, re } of PATTERNS) {
    const match = re.exec(line);
    if (!match?.[1] || !match[2]) continue;
    const rest = line.slice(match[0].length).trim();
    if (rest.length === 0 && kind !== 'cn' && kind !== 'pcn') continue;
    const digits = match[2];
    const ordinal =
      kind === 'circ' ? digits.charCodeAt(0) - 0x2460 + 1 : /^\d+$/u.test(digits) ? Number(digits) : chineseNumberValue(digits);
    if (!Number.isFinite(ordinal) || ordinal <= 0) continue;
    return { kind, rank: RANK[kind], number: match[1].replace(/\s+/gu, ''), ordinal, rest };
  }
  return null;
}

export interface Block {
  index: number;
  marker: NumberMarker;
  /** The first line as printed, number included. */
  heading: string;
  /** Text after the number, continuation lines joined with '\n'. */
  text: string;
  /** Index of the nearest earlier block of a higher level. */
  parent: number | null;
}

export interface DocumentStructure {
  /** Lines before the first numbered line (title, document number, notice, news lead). */
  preamble: string[];
  blocks: Block[];
  /** Lines after a finished measure that continue nothing: news sentences, page furniture. */
  strays: string[];
}

/** A line that ends mid-sentence (a hard wrap from PDF or a web page) continues on the next line. */
function endsMidSentence(last: string): boolean {
  if (hasUnclosedBracket(last) || /[、，,]$/u.test(last)) return true;
  return last.length >= 24 && !/[。；;：:！？!?…）)〕】」』”"]$/u.test(last);
}

/** A short heading ending with its clause, no sentence before it: `强化科技创新(区科技局牵头)`. */
function isTitleWithClause(rest: string): boolean {
  const bracket = rest.search(/[(（〔【][^(（〔【]*$/u);
  return bracket > 0 && bracket <= 24 && !/[。；;]/u.test(rest.slice(0, bracket));
}

/** Whether a block's lines end with its responsibility clause; only the last lines can hold it. */
function closes(lines: string[]): boolean {
  return endsWithClause(lines.slice(-8).join('\n'));
}

/**
 * Splits lines into numbered blocks. A line without a number continues the current block while that block is
 * still open; a block closes once it ends with a responsibility clause, after which only clause or deadline
 * lines (`配合单位:…`, `完成时限:…`) attach, and anything else (news sentences after the last measure) is stray.
 */
export function splitStructure(lines: string[]): DocumentStructure {
  const preamble: string[] = [];
  const built: { marker: NumberMarker; heading: string; lines: string[]; parent: number | null }[] = [];
  const strays: string[] = [];
  let current: (typeof built)[number] | null = null;
  let closed = false;
  let afterBlank = false;

  for (const line of lines) {
    if (line.length === 0) {
      afterBlank = true;
      continue;
    }
    const marker = matchMarker(line);
    if (marker) {
      let parent: number | null = null;
      for (let i = built.length - 1; i >= 0; i -= 1) {
        if ((built[i]?.marker.rank ?? 0) < marker.rank) {
          parent = i;
          break;
        }
      }
      current = { marker, heading: line, lines: marker.rest.length > 0 ? [marker.rest] : [], parent };
      built.push(current);
      // `一、强化科技创新(区科技局牵头)`: a heading with its clause; the paragraphs under it are its text.
      closed = closes(current.lines) && !isTitleWithClause(marker.rest);
    } else if (!current) {
      preamble.push(line);
    } else {
      const clauseLine = isResponsibilityLine(line) || isClauseLine(line);
      if (closed && !clauseLine) {
        strays.push(line);
      } else {
        const last = current.lines[current.lines.length - 1];
        if (last !== undefined && !afterBlank && !clauseLine && endsMidSentence(last)) current.lines[current.lines.length - 1] = last + line;
        else current.lines.push(line);
        closed = closes(current.lines);
      }
    }
    afterBlank = false;
  }
  const blocks = built.map((block, index) => ({ index, marker: block.marker, heading: block.heading, text: block.lines.join('\n'), parent: block.parent }));
  return { preamble, blocks, strays };
}
