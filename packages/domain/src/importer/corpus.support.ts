// Test and benchmark support only: the corpus of real documents (packages/domain/corpus) and its score.
// Each document's expected output was written by reading the document, not by running the importer.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { PlanInputError } from './errors';
import { readPlanFile } from './files';
import { parsePlan } from './parse';
import type { MeasureDeadline, ParsedPlan } from './types';

const deadlineSchema = z.union([
  z.null(),
  z.object({ text: z.string().min(1), due: z.string().regex(/^\d{4}-\d{2}-\d{2}$/u) }).strict(),
  z.object({ text: z.string().min(1), ongoing: z.literal(true) }).strict(),
]);

const expectedSchema = z
  .object({
    source: z.string().url(),
    title: z.string().min(1),
    province: z.string().min(2),
    place: z.string().min(2),
    level: z.enum(['province', 'city', 'district']),
    kind: z.string().min(2),
    style: z.enum(['lead-marker', 'first-listed', 'labels', 'trailing', 'table', 'negative']),
    excerpt: z.string(),
    notes: z.string().optional(),
    measures: z.array(
      z
        .object({
          number: z.string().min(1),
          leads: z.array(z.string().min(1)),
          partners: z.array(z.string().min(1)),
          allDistricts: z.boolean(),
          deadline: deadlineSchema,
        })
        .strict(),
    ),
  })
  .strict();

export type ExpectedDocument = z.infer<typeof expectedSchema>;
export type ExpectedDeadline = z.infer<typeof deadlineSchema>;

export interface CorpusDocument {
  id: string;
  /** The document file: document.txt, .docx, .pdf or .html. */
  file: string;
  expected: ExpectedDocument;
}

