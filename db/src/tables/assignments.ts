import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export type AssignmentRole = 'lead' | 'partner';
/** `withdrawn`: the duty moved to another agency (reassigned after a decline, or transferred). */
export type AssignmentStatus = 'pending' | 'accepted' | 'declined' | 'transfer_requested' | 'withdrawn';

/** One agency's duty on a measure: a lead (牵头单位) or a partner (配合单位). */
export interface AssignmentsTable {
  id: Generated<string>;
  measureId: string;
  agencyId: number;
  role: AssignmentRole;
  status: Generated<AssignmentStatus>;
  declineReason: string | null;
  transferToAgencyId: number | null;
  dueAt: Date | null;
  escalationLevel: 'blue' | 'yellow' | 'red' | null;
  updatedAt: Generated<Date>;
  /**
   * `dueAt` while the current cycle's report is owed (none submitted or accepted; a returned one does not count)
   * on an active measure, else null: overdue is `unreportedDueAt < now`. Kept by the database (a trigger).
   */
  unreportedDueAt: ColumnType<Date | null, never, never>;
}

export type Assignment = Selectable<AssignmentsTable>;
export type NewAssignment = Insertable<AssignmentsTable>;
export type AssignmentUpdate = Updateable<AssignmentsTable>;
