import type { Db } from '@liandong/db';

export interface CoordinationServiceDeps {
  db: Db;
  clock?: () => Date;
}

export function createCoordinationService(_deps: CoordinationServiceDeps) {
  return {};
}

export type CoordinationService = ReturnType<typeof createCoordinationService>;
