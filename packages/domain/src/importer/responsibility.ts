// Responsibility clauses (责任分工): who leads (牵头) and who takes part (配合 / 按职责分工负责) in a measure.
// Styles handled: (X牵头,A,B、C按职责分工负责), (A、B牵头,…), A、B分别牵头, (X牵头), names only with the
// first listed leading, (A、B负责), 〔责任单位:…〕, 牵头单位:/责任单位:/配合单位:/参与单位: labels inline or on
// their own lines, (X牵头,Y、Z配合), bare `A、B牵头,C参与。` sentences, and clauses mid-measure.
import { TIME_LABELS, isDeadlinePhrase } from './deadline';
import {
  expandUnitNames,
  isAgencyLike,
  isAllDistricts,
  isCollectiveUnit,
  isDistrictContinuation,
  splitRoleSuffix,
  splitUnitList,
  trimUnitName,
} from './names';
import { bracketDepths, splitTopLevel, topLevelBrackets } from './text';

type Role = 'lead' | 'partner' | 'responsible';

/** One clause read into names; roles are settled per measure by `assignRoles`. */
export interface Responsibility {
  /** Units marked 牵头 (or listed under 牵头单位). */
  leads: string[];
  /** Units listed without a role, or 负责 / 按职责分工负责: the first one leads when nobody is marked 牵头. */
  responsible: string[];
  /** Units marked 配合 / 参与 / 协办. */
  partners: string[];
  allDistricts: boolean;
  /** Collective names kept among the units (`区直各部门`, `各相关单位`). */
  groups: string[];
  /** Notes found inside the clause (`以下各项工作均需各县(区)人民政府负责落实,不再列出`): not names. */
  notes: string[];
  /** Names kept that do not look like a body: a person reviews them. */
  strangeNames: string[];
  warnings: string[];
}

interface ClauseReading {
  responsibility: Responsibility;
  /** A role word or label was present (牵头, 负责, 配合, 责任单位: …). */
  marked: boolean;
  agencyCount: number;
  /** Listed names that do not look like a body. */
  strangeNames: string[];
}

const LEAD_LABELS = ['牵头单位', '牵头部门', '牵头责任单位', '牵头责任部门', '主责单位', '主责部门', '主办单位', '主办部门', '牵头'];
const RESPONSIBLE_LABELS = ['责任单位', '责任部门', '负责单位', '负责部门', '实施单位', '落实单位', '责任主体', '部门分工', '责任分工', '承办单位'];
const PARTNER_LABELS = [
  '配合单位', '配合部门', '参与单位', '参与部门', '协办单位', '协办部门', '协同单位', '协同部门', '协同责任单位', '协助单位',
  '支持单位', '参加单位', '数据提供单位', '配合责任单位', '配合',
];
/** Labels whose value names people, not units: read past, never as names. */
const PERSON_LABELS = [
  '责任领导', '牵头领导', '牵头负责领导', '分管领导', '分管区领导', '分管市领导', '分管省领导', '分管县领导', '牵头区领导',
  '牵头市领导', '牵头省领导', '牵头县领导', '责任区领导', '责任市领导', '联系领导', '市领导', '区领导', '县领导', '省领导',
  '责任人', '联系人',
];

const alternation = (list: string[]) => [...list].sort((a, b) => b.length - a.length).join('|');
const ROLE_LABEL = alternation([...LEAD_LABELS, ...RESPONSIBLE_LABELS, ...PARTNER_LABELS]);
const TIME_LABEL = alternation([...TIME_LABELS, ...PERSON_LABELS]);
/** A label that opens a responsibility clause: `牵头单位:`, `【责任单位】`. */
export const LABEL_RE = new RegExp(`(?:[【\\[〔]\\s*(?:${ROLE_LABEL})\\s*[】\\]〕]\\s*[:：]?|(?:${ROLE_LABEL})\\s*[:：])`, 'gu');
const TIME_LABEL_RE = new RegExp(`(?:[【\\[〔(（]\\s*(?:${TIME_LABEL})\\s*[】\\]〕)）]|(?:${TIME_LABEL})\\s*[:：])`, 'u');
const LEADING_LABEL_RE = new RegExp(`^[【\\[〔(（]?\\s*(${ROLE_LABEL}|${TIME_LABEL})\\s*[】\\]〕)）]?\\s*[:：]?\\s*`, 'u');

