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
 * Where a web page's paragraphs arrive run together on one line (`…负责) 2.促进服务消费…`), a numbered item that
 * follows the end of a sentence or a closing bracket starts a line of its own again. Decimals (`2.5万亩`) and
 * numbers inside a sentence stay where they are.
 */
const RUN_ON_MARKER =
  /(?<=[。；;！？!?)）】〕])\s*(?=(?:[一二三四五六七八九十]{1,3}[、．.]|[(（][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[.．、](?!\d)|[(（]\d{1,2}[)）]|[①-⑳]|第[一二三四五六七八九十]{1,3}条)\S)/gu;

export function splitRunOnParagraphs(line: string): string[] {
  if (line.length < 16) return [line];
  return line.split(RUN_ON_MARKER);
}

/** Normalised text as trimmed lines; blank lines are kept (as '') so paragraph breaks stay visible. */
export function toLines(text: string): string[] {
  return normalizeText(text)
    .split('\n')
    .map((line) => line.trim());
}
