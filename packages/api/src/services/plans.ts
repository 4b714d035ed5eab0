import { z } from 'zod';
import {
  DEFAULT_REPORTING_POLICY,
  deadlineFact,
  diffPlans,
  expandAllDistricts,
  guessJurisdiction,
  hasRole,
  isReadOnly,
  mayImportPlan,
  measureKey,
  planSourceHash,
  reportingPolicySchema,
  reviewFacts,
  reviewPlan,
  suggestCoordinator,
  withoutImpliedDistricts,
  type Actor,
  type AgencySeed,
  type CoordinatorSuggestion,
  type PlanDiff,
  type PlanFacts,
  type PlanReview,
  type ReportingPolicy,
  type ReviewedMeasure,
} from '@liandong/domain';
import { isMeasureOverdue } from '@liandong/domain/measure';
import { MAX_PLAN_BYTES, PLAN_FILE_EXTENSIONS, PlanInputError, parsePlan, readPlanFile, type ParsedKpi } from '@liandong/domain/importer';
import type { Db } from '@liandong/db';
import {
  applyPlanRevision,
  createPlanWithMeasures,
  findPlanByDocument,
  findPlanBySourceHash,
  ALL_PLANS,
  getPlan,
  listAgencies,
  listPlans,
  lockPlanImports,
  type AgencyRow,
  type Executor,
  type PlanDeadline,
  type PlanDetail,
  type PlanMeasureInput,
  type PlanKpi,
  type PlanMetaInput,
  type PlanScope,
} from '@liandong/db/queries';
import { AppError, ForbiddenError, NotFoundError, READ_ONLY_MESSAGE } from '../errors';
import { isStorable, text, UNSTORABLE_MESSAGE } from '../inputs';
import type { MeasureService } from './measures';

// ---- input -----------------------------------------------------------------

/** Characters of base64 that decode to at most 5 MB. */
const MAX_BASE64_CHARS = Math.ceil(MAX_PLAN_BYTES / 3) * 4;
const agencyCode = text(64, { trim: true, min: 1, tooShort: 'agency code is empty', tooLong: 'agency code is at most 64 characters' });

export const planPreviewInput = z
  .object({
    /** Pasted text. */
    text: text(MAX_PLAN_BYTES, { tooLong: 'text is larger than 5 MB' }).optional(),
    /** An uploaded .txt (UTF-8, or UTF-16 with BOM) or .docx, base64-encoded; a `data:…;base64,` prefix is accepted. */
    file: z
      .object({
        name: text(255, { trim: true, min: 1, tooShort: 'file name is empty', tooLong: 'file name is at most 255 characters' }),
        base64: text(MAX_BASE64_CHARS + 256, { tooLong: 'file is larger than 5 MB' }),
      })
      .optional(),
    /** The government whose districts 各区政府 means (`gz-gov`); guessed from the document when absent. */
    jurisdictionCode: agencyCode.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.text !== undefined && input.file !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['file'], message: 'give the text or a file, not both' });
    } else if (input.text === undefined && input.file === undefined) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'paste the text of the plan or upload a .txt, .docx, .pdf or saved .html file' });
    }
  });
export type PlanPreviewInput = z.input<typeof planPreviewInput>;

const kpiInput = z.object({
  metric: text(200, { trim: true, min: 1, tooShort: 'metric is empty', tooLong: 'metric is at most 200 characters' }),
  target: z.number().finite(),
  unit: text(50, { trim: true, tooLong: 'unit is at most 50 characters' }),
  comparator: z.enum(['>=', '<=', '='], { message: 'comparator must be >=, <= or =' }),
  deadline: z.number().int().min(1949).max(2100).nullable().default(null),
  text: text(2000, { tooLong: 'text is at most 2000 characters' }).default(''),
});

/** Due dates a plan may set: anything outside is a typing slip (`2205-12-31`), not a deadline. */
const EARLIEST_DUE = '2000-01-01';
const LATEST_DUE = '2100-12-31';
const ISO_DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/u;