/** packages/domain/corpus/docs, found from this file. */
export function corpusDir(): string {
  let dir = fileURLToPath(new URL('.', import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'corpus'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('packages/domain/corpus not found above the test');
    dir = parent;
  }
  return join(dir, 'corpus', 'docs');
}

/** Every document of the corpus with its expected output, validated. */
export function loadCorpus(root = corpusDir()): CorpusDocument[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((id) => {
      const dir = join(root, id);
      const document = readdirSync(dir).find((name) => /^document\.(?:txt|docx|pdf|html?)$/u.test(name));
      if (!document) throw new Error(`${id}: no document.(txt|docx|pdf|html) file`);
      const parsed = expectedSchema.safeParse(JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')));
      if (!parsed.success) throw new Error(`${id}/expected.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return { id, file: join(dir, document), expected: parsed.data };
    });
}

/** What the importer makes of a corpus document: its plan, or the reason it found no measures. */
export async function importCorpusDocument(document: CorpusDocument): Promise<ParsedPlan | PlanInputError> {
  try {
    const { text } = await readPlanFile(new Uint8Array(readFileSync(document.file)), document.file);
    return parsePlan(text);
  } catch (error) {
    if (error instanceof PlanInputError) return error;
    throw error;
  }
}

/** Names and numbers compared as a reader would: bracket and comma widths, blanks and compatibility forms folded. */
export function foldName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/\s+/gu, '')
    .replace(/[〔［【]/gu, '(')
    .replace(/[〕］】]/gu, ')');
}

function sameSet(a: string[], b: string[]): boolean {
  const left = new Set(a.map(foldName));
  const right = new Set(b.map(foldName));
  return left.size === right.size && [...left].every((name) => right.has(name));
}

function sameDeadline(expected: ExpectedDeadline, parsed: MeasureDeadline | null): boolean {
  if (expected === null) return true;
  if (parsed === null) return false;
  return 'ongoing' in expected ? parsed.ongoing : parsed.due === expected.due;
}

export interface DocumentScore {
  id: string;
  style: string;
  expected: number;
  found: number;
  exact: number;
  noise: number;
  deadlines: number;
  deadlinesRead: number;
  /** One line per miss, for the failure message. */
  misses: string[];
}

/**
 * Scores one document. Expected measures are matched to parsed ones in document order by number; a parsed
 * measure left unmatched is noise. A match is exact when its lead set, partner set and all-districts flag equal
 * the expected ones; a stated deadline is read when the parsed due date (or "ongoing") equals it.
 */
export function scoreDocument(document: CorpusDocument, result: ParsedPlan | PlanInputError): DocumentScore {
  const { expected } = document;
  const parsed = result instanceof PlanInputError ? [] : result.measures;
  const score: DocumentScore = {
    id: document.id,
    style: expected.style,
    expected: expected.measures.length,
    found: 0,
    exact: 0,
    noise: 0,
    deadlines: expected.measures.filter((m) => m.deadline !== null).length,
    deadlinesRead: 0,
    misses: [],
  };
  if (result instanceof PlanInputError && expected.measures.length > 0) score.misses.push(`not imported: ${result.reason}`);
  let at = 0;
  for (const want of expected.measures) {
    const index = parsed.findIndex((m, i) => i >= at && foldName(m.number) === foldName(want.number));
    if (index < 0) {
      score.misses.push(`${want.number}: not found`);
      continue;
    }
    for (const skipped of parsed.slice(at, index)) score.misses.push(`${skipped.number}: noise (${skipped.title.slice(0, 30)})`);
    score.noise += index - at;
    at = index + 1;
    score.found += 1;
    const got = parsed[index];
    if (!got) continue;
    const exact = sameSet(got.leads, want.leads) && sameSet(got.partners, want.partners) && got.allDistricts === want.allDistricts;
    if (exact) score.exact += 1;
    else {
      score.misses.push(
        `${want.number}: got ${JSON.stringify({ leads: got.leads, partners: got.partners, allDistricts: got.allDistricts })}, ` +
          `want ${JSON.stringify({ leads: want.leads, partners: want.partners, allDistricts: want.allDistricts })}`,
      );
    }
    if (want.deadline !== null) {
      if (sameDeadline(want.deadline, got.deadline)) score.deadlinesRead += 1;
      else score.misses.push(`${want.number}: deadline ${JSON.stringify(got.deadline)}, want ${JSON.stringify(want.deadline)}`);
    }
  }
  for (const extra of parsed.slice(at)) score.misses.push(`${extra.number}: noise (${extra.title.slice(0, 30)})`);
  score.noise += parsed.length - at;
  return score;
}

const COUNTS = ['expected', 'found', 'exact', 'noise', 'deadlines', 'deadlinesRead'] as const;

/** The counts of a set of documents, summed. */
export type ScoreTotals = Pick<DocumentScore, (typeof COUNTS)[number]> & { documents: number };

export function totalsOf(scores: DocumentScore[]): ScoreTotals {
  const totals = { documents: scores.length } as ScoreTotals;
  for (const key of COUNTS) totals[key] = scores.reduce((sum, score) => sum + score[key], 0);
  return totals;
}

const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`);

/** The score per style and in all, as a table for `pnpm bench` and failure messages. */
export function formatScores(scores: DocumentScore[]): string {
  const styles = [...new Set(scores.map((s) => s.style))].sort();
  const rows = [...styles.map((style) => [style, totalsOf(scores.filter((s) => s.style === style))] as const), ['all', totalsOf(scores)] as const];
  const lines = ['style         docs  measures  found    exact sets  noise  deadlines read'];
  for (const [style, t] of rows) {
    lines.push(
      `${style.padEnd(13)} ${String(t.documents).padStart(4)}  ${String(t.expected).padStart(8)}  ${percent(t.found, t.expected).padStart(6)}  ${percent(t.exact, t.expected).padStart(10)}  ${String(t.noise).padStart(5)}  ${`${t.deadlinesRead}/${t.deadlines} ${percent(t.deadlinesRead, t.deadlines)}`.padStart(14)}`,
    );
  }
  return lines.join('\n');
}
