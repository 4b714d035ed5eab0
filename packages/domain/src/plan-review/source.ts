/**
 * The form of a plan's text two imports are compared in: Unicode compatibility-folded (full-width `（，）` as
 * ASCII), no BOM or zero-width characters, one blank per whitespace run, no empty lines. A re-pasted or
 * re-saved copy of the same document gets the same hash.
 */
export function normalizePlanSource(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/gu, '')
    .replace(/\r\n?/gu, '\n')
    .split('\n')
    .map((line) => line.replace(/\s+/gu, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

/** sha256 (hex) of the normalised text: identifies an imported document. Web Crypto, so portal and server agree. */
export async function planSourceHash(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(normalizePlanSource(text)));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
