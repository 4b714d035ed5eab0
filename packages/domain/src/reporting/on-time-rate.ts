/**
 * 按时报送率 (on-time report rate) of each unit over a period, as a 通报 states it.
 *
 * The unit of count is a report duty: one agency's report for one reporting cycle of one measure. A duty falls in
 * the period [from, to) by what settled it, as of the moment the figures are taken:
 * - on time (按时报送): its first report (any later revision is a correction, not a new report) was submitted in the
 *   period, before its due date (`late` false);
 * - late (逾期报送): its first report was submitted in the period after its due date;
 * - missing (未报送): its due date passed and no report has been submitted for it at all: a closed cycle recorded
 *   missed in the period, or the current cycle's report still owed past a due date in the period.
 * due (应报送) = on time + late + missing, and the rate = on time ÷ due (null when nothing fell due).
 * A duty counts once in a period; a duty missed in one period and reported late in a later one is missing in the
 * first and late in the second.
 */
export type ReportDutyOutcome = 'on_time' | 'late' | 'missing';

export interface ReportDuty {
  agencyId: number;
  agencyName: string;
  outcome: ReportDutyOutcome;
}

export interface OnTimeRate {
  agencyId: number;
  agencyName: string;
  due: number;
  onTime: number;
  late: number;
  missing: number;
  /** onTime ÷ due in [0, 1]; null when nothing fell due. */
  rate: number | null;
}

/** One row per agency with a duty, lowest rate first (the units a circular calls out), then by name. */
export function onTimeRates(duties: readonly ReportDuty[]): OnTimeRate[] {
  const byAgency = new Map<number, OnTimeRate>();
  for (const duty of duties) {
    let row = byAgency.get(duty.agencyId);
    if (!row) {
      row = { agencyId: duty.agencyId, agencyName: duty.agencyName, due: 0, onTime: 0, late: 0, missing: 0, rate: null };
      byAgency.set(duty.agencyId, row);
    }
    row.due += 1;
    if (duty.outcome === 'on_time') row.onTime += 1;
    else if (duty.outcome === 'late') row.late += 1;
    else row.missing += 1;
  }
  const rows = [...byAgency.values()].map((row) => ({ ...row, rate: rateOf(row) }));
  return rows.sort((a, b) => (a.rate ?? 1) - (b.rate ?? 1) || a.agencyName.localeCompare(b.agencyName, 'zh-CN') || a.agencyId - b.agencyId);
}

/** The figures over every unit at once. */
export function totalOnTimeRate(rows: readonly OnTimeRate[]): Omit<OnTimeRate, 'agencyId' | 'agencyName'> {
  const sum = (pick: (r: OnTimeRate) => number) => rows.reduce((total, r) => total + pick(r), 0);
  const total = { due: sum((r) => r.due), onTime: sum((r) => r.onTime), late: sum((r) => r.late), missing: sum((r) => r.missing) };
  return { ...total, rate: rateOf(total) };
}

const rateOf = (row: { due: number; onTime: number }): number | null => (row.due === 0 ? null : row.onTime / row.due);

/** A rate as a circular prints it: 87.5%, or — when nothing fell due. */
export function formatRate(rate: number | null): string {
  if (rate === null) return '—';
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}
