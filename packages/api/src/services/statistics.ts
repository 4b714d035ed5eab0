import type { Db } from '@liandong/db';

export interface StatisticsServiceDeps {
  db: Db;
  clock?: () => Date;
}

export function createStatisticsService(_deps: StatisticsServiceDeps) {
  return {};
}

export type StatisticsService = ReturnType<typeof createStatisticsService>;
