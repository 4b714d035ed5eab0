// Word's automatic numbering (numbering.xml): the number a reader sees is not in the text, so it is
// computed here as Word does: counters per abstract list, deeper levels restarting after a higher one,
// a `startOverride` restarting a list instance, and the level's lvlText pattern (`%1、`, `(%2)`, `%1.%2`).
import { attrOf, childOf, childrenOf, findFirst, tagOf, valOf } from './xml';
import type { XmlNode } from './xml';

interface Level {
  start: number;
  format: string;
  text: string;
  /** `isLgl`: every number in this level's text is shown in decimal. */
  legal: boolean;
  /** `lvlRestart`: restart after this (1-based) level or a higher one; 0 never; undefined after any higher one. */
  restart: number | undefined;
  suffix: string;
}

interface ListInstance {
  abstractId: string;
  startOverrides: Map<number, number>;
  levelOverrides: Map<number, Level>;
}

function readLevel(node: XmlNode): Level {
  const restart = valOf(node, 'lvlRestart');
  const legal = childOf(node, 'isLgl');
  return {
    start: Number(valOf(node, 'start') ?? '1') || 0,
    format: valOf(node, 'numFmt') ?? 'decimal',
    text: valOf(node, 'lvlText') ?? '',
    legal: legal !== undefined && attrOf(legal, 'val') !== '0' && attrOf(legal, 'val') !== 'false',
    restart: restart === undefined ? undefined : Number(restart),
    suffix: valOf(node, 'suff') ?? 'tab',
  };
}

function levelsOf(node: XmlNode): Map<number, Level> {
  const levels = new Map<number, Level>();
  for (const child of childrenOf(node)) {
    if (tagOf(child) === 'lvl') levels.set(Number(attrOf(child, 'ilvl') ?? '0'), readLevel(child));
  }
  return levels;
}

export interface NumberingProperties {
  numId: string | undefined;
  ilvl: number | undefined;
}

/** `w:numPr` of a paragraph or style properties element. */
export function numPrOf(pPr: XmlNode | undefined): NumberingProperties | undefined {
  const numPr = childOf(pPr, 'numPr');
  if (!numPr) return undefined;
  const ilvl = valOf(numPr, 'ilvl');
  return { numId: valOf(numPr, 'numId'), ilvl: ilvl === undefined ? undefined : Number(ilvl) };
}

/** Paragraph styles' numbering, following `basedOn`: Word numbers headings through their style. */
export class WordStyles {
  private readonly styles = new Map<string, { basedOn: string | undefined; numPr: NumberingProperties | undefined }>();
  private defaultStyle: string | undefined;

  constructor(stylesXml: XmlNode[] | undefined) {
    const root = stylesXml ? findFirst(stylesXml, 'styles') : undefined;
    for (const style of root ? childrenOf(root) : []) {
      if (tagOf(style) !== 'style' || (attrOf(style, 'type') ?? 'paragraph') !== 'paragraph') continue;
      const id = attrOf(style, 'styleId');
      if (!id) continue;
      this.styles.set(id, { basedOn: valOf(style, 'basedOn'), numPr: numPrOf(childOf(style, 'pPr')) });
      if (attrOf(style, 'default') === '1' || attrOf(style, 'default') === 'true') this.defaultStyle = id;
    }
  }

  /** The numbering a paragraph of this style gets, the nearest style in the chain deciding. */
  numPrOf(styleId: string | undefined): NumberingProperties | undefined {
    let id = styleId ?? this.defaultStyle;
    const seen = new Set<string>();
    const found: NumberingProperties = { numId: undefined, ilvl: undefined };
    while (id !== undefined && !seen.has(id)) {
      seen.add(id);
      const style = this.styles.get(id);
      if (!style) break;
      found.numId ??= style.numPr?.numId;
      found.ilvl ??= style.numPr?.ilvl;
      id = style.basedOn;
    }
    return found.numId === undefined ? undefined : found;
  }
}

export class WordNumbering {
  private readonly abstracts = new Map<string, Map<number, Level>>();
  private readonly instances = new Map<string, ListInstance>();
  /** Counters per abstract list: Word continues a list across instances unless one restarts it. */
  private readonly counters = new Map<string, (number | undefined)[]>();
  private readonly overridden = new Set<string>();

  constructor(numberingXml: XmlNode[] | undefined, styles: WordStyles) {
    const root = numberingXml ? findFirst(numberingXml, 'numbering') : undefined;
    const styleLinks = new Map<string, string>();
    for (const node of root ? childrenOf(root) : []) {
      const tag = tagOf(node);
      if (tag === 'abstractNum') {
        const id = attrOf(node, 'abstractNumId') ?? '';
        this.abstracts.set(id, levelsOf(node));
        const link = valOf(node, 'numStyleLink');
        if (link) styleLinks.set(id, link);
      } else if (tag === 'num') {
        const instance: ListInstance = { abstractId: valOf(node, 'abstractNumId') ?? '', startOverrides: new Map(), levelOverrides: new Map() };
        for (const override of childrenOf(node)) {
          if (tagOf(override) !== 'lvlOverride') continue;
          const ilvl = Number(attrOf(override, 'ilvl') ?? '0');
          const start = valOf(override, 'startOverride');
          if (start !== undefined) instance.startOverrides.set(ilvl, Number(start) || 0);
          const level = childOf(override, 'lvl');
          if (level) instance.levelOverrides.set(ilvl, readLevel(level));
        }
        this.instances.set(attrOf(node, 'numId') ?? '', instance);
      }
    }
    // A list defined by a numbering style (`numStyleLink`) takes its levels from the list that style names.
    for (const [id, styleId] of styleLinks) {
      const linked = styles.numPrOf(styleId)?.numId;
      const target = linked === undefined ? undefined : this.instances.get(linked)?.abstractId;
      const levels = target === undefined ? undefined : this.abstracts.get(target);
      if (levels && levels.size > 0 && target !== id) this.abstracts.set(id, levels);
    }
  }

