import { sql } from 'kysely';
import type { Executor } from './executor';

// The coordinator's desk, read side: the decisions waiting for a working group (退回 to arbitrate, 转办, 延期,
// 办结/销号) and the coordination-issue board (跨部门联动事项). Both read the read model the measure workflows
// keep; the commands themselves go to the workflows.

/** Whose plans a read covers: every plan (auditors, admins), or the plans one agency coordinates. */
export type CoordinatorScope = { all: true } | { all: false; coordinatorAgencyId: number };

export type DecisionKind = 'decline' | 'transfer' | 'extension' | 'closure';

export interface DecisionFilter {
  scope: CoordinatorScope;
  planId?: string;
  kind?: DecisionKind;
  /** Rows of each kind, oldest first (each kind waits in the order it was asked). */
  limit: number;
}

interface DecisionBase {
  measureId: string;
  measureNumber: string;
  measureTitle: string;
  planId: string;
  planTitle: string;
}

/** 退回: an agency declined its assignment; the coordinator reassigns or insists. */
export interface PendingDecline extends DecisionBase {
  agencyId: number;
  agencyName: string;
  role: 'lead' | 'partner';
  reason: string | null;
  since: Date;
}

/** 转办: an agency asks to hand its assignment to another; approving fails while the target already has one. */
export interface PendingTransfer extends DecisionBase {
  agencyId: number;
  agencyName: string;
  role: 'lead' | 'partner';
  toAgencyId: number;
  toAgencyName: string;
  since: Date;
  /** The target holds no assignment on the measure (else only rejecting is possible). */
  mayApprove: boolean;
}

/** 延期 that falls to the coordinator: no other lead agency (holding its assignment) may decide it. */
export interface PendingExtension extends DecisionBase {
  extensionId: string;
  agencyId: number;
  agencyName: string;
  role: 'lead' | 'partner' | null;
  currentDueAt: Date;
  requestedDueAt: Date;
  reason: string;
  requestedAt: Date;
}

/** 申请办结: the lead's evidence and final KPI values, beside the measure's targets (量化指标). */
export interface PendingClosure extends DecisionBase {
  closureId: string;
  evidence: string;
  finalKpis: { metric: string; value: number }[];
  targets: { metric: string; target: number; unit: string; comparator: '>=' | '<=' | '='; deadlineYear: number | null }[];
  requestedAt: Date;
}

export interface PendingDecisions {
  declines: PendingDecline[];
  transfers: PendingTransfer[];
  extensions: PendingExtension[];
  closures: PendingClosure[];
  /** Every pending decision of each kind in scope (the lists stop at `limit`). */
  counts: Record<DecisionKind, number>;
}

/** Measures of the plans in scope that can still take a decision (neither closed nor withdrawn). */
function measuresInScope(db: Executor, scope: CoordinatorScope, planId?: string) {
  let q = db
    .selectFrom('measures as m')
    .innerJoin('plans as p', 'p.id', 'm.planId')
    .where('m.status', 'in', ['active', 'closure_requested']);
  if (!scope.all) q = q.where('p.coordinatorAgencyId', '=', scope.coordinatorAgencyId);
  if (planId !== undefined) q = q.where('m.planId', '=', planId);
  return q;
}

const measureColumns = ['m.id as measureId', 'm.number as measureNumber', 'm.title as measureTitle', 'p.id as planId', 'p.title as planTitle'] as const;

const countAll = () => sql<string>`count(*)`.as('n');
const toNumber = (row: { n: string }) => Number(row.n);

