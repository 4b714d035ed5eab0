import type { EscalationLevel } from '../reporting/ladder';
import { ASSESSMENT_RULES, RULE_SIGN, type AssessmentRule, type AssessmentRules } from './rules';

/** What every fact names: the audit event it was read from, when, which measure, and the unit it counts for. */
interface FactOf {
  auditEventId: number;
  occurredAt: Date;
  measureId: string;
  measureNumber: string;
  measureTitle: string;
  agencyId: number;
}

/**
 * One event of the period that may earn or cost a unit points, as read from the audit log:
 * - `report`: a cycle's first submission (`report.submitted`, revision 1); `cycleMissed` when that cycle was
 *   already counted missed, so a late report costs no more than none;
 * - `missed`: a cycle closed with the unit's report owed (`cycle.missed`);
 * - `returned`: a report returned for revision (`report.returned`);
 * - `escalation`: an escalation against the unit raised at, or climbed to, `level`;
 * - `closure`: a measure the unit leads closed (`closure.approved`), with its deadline (none when no target is dated).
 */
export type AssessmentFact =
  | (FactOf & { kind: 'report'; cycleIndex: number; late: boolean; cycleMissed: boolean })
  | (FactOf & { kind: 'missed'; cycleIndex: number })
  | (FactOf & { kind: 'returned'; cycleIndex: number })
  | (FactOf & { kind: 'escalation'; level: EscalationLevel })
  | (FactOf & { kind: 'closure'; deadline: Date | null });

/** One line of a score's explanation; the lines add up to the score. */
export interface ScoreLine {
  /** `base` (基础分), a rule, or the adjustment a `cap`/`floor` made. */
  rule: 'base' | AssessmentRule | 'cap' | 'floor';
  points: number;
  /** The fact a rule line comes from; null for base, cap and floor. */
  fact: AssessmentFact | null;
}

export interface AgencyScore {
  agencyId: number;
  score: number;
  /** How many facts each rule counted. */
  counts: Record<AssessmentRule, number>;
  /** Base first, then the facts in time order, then any cap or floor adjustment. */
  lines: ScoreLine[];
}

/**
 * The rule a fact falls under, or null when it earns and costs nothing: a late report of a cycle already counted
 * missed (it was deducted once), a closure after its deadline.
 */
export function ruleOf(fact: AssessmentFact): AssessmentRule | null {
  switch (fact.kind) {
    case 'report':
      if (!fact.late) return 'onTimeReport';
      return fact.cycleMissed ? null : 'lateReport';
    case 'missed':
      return 'missedReport';
    case 'returned':
      return 'returnedReport';
    case 'escalation':
      return `${fact.level}Escalation`;
    case 'closure':
      return fact.deadline === null || fact.occurredAt.getTime() <= fact.deadline.getTime() ? 'closedBeforeDeadline' : null;
  }
}

/** Points in hundredths: the rules allow two decimals, so sums in whole hundredths are exact. */
const hundredths = (points: number): number => Math.round(points * 100);
const fromHundredths = (h: number): number => h / 100;

const noCounts = (): Record<AssessmentRule, number> => Object.fromEntries(ASSESSMENT_RULES.map((r) => [r, 0])) as Record<AssessmentRule, number>;

const byTime = (a: AssessmentFact, b: AssessmentFact) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.auditEventId - b.auditEventId;

/**
 * Scores every unit named in `agencyIds` or in a fact: the base, plus or minus each fact's rule, then the cap and
 * floor. Pure: the same rules and facts give the same scores, and each score is the sum of its lines.
 */
export function score(rules: AssessmentRules, facts: readonly AssessmentFact[], agencyIds: readonly number[] = []): AgencyScore[] {
  const byAgency = new Map<number, AssessmentFact[]>();
  for (const id of agencyIds) byAgency.set(id, []);
  for (const fact of facts) {
    const list = byAgency.get(fact.agencyId);
    if (list) list.push(fact);
    else byAgency.set(fact.agencyId, [fact]);
  }
  return [...byAgency].map(([agencyId, own]) => scoreOne(rules, agencyId, own));
}

function scoreOne(rules: AssessmentRules, agencyId: number, facts: AssessmentFact[]): AgencyScore {
  const counts = noCounts();
  const lines: { rule: ScoreLine['rule']; h: number; fact: AssessmentFact | null }[] = [{ rule: 'base', h: hundredths(rules.base), fact: null }];
  for (const fact of [...facts].sort(byTime)) {
    const rule = ruleOf(fact);
    if (rule === null) continue;
    counts[rule] += 1;
    lines.push({ rule, h: RULE_SIGN[rule] * hundredths(rules[rule]), fact });
  }
  const raw = lines.reduce((sum, line) => sum + line.h, 0);
  let total = raw;
  if (rules.cap !== null && total > hundredths(rules.cap)) total = hundredths(rules.cap);
  if (rules.floor !== null && total < hundredths(rules.floor)) total = hundredths(rules.floor);
  if (total !== raw) lines.push({ rule: total < raw ? 'cap' : 'floor', h: total - raw, fact: null });
  return { agencyId, score: fromHundredths(total), counts, lines: lines.map((l) => ({ rule: l.rule, points: fromHundredths(l.h), fact: l.fact })) };
}

/**
 * A score from its counts per rule alone: the base plus each rule's points times its count, then the cap and floor.
 * The same as `score` gives for facts with these counts, for a ranking that needs no explanation lines.
 */
export function scoreFromCounts(rules: AssessmentRules, counts: Readonly<Record<AssessmentRule, number>>): number {
  const raw = ASSESSMENT_RULES.reduce((sum, rule) => sum + RULE_SIGN[rule] * hundredths(rules[rule]) * (counts[rule] ?? 0), hundredths(rules.base));
  let total = raw;
  if (rules.cap !== null && total > hundredths(rules.cap)) total = hundredths(rules.cap);
  if (rules.floor !== null && total < hundredths(rules.floor)) total = hundredths(rules.floor);
  return fromHundredths(total);
}

/** Counts per rule with every rule present (0 when absent). */
export const fullCounts = (partial: Partial<Record<AssessmentRule, number>>): Record<AssessmentRule, number> => ({ ...noCounts(), ...partial });

export interface RankedAgency<T> {
  rank: number;
  entry: T;
}

const collator = new Intl.Collator('zh-Hans-CN');

/**
 * Highest score first; equal scores share a rank (1, 2, 2, 4) and are listed by name (pinyin order), then id.
 */
export function rank<T extends { score: number; agencyId: number; agencyName: string }>(entries: readonly T[]): RankedAgency<T>[] {
  const sorted = [...entries].sort((a, b) => b.score - a.score || collator.compare(a.agencyName, b.agencyName) || a.agencyId - b.agencyId);
  let previous: { score: number; rank: number } | null = null;
  return sorted.map((entry, i) => {
    const r = previous !== null && previous.score === entry.score ? previous.rank : i + 1;
    previous = { score: entry.score, rank: r };
    return { rank: r, entry };
  });
}
