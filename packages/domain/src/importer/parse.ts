import { planYearOf, readDeadline, takeTimeLabels } from './deadline';
import { PlanInputError } from './errors';
import { extractKpis } from './kpi';
import { readMetadata } from './metadata';
import { normalizeText, splitRunOnParagraphs } from './normalize';
import {
  assignRoles,
  cutNotes,
  findClauses,
  isClauseLine,
  isResponsibilityLine,
  noteFirstListedLeads,
  noteNamesDistricts,
  notListedDistricts,
} from './responsibility';
import type { ClauseSpan } from './responsibility';
import { splitStructure } from './structure';
import { expandTables } from './table';
import type { Block } from './structure';
import { splitTopLevel } from './text';
import type { MeasureDeadline, ParsedKpi, ParsedMeasure, ParsedPlan, PlanConvention } from './types';

/** The heading as a section name: the number and its first sentence (`(一)对标国际高标准规则,提升制度型开放水平。`). */
function sectionName(block: Block): string {
  const stop = block.heading.indexOf('。');
  return stop < 0 ? block.heading : block.heading.slice(0, stop + 1);
}

/** 附则-like items among measures: when the text takes effect, who interprets it. */
const FINAL_PROVISION = /^附则|自(?:印发|发布|公布)之日起|有效期|负责解释|解释权/u;

/** `省编办牵头的工作`, `市商务局负责的任务`: a heading naming the lead of the items under it. */
const HEADING_LEAD = /^([\u4E00-\u9FFF()（）、]{2,40}?)(牵头|负责|主办)的(?:工作|任务|事项)[。:：]?(?:\n|$)/u;

/** A block's full text, its number included. */
function rawText(block: Block): string {
  return block.heading.slice(0, block.heading.length - block.marker.rest.length) + block.text;
}

/** Text with the clause spans cut out, and the punctuation and blank lines they leave behind tidied. */
function withoutClauses(text: string, clauses: ClauseSpan[]): string {
  const pieces: string[] = [];
  let from = 0;
  for (const clause of [...clauses].sort((a, b) => a.start - b.start)) {
    pieces.push(text.slice(from, clause.start));
    from = Math.max(from, clause.end);
  }
  pieces.push(text.slice(from));
  return pieces
    .join('')
    .split('\n')
    .map((line) => line.replace(/\s*([。；;，,])\s*(?=[。；;])/gu, '').replace(/^[，,；;、\s]+/u, '').trim())
    .filter((line) => line.length > 0 && !/^[。；;，,]+$/u.test(line))
    .join('\n');
}

/** First sentence (to the first 。 outside brackets, or the end of the first line) and the rest. */
function splitTitle(text: string): { title: string; body: string } {
  const [first = ''] = splitTopLevel(text, '。\n');
  const title = first.trim();
  const body = text.slice(text.indexOf(first) + first.length).replace(/^[。\s]+/u, '').trim();
  return { title, body };
}

/**
 * A clause on its own line after the last sub-item ((1)…(2)…, then `(市科技局牵头)`) covers the item above
 * them, not the last sub-item, unless sub-items of that kind carry their own clauses elsewhere in the plan.
 */
function hoistTrailingClauses(blocks: Block[]): void {
  const clauseKinds = new Map<string, number>();
  for (const block of blocks) {
    if (findClauses(block.text).length > 0) clauseKinds.set(block.marker.kind, (clauseKinds.get(block.marker.kind) ?? 0) + 1);
  }
  blocks.forEach((block, i) => {
    const parent = block.parent === null ? undefined : blocks[block.parent];
    const next = blocks[i + 1];
    if (!parent || (next && next.marker.rank > parent.marker.rank) || clauseKinds.get(block.marker.kind) !== 1) return;
    // Sub-items come in twos at least: an only child keeps its own clause.
    if (blocks.filter((other) => other.parent === parent.index).length < 2) return;
    const lines = block.text.split('\n');
    let keep = lines.length;
    while (keep > 1 && (isClauseLine(lines[keep - 1] ?? '') || isResponsibilityLine(lines[keep - 1] ?? ''))) keep -= 1;
    const own = lines.slice(0, keep).join('\n');
    if (keep === lines.length || findClauses(own).length > 0 || findClauses(parent.text).length > 0) return;
    if (blocks.slice(parent.index + 1, i).some((sibling) => findClauses(sibling.text).length > 0)) return;
    parent.text = `${parent.text}\n${lines.slice(keep).join('\n')}`;
    block.text = own;
  });
}

/**
 * Parses the text of a plan (pasted, .txt, or .docx converted to text) into its measures. Pure: no I/O.
 * Throws PlanInputError when the text is empty or has no measure (no numbered item with a responsibility clause).
 */