/** The decisions waiting for the coordinator of the plans in scope, of one kind or all, each kind oldest first. */
export async function listPendingDecisions(db: Executor, filter: DecisionFilter): Promise<PendingDecisions> {
  const wants = (kind: DecisionKind) => filter.kind === undefined || filter.kind === kind;
  const base = () => measuresInScope(db, filter.scope, filter.planId);

  const declines = base().innerJoin('assignments as a', 'a.measureId', 'm.id').innerJoin('agencies as ag', 'ag.id', 'a.agencyId').where('a.status', '=', 'declined');
  const transfers = base()
    .innerJoin('assignments as a', 'a.measureId', 'm.id')
    .innerJoin('agencies as ag', 'ag.id', 'a.agencyId')
    .innerJoin('agencies as to', 'to.id', 'a.transferToAgencyId')
    .where('a.status', '=', 'transfer_requested');
  // A lead officer decides a partner's (or another lead's) request; the coordinator decides the rest.
  const extensions = base()
    .innerJoin('extensionRequests as x', 'x.measureId', 'm.id')
    .innerJoin('agencies as ag', 'ag.id', 'x.agencyId')
    .where('x.status', '=', 'pending')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('assignments as l')
            .select(sql`1`.as('one'))
            .whereRef('l.measureId', '=', 'm.id')
            .where('l.role', '=', 'lead')
            .where('l.status', 'in', ['pending', 'accepted', 'transfer_requested'])
            .whereRef('l.agencyId', '<>', 'x.agencyId'),
        ),
      ),
    );
  const closures = base().innerJoin('closureRequests as c', 'c.measureId', 'm.id').where('c.status', '=', 'pending').where('m.status', '=', 'closure_requested');

  const empty = Promise.resolve([] as never[]);
  const [declineRows, transferRows, extensionRows, closureRows, counts] = await Promise.all([
    wants('decline')
      ? declines
          .select([...measureColumns, 'a.agencyId', 'ag.name as agencyName', 'a.role', 'a.declineReason as reason', 'a.updatedAt as since'])
          .orderBy('a.updatedAt')
          .orderBy('a.id')
          .limit(filter.limit)
          .execute()
      : empty,
    wants('transfer')
      ? transfers
          .select([
            ...measureColumns,
            'a.agencyId',
            'ag.name as agencyName',
            'a.role',
            'a.transferToAgencyId as toAgencyId',
            'to.name as toAgencyName',
            'a.updatedAt as since',
            ({ not, exists, selectFrom }) =>
              not(
                exists(
                  selectFrom('assignments as t').select(sql`1`.as('one')).whereRef('t.measureId', '=', 'm.id').whereRef('t.agencyId', '=', 'a.transferToAgencyId').where('t.status', '<>', 'withdrawn'),
                ),
              ).as('mayApprove'),
          ])
          .orderBy('a.updatedAt')
          .orderBy('a.id')
          .limit(filter.limit)
          .execute()
      : empty,
    wants('extension')
      ? extensions
          .select([
            ...measureColumns,
            'x.id as extensionId',
            'x.agencyId',
            'ag.name as agencyName',
            (eb) =>
              eb
                .selectFrom('assignments as r')
                .select('r.role')
                .whereRef('r.measureId', '=', 'm.id')
                .whereRef('r.agencyId', '=', 'x.agencyId')
                .where('r.status', '<>', 'withdrawn')
                .limit(1)
                .as('role'),
            'x.currentDueAt',
            'x.requestedDueAt',
            'x.reason',
            'x.requestedAt',
          ])
          .orderBy('x.requestedAt')
          .orderBy('x.id')
          .limit(filter.limit)
          .execute()
      : empty,
    wants('closure')
      ? closures
          .select([...measureColumns, 'c.id as closureId', 'c.evidence', 'c.finalKpis', 'c.requestedAt'])
          .orderBy('c.requestedAt')
          .orderBy('c.id')
          .limit(filter.limit)
          .execute()
      : empty,
    Promise.all([
      wants('decline') ? declines.select(countAll()).executeTakeFirstOrThrow().then(toNumber) : 0,
      wants('transfer') ? transfers.select(countAll()).executeTakeFirstOrThrow().then(toNumber) : 0,
      wants('extension') ? extensions.select(countAll()).executeTakeFirstOrThrow().then(toNumber) : 0,
      wants('closure') ? closures.select(countAll()).executeTakeFirstOrThrow().then(toNumber) : 0,
    ]),
  ]);

  const closureMeasures = closureRows.map((c) => c.measureId);
  const targets =
    closureMeasures.length === 0
      ? []
      : await db
          .selectFrom('measureKpis')
          .select(['measureId', 'metric', 'target', 'unit', 'comparator', 'deadlineYear'])
          .where('measureId', 'in', closureMeasures)
          .orderBy('measureId')
          .orderBy('seq')
          .execute();

  return {
    declines: declineRows as PendingDecline[],
    transfers: (transferRows as (Omit<PendingTransfer, 'toAgencyId'> & { toAgencyId: number | null })[]).map((t) => ({ ...t, toAgencyId: t.toAgencyId ?? 0, mayApprove: Boolean(t.mayApprove) })),
    extensions: extensionRows as PendingExtension[],
    closures: closureRows.map((c) => ({
      ...c,
      finalKpis: typeof c.finalKpis === 'string' ? (JSON.parse(c.finalKpis) as PendingClosure['finalKpis']) : (c.finalKpis as PendingClosure['finalKpis']),
      targets: targets.filter((t) => t.measureId === c.measureId).map(({ measureId: _m, ...t }) => t),
    })),
    counts: { decline: counts[0], transfer: counts[1], extension: counts[2], closure: counts[3] },
  };
}

