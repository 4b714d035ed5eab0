import type { ColumnType, Generated, Selectable } from 'kysely';
import type { EscalationLevel } from '@liandong/domain';

type Json<T> = ColumnType<T, string, string>;
type Created = ColumnType<Date, Date | string | undefined, never>;

/** A lead's breakdown of a measure (分解/交办) for one partner unit. */
export interface SubtasksTable {
  id: string;
  measureId: string;
  assigneeAgencyId: number;
  createdByAgencyId: number;
  title: string;
  dueAt: Date;
  status: Generated<'open' | 'done'>;
  createdAt: Created;
}

/** One revision of a cycle's report: a partner's, or the lead's combined report. */
export interface ReportsTable {
  id: string;
  measureId: string;
  agencyId: number;
  cycleIndex: number;
  kind: 'partner' | 'combined';
  revision: number;
  status: Generated<'submitted' | 'accepted' | 'returned'>;
  progressStatus: 'on_track' | 'at_risk' | 'blocked' | 'done';
  percentDone: number;
  kpiValues: Json<{ metric: string; value: number }[]>;
  summary: Generated<string>;
  problems: Generated<string>;
  supportRequested: Generated<string>;
  late: Generated<boolean>;
  submittedBy: string;
  submittedAt: Date;
  reviewComment: string | null;
  reviewedAt: Date | null;
}

export interface EscalationsTable {
  id: string;
  measureId: string;
  agencyId: number | null;
  cycleIndex: number | null;
  kind: 'overdue' | 'manual';
  level: EscalationLevel;
  status: Generated<'open' | 'acknowledged' | 'resolved'>;
  reason: string;
  raisedBy: string;
  raisedAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  decision: string | null;
}

/** 跨部门联动事项: a problem blocking a measure that needs other agencies. */
export interface CoordinationIssuesTable {
  id: string;
  measureId: string;
  raisedByAgencyId: number;
  title: string;
  description: string;
  neededAgencyIds: number[];
  responderAgencyIds: Generated<number[]>;
  status: Generated<'open' | 'triaged' | 'resolved'>;
  dueAt: Date | null;
  resolution: string | null;
  raisedAt: Date;
  resolvedAt: Date | null;
}

/** 延期申请 */
export interface ExtensionRequestsTable {
  id: string;
  measureId: string;
  agencyId: number;
  currentDueAt: Date;
  requestedDueAt: Date;
  reason: string;
  status: Generated<'pending' | 'approved' | 'rejected'>;
  decidedBy: string | null;
  decidedAt: Date | null;
  comment: string | null;
  requestedAt: Date;
}

/** 申请办结 → 销号 */
export interface ClosureRequestsTable {
  id: string;
  measureId: string;
  evidence: string;
  finalKpis: Json<{ metric: string; value: number }[]>;
  status: Generated<'pending' | 'approved' | 'returned'>;
  requestedAt: Date;
  decidedAt: Date | null;
  comment: string | null;
}

export interface NotificationsTable {
  id: Generated<string>;
  notificationKey: string;
  recipientAgencyId: number;
  measureId: string | null;
  kind: string;
  message: string;
  createdAt: Created;
  readAt: Date | null;
}

/** Append-only, SM3 hash-chained: `hash = SM3(prevHash + canonical event)`. */
export interface AuditEventsTable {
  id: Generated<number>;
  eventKey: string;
  occurredAt: Date;
  actor: string;
  actorAgencyId: number | null;
  action: string;
  subjectType: string;
  subjectId: string;
  measureId: string | null;
  payload: Json<Record<string, unknown>>;
  workflowId: string | null;
  runId: string | null;
  prevHash: string;
  hash: string;
}

export type Report = Selectable<ReportsTable>;
export type Escalation = Selectable<EscalationsTable>;
export type AuditEvent = Selectable<AuditEventsTable>;
export type Notification = Selectable<NotificationsTable>;
