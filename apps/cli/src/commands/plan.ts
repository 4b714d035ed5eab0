// `liandong plan parse <file> [--json]`: read a plan document (.txt, .docx, .pdf or a saved .html page) and print its measures.
import { readFile, stat } from 'node:fs/promises';
import { MAX_PLAN_BYTES, PlanInputError, parsePlan, readPlanFile } from '@liandong/domain/importer';
import type { MeasureDeadline, ParsedKpi, ParsedPlan } from '@liandong/domain/importer';

export interface CommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const USAGE = 'usage: liandong plan parse <file> [--json]';

export async function planCommand(args: string[], io: CommandIo): Promise<number> {
  const json = args.includes('--json');
  const [subcommand, file, ...extra] = args.filter((arg) => arg !== '--json');
  if (subcommand !== 'parse' || file === undefined || extra.length > 0) {
    io.stderr(USAGE);
    return 2;
  }

  let plan: ParsedPlan;
  try {
    plan = parsePlan(await readPlanText(file));
  } catch (error) {
    io.stderr(`error: ${file}: ${reasonOf(error)}`);
    return 1;
  }

  const { title, documentNumber, issuer, issuedOn, measures, planKpis, conventions, warnings } = plan;
  if (json) io.stdout(JSON.stringify({ title, documentNumber, issuer, issuedOn, measures, planKpis, conventions, warnings }));
  else for (const line of renderTable(plan)) io.stdout(line);
  return 0;
}

/** The file's text: .txt (UTF-8, or UTF-16 with BOM), .docx, .pdf or a saved web page, told apart by its bytes. */
async function readPlanText(file: string): Promise<string> {
  const info = await stat(file);
  if (info.isDirectory()) throw new PlanInputError('file', 'binary', 'is a directory, not a file');
  if (info.size > MAX_PLAN_BYTES) throw new PlanInputError('file', 'too_large', `file is larger than 5 MB (${info.size} bytes)`);
  const { text } = await readPlanFile(new Uint8Array(await readFile(file)), file);
  return text;
}

function reasonOf(error: unknown): string {
  if (error instanceof PlanInputError) return error.reason;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory, not a file';
  return error instanceof Error ? error.message.split('\n')[0] ?? 'cannot read the file' : 'cannot read the file';
}

function deadlineText(deadline: MeasureDeadline | null): string {
  if (deadline === null) return '—';
  return deadline.ongoing ? `ongoing 长期 (${deadline.text})` : `${deadline.due ?? '?'} (${deadline.text})`;
}

function kpiText(kpi: ParsedKpi): string {
  return `${kpi.metric} ${kpi.comparator} ${kpi.target}${kpi.unit}${kpi.deadline === null ? '' : ` (${kpi.deadline})`}`;
}

/** A readable table: one row per measure, ` | `-separated, then plan targets and warnings. */
function renderTable(plan: ParsedPlan): string[] {
  const lines = [
    `title: ${plan.title ?? '—'}`,
    `document number: ${plan.documentNumber ?? '—'}   issuer: ${plan.issuer ?? '—'}   issued on: ${plan.issuedOn ?? '—'}`,
    `${plan.measures.length} measures`,
    '',
    ['number', 'title', 'leads 牵头', 'partners 配合', 'all districts 各区', 'deadline 完成时限', 'KPIs', 'review 待核'].join(' | '),
  ];
  for (const measure of plan.measures) {
    lines.push(
      [
        measure.number,
        measure.title,
        measure.leads.join('、') || '—',
        measure.partners.join('、') || '—',
        measure.allDistricts ? 'yes' : 'no',
        deadlineText(measure.deadline),
        measure.kpis.map(kpiText).join('; ') || '—',
        measure.review.join('; ') || '—',
      ].join(' | '),
    );
  }
  if (plan.conventions.length > 0) {
    lines.push('', 'conventions 约定:', ...plan.conventions.map((c) => `  - ${c.text} (${c.kind}${c.from === null ? '' : `, from ${c.from}`})`));
  }
  if (plan.planKpis.length > 0) lines.push('', `plan KPIs: ${plan.planKpis.map(kpiText).join('; ')}`);
  if (plan.warnings.length > 0) lines.push('', 'warnings:', ...plan.warnings.map((warning) => `  - ${warning}`));
  return lines;
}
