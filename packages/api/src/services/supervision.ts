import type { Db } from '@liandong/db';

export interface SupervisionServiceDeps {
  db: Db;
  clock?: () => Date;
}

export function createSupervisionService(_deps: SupervisionServiceDeps) {
  return {};
}

export type SupervisionService = ReturnType<typeof createSupervisionService>;