/** 完成时限 as the reviewer left it: a due date, or ongoing (长期) with none; the phrase as written beside it. */
const deadlineInput = z
  .object({
    text: text(100, { trim: true, tooLong: 'deadline text is at most 100 characters' }).default(''),
    due: z.iso
      .date({ message: 'due must be a date yyyy-mm-dd' })
      // Only a well-formed date is held against the range: one slip, one message.
      .refine((due) => !ISO_DATE_SHAPE.test(due) || (due >= EARLIEST_DUE && due <= LATEST_DUE), { message: `due must be between ${EARLIEST_DUE} and ${LATEST_DUE}` })
      .nullable()
      .default(null),
    ongoing: z.boolean({ message: 'ongoing must be true or false' }).default(false),
  })
  .superRefine((deadline, ctx) => {
    if (deadline.ongoing && deadline.due !== null) {
      ctx.addIssue({ code: 'custom', path: ['due'], message: 'an ongoing (长期) measure has no due date: give due null' });
    } else if (!deadline.ongoing && deadline.due === null) {
      ctx.addIssue({ code: 'custom', path: ['due'], message: 'due is needed (yyyy-mm-dd) unless the measure is ongoing (长期)' });
    }
  });

const measureInput = z.object({
  number: text(32, { trim: true, min: 1, tooShort: 'a measure needs a number', tooLong: 'number is at most 32 characters' }),
  section: text(300, { trim: true, tooLong: 'section is at most 300 characters' }).nullable().default(null),
  title: text(500, { trim: true, min: 1, tooShort: 'a measure needs a title', tooLong: 'title is at most 500 characters' }),
  body: text(100_000, { tooLong: 'body is at most 100000 characters' }).default(''),
  leadCodes: z.array(agencyCode).min(1, 'every measure needs at least one lead (牵头单位)').max(50),
  partnerCodes: z.array(agencyCode).max(300).default([]),
  allDistricts: z.boolean().default(false),
  kpis: z.array(kpiInput).max(50).default([]),
  /** 完成时限; null when the plan states none. */
  deadline: deadlineInput.nullable().default(null),
});

const optionalText = (max: number, label: string) =>
  text(max, { trim: true, tooLong: `${label} is at most ${max} characters` })
    .nullable()
    .default(null)
    .transform((value) => (value === '' ? null : value));

export const planConfirmInput = z
  .object({
    /** The document text the preview read (what `plan.preview` returned as `sourceText`). */
    // Refused rather than stored altered: its hash is how a re-import of the same document is recognised.
    sourceText: text(MAX_PLAN_BYTES, { min: 1, tooShort: 'the source text is empty', tooLong: 'the source text is larger than 5 MB' }),
    meta: z.object({
      title: text(300, { trim: true, min: 1, tooShort: 'a plan needs a title', tooLong: 'title is at most 300 characters' }),
      issuer: optionalText(100, 'issuer'),
      /** 发文字号, e.g. 粤府函〔2024〕9号. */
      documentNumber: optionalText(100, 'documentNumber'),
      issuedOn: z.iso.date({ message: 'issuedOn must be a date yyyy-mm-dd' }).nullable().default(null),
      /** The plan's coordinator (协调办); a coordinator may only name their own agency. */
      coordinatorAgencyCode: agencyCode,
      jurisdictionCode: agencyCode.nullable().default(null),
      reportingPolicy: reportingPolicySchema.default(DEFAULT_REPORTING_POLICY),
    }),
    /** The rows as the person left them, with agencies by code. */
    measures: z.array(measureInput).min(1, 'a plan needs at least one measure').max(500, 'a plan has at most 500 measures'),
  })
  .superRefine((input, ctx) => {
    const first = new Map<string, number>();
    input.measures.forEach((measure, i) => {
      const key = measureKey(measure.number);
      const earlier = first.get(key);
      if (earlier === undefined) first.set(key, i);
      else ctx.addIssue({ code: 'custom', path: ['measures', i, 'number'], message: `number ${measure.number} repeats measure ${earlier}` });
    });
  });
export type PlanConfirmInput = z.input<typeof planConfirmInput>;
type ConfirmInput = z.output<typeof planConfirmInput>;

// ---- output ----------------------------------------------------------------

