import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** A quantitative target (量化指标) of a measure: `到2025年…集装箱吞吐量达3700万标箱`. */
export interface MeasureKpisTable {
  id: Generated<string>;
  measureId: string;
  /** Order within the measure, from 0. */
  seq: number;
  metric: string;
  /** numeric in PostgreSQL, read as a JS number (see database.ts). */
  target: number;
  /** Unit as written, magnitude included: 万标箱, 亿元, 个工作日. */
  unit: string;
  comparator: '>=' | '<=' | '=';
  deadlineYear: number | null;
  /** The clause the target was read from. */
  sourceText: ColumnType<string, string | undefined, string>;
}

export type MeasureKpi = Selectable<MeasureKpisTable>;
export type NewMeasureKpi = Insertable<MeasureKpisTable>;
export type MeasureKpiUpdate = Updateable<MeasureKpisTable>;