const LEAD_MARKER = /(?:(?:分别|共同|联合|负责)?(?:牵头|主办|主责)(?:负责|落实|推进|实施|抓总)?|分别负责(?:落实|推进|实施)?)$/u;
const PARTNER_MARKER = /(?:共同|积极)?(?:配合|参与|参加|协助|协同|协办|支持)(?:落实|实施|推进|做好)?$/u;
const RESPONSIBLE_MARKER =
  /(?:(?:按照?|根据|依据)(?:各自)?(?:职责|职能)(?:分工)?(?:负责|落实)?|(?:分工|分别|共同)?负责(?:落实|推进|实施)?|(?:共同|分别)?落实)$/u;

/** `列第一位者为牵头单位`, `排在首位的为牵头单位`: a note saying the first unit listed leads. */
const FIRST_LISTED_NOTE =
  /(?:注[:：])?[^,，;；。]*?(?:列|排|排列)(?:在)?(?:第一|首|第1)(?:位|个)?(?:的|者)?(?:单位|部门)?(?:为|是)牵头(?:单位|部门)[^,，;；。:：、]*[:：]?/gu;
/** `以下各项…不再列出`, `下同`: a note that some units are responsible for everything that follows. */
const NOT_LISTED_NOTE = /[^,，;；。]*(?:不再(?:一一|单独|逐一|重复|另行)?列(?:出|举|明)|下同)[^,，;；。]*/gu;
const NOT_LISTED_WORDS = /不再(?:一一|单独|逐一|重复|另行)?列(?:出|举|明)|下同/gu;
/** `各区政府为各项任务的责任单位`: a sentence about units, not a name. */
const ROLE_STATEMENT = /(?:为|是|作为)[^,，;；]*(?:责任|牵头|配合)(?:单位|部门)/u;
const ALL_DISTRICTS_MENTION =
  /各(?:地级以上市|地级市|地市|县级以上|市县区|县市区|市县|县区|区县|乡镇|镇街|街道|地(?!区)|市(?!场)|区(?!域)|县(?!域)|镇|级)/u;

/** Words that make a sentence of a clause a note about the clauses, not a list of names. */
const NOTE_WORDS =
  /不再(?:一一|单独|逐一|重复|另行)?列(?:出|举|明)|下同|不再(?:单独)?(?:做|作)?(?:具体)?分工|(?:列|排)(?:在)?(?:第一|首|第1)(?:位|个)|为牵头(?:或汇总)?(?:单位|部门)|均需|均涉及|均由|除(?:标注|注明|特别注明)/u;
/** Openings of a note: `以下各项…`, `具体任务…`, `注:…`. */
const NOTE_OPENER = /^(?:注\s*[:：]|※|\*|以下|下列|本方案|各项(?:任务|工作)|具体任务|凡|上述)/u;
/** A note that puts every district or town government on the measures it covers. */
const DISTRICTS_IN_NOTE = /(?:各|相关|所属)(?:地级以上市|地级市|市县区|县市区|市县|县区|区县|乡镇|镇街|街道|市|区|县|州|镇|乡|旗|盟)/u;

/**
 * Cuts notes out of a clause's inside: a sentence (to 。 or ；) from its first comma-part that opens a note or
 * carries a note word to its end. `X牵头,各县(区)人民政府负责落实,下同` keeps `X牵头,各县(区)人民政府负责落实`.
 */
