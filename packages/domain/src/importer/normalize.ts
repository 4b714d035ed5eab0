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
    .replace(/[\u3000\u00A0\f\v]/gu, ' ');
}

/** Normalised text as trimmed lines; blank lines are kept (as '') so paragraph breaks stay visible. */
export function toLines(text: string): string[] {
  return normalizeText(text)
    .split('\n')
    .map((line) => line.trim());
}
