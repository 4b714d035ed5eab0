import { z } from 'zod';

/** ISO 8601 duration such as P1M, P3M, P1W or PT30S (short ones are for tests). */
const isoDuration = z
  .string()
  .regex(/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/, 'must be an ISO 8601 duration such as P1M or PT30S');

/**
 * A plan's reporting policy (报送要求): how often every assignment reports, when each report is due,
 * when to remind, and how many overdue working days climb each rung of the escalation ladder.
 */
export { isoDuration };

export const reportingPolicySchema = z.object({
  /** Cycle length: `monthly`, `quarterly` (calendar periods in China time), or any ISO 8601 duration. */
  cadence: z.union([z.literal('monthly'), z.literal('quarterly'), isoDuration]),
  /**
   * What the day counts below count: Chinese working days, or a fixed ISO duration per unit
   * (seconds in tests: this machine's Temporal dev server has no time skipping).
   */
  unit: z.union([z.literal('workingDay'), isoDuration]).default('workingDay'),
  /** A cycle's report is due this many working days after the cycle ends (e.g. 5th working day of next month); at least 1, so a report can be filed before it is due. */
  dueOffsetWorkingDays: z.number().int().min(1).max(60),
  /** Reminder (催办) this many working days before the due date. */
  reminderLeadWorkingDays: z.number().int().min(0).max(30),
  /** Overdue working days before each rung: blue (催办), yellow (督办单), red (通报). */
  escalation: z
    .object({
      blue: z.number().int().min(0),
      yellow: z.number().int().min(0),
      red: z.number().int().min(0),
    })
    .refine((e) => e.blue <= e.yellow && e.yellow <= e.red, { message: 'thresholds must climb: blue ≤ yellow ≤ red' }),
});

export type ReportingPolicy = z.infer<typeof reportingPolicySchema>;

/** Monthly, due on the 5th working day of the next month, reminded 2 working days before; 3/5/10 overdue working days. */
export const DEFAULT_REPORTING_POLICY: ReportingPolicy = {
  cadence: 'monthly',
  unit: 'workingDay',
  dueOffsetWorkingDays: 5,
  reminderLeadWorkingDays: 2,
  escalation: { blue: 3, yellow: 5, red: 10 },
};
