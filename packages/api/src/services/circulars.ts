import type { Db } from '@liandong/db';

export interface CircularsServiceDeps {
  db: Db;
  clock?: () => Date;
}

export function createCircularsService(_deps: CircularsServiceDeps) {
  return {};
}

export type CircularsService = ReturnType<typeof createCircularsService>;