// ---- the coordination-issue board ------------------------------------------------------

export type IssueStatus = 'open' | 'triaged' | 'resolved';

/** Whose issues a board read covers: every plan's, one coordinator agency's plans, or one officer agency's own issues. */
export type IssueBoardScope = CoordinatorScope | { officerAgencyId: number };

export interface IssueBoardFilter {
  scope: IssueBoardScope;
  planId?: string;
  measureId?: string;
  /** Only triaged issues past their due date with a responder still silent. */
  overdueOnly?: boolean;
  now: Date;
  /** Issues per column: open and triaged oldest first, resolved newest first. */
  limit: number;
}

export interface IssueBoardRow {
  id: string;
  status: IssueStatus;
  title: string;
  description: string;
  measureId: string;
  measureNumber: string;
  measureTitle: string;
  /** An issue of a closed or withdrawn measure takes no more commands. */
  measureStatus: 'active' | 'closure_requested' | 'closed' | 'withdrawn';
  planId: string;
  planTitle: string;
  coordinatorAgencyId: number;
  raisedByAgencyId: number;
  raisedAt: Date;
  neededAgencyIds: number[];
  responderAgencyIds: number[];
  dueAt: Date | null;
  resolution: string | null;
  resolvedAt: Date | null;
  /** Triaged, past its due date, and some responder has not answered. */
  overdue: boolean;
}

export interface IssueResponseRow {
  issueId: string;
  agencyId: number;
  revision: number;
  response: string;
  respondedBy: string;
  respondedAt: Date;
}

function issuesInScope(db: Executor, filter: IssueBoardFilter) {
  let q = db.selectFrom('coordinationIssues as i').innerJoin('measures as m', 'm.id', 'i.measureId').innerJoin('plans as p', 'p.id', 'm.planId');
  const { scope } = filter;
  if ('officerAgencyId' in scope) {
    const agency = scope.officerAgencyId;
    q = q.where((eb) => eb.or([eb('i.raisedByAgencyId', '=', agency), eb(eb.val(agency), '=', eb.fn.any('i.responderAgencyIds'))]));
  } else if (!scope.all) {
    q = q.where('p.coordinatorAgencyId', '=', scope.coordinatorAgencyId);
  }
  if (filter.planId !== undefined) q = q.where('m.planId', '=', filter.planId);
  if (filter.measureId !== undefined) q = q.where('i.measureId', '=', filter.measureId);
  if (filter.overdueOnly) q = q.where(overdue(filter.now), '=', true);
  return q;
}

