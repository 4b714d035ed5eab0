import { z } from 'zod';

/**
 * What earns or costs points in an agency's assessment (考核). Deductions are kept as positive amounts
 * (扣分 0.5 means 0.5 points off), so a rule can never turn a penalty into a reward.
 */
export const ASSESSMENT_RULES = [
  'onTimeReport',
  'lateReport',
  'missedReport',
  'returnedReport',
  'blueEscalation',
  'yellowEscalation',
  'redEscalation',
  'closedBeforeDeadline',
] as const;
export type AssessmentRule = (typeof ASSESSMENT_RULES)[number];

/** Whether a rule adds (+) or deducts (−) its points. */
export const RULE_SIGN: Record<AssessmentRule, 1 | -1> = {
  onTimeReport: 1,
  lateReport: -1,
  missedReport: -1,
  returnedReport: -1,
  blueEscalation: -1,
  yellowEscalation: -1,
  redEscalation: -1,
  closedBeforeDeadline: 1,
};

/** zh-CN names of the rules, as the ranking, the explanation and the exported sheet show them. */
export const RULE_LABELS: Record<AssessmentRule, string> = {
  onTimeReport: '按时报送',
  lateReport: '逾期报送',
  missedReport: '未报送',
  returnedReport: '退回返工',
  blueEscalation: '蓝色预警',
  yellowEscalation: '黄色预警（督办单）',
  redEscalation: '红色预警（通报）',
  closedBeforeDeadline: '按期销号',
};

const MAX_POINTS = 1000;

/** Points: 0 to 1000 in steps of 0.01 (scores are summed in hundredths, so they add up exactly). */
const points = (field: string) => {
  const message = `${field} must be a number from 0 to ${MAX_POINTS} with at most two decimals`;
  return z
    .number({ message })
    .min(0, { message })
    .max(MAX_POINTS, { message })
    .refine((value) => Number.isFinite(value) && Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, { message });
};

/** The rules of one plan's assessment; stored per plan, validated here. */
export const assessmentRulesSchema = z
  .object({
    /** Every unit starts from this (基础分). */
    base: points('base'),
    /** + per report submitted by its due date (first submission of a cycle). */
    onTimeReport: points('onTimeReport'),
    /** − per report submitted after its due date (first submission of a cycle not already counted missed). */
    lateReport: points('lateReport'),
    /** − per cycle that closed with the unit's report still owed (未报送). */
    missedReport: points('missedReport'),
    /** − per report returned for revision (退回返工). */
    returnedReport: points('returnedReport'),
    /** − per escalation against the unit reaching blue (催办). */
    blueEscalation: points('blueEscalation'),
    /** − per escalation against the unit reaching yellow (督办单). */
    yellowEscalation: points('yellowEscalation'),
    /** − per escalation against the unit reaching red (通报). */
    redEscalation: points('redEscalation'),
    /** + per measure the unit leads that is closed (销号) before its deadline. */
    closedBeforeDeadline: points('closedBeforeDeadline'),
    /** The highest score there is (封顶), or none. */
    cap: points('cap').nullable(),
    /** The lowest score there is (保底), or none. */
    floor: points('floor').nullable(),
  })
  .strict()
  .superRefine((rules, ctx) => {
    if (rules.cap !== null && rules.floor !== null && rules.floor > rules.cap) ctx.addIssue({ code: 'custom', path: ['floor'], message: 'floor must not be above cap' });
  });

export type AssessmentRules = z.infer<typeof assessmentRulesSchema>;

/**
 * Modelled on published county rules (县级重点工作督查考核办法): a base of 100; late reporting, missed reports,
 * rework and escalations cost points, yellow (督办) more than blue and red (通报) most; finishing a measure ahead
 * of its deadline earns a bonus; the score does not go below 0.
 */
export const DEFAULT_ASSESSMENT_RULES: AssessmentRules = {
  base: 100,
  onTimeReport: 0.5,
  lateReport: 1,
  missedReport: 2,
  returnedReport: 0.5,
  blueEscalation: 0,
  yellowEscalation: 2,
  redEscalation: 5,
  closedBeforeDeadline: 3,
  cap: null,
  floor: 0,
};
