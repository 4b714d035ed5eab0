import { matchMarker } from './structure';
/**
 * Text clean-up before parsing: one line-ending style, no BOM or zero-width characters, full-width digits and
 * Latin letters folded to ASCII (`１．` → `1.`), every other kind of blank (U+3000, NBSP) as a plain space.
 * Tabs stay: they separate the cells of a task table pasted from Word or a web page.
 * Chinese punctuation and brackets are kept as written: names and numbers are reported as printed.
 */
export function normalizeText(text: string): string {
  return text
    .replace(/^\uFEFF/u, '')
    .replace(/\r\n?/gu, '\n')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/gu, '')
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\uFE52/gu, '.')
    .replace(/[\u3000\u00A0\f\v]/gu, ' ');
}

/**
 * Where a web page's paragraphs arrive run together on one line (`…负责) 2.促进服务消费…`, `…项目1.组织…`), each
 * numbered item starts a line of its own again: after the end of a sentence or a closing bracket any number
 * does; elsewhere only the number that continues its sequence on that line (`1.` after a heading, the next `N.`),
 * so decimals (`2.5万亩`) and numbers inside a sentence stay where they are.
 */
const RUN_ON_CANDIDATE =
  /(?:[一二三四五六七八九十]{1,3}[、．.]|[(（][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[.．、](?!\d)|[(（]\d{1,2}[)）]|[①-⑳]|第[一二三四五六七八九十]{1,3}条)(?=\S)/gu;
const AFTER_SENTENCE = /[。；;！？!?)）】〕:：]\s*$/u;

export function splitRunOnParagraphs(line: string): string[] {
  // Table rows (TAB-separated cells) keep their cells together.
  if (line.length < 16 || line.includes('\t')) return [line];
  const last = new Map<string, number>();
  const starts: number[] = [];
  const first = matchMarker(line);
  if (first) last.set(first.kind, first.ordinal);
  for (const candidate of line.matchAll(RUN_ON_CANDIDATE)) {
    const at = candidate.index;
    if (at === 0) continue;
    const marker = matchMarker(line.slice(at));
    if (!marker) continue;
    const before = line.slice(Math.max(0, at - 6), at);
    const previous = last.get(marker.kind);
    const continues = previous === undefined ? marker.ordinal === 1 : marker.ordinal > previous && marker.ordinal <= previous + 2;
    // `统一、`, `之一、`: a bare Chinese numeral after a character is a word, not a heading.
    const inWord = marker.kind === 'cn' ? /\S$/u.test(before) : !/[\u4E00-\u9FFF\s,，]$/u.test(before);
    if (!AFTER_SENTENCE.test(before) && (!continues || inWord)) continue;
    starts.push(at);
    last.set(marker.kind, marker.ordinal);
  }
  if (starts.length === 0) return [line];
  return [0, ...starts].map((start, i) => line.slice(start, starts[i] ?? line.length).trim()).filter((part) => part.length > 0);
}

/** Normalised text as trimmed lines; blank lines are kept (as '') so paragraph breaks stay visible. */
export function toLines(text: string): string[] {
  return normalizeText(text)
    .split('\n')
    .map((line) => line.trim());
}