/** Triaged, due before `now`, and a named responder has not answered at all. */
const overdue = (now: Date) => sql<boolean>`(i.status = 'triaged' and i.due_at < ${now} and exists (
  select 1 from unnest(i.responder_agency_ids) as r(agency_id)
  where not exists (select 1 from issue_responses ir where ir.issue_id = i.id and ir.agency_id = r.agency_id)))`;

/** The board's columns (raised → triaged → resolved), each up to `limit`, with the count in each column. */
export async function listIssueBoard(db: Executor, filter: IssueBoardFilter): Promise<{ columns: Record<IssueStatus, IssueBoardRow[]>; counts: Record<IssueStatus, number>; overdue: number }> {
  const column = (status: IssueStatus) =>
    issuesInScope(db, filter)
      .where('i.status', '=', status)
      .select([
        'i.id',
        'i.status',
        'i.title',
        'i.description',
        'm.id as measureId',
        'm.number as measureNumber',
        'm.title as measureTitle',
        'm.status as measureStatus',
        'p.id as planId',
        'p.title as planTitle',
        'p.coordinatorAgencyId',
        'i.raisedByAgencyId',
        'i.raisedAt',
        'i.neededAgencyIds',
        'i.responderAgencyIds',
        'i.dueAt',
        'i.resolution',
        'i.resolvedAt',
        overdue(filter.now).as('overdue'),
      ])
      .orderBy(status === 'resolved' ? 'i.resolvedAt' : 'i.raisedAt', status === 'resolved' ? 'desc' : 'asc')
      .orderBy('i.id')
      .limit(filter.limit)
      .execute();
  const [open, triaged, resolved, counted] = await Promise.all([
    column('open'),
    column('triaged'),
    column('resolved'),
    issuesInScope(db, filter)
      .select(['i.status', (eb) => eb.fn.countAll<string>().as('n'), sql<string>`count(*) filter (where ${overdue(filter.now)})`.as('overdue')])
      .groupBy('i.status')
      .execute(),
  ]);
  const counts: Record<IssueStatus, number> = { open: 0, triaged: 0, resolved: 0 };
  let overdueCount = 0;
  for (const row of counted) {
    counts[row.status] = Number(row.n);
    overdueCount += Number(row.overdue);
  }
  return { columns: { open, triaged, resolved } as Record<IssueStatus, IssueBoardRow[]>, counts, overdue: overdueCount };
}

/**
 * Each agency's latest answer to these issues; its `revision` is how many answers the agency gave (revisions
 * count from 1 without gaps). Every earlier answer stays in issue_responses.
 */
export async function listLatestIssueResponses(db: Executor, issueIds: readonly string[]): Promise<IssueResponseRow[]> {
  if (issueIds.length === 0) return [];
  return db
    .selectFrom('issueResponses')
    .distinctOn(['issueId', 'agencyId'])
    .select(['issueId', 'agencyId', 'revision', 'response', 'respondedBy', 'respondedAt'])
    .where('issueId', 'in', [...new Set(issueIds)])
    .orderBy('issueId')
    .orderBy('agencyId')
    .orderBy('revision', 'desc')
    .execute();
}

/** Every answer to one issue, each agency's in revision order. */
export async function listIssueResponses(db: Executor, issueId: string): Promise<IssueResponseRow[]> {
  if (!UUID.test(issueId)) return [];
  return db
    .selectFrom('issueResponses')
    .select(['issueId', 'agencyId', 'revision', 'response', 'respondedBy', 'respondedAt'])
    .where('issueId', '=', issueId)
    .orderBy('agencyId')
    .orderBy('revision')
    .execute();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The agencies named to answer an issue of this measure (empty when the issue is unknown, not triaged, or no uuid). */
export async function findIssueResponders(db: Executor, measureId: string, issueId: string): Promise<number[]> {
  if (!UUID.test(issueId) || !UUID.test(measureId)) return [];
  const row = await db.selectFrom('coordinationIssues').select('responderAgencyIds').where('id', '=', issueId).where('measureId', '=', measureId).executeTakeFirst();
  return row?.responderAgencyIds ?? [];
}