export function parsePlan(text: string): ParsedPlan {
  if (text.trim().length === 0) throw new PlanInputError('text', 'empty', 'the plan text is empty');
  const lines = expandTables(normalizeText(text).split('\n').flatMap(splitRunOnParagraphs)).map((line) => line.trim());
  const { preamble, blocks } = splitStructure(lines);
  const warnings: string[] = [];
  hoistTrailingClauses(blocks);
  // `(一)省监察厅牵头的工作`: a heading that names the lead of everything under it reads as its clause.
  for (const block of blocks) {
    block.text = block.text.replace(HEADING_LEAD, (_, unit: string, role: string) => `(${unit}${role === '负责' ? '负责' : '牵头'})\n`);
  }

  const clauses = blocks.map((block) => findClauses(block.text));
  // Where each block's subtree ends: the next block at the same or a higher level.
  const subtreeEnd = blocks.map((block, i) => {
    const next = blocks.findIndex((other, j) => j > i && other.marker.rank <= block.marker.rank);
    return next < 0 ? blocks.length : next;
  });
  const subtreeHasClause = (i: number) => clauses.slice(i + 1, subtreeEnd[i]).some((found) => found.length > 0);

  const isMeasure = blocks.map((_, i) => (clauses[i]?.length ?? 0) > 0 && !subtreeHasClause(i));
  const measureKinds = new Set(blocks.filter((_, i) => isMeasure[i]).map((block) => block.marker.kind));
  // An item without a clause is still a measure when its siblings (same level, same heading) have clauses:
  // section headings, 指导思想/发展目标 and 保障措施 items have no measure siblings.
  blocks.forEach((block, i) => {
    if (isMeasure[i] || !measureKinds.has(block.marker.kind) || subtreeHasClause(i)) return;
    const insideMeasure = blocks.some((other, j) => isMeasure[j] && j < i && i < (subtreeEnd[j] ?? 0));
    // The nearest measure siblings before and after must continue its numbering (`附件:1.… 2.…` before a table
    // numbered from 1 again is another list).
    const sibling = (other: Block, j: number) =>
      isMeasure[j] === true && (clauses[j]?.length ?? 0) > 0 && other.parent === block.parent && other.marker.kind === block.marker.kind;
    const before = blocks.slice(0, i).findLastIndex(sibling);
    const after = blocks.findIndex((other, j) => j > i && sibling(other, j));
    const continues =
      (before >= 0 && (blocks[before]?.marker.ordinal ?? 0) < block.marker.ordinal) ||
      (after >= 0 && (blocks[after]?.marker.ordinal ?? 0) > block.marker.ordinal);
    if (!insideMeasure && continues && !FINAL_PROVISION.test(block.text)) isMeasure[i] = true;
  });

  // `以下各项…不再列出` notes naming every district: they apply to the measures after them.
  const notesFrom = notListedDistricts(preamble.join('\n')) ? 0 : blocks.findIndex((block) => notListedDistricts(block.text));
  const conventions = preambleConventions(preamble);

  const firstMeasureLine = lines.findIndex((line) => line === blocks[0]?.heading);
  const header = firstMeasureLine < 0 ? preamble : lines.slice(0, firstMeasureLine);
  const metadata = readMetadata(header, lines);
  const planYear = planYearOf(metadata.title, metadata.issuedOn, lines.join('\n'));

  const measures: ParsedMeasure[] = [];
  /** Numbers of the measures read so far: a convention noted at one of them covers what follows. */
  const seen = new Set<string>();
  const consumed = new Set<number>();
  blocks.forEach((block, i) => {
    if (!isMeasure[i]) return;
    const children = blocks.slice(i + 1, subtreeEnd[i]);
    children.forEach((child) => consumed.add(child.index));
    const { values: timeValues, rest: text } = takeTimeLabels([block.text, ...children.map(rawText)].join('\n'));
    const spans = findClauses(text);
    const roles = assignRoles(spans.map((span) => span.responsibility));
    const enclosing = roles.leads.length === 0 ? enclosingLead(block, blocks, clauses, isMeasure) : null;
    if (enclosing) {
      roles.leads = enclosing.leads;
      roles.partners = roles.partners.filter((name) => !enclosing.leads.includes(name));
    }
    const { title, body } = splitTitle(withoutClauses(text, spans));
    const number = block.marker.number;
    const districtsByNote = notesFrom >= 0 && i >= notesFrom;

    // Notes in this measure's clauses become plan conventions; those that cover this measure are listed on it.
    const applied: string[] = [];
    for (const note of spans.flatMap((span) => span.responsibility.notes)) {
      const kind = noteNamesDistricts(note) ? 'all_districts' : noteFirstListedLeads(note) ? 'first_listed_leads' : null;
      if (kind && !conventions.some((c) => c.text === note)) conventions.push({ kind, text: note, from: number });
      if (kind === 'all_districts') applied.push(note);
    }
    for (const convention of conventions) {
      if (convention.kind === 'first_listed_leads' && roles.firstListed) applied.push(convention.text);
      const covers = convention.from === null || convention.from === number || seen.has(convention.from);
      if (convention.kind === 'all_districts' && districtsByNote && covers) applied.push(convention.text);
    }
    if (enclosing) applied.push(`${enclosing.clause} (enclosing item)`);

    const hasClause = spans.length > 0 || enclosing !== null;
    if (!hasClause) warnings.push(`measure ${number}: no responsibility clause found`);
    else if (roles.leads.length === 0) warnings.push(`measure ${number}: no lead unit (牵头单位) in its responsibility clause`);
    for (const span of spans) for (const warning of span.responsibility.warnings) warnings.push(`measure ${number}: ${warning}`);
    if (title.length === 0) warnings.push(`measure ${number}: no title`);
    const deadline = readDeadline({ labelled: timeValues, clauses: spans.map((span) => span.text), text: `${title}。${body}`, planYear });
    const allDistricts = roles.allDistricts || districtsByNote;

    const ancestors: Block[] = [];
    for (let parent = block.parent; parent !== null; parent = blocks[parent]?.parent ?? null) {
      const ancestor = blocks[parent];
      if (ancestor) ancestors.push(ancestor);
    }
    const nearest = ancestors[0];
    const outermost = ancestors[ancestors.length - 1];
    measures.push({
      number,
      section: nearest ? sectionName(nearest) : null,
      part: outermost ? sectionName(outermost) : null,
      title,
      body,
      leads: roles.leads,
      partners: roles.partners,
      allDistricts,
      kpis: extractKpis([title, body].join('。')),
      responsibilityText: spans.map((span) => span.text),
      groups: [...new Set(spans.flatMap((span) => span.responsibility.groups))].filter((name) => roles.leads.includes(name) || roles.partners.includes(name)),
      deadline,
      conventions: [...new Set(applied)],
      review: reviewReasons(spans, { hasClause, hasLead: roles.leads.length > 0 || allDistricts, deadline }),
    });
    seen.add(number);
  });

  if (measures.length === 0) {
    throw new PlanInputError('text', 'no_measures', 'no measures found: no numbered item carries a responsibility clause (牵头/责任单位)');
  }

  // Targets outside measures (发展目标): non-measure blocks and the preamble after the title.
  const planKpis: ParsedKpi[] = [];
  blocks.forEach((block, i) => {
    if (!isMeasure[i] && !consumed.has(i)) planKpis.push(...extractKpis(block.text, { requireIntent: true }));
  });

  const titleLine = metadata.title === null ? -1 : preamble.findIndex((line) => line.includes(metadata.title ?? ''));
  if (titleLine >= 0) planKpis.unshift(...extractKpis(preamble.slice(titleLine + 1).join('\n'), { requireIntent: true }));

  return { ...metadata, measures, planKpis, conventions, warnings };
}

