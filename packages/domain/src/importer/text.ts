// Bracket-aware helpers: policy texts nest brackets (`各县(市、区)政府`, `退(免)税`) and mix full- and
// half-width forms, so splitting must ignore separators inside any bracket pair.

const OPENERS = '(（〔[［【〖｛{';
const CLOSERS = ')）〕]］】〗｝}';
const OPENER_CODES = new Set([...OPENERS].map((ch) => ch.charCodeAt(0)));
const CLOSER_CODES = new Set([...CLOSERS].map((ch) => ch.charCodeAt(0)));

export interface BracketSpan {
  /** Index of the opening bracket. */
  start: number;
  /** Index just after the closing bracket. */
  end: number;
  inner: string;
}

/** Pairs every opening bracket with its closing one; unmatched brackets are left as plain characters. */
function pairBrackets(text: string): Map<number, number> {
  const pairs = new Map<number, number>();
  const stack: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (OPENER_CODES.has(code)) stack.push(i);
    else if (CLOSER_CODES.has(code) && stack.length > 0) {
      const open = stack.pop();
      if (open !== undefined) pairs.set(open, i);
    }
  }
  return pairs;
}

/** Outermost bracket pairs, in order. */
export function topLevelBrackets(text: string): BracketSpan[] {
  const pairs = pairBrackets(text);
  const spans: BracketSpan[] = [];
  let i = 0;
  while (i < text.length) {
    const close = pairs.get(i);
    if (close === undefined) {
      i += 1;
      continue;
    }
    spans.push({ start: i, end: close + 1, inner: text.slice(i + 1, close) });
    i = close + 1;
  }
  return spans;
}

/** Bracket depth before each character (paired brackets only). */
export function bracketDepths(text: string): number[] {
  const delta = new Int8Array(text.length + 1);
  for (const [open, close] of pairBrackets(text)) {
    delta[open + 1] = (delta[open + 1] ?? 0) + 1;
    delta[close] = (delta[close] ?? 0) - 1;
  }
  const depths: number[] = new Array<number>(text.length);
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    depth += delta[i] ?? 0;
    depths[i] = depth;
  }
  return depths;
}

/** Splits at any of `separators` that is outside brackets; parts are trimmed, empty ones kept. */
export function splitTopLevel(text: string, separators: string): string[] {
  const depths = bracketDepths(text);
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (depths[i] === 0 && separators.includes(text.charAt(i))) {
      parts.push(text.slice(from, i).trim());
      from = i + 1;
    }
  }
  parts.push(text.slice(from).trim());
  return parts;
}

/** Removes every bracketed part, brackets included: `各县(市、区)政府` → `各县政府`. */
export function withoutBrackets(text: string): string {
  let out = text;
  for (const span of topLevelBrackets(text).reverse()) out = out.slice(0, span.start) + out.slice(span.end);
  return out;
}

/** True when the text has an opening bracket that is never closed (a clause wrapped onto the next line). */
export function hasUnclosedBracket(text: string): boolean {
  let open = 0;
  for (const ch of text) {
    if (OPENERS.includes(ch)) open += 1;
    else if (CLOSERS.includes(ch) && open > 0) open -= 1;
  }
  return open > 0;
}

export function isOpener(ch: string): boolean {
  return ch.length === 1 && OPENERS.includes(ch);
}

const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** `二十二` → 22, `一百零五` → 105, `二〇二五` (digit by digit) → 2025; NaN when not a Chinese numeral. */
export function chineseNumberValue(text: string): number {
  if (text.length === 0) return Number.NaN;
  if (![...text].some((ch) => ch in CN_UNITS)) {
    let value = 0;
    for (const ch of text) {
      const digit = CN_DIGITS[ch];
      if (digit === undefined) return Number.NaN;
      value = value * 10 + digit;
    }
    return value;
  }
  let total = 0;
  let pending = 0;
  for (const ch of text) {
    const digit = CN_DIGITS[ch];
    const unit = CN_UNITS[ch];
    if (digit !== undefined) pending = digit;
    else if (unit !== undefined) {
      total += (pending === 0 ? 1 : pending) * unit;
      pending = 0;
    } else return Number.NaN;
  }
  return total + pending;
}