export interface PlanPreview {
  meta: { title: string | null; issuer: string | null; documentNumber: string | null; issuedOn: string | null };
  /** The text as read (a file decoded); the portal sends it back with `plan.confirm`. */
  sourceText: string;
  sourceHash: string;
  /** The government whose districts 各区政府 means: as given, or guessed from issuer and title. */
  jurisdiction: { code: string; name: string; guessed: boolean } | null;
  coordinator: CoordinatorSuggestion | null;
  measures: ReviewedMeasure[];
  planKpis: ParsedKpi[];
  /** The document's notes on how its clauses read (`列第一位者为牵头单位`), each applied to the measures it covers. */
  conventions: PlanReview['conventions'];
  warnings: string[];
  unresolvedCount: number;
  /** The same document is stored already: confirming will update it by this diff, not duplicate it. */
  existing: { planId: string; title: string; diff: PlanDiff } | null;
}

export type PlanConfirmResult = { planId: string; created: true; measureCount: number } | { planId: string; created: false; changes: number };

// ---- reading ---------------------------------------------------------------

/**
 * Which plans a person sees: admins and auditors all; a coordinator the plans their agency coordinates;
 * an officer the plans with a measure assigned to their agency (both, for someone with both roles).
 */
function planScopeOf(actor: Actor): PlanScope {
  if (hasRole(actor, 'admin', 'auditor')) return ALL_PLANS;
  return {
    all: false,
    coordinatedBy: hasRole(actor, 'coordinator') ? actor.agencyId : null,
    involving: hasRole(actor, 'officer') ? actor.agencyId : null,
  };
}

export interface AgencyRef {
  code: string;
  name: string;
}

export interface PlanListItem {
  id: string;
  title: string;
  documentNumber: string | null;
  issuer: string | null;
  issuedOn: string | null;
  status: string;
  coordinator: AgencyRef;
  measureCount: number;
  createdAt: string;
}

export interface PlanView extends PlanListItem {
  jurisdiction: AgencyRef | null;
  reportingPolicy: ReportingPolicy;
  updatedAt: string;
  measures: {
    id: string;
    number: string;
    section: string | null;
    title: string;
    body: string;
    /** `withdrawn` when a later import dropped it. */
    status: string;
    allDistricts: boolean;
    leads: AgencyRef[];
    partners: AgencyRef[];
    /** The district governments 各区政府 brought in. */
    districts: AgencyRef[];
    kpis: PlanKpi[];
    /** 完成时限: a due date or ongoing (长期), with the phrase as written; null when the plan states none. */
    deadline: PlanDeadline | null;
    /** 逾期未办结: the due date has passed (China time) and the measure is not closed. */
    overdue: boolean;
  }[];
}

const ref = (agency: { code: string; name: string }): AgencyRef => ({ code: agency.code, name: agency.name });

// ---- helpers ---------------------------------------------------------------

function toSeed(row: AgencyRow): AgencySeed {
  return { code: row.code, name: row.name, shortNames: row.shortNames, level: row.level, parentCode: row.parentCode, kind: row.kind };
}

const badInput = (field: string, message: string) => new AppError('BAD_INPUT', message, field);

/** The document's text from pasted text or an uploaded file; unreadable input names the field to fix. */
async function readDocument(input: z.output<typeof planPreviewInput>): Promise<{ text: string; field: 'text' | 'file' }> {
  if (input.file) {
    const { name } = input.file;
    if (!PLAN_FILE_EXTENSIONS.some((extension) => name.toLowerCase().endsWith(extension))) {
      // The formats a person is most likely to have instead: say what to do with each.
      const hint = /\.(?:doc|wps)$/iu.test(name)
        ? 'a Word 97–2003 or WPS file: save it as .docx'
        : /\.(?:xls|xlsx|et)$/iu.test(name)
          ? 'a spreadsheet: save the task table as .docx, or paste its cells'
          : 'save the document as .txt, .docx, .pdf or .html';
      throw badInput('file.name', `${name} is not a .txt, .docx, .pdf or .html file: ${hint}`);
    }
    const base64 = input.file.base64.replace(/^data:[^,]*;base64,/u, '').replace(/\s+/gu, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/u.test(base64) || base64.length % 4 === 1) throw badInput('file.base64', 'file content is not valid base64');
    const bytes = new Uint8Array(Buffer.from(base64, 'base64'));
    if (bytes.length > MAX_PLAN_BYTES) throw badInput('file', `file is larger than 5 MB (${bytes.length} bytes)`);
    let decoded: string;
    try {
      decoded = (await readPlanFile(bytes, name)).text;
    } catch (error) {
      // readPlanFile rejects with a PlanInputError whose reason is what the person reads (encrypted, scanned …).
      throw badInput('file', error instanceof PlanInputError ? error.reason : 'this document could not be read as a plan');
    }
    // What confirming sends back as `sourceText`: say now that it could not be stored.
    if (!isStorable(decoded)) throw badInput('file', `the document ${UNSTORABLE_MESSAGE}`);
    return { text: decoded, field: 'file' };
  }
  const text = input.text ?? '';
  if (new TextEncoder().encode(text).length > MAX_PLAN_BYTES) throw badInput('text', 'text is larger than 5 MB');
  return { text, field: 'text' };
}

