import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { AgencyKind, AgencyLevel } from '@liandong/domain';

/** The agency directory: every unit that can lead, partner, coordinate or audit. */
export interface AgenciesTable {
  id: Generated<number>;
  code: string;
  name: string;
  shortNames: ColumnType<string[], string[] | undefined, string[]>;
  level: AgencyLevel;
  parentId: number | null;
  kind: AgencyKind;
  createdAt: ColumnType<Date, never, never>;
}

export type Agency = Selectable<AgenciesTable>;
export type NewAgency = Insertable<AgenciesTable>;
export type AgencyUpdate = Updateable<AgenciesTable>;