export function cutNotes(content: string): { rest: string; notes: string[] } {
  const notes: string[] = [];
  const kept: string[] = [];
  // A note in brackets after a name: `工商联(列第一位者为牵头或汇总单位,下同)`.
  const unbracketed = content.replace(/[(（]([^()（）]*)[)）]/gu, (whole, inner: string) => {
    if (!NOTE_WORDS.test(inner)) return whole;
    notes.push(inner);
    return '';
  });
  for (const sentence of splitTopLevel(unbracketed, '。；;')) {
    const parts = splitTopLevel(sentence, ',，');
    const at = parts.findIndex((part) => NOTE_OPENER.test(part) || NOTE_WORDS.test(part));
    if (at < 0) {
      kept.push(sentence);
      continue;
    }
    // `列第一位者为牵头单位:A、B`: the note ends at its colon, the names after it stay.
    const noted = parts[at] ?? '';
    const colon = noted.search(/[:：]/u);
    const after = colon >= 0 ? [noted.slice(colon + 1), ...parts.slice(at + 1)] : [];
    notes.push(colon >= 0 ? noted.slice(0, colon) : parts.slice(at).join(','));
    const keep = [...parts.slice(0, at), ...after].filter((part) => part.trim().length > 0);
    if (keep.length > 0) kept.push(keep.join(','));
  }
  return { rest: kept.filter((part) => part.length > 0).join(';'), notes };
}

/** Whether a note puts every district on what it covers (`…各县(区)人民政府负责落实,不再列出`). */
export function noteNamesDistricts(note: string): boolean {
  return DISTRICTS_IN_NOTE.test(note);
}

/** Whether a note says that the first unit listed leads (`列第一位者为牵头单位`). */
export function noteFirstListedLeads(note: string): boolean {
  return /(?:列|排)(?:在)?(?:第一|首|第1)(?:位|个)|为牵头(?:或汇总)?(?:单位|部门)/u.test(note);
}

function labelRole(label: string): Role | 'time' {
  if (TIME_LABELS.includes(label) || PERSON_LABELS.includes(label)) return 'time';
  if (LEAD_LABELS.includes(label)) return 'lead';
  if (PARTNER_LABELS.includes(label)) return 'partner';
  return 'responsible';
}

function markerRole(segment: string): { role: Role; rest: string } | null {
  for (const [marker, role] of [
    [LEAD_MARKER, 'lead'],
    [PARTNER_MARKER, 'partner'],
    [RESPONSIBLE_MARKER, 'responsible'],
  ] as const) {
    const match = marker.exec(segment);
    if (match && match.index > 0) return { role, rest: segment.slice(0, match.index) };
  }
  return null;
}