/** Runs a step of the importer, turning what it rejects into a BAD_REQUEST on the field the person supplied. */
function asInputError<T>(field: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof PlanInputError) throw badInput(field, error.reason);
    // Whatever a person uploads must not become a 500: an importer failure is still "this document cannot be read".
    throw badInput(field, 'this document could not be read as a plan');
  }
}

async function directoryOf(db: Db): Promise<{ rows: AgencyRow[]; seeds: AgencySeed[] }> {
  const rows = await listAgencies(db);
  return { rows, seeds: rows.map(toSeed) };
}

/** A stored plan as `diffPlans` compares it. */
function storedFacts(plan: PlanDetail): PlanFacts {
  return {
    title: plan.title,
    issuer: plan.issuer,
    documentNumber: plan.documentNumber,
    issuedOn: plan.issuedOn,
    coordinatorCode: plan.coordinatorCode,
    jurisdictionCode: plan.jurisdictionCode,
    reportingPolicy: plan.reportingPolicy,
    measures: plan.measures.map((m) => ({
      number: m.number,
      title: m.title,
      body: m.body,
      leads: m.leads.map((a) => a.code),
      partners: m.partners.map((a) => a.code),
      allDistricts: m.allDistricts,
      kpis: m.kpis.map((k) => ({ metric: k.metric, target: k.target, unit: k.unit, comparator: k.comparator, deadline: k.deadline })),
      deadline: deadlineFact(m.deadline),
      withdrawn: m.status === 'withdrawn',
    })),
  };
}

/** The plan a document was imported as before: same text, else same 发文字号, else (without one) same title. */
async function findStored(db: Executor, sourceHash: string, meta: { documentNumber: string | null; title: string | null }) {
  return (await findPlanBySourceHash(db, sourceHash)) ?? (await findPlanByDocument(db, meta));
}

/** Admins confirm any plan; a coordinator only a plan their own agency coordinates; an auditor none, whatever else they are. */
function assertMayCoordinate(actor: Actor, coordinatorAgencyId: number, what: string): void {
  if (mayImportPlan(actor, coordinatorAgencyId)) return;
  if (isReadOnly(actor)) throw new ForbiddenError(READ_ONLY_MESSAGE);
  throw new ForbiddenError(`a coordinator may only import plans their own agency coordinates (${what})`);
}

// ---- service ---------------------------------------------------------------

/**
 * Plans (实施方案): reading a document into a reviewed preview, storing it (or its revision) and
 * starting its measures' workflows, and the plans a person may see.
 */
