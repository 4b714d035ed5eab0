import { randomUUID } from 'node:crypto';
import {
  ASSESSMENT_RULES,
  assessmentRulesSchema,
  chinaDate,
  DEFAULT_ASSESSMENT_RULES,
  hasRole,
  isReadOnly,
  mayExplainAssessment,
  mayReadAssessment,
  maySetAssessmentRules,
  parsePeriod,
  fullCounts,
  rank,
  RULE_LABELS,
  score,
  scoreFromCounts,
  type Actor,
  type AgencyScore,
  type AssessmentFact,
  type AssessmentPeriod,
  type AssessmentRule,
  type AssessmentRules,
  type ScoreLine,
} from '@liandong/domain';
import type { Db } from '@liandong/db';
import {
  agencyNames,
  agencyTakesPart,
  appendAuditEvent,
  applyOnce,
  countAssessmentFacts,
  findAssessmentRules,
  findPlanHeading,
  listAssessmentFacts,
  listLedgerRows,
  listPlanAgencies,
  upsertAssessmentRules,
  type LedgerRow,
} from '@liandong/db/queries';
import { fileDownload, renderXlsx, type FileDownload, type Sheet } from '@liandong/documents';
import { AppError, ForbiddenError, NotFoundError, READ_ONLY_MESSAGE } from '../errors';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface AssessmentServiceDeps {
  db: Db;
  clock?: () => Date;
}

export interface AssessmentRulesView {
  planId: string;
  rules: AssessmentRules;
  /** True while the plan has no rules of its own and is scored by the default. */
  isDefault: boolean;
  updatedBy: string | null;
  updatedAt: Date | null;
  defaults: AssessmentRules;
}

export interface RankingRow {
  rank: number;
  agencyId: number;
  agencyName: string;
  score: number;
  counts: Record<AssessmentRule, number>;
}

export interface AssessmentRanking {
  planId: string;
  planTitle: string;
  period: AssessmentPeriod;
  rules: AssessmentRules;
  rows: RankingRow[];
}

/** One line of an explanation: what earned or cost the points, from which audit event. */
export interface ExplanationLine {
  rule: ScoreLine['rule'];
  /** zh-CN: 基础分, 逾期报送, 黄色预警（督办单）…, 封顶调整, 保底调整. */
  label: string;
  points: number;
  auditEventId: number | null;
  occurredAt: Date | null;
  measureId: string | null;
  measureNumber: string | null;
  measureTitle: string | null;
  /** What the event was, e.g. 第2期 (the reporting cycle) or 升至红色. */
  detail: string;
}

export interface AssessmentExplanation {
  planId: string;
  period: AssessmentPeriod;
  agencyId: number;
  agencyName: string;
  score: number;
  counts: Record<AssessmentRule, number>;
  /** Base first, then the events in time order, then any cap or floor; they add up to `score`. */
  lines: ExplanationLine[];
}

const LEVEL_NAMES = { blue: '蓝色', yellow: '黄色', red: '红色' } as const;
const LINE_LABELS: Record<ScoreLine['rule'], string> = { ...RULE_LABELS, base: '基础分', cap: '封顶调整', floor: '保底调整' };

function detailOf(fact: AssessmentFact | null): string {
  if (!fact) return '';
  switch (fact.kind) {
    case 'report':
      return `第${fact.cycleIndex + 1}期报告${fact.late ? '（逾期）' : ''}`;
    case 'missed':
      return `第${fact.cycleIndex + 1}期报告未报送`;
    case 'returned':
      return `第${fact.cycleIndex + 1}期报告被退回`;
    case 'escalation':
      return `督办升至${LEVEL_NAMES[fact.level]}`;
    case 'closure':
      return fact.deadline ? `销号（期限 ${chinaDate(new Date(fact.deadline.getTime() - 1))}）` : '销号';
  }
}

const explanationLines = (s: AgencyScore): ExplanationLine[] =>
  s.lines.map((line) => ({
    rule: line.rule,
    label: LINE_LABELS[line.rule],
    points: line.points,
    auditEventId: line.fact?.auditEventId ?? null,
    occurredAt: line.fact?.occurredAt ?? null,
    measureId: line.fact?.measureId ?? null,
    measureNumber: line.fact?.measureNumber ?? null,
    measureTitle: line.fact?.measureTitle ?? null,
    detail: detailOf(line.fact),
  }));

const CHINA_OFFSET_MS = 8 * 3600_000;
/** `2026-12-01 09:30`, China time. */
const chinaTime = (at: Date) => new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');

const STATUS_NAMES: Record<LedgerRow['status'], string> = { active: '推进中', closure_requested: '申请销号', closed: '已销号', withdrawn: '已撤销' };
const COMPARATORS = { '>=': '≥', '<=': '≤', '=': '=' } as const;