/** Reads the inside of a clause (`X牵头,A、B按职责分工负责`, `牵头单位:X;配合单位:Y`) into names and roles. */
export function readClause(content: string): ClauseReading {
  const warnings: string[] = [];
  const { rest: withoutNotes, notes } = cutNotes(content);
  const text = withoutNotes
    .replace(FIRST_LISTED_NOTE, '')
    .replace(NOT_LISTED_NOTE, '')
    .replace(new RegExp(`(${ROLE_LABEL}|${TIME_LABEL})\\s*[:：]`, 'gu'), ';$&')
    .replace(new RegExp(`[【\\[〔]\\s*(${ROLE_LABEL}|${TIME_LABEL})\\s*[】\\]〕]\\s*[:：]?`, 'gu'), ';$1:');

  interface Segment {
    role: Role | null;
    fromMarker: boolean;
    items: string[];
    /** Roles marked on one item of the list: `A和B分别牵头、C` makes A and B lead. */
    itemRoles: (Role | null)[];
  }
  const segments: Segment[] = [];
  let labelMode: Role | 'time' | null = null;
  for (let part of splitTopLevel(text, ',，;；\n')) {
    const label = LEADING_LABEL_RE.exec(part);
    if (label?.[1] && (part.includes(':') || part.includes('：') || /^[【[〔(（]/u.test(part))) {
      labelMode = labelRole(label[1]);
      part = part.slice(label[0].length);
    }
    part = part.replace(/[。.]+$/u, '').trim();
    if (labelMode === 'time' || part.length === 0 || ROLE_STATEMENT.test(part) || isDeadlinePhrase(part)) continue;
    part = part.replace(/^(?:由|请)/u, '');
    const marker = markerRole(part);
    const body = marker ? marker.rest : part;
    const items: string[] = [];
    const itemRoles: (Role | null)[] = [];
    for (const item of splitUnitList(body)) {
      const inner = marker ? null : markerRole(item);
      if (inner && inner.role !== 'responsible') {
        const names = splitUnitList(inner.rest);
        items.push(...names);
        itemRoles.push(...names.map(() => null));
        for (let k = 0; k < itemRoles.length; k += 1) itemRoles[k] ??= inner.role;
      } else {
        items.push(item);
        itemRoles.push(null);
      }
    }
    segments.push({ role: marker?.role ?? labelMode, fromMarker: marker !== null, items, itemRoles });
  }

  // `A,B牵头,C参与`: names before the first 牵头 share it, as in 003's comma-separated prefix groups.
  const firstMarked = segments.findIndex((segment) => segment.role !== null);
  if (firstMarked > 0 && segments[firstMarked]?.role === 'lead' && segments[firstMarked]?.fromMarker) {
    for (const segment of segments.slice(0, firstMarked)) segment.role = 'lead';
  }

  const responsibility: Responsibility = {
    leads: [],
    responsible: [],
    partners: [],
    allDistricts: notes.some(noteNamesDistricts),
    groups: [],
    notes,
    strangeNames: [],
    warnings,
  };
  const strangeNames: string[] = [];
  let agencyCount = 0;
  const trimmed = segments.map((segment) => segment.items.map((item) => splitRoleSuffix(trimUnitName(item))));
  const expanded = expandUnitNames(trimmed.map((group) => group.map((item) => item.name)));

  segments.forEach((segment, s) => {
    let afterDistricts = false;
    expanded[s]?.forEach((name, i) => {
      if (name.length === 0) {
        warnings.push('a unit name is empty (two separators in a row)');
        return;
      }
      // `各开发区、镇(街道)`: the 各 of a collective reaches the town governments after it.
      const afterCollective = i > 0 && (expanded[s]?.[i - 1] ?? '').startsWith('各');
      if (isAllDistricts(name) || ((afterDistricts || afterCollective) && isDistrictContinuation(name))) {
        responsibility.allDistricts = true;
        afterDistricts = true;
        agencyCount += 1;
        return;
      }
      afterDistricts = false;
      if (isCollectiveUnit(name) && !responsibility.groups.includes(name)) responsibility.groups.push(name);
      if (isAgencyLike(name)) agencyCount += 1;
      else strangeNames.push(name);
      const role = trimmed[s]?.[i]?.role ?? segment.itemRoles[i] ?? segment.role ?? 'responsible';
      const list = role === 'lead' ? responsibility.leads : role === 'partner' ? responsibility.partners : responsibility.responsible;
      if (!list.includes(name)) list.push(name);
    });
  });
  for (const name of strangeNames) warnings.push(`"${name}" does not look like a unit name`);
  responsibility.strangeNames = strangeNames;
  const marked = segments.some((segment) => segment.role !== null) || /牵头|负责|配合/u.test(content);
  return { responsibility, marked, agencyCount, strangeNames };
}

/**
 * Whether the inside of a bracket (or a labelled line) is a responsibility clause. Without a role word every
 * name must look like a body (`(市商务局、各区政府)`); with one, most must (`(市商务局牵头,相关企业参与)`).
 * `(RCEP)`, `(不含6亩)`, `(征求意见稿)`, dates and glosses fail.
 */
function isClause(reading: ClauseReading): boolean {
  if (reading.agencyCount === 0) return false;
  if (reading.strangeNames.some((name) => name.length > 25)) return false;
  if (!reading.marked) return reading.strangeNames.length === 0;
  return reading.strangeNames.length <= reading.agencyCount;
}

export interface ClauseSpan {
  /** Span in the measure text, removed from title and body. */
  start: number;
  end: number;
  /** The clause as written. */
  text: string;
  responsibility: Responsibility;
}

/** A unit's name just before a bracket: the bracket glosses the name (`各镇政府(街道办事处)`). */
const AGENCY_ENDING_BEFORE = /(?:政府|办事处|委员会|管委会|局|厅|委|办)$/u;

/** Characters around a clause that mark a sentence boundary. */
const BOUNDARY_BEFORE = /(?:^|[。；;！？!?\n])\s*$/u;
const BOUNDARY_AFTER = /^\s*(?:$|[。；;.！？!?\n])/u;

/**
 * Every responsibility clause in a measure's text: bracketed clauses (anywhere if they carry a role word; at a
 * sentence boundary if they are a bare list of names, so `“三中心”(生态创新中心、…)建设` is not one),
 * labelled clauses (`牵头单位:X`, possibly over several lines), and bare sentences such as `A、B牵头,C参与。`.
 */
export function findClauses(text: string): ClauseSpan[] {
  const spans: ClauseSpan[] = [];
  const taken = (start: number, end: number) => spans.some((span) => start < span.end && end > span.start);

  for (const bracket of topLevelBrackets(text)) {
    if (bracket.inner.length > 600 || /^\s*[(（〔【[]?\s*(?:完成时限|完成时间|时限)/u.test(bracket.inner)) continue;
    const reading = readClause(bracket.inner);
    if (!isClause(reading)) continue;
    const atBoundary =
      bracket.start === 0 || BOUNDARY_BEFORE.test(text.slice(Math.max(0, bracket.start - 8), bracket.start)) || BOUNDARY_AFTER.test(text.slice(bracket.end));
    if (!reading.marked && !atBoundary) continue;
    // `配合单位:…、各镇政府(街道办事处)`: a gloss on a name inside a labelled line, not a clause of its own.
    const lineStart = text.lastIndexOf('\n', bracket.start - 1) + 1;
    if (new RegExp(`^\\s*(?:${LABEL_RE.source})`, 'u').test(text.slice(lineStart, bracket.start))) continue;
    if (!reading.marked && AGENCY_ENDING_BEFORE.test(text.slice(Math.max(0, bracket.start - 4), bracket.start))) continue;
    spans.push({ start: bracket.start, end: bracket.end, text: text.slice(bracket.start, bracket.end), responsibility: reading.responsibility });
  }

  const depths = bracketDepths(text);
  for (const label of text.matchAll(LABEL_RE)) {
    const start = label.index;
    if (depths[start] !== 0 && !/^[【[〔(（]/u.test(label[0])) continue;
    if (taken(start, start + 1)) continue;
    let end = lineEnd(text, start);
    for (;;) {
      const next = end + 1;
      if (next >= text.length) break;
      const nextLine = text.slice(next, lineEnd(text, next));
      const soFar = text.slice(start, end).replace(LABEL_RE, '').trim();
      if (soFar.length === 0 || new RegExp(`^(?:${LABEL_RE.source})`, 'u').test(nextLine)) end = lineEnd(text, next);
      else break;
    }
    const time = TIME_LABEL_RE.exec(text.slice(start, end));
    if (time) end = start + time.index;
    if (taken(start, end)) continue;
    const raw = text.slice(start, end);
    const reading = readClause(raw.replace(/[。.]\s*$/u, ''));
    if (!isClause(reading)) continue;
    spans.push({ start, end, text: raw.trim(), responsibility: reading.responsibility });
  }

  let from = 0;
  for (const sentence of splitTopLevel(text, '。\n')) {
    const start = text.indexOf(sentence, from);
    if (start < 0) continue;
    from = start + sentence.length;
    const end = text.charAt(from) === '。' ? from + 1 : from;
    if (sentence.length === 0 || taken(start, end) || !/(?:牵头|负责|配合|参与|落实)$/u.test(sentence)) continue;
    const reading = readClause(sentence);
    if (!isClause(reading) || reading.strangeNames.length > 0) continue;
    spans.push({ start, end, text: sentence, responsibility: reading.responsibility });
  }
  return spans.sort((a, b) => a.start - b.start);
}

function lineEnd(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline < 0 ? text.length : newline;
}

/** True when the text ends with a responsibility clause (nothing but punctuation or a deadline line after it). */
export function endsWithClause(text: string): boolean {
  // Only the tail matters, and scanning the whole block on every added line would be quadratic.
  const lines = text.slice(-2000).split('\n');
  while (lines.length > 1 && TIME_LABEL_RE.test((lines[lines.length - 1] ?? '').slice(0, 14))) lines.pop();
  const kept = lines.join('\n');
  return findClauses(kept).some((span) => /^[\s。；;.]*$/u.test(kept.slice(span.end)));
}

/** A line that is itself a responsibility or deadline line: `牵头单位:X`, `配合单位:A、B`, `完成时限:…`. */
export function isResponsibilityLine(line: string): boolean {
  return new RegExp(`^(?:${LABEL_RE.source})`, 'u').test(line) || TIME_LABEL_RE.test(line.slice(0, 14));
}

/** A line holding only a bracketed clause: `(市商务局牵头,市财政局配合)`. */
export function isClauseLine(line: string): boolean {
  const brackets = topLevelBrackets(line);
  const only = brackets.length === 1 && brackets[0]?.start === 0 && /^[\s。；;]*$/u.test(line.slice(brackets[0].end));
  return only && findClauses(line).length > 0;
}

/** Whether a note such as `各区政府为各项任务责任单位,以下不再列出` puts every district on what follows. */
export function notListedDistricts(text: string): boolean {
  for (const note of text.matchAll(NOT_LISTED_WORDS)) {
    const start = Math.max(text.lastIndexOf('。', note.index), text.lastIndexOf('\n', note.index)) + 1;
    const ends = [text.indexOf('。', note.index), text.indexOf('\n', note.index)].filter((at) => at >= 0);
    const sentence = text.slice(start, ends.length > 0 ? Math.min(...ends) : text.length);
    if (ALL_DISTRICTS_MENTION.test(sentence) || DISTRICTS_IN_NOTE.test(sentence)) return true;
  }
  return false;
}

/**
 * Settles leads and partners for a measure from all its clauses (the union counts). If any unit is marked
 * 牵头, exactly those lead and everyone else partners; otherwise the first unit listed in each clause leads
 * (002's style, and `〔责任单位:A、B按职责分工负责〕`).
 */
export function assignRoles(clauses: Responsibility[]): { leads: string[]; partners: string[]; allDistricts: boolean; firstListed: boolean } {
  const explicit = clauses.some((clause) => clause.leads.length > 0);
  const leads: string[] = [];
  const others: string[] = [];
  for (const clause of clauses) {
    if (explicit) {
      leads.push(...clause.leads);
      others.push(...clause.responsible, ...clause.partners);
    } else {
      const [first, ...rest] = clause.responsible;
      if (first !== undefined) leads.push(first);
      others.push(...rest, ...clause.partners);
    }
  }
  const uniqueLeads = [...new Set(leads)];
  const partners = [...new Set(others)].filter((name) => !uniqueLeads.includes(name));
  return {
    leads: uniqueLeads,
    partners,
    allDistricts: clauses.some((clause) => clause.allDistricts),
    firstListed: !explicit && clauses.some((clause) => clause.responsible.length > 1),
  };
}