  /** The number Word shows before a paragraph of this list and level (`一、`, `(二)`, `3.`), advancing the count; '' for bullets. */
  next(numId: string | undefined, ilvl: number): string {
    if (numId === undefined || numId === '0') return '';
    const instance = this.instances.get(numId);
    const levels = instance ? this.abstracts.get(instance.abstractId) : undefined;
    if (!instance || !levels) return '';
    const levelAt = (i: number) => instance.levelOverrides.get(i) ?? levels.get(i);
    const level = levelAt(ilvl);
    if (!level) return '';

    const counters = this.counters.get(instance.abstractId) ?? [];
    this.counters.set(instance.abstractId, counters);
    const overrideKey = `${numId}:${ilvl}`;
    const startOverride = instance.startOverrides.get(ilvl);
    if (startOverride !== undefined && !this.overridden.has(overrideKey)) {
      this.overridden.add(overrideKey);
      counters[ilvl] = startOverride - 1;
    }
    counters[ilvl] = (counters[ilvl] ?? level.start - 1) + 1;
    for (let deeper = ilvl + 1; deeper < 9; deeper += 1) {
      const restart = levelAt(deeper)?.restart;
      if (restart === undefined || (restart !== 0 && ilvl < restart)) counters[deeper] = undefined;
    }

    if (level.format === 'bullet') return '';
    const label = level.text.replace(/%([1-9])/gu, (_, digit: string) => {
      const at = Number(digit) - 1;
      const value = counters[at] ?? levelAt(at)?.start ?? 1;
      return formatNumber(value, level.legal ? 'decimal' : (levelAt(at)?.format ?? 'decimal'));
    });
    if (label.trim().length === 0) return '';
    // Word puts a tab or a space after the number. `一、` and `(一)` need no gap, as typed plans print them;
    // `1.` and `a` keep one, or `1.` before `5亿元` would read as 1.5.
    return level.suffix !== 'nothing' && /[.\p{L}\p{N}]$/u.test(label) && !/\p{Script=Han}$/u.test(label) ? `${label} ` : label;
  }
}

const COUNTING_DIGITS = '零一二三四五六七八九';
const LEGAL_DIGITS = '零壹贰叁肆伍陆柒捌玖';
const IDEOGRAPH_DIGITS = '〇一二三四五六七八九';

/** 12 → 十二, 105 → 一百零五 (chineseCounting); 12 → 壹拾贰 (chineseLegalSimplified). `units` names the tens, hundreds, thousands. */
function chineseNumeral(n: number, digits: string, units: string, omitLeadingOne: boolean): string {
  if (n <= 0 || n >= 10000) return String(n);
  const text = String(n);
  let out = '';
  let zero = false;
  for (let i = 0; i < text.length; i += 1) {
    const digit = Number(text[i]);
    const place = text.length - 1 - i;
    if (digit === 0) {
      zero = out.length > 0;
      continue;
    }
    if (zero) out += digits[0] ?? '';
    zero = false;
    const leadingTen = omitLeadingOne && i === 0 && place === 1 && digit === 1;
    out += `${leadingTen ? '' : (digits[digit] ?? '')}${place > 0 ? (units[place - 1] ?? '') : ''}`;
  }
  return out;
}

function letters(n: number, base: string): string {
  const letter = base[(n - 1) % 26] ?? '';
  return letter.repeat(Math.floor((n - 1) / 26) + 1);
}

function roman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  const table: [number, string][] = [
    [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'],
    [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
  ];
  let rest = n;
  let out = '';
  for (const [value, symbol] of table) {
    while (rest >= value) {
      out += symbol;
      rest -= value;
    }
  }
  return out;
}

/** A counter in one of Word's number formats (ST_NumberFormat); unknown formats fall back to decimal. */
export function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'japaneseCounting':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
      return chineseNumeral(n, COUNTING_DIGITS, '十百千', true);
    case 'chineseLegalSimplified':
      return chineseNumeral(n, LEGAL_DIGITS, '拾佰仟', false);
    case 'ideographDigital':
    case 'taiwaneseDigital':
    case 'japaneseDigitalTenThousand':
      return [...String(n)].map((digit) => IDEOGRAPH_DIGITS[Number(digit)] ?? digit).join('');
    case 'ideographTraditional':
      return n >= 1 && n <= 10 ? ('甲乙丙丁戊己庚辛壬癸'[n - 1] ?? String(n)) : String(n);
    case 'ideographZodiac':
      return n >= 1 && n <= 12 ? ('子丑寅卯辰巳午未申酉戌亥'[n - 1] ?? String(n)) : String(n);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
    case 'ideographEnclosedCircle':
      return n >= 1 && n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : String(n);
    case 'decimalEnclosedParen':
      return n >= 1 && n <= 20 ? String.fromCodePoint(0x2474 + n - 1) : `(${n})`;
    case 'decimalEnclosedFullstop':
      return n >= 1 && n <= 20 ? String.fromCodePoint(0x2488 + n - 1) : `${n}.`;
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return [...String(n)].map((digit) => String.fromCharCode(digit.charCodeAt(0) + 0xfee0)).join('');
    case 'decimalZero':
      return n < 10 && n >= 0 ? `0${n}` : String(n);
    case 'lowerLetter':
      return n >= 1 ? letters(n, 'abcdefghijklmnopqrstuvwxyz') : String(n);
    case 'upperLetter':
      return n >= 1 ? letters(n, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') : String(n);
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'upperRoman':
      return roman(n);
    case 'none':
      return '';
    default:
      return String(n);
  }
}