export function createPlanService({ db, measures: measureService }: { db: Db; measures: Pick<MeasureService, 'startWorkflows'> }) {
  /**
   * Reads a pasted or uploaded document and reviews it: every measure with its leads and partners resolved or
   * flagged (with suggestions), 各区政府 expanded, the jurisdiction and coordinator suggested, and — when the same
   * document is stored already — what confirming would change. Stores nothing.
   */
  async function preview(input: z.output<typeof planPreviewInput>): Promise<PlanPreview> {
    const { text, field } = await readDocument(input);
    const parsed = asInputError(field, () => parsePlan(text));
    const directory = await directoryOf(db);

    let jurisdictionCode: string | null;
    const guessed = input.jurisdictionCode === undefined;
    if (input.jurisdictionCode !== undefined) {
      if (!directory.rows.some((row) => row.code === input.jurisdictionCode)) {
        throw badInput('jurisdictionCode', `unknown agency code "${input.jurisdictionCode}"`);
      }
      jurisdictionCode = input.jurisdictionCode;
    } else {
      jurisdictionCode = guessJurisdiction(parsed, directory.seeds);
    }

    const review = reviewPlan(parsed, directory.seeds, { jurisdictionCode });
    const sourceHash = await planSourceHash(text);
    const stored = await findStored(db, sourceHash, { documentNumber: review.documentNumber, title: review.title });
    let existing: PlanPreview['existing'] = null;
    if (stored) {
      const plan = await getPlan(db, stored.id);
      if (plan) existing = { planId: plan.id, title: plan.title, diff: diffPlans(storedFacts(plan), reviewFacts(review)) };
    }
    const jurisdiction = directory.rows.find((row) => row.code === jurisdictionCode);

    return {
      meta: { title: review.title, issuer: review.issuer, documentNumber: review.documentNumber, issuedOn: review.issuedOn },
      sourceText: text,
      sourceHash,
      jurisdiction: jurisdiction ? { code: jurisdiction.code, name: jurisdiction.name, guessed } : null,
      coordinator: suggestCoordinator(review, text, directory.seeds),
      measures: review.measures,
      planKpis: review.planKpis,
      conventions: review.conventions,
      warnings: review.warnings,
      unresolvedCount: review.unresolvedCount,
      existing,
    };
  }

  /**
   * Stores a reviewed plan in one transaction: a new plan with its measures, KPIs and assignments; or, when the
   * document is stored already, nothing (no changes) or the changes as a revision. Bad codes name their path.
   */
  async function store(actor: Actor, input: ConfirmInput): Promise<PlanConfirmResult> {
    const { rows } = await directoryOf(db);
    const byCode = new Map(rows.map((row) => [row.code, row]));
    const { meta } = input;

    const coordinator = byCode.get(meta.coordinatorAgencyCode);
    if (!coordinator) throw badInput('meta.coordinatorAgencyCode', `unknown agency code "${meta.coordinatorAgencyCode}"`);
    assertMayCoordinate(actor, coordinator.id, `${coordinator.name} coordinates this one`);
    let jurisdictionAgencyId: number | null = null;
    if (meta.jurisdictionCode !== null) {
      const jurisdiction = byCode.get(meta.jurisdictionCode);
      if (!jurisdiction) throw badInput('meta.jurisdictionCode', `unknown agency code "${meta.jurisdictionCode}"`);
      jurisdictionAgencyId = jurisdiction.id;
    }
    const districtCodes = expandAllDistricts(meta.jurisdictionCode, rows.map(toSeed)).map((a) => a.code);

    const measures: PlanMeasureInput[] = input.measures.map((measure, i) => {
      const idsOf = (codes: string[], list: 'leadCodes' | 'partnerCodes') =>
        codes.map((code, j) => {
          const agency = byCode.get(code);
          if (!agency) throw badInput(`measures.${i}.${list}.${j}`, `unknown agency code "${code}"`);
          return agency.id;
        });
      if (measure.allDistricts && districtCodes.length === 0) {
        throw badInput(
          `measures.${i}.allDistricts`,
          meta.jurisdictionCode === null
            ? '各区政府 needs the plan’s jurisdiction (meta.jurisdictionCode)'
            : `各区政府 expands to nothing: ${meta.jurisdictionCode} has no district governments`,
        );
      }
      return {
        number: measure.number,
        section: measure.section,
        title: measure.title,
        body: measure.body,
        leadAgencyIds: [...new Set(idsOf(measure.leadCodes, 'leadCodes'))],
        partnerAgencyIds: [...new Set(idsOf(measure.partnerCodes, 'partnerCodes'))],
        allDistricts: measure.allDistricts,
        kpis: measure.kpis,
        deadline: measure.deadline,
      };
    });

    const sourceHash = await planSourceHash(input.sourceText);
    const planMeta: PlanMetaInput = {
      title: meta.title,
      issuer: meta.issuer,
      documentNumber: meta.documentNumber,
      issuedOn: meta.issuedOn,
      jurisdictionAgencyId,
      coordinatorAgencyId: coordinator.id,
      reportingPolicy: meta.reportingPolicy,
      sourceText: input.sourceText,
      sourceHash,
    };

    return db.transaction().execute(async (trx): Promise<PlanConfirmResult> => {
      await lockPlanImports(trx);
      const stored = await findStored(trx, sourceHash, meta);
      if (!stored) {
        const { planId } = await createPlanWithMeasures(trx, { ...planMeta, createdBy: actor.userId, measures });
        return { planId, created: true, measureCount: measures.length };
      }
      assertMayCoordinate(actor, stored.coordinatorAgencyId, `${stored.coordinatorName} coordinates the stored plan`);
      const plan = await getPlan(trx, stored.id);
      if (!plan) throw new Error(`plan ${stored.id} vanished inside its transaction`);
      const incoming: PlanFacts = {
        title: meta.title,
        issuer: meta.issuer,
        documentNumber: meta.documentNumber,
        issuedOn: meta.issuedOn,
        coordinatorCode: meta.coordinatorAgencyCode,
        jurisdictionCode: meta.jurisdictionCode,
        reportingPolicy: meta.reportingPolicy,
        measures: input.measures.map((m) => ({
          number: m.number,
          title: m.title,
          body: m.body,
          leads: [...new Set(m.leadCodes)],
          partners: withoutImpliedDistricts([...new Set(m.partnerCodes)], m.allDistricts, districtCodes).filter((c) => !m.leadCodes.includes(c)),
          allDistricts: m.allDistricts,
          kpis: m.kpis.map((k) => ({ metric: k.metric, target: k.target, unit: k.unit, comparator: k.comparator, deadline: k.deadline })),
          deadline: deadlineFact(m.deadline),
        })),
      };
      const diff = diffPlans(storedFacts(plan), incoming);
      if (diff.changeCount === 0) return { planId: plan.id, created: false, changes: 0 };
      const { changes } = await applyPlanRevision(trx, plan.id, { meta: planMeta, measures, diff });
      return { planId: plan.id, created: false, changes };
    });
  }

  async function list(actor: Actor): Promise<PlanListItem[]> {
    const plans = await listPlans(db, planScopeOf(actor));
    return plans.map((p) => ({
      id: p.id,
      title: p.title,
      documentNumber: p.documentNumber,
      issuer: p.issuer,
      issuedOn: p.issuedOn,
      status: p.status,
      coordinator: { code: p.coordinatorCode, name: p.coordinatorName },
      measureCount: p.measureCount,
      createdAt: p.createdAt.toISOString(),
    }));
  }

  /** A plan with its measures; NOT_FOUND alike for a plan that does not exist and one the person may not see. */
  async function get(actor: Actor, id: string): Promise<PlanView> {
    const plan = await getPlan(db, id, planScopeOf(actor));
    if (!plan) throw new NotFoundError('plan', id);
    const now = new Date();
    return {
      id: plan.id,
      title: plan.title,
      documentNumber: plan.documentNumber,
      issuer: plan.issuer,
      issuedOn: plan.issuedOn,
      status: plan.status,
      coordinator: { code: plan.coordinatorCode, name: plan.coordinatorName },
      jurisdiction: plan.jurisdictionCode && plan.jurisdictionName ? { code: plan.jurisdictionCode, name: plan.jurisdictionName } : null,
      reportingPolicy: plan.reportingPolicy,
      measureCount: plan.measureCount,
      createdAt: plan.createdAt.toISOString(),
      updatedAt: plan.updatedAt.toISOString(),
      measures: plan.measures.map((m) => ({
        id: m.id,
        number: m.number,
        section: m.section,
        title: m.title,
        body: m.body,
        status: m.status,
        allDistricts: m.allDistricts,
        leads: m.leads.map(ref),
        partners: m.partners.map(ref),
        districts: m.districts.map(ref),
        kpis: m.kpis,
        deadline: m.deadline,
        overdue: isMeasureOverdue({ dueOn: m.deadline?.due ?? null, ongoing: m.deadline?.ongoing ?? false, status: m.status }, now),
      })),
    };
  }

  return {
    /** Reads a pasted or uploaded document and shows what would be imported; stores nothing. */
    preview,

    /**
     * Stores the reviewed plan (or the changes to the stored copy of the same document), then brings its
     * measures' workflows in line (`measures.startWorkflows`): after the commit, and also when nothing changed,
     * so confirming again retries a start that failed. Starting is idempotent.
     */
    async confirm(actor: Actor, input: ConfirmInput): Promise<PlanConfirmResult> {
      const result = await store(actor, input);
      await measureService.startWorkflows(result.planId, actor);
      return result;
    },

    /** The plans the person may see. */
    list,

    /** One plan with its measures, or NOT_FOUND (also when the person may not see it). */
    get,
  };
}

export type PlanService = ReturnType<typeof createPlanService>;