/** The lead named by an enclosing item that is not itself a measure (`(三)省编办牵头的工作`), and that item's clause. */
function enclosingLead(block: Block, blocks: Block[], clauses: ClauseSpan[][], isMeasure: boolean[]): { leads: string[]; clause: string } | null {
  for (let parent = block.parent; parent !== null; parent = blocks[parent]?.parent ?? null) {
    const spans = clauses[parent] ?? [];
    const { leads } = assignRoles(spans.map((span) => span.responsibility));
    if (leads.length > 0 && !isMeasure[parent]) return { leads, clause: spans.map((span) => span.text).join('') };
  }
  return null;
}

/** Why a person should check a measure's reading (marked 待核 rather than guessed); empty when nothing is uncertain. */
function reviewReasons(spans: ClauseSpan[], facts: { hasClause: boolean; hasLead: boolean; deadline: MeasureDeadline | null }): string[] {
  const reasons: string[] = [];
  if (!facts.hasClause) reasons.push('未找到责任分工 (no responsibility clause found): 请指定牵头单位 (assign the units by hand)');
  else if (!facts.hasLead) reasons.push('未读出牵头单位 (no lead unit could be read)');
  for (const name of spans.flatMap((span) => span.responsibility.strangeNames)) reasons.push(`“${name}”不像单位名称 (does not look like a unit name)`);
  if (spans.some((span) => span.responsibility.warnings.some((w) => w.startsWith('a unit name is empty')))) reasons.push('责任条款中有空的单位名 (an empty unit name)');
  const { deadline } = facts;
  if (deadline && deadline.due === null && !deadline.ongoing) reasons.push(`“${deadline.text}”未写年份 (names no year): 请填写完成时限 (set the due date)`);
  return reasons;
}

/** Notes before the first measure that say how every clause reads: `列第一位者为牵头单位`, `…各县(区)人民政府负责落实,不再列出`. */
function preambleConventions(preamble: string[]): PlanConvention[] {
  const found: PlanConvention[] = [];
  for (const line of preamble) {
    for (const note of cutNotes(line.replace(/^[(（]|[)）]$/gu, '')).notes) {
      if (noteFirstListedLeads(note)) found.push({ kind: 'first_listed_leads', text: note, from: null });
      else if (notListedDistricts(note) || (noteNamesDistricts(note) && /不再|下同/u.test(note))) found.push({ kind: 'all_districts', text: note, from: null });
    }
  }
  return found;
}