/** A period key the router has checked; anything else here is a caller's bug reported as bad input. */
function periodOf(key: string): AssessmentPeriod {
  const period = parsePeriod(key);
  if (!period) throw new AppError('BAD_INPUT', "period must be a month 'YYYY-MM' or a quarter 'YYYY-Qn'", 'period');
  return period;
}

/** Agency assessment (考核) by per-plan scoring rules, explained from the audit log; the plan ledger (台账). */
export function createAssessmentService({ db, clock = () => new Date() }: AssessmentServiceDeps) {
  /** The plan, if the actor may read its assessment; unknown plans are NOT_FOUND only for those who read every plan. */
  async function planFor(actor: Actor, planId: string, allowed: (coordinatorAgencyId: number) => boolean | Promise<boolean>, what: string) {
    const plan = await findPlanHeading(db, planId);
    if (plan && (await allowed(plan.coordinatorAgencyId))) return plan;
    if (!plan && hasRole(actor, 'auditor', 'admin')) throw new NotFoundError('plan', planId);
    throw new ForbiddenError(`无权访问: ${what} of plan ${planId} is for its coordinator, auditors and admins`);
  }

  async function rulesOf(planId: string): Promise<AssessmentRules> {
    return (await findAssessmentRules(db, planId))?.rules ?? DEFAULT_ASSESSMENT_RULES;
  }

  /** Every unit of the plan (and any unit an event of the period names) scored, ranked. */
  async function scoreboard(planId: string, period: AssessmentPeriod) {
    const [rules, facts, agencies] = await Promise.all([rulesOf(planId), listAssessmentFacts(db, { planId, start: period.start, end: period.end }), listPlanAgencies(db, planId)]);
    const names = new Map(agencies.map((a) => [a.id, a.name]));
    const strangers = [...new Set(facts.map((f) => f.agencyId))].filter((id) => !names.has(id));
    if (strangers.length > 0) for (const [id, name] of await agencyNames(db, strangers)) names.set(id, name);
    const scores = score(rules, facts, [...names.keys()]);
    const ranked = rank(scores.map((s) => ({ ...s, agencyName: names.get(s.agencyId) ?? `#${s.agencyId}` })));
    return { rules, ranked };
  }

  /**
   * The ranking from counts per unit and rule, counted in the database: the same scores as the facts give
   * (`scoreFromCounts`), without carrying every event of the period into the process.
   */
  async function ranking(actor: Actor, input: { planId: string; period: string }): Promise<AssessmentRanking> {
    const plan = await planFor(actor, input.planId, (c) => mayReadAssessment(actor, c), 'the assessment ranking');
    const period = periodOf(input.period);
    const [rules, counted, agencies] = await Promise.all([rulesOf(plan.id), countAssessmentFacts(db, { planId: plan.id, start: period.start, end: period.end }), listPlanAgencies(db, plan.id)]);
    const names = new Map(agencies.map((a) => [a.id, a.name]));
    const strangers = counted.map((c) => c.agencyId).filter((id) => !names.has(id));
    if (strangers.length > 0) for (const [id, name] of await agencyNames(db, strangers)) names.set(id, name);
    const countsOf = new Map(counted.map((c) => [c.agencyId, fullCounts(c.counts)]));
    const entries = [...names].map(([agencyId, agencyName]) => {
      const counts = countsOf.get(agencyId) ?? fullCounts({});
      return { agencyId, agencyName, counts, score: scoreFromCounts(rules, counts) };
    });
    return {
      planId: plan.id,
      planTitle: plan.title,
      period,
      rules,
      rows: rank(entries).map(({ rank: r, entry }) => ({ rank: r, agencyId: entry.agencyId, agencyName: entry.agencyName, score: entry.score, counts: entry.counts })),
    };
  }

  return {
    /** The plan's scoring rules (the default until set): its coordinator, auditors, admins, and officers of its units. */
    async rules(actor: Actor, planId: string): Promise<AssessmentRulesView> {
      const plan = await planFor(actor, planId, async (c) => mayReadAssessment(actor, c) || (hasRole(actor, 'officer') && (await agencyTakesPart(db, planId, actor.agencyId))), 'the assessment rules');
      const stored = await findAssessmentRules(db, plan.id);
      return {
        planId: plan.id,
        rules: stored?.rules ?? DEFAULT_ASSESSMENT_RULES,
        isDefault: stored === undefined,
        updatedBy: stored?.updatedBy ?? null,
        updatedAt: stored?.updatedAt ?? null,
        defaults: DEFAULT_ASSESSMENT_RULES,
      };
    },

    /**
     * Replaces the plan's rules: its coordinator or an admin, never an auditor. Stored and audited
     * (`assessment.rules_set`, with the rules before and after) in one transaction; a repeated `requestId` applies once.
     */
    async setRules(actor: Actor, input: { planId: string; rules: unknown; requestId?: string }): Promise<{ planId: string; rules: AssessmentRules; updatedAt: Date }> {
      if (isReadOnly(actor)) throw new ForbiddenError(READ_ONLY_MESSAGE);
      const plan = await findPlanHeading(db, input.planId);
      if (!plan || !maySetAssessmentRules(actor, plan.coordinatorAgencyId)) {
        if (!plan && hasRole(actor, 'admin')) throw new NotFoundError('plan', input.planId);
        throw new ForbiddenError(`无权操作: only plan ${input.planId}'s coordinator or an admin sets its assessment rules`);
      }
      const parsed = assessmentRulesSchema.safeParse(input.rules);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const field = ['rules', ...issue.path.map(String)].join('.');
        throw new AppError('BAD_INPUT', issue.message, field);
      }
      const rules = parsed.data;
      const requestId = input.requestId ?? randomUUID();
      return applyOnce(db, { workflowId: `assessment-rules:${plan.id}`, updateId: `${actor.userId}:${requestId}` }, async (trx) => {
        const updatedAt = clock();
        const previous = (await findAssessmentRules(trx, plan.id))?.rules ?? null;
        await upsertAssessmentRules(trx, { planId: plan.id, rules, updatedBy: actor.username, updatedAt });
        await appendAuditEvent(trx, {
          eventKey: `assessment.rules_set:${plan.id}:${actor.userId}:${requestId}`,
          occurredAt: updatedAt,
          actor: actor.username,
          actorAgencyId: actor.agencyId > 0 ? actor.agencyId : null,
          action: 'assessment.rules_set',
          subjectType: 'plan',
          subjectId: plan.id,
          measureId: null,
          payload: { rules, previous },
          workflowId: null,
          runId: null,
        });
        return { planId: plan.id, rules, updatedAt };
      });
    },

    /** Each unit's score for a month or quarter (China time), ranked; the plan's coordinator, auditors and admins. */
    ranking,

    /**
     * One unit's score, line by line, each event with its audit event id; the lines add up to the score. The plan's
     * coordinator, auditors and admins for any unit; an officer for its own unit (when it takes part in the plan).
     */
    async explain(actor: Actor, input: { planId: string; period: string; agencyId: number }): Promise<AssessmentExplanation> {
      const plan = await planFor(
        actor,
        input.planId,
        async (c) => mayReadAssessment(actor, c) || (mayExplainAssessment(actor, c, input.agencyId) && (await agencyTakesPart(db, input.planId, input.agencyId))),
        "a unit's assessment",
      );
      const period = periodOf(input.period);
      const rules = await rulesOf(plan.id);
      const facts = await listAssessmentFacts(db, { planId: plan.id, start: period.start, end: period.end, agencyId: input.agencyId });
      const [own] = score(rules, facts, [input.agencyId]);
      const name = (await agencyNames(db, [input.agencyId])).get(input.agencyId);
      if (name === undefined) throw new NotFoundError('agency', input.agencyId);
      // Only a unit the ranking lists has a score to explain: one of the plan, or one with facts in the period.
      if (facts.length === 0 && !(await listPlanAgencies(db, plan.id)).some((a) => a.id === input.agencyId)) {
        throw new AppError('BAD_INPUT', `${name} is not a unit (承办单位) of this plan, so it has no score`, 'agencyId');
      }
      return { planId: plan.id, period, agencyId: input.agencyId, agencyName: name, score: own!.score, counts: own!.counts, lines: explanationLines(own!) };
    },

    /** The ranking and every unit's explanation as .xlsx (two sheets); who may read the ranking. */
    async exportAssessment(actor: Actor, input: { planId: string; period: string }): Promise<FileDownload> {
      const plan = await planFor(actor, input.planId, (c) => mayReadAssessment(actor, c), 'the assessment');
      const period = periodOf(input.period);
      const { ranked } = await scoreboard(plan.id, period);
      const rankingSheet: Sheet = {
        name: '考核排名',
        title: `${plan.title} ${period.label}考核排名`,
        columns: [
          { header: '排名', key: 'rank', kind: 'number', width: 6 },
          { header: '单位', key: 'agency', width: 28 },
          { header: '得分', key: 'score', kind: 'number', width: 8 },
          ...ASSESSMENT_RULES.map((rule) => ({ header: `${RULE_LABELS[rule]}（次）`, key: rule, kind: 'number' as const, width: 10 })),
        ],
        rows: ranked.map(({ rank: r, entry }) => ({ rank: r, agency: entry.agencyName, score: entry.score, ...entry.counts })),
      };
      const explanationSheet: Sheet = {
        name: '得分明细',
        title: `${plan.title} ${period.label}得分明细（每项可按审计事件号查证）`,
        columns: [
          { header: '单位', key: 'agency', width: 24 },
          { header: '事项', key: 'label', width: 18 },
          { header: '分值', key: 'points', kind: 'number', width: 8 },
          { header: '时间', key: 'at', width: 17 },
          { header: '措施编号', key: 'number', width: 10 },
          { header: '措施', key: 'title', width: 40 },
          { header: '说明', key: 'detail', width: 24 },
          { header: '审计事件号', key: 'auditEventId', kind: 'number', width: 11 },
        ],
        rows: ranked.flatMap(({ entry }) =>
          explanationLines(entry).map((line) => ({
            agency: entry.agencyName,
            label: line.label,
            points: line.points,
            at: line.occurredAt ? chinaTime(line.occurredAt) : null,
            number: line.measureNumber,
            title: line.measureTitle,
            detail: line.detail,
            auditEventId: line.auditEventId,
          })),
        ),
      };
      const bytes = await renderXlsx([rankingSheet, explanationSheet], { title: rankingSheet.title });
      return fileDownload(`${plan.title}-考核-${period.key}.xlsx`, XLSX, bytes);
    },

    /** 台账: every measure of the plan, one row each, as .xlsx; the plan's coordinator, auditors and admins. */
    async exportLedger(actor: Actor, input: { planId: string }): Promise<FileDownload> {
      const plan = await planFor(actor, input.planId, (c) => mayReadAssessment(actor, c), 'the ledger');
      const rows = await listLedgerRows(db, plan.id);
      const today = chinaDate(clock());
      const sheet: Sheet = {
        name: '台账',
        title: `${plan.title} 工作台账（${today}）`,
        columns: [
          { header: '序号', key: 'seq', kind: 'number', width: 6 },
          { header: '编号', key: 'number', width: 8 },
          { header: '措施', key: 'title', width: 40 },
          { header: '牵头单位', key: 'leads', width: 20 },
          { header: '配合单位', key: 'partners', width: 28 },
          { header: '状态', key: 'status', width: 9 },
          { header: '督办等级', key: 'light', width: 10 },
          { header: '最新进展', key: 'progress', width: 40 },
          { header: '完成进度', key: 'percent', kind: 'percent', width: 9 },
          { header: '报送时间', key: 'reportedAt', width: 17 },
          { header: '量化指标（目标 / 最新值）', key: 'kpis', width: 36 },
          { header: '当前截止日期', key: 'dueOn', kind: 'date', width: 12 },
          { header: '未办结督办', key: 'escalations', width: 16 },
          { header: '未办结督办数', key: 'escalationCount', kind: 'number', width: 8 },
        ],
        rows: rows.map((row, i) => {
          const light = row.openRed > 0 ? '红色预警' : row.openYellow > 0 ? '黄色预警' : row.openBlue > 0 ? '蓝色预警' : '绿色（正常）';
          const open = [
            [row.openRed, '红色'],
            [row.openYellow, '黄色'],
            [row.openBlue, '蓝色'],
          ] as const;
          return {
            seq: i + 1,
            number: row.number,
            title: row.title,
            leads: row.leads,
            partners: row.partners,
            status: STATUS_NAMES[row.status],
            light,
            progress: row.latestSummary,
            percent: row.latestPercent === null ? null : row.latestPercent / 100,
            reportedAt: row.latestAt ? chinaTime(row.latestAt) : null,
            kpis: row.kpis
              .map((k) => `${k.metric}：目标${COMPARATORS[k.comparator]}${k.target}${k.unit}${k.deadlineYear ? `（${k.deadlineYear}年）` : ''}；最新${k.latest === null ? '未报' : `${k.latest}${k.unit}`}`)
              .join('\n'),
            dueOn: row.status === 'closed' || row.status === 'withdrawn' || row.cycleDueAt === null ? null : chinaDate(row.cycleDueAt),
            escalations: open
              .filter(([n]) => n > 0)
              .map(([n, level]) => `${level}${n}项`)
              .join('、'),
            escalationCount: row.openRed + row.openYellow + row.openBlue,
          };
        }),
      };
      const bytes = await renderXlsx([sheet], { title: sheet.title });
      return fileDownload(`${plan.title}-台账-${today}.xlsx`, XLSX, bytes);
    },
  };
}

export type AssessmentService = ReturnType<typeof createAssessmentService>;
