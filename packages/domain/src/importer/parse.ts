import { PlanInputError } from './errors';
import { extractKpis } from './kpi';
import { readMetadata } from './metadata';
import { normalizeText } from './normalize';
import { assignRoles, findClauses, isClauseLine, isResponsibilityLine, notListedDistricts } from './responsibility';
import type { ClauseSpan } from './responsibility';
import { splitStructure } from './structure';
import { expandTables } from './table';
import type { Block } from './structure';
import { splitTopLevel } from './text';
import type { ParsedKpi, ParsedMeasure, ParsedPlan } from './types';

/** The heading as a section name: the number and its first sentence (`(一)对标国际高标准规则,提升制度型开放水平。`). */
function sectionName(block: Block): string {
  const stop = block.heading.indexOf('。');
  return stop < 0 ? block.heading : block.heading.slice(0, stop + 1);
}

/** 附则-like items among measures: when the text takes effect, who interprets it. */
const FINAL_PROVISION = /^附则|自(?:印发|发布|公布)之日起|有效期|负责解释|解释权/u;

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
  const lines = expandTables(normalizeText(text).split('\n')).map((line) => line.trim());
  const { preamble, blocks } = splitStructure(lines);
  const warnings: string[] = [];
  hoistTrailingClauses(blocks);

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
    const hasMeasureSibling = blocks.some(
      (other, j) => isMeasure[j] && (clauses[j]?.length ?? 0) > 0 && other.parent === block.parent && other.marker.kind === block.marker.kind,
    );
    if (!insideMeasure && hasMeasureSibling && !FINAL_PROVISION.test(block.text)) isMeasure[i] = true;
  });

  // `以下各项…不再列出` notes naming every district: they apply to the measures after them.
  const notesFrom = notListedDistricts(preamble.join('\n')) ? 0 : blocks.findIndex((block) => notListedDistricts(block.text));

  const measures: ParsedMeasure[] = [];
  const consumed = new Set<number>();
  blocks.forEach((block, i) => {
    if (!isMeasure[i]) return;
    const children = blocks.slice(i + 1, subtreeEnd[i]);
    children.forEach((child) => consumed.add(child.index));
    const text = [block.text, ...children.map(rawText)].join('\n');
    const spans = findClauses(text);
    const roles = assignRoles(spans.map((span) => span.responsibility));
    const { title, body } = splitTitle(withoutClauses(text, spans));
    const ancestors: Block[] = [];
    for (let parent = block.parent; parent !== null; parent = blocks[parent]?.parent ?? null) {
      const ancestor = blocks[parent];
      if (ancestor) ancestors.push(ancestor);
    }
    const number = block.marker.number;
    if (spans.length === 0) warnings.push(`measure ${number}: no responsibility clause found`);
    else if (roles.leads.length === 0) warnings.push(`measure ${number}: no lead unit (牵头单位) in its responsibility clause`);
    for (const span of spans) for (const warning of span.responsibility.warnings) warnings.push(`measure ${number}: ${warning}`);
    if (title.length === 0) warnings.push(`measure ${number}: no title`);

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
      allDistricts: roles.allDistricts || (notesFrom >= 0 && i >= notesFrom),
      kpis: extractKpis([title, body].join('。')),
      responsibilityText: spans.map((span) => span.text),
    });
  });

  if (measures.length === 0) {
    throw new PlanInputError('text', 'no_measures', 'no measures found: no numbered item carries a responsibility clause (牵头/责任单位)');
  }

  // Targets outside measures (发展目标): non-measure blocks and the preamble after the title.
  const planKpis: ParsedKpi[] = [];
  blocks.forEach((block, i) => {
    if (!isMeasure[i] && !consumed.has(i)) planKpis.push(...extractKpis(block.text, { requireIntent: true }));
  });

  const firstMeasureLine = lines.findIndex((line) => line === blocks[0]?.heading);
  const header = firstMeasureLine < 0 ? preamble : lines.slice(0, firstMeasureLine);
  const metadata = readMetadata(header, lines);
  const titleLine = metadata.title === null ? -1 : preamble.findIndex((line) => line.includes(metadata.title ?? ''));
  if (titleLine >= 0) planKpis.unshift(...extractKpis(preamble.slice(titleLine + 1).join('\n'), { requireIntent: true }));

  return { ...metadata, measures, planKpis, warnings };
}
