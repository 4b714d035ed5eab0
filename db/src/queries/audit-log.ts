import { sql, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../database';
import type { AuditCheckpoint } from '../tables/audit-checkpoints';
import type { AuditEvent, AuditEventsTable } from '../tables/process';
import type { Executor } from './executor';

/**
 * The audit log as auditors read it: filtered pages, the actions it holds, its state, and the rows of an
 * export. What serves which filter at 1,000,000 events: migration 20261201T016000Z-index-audit-log and
 * docs/BENCHMARKS.md ("The audit bench").
 */

export interface AuditLogFilter {
  /** occurred_at ≥ from and ≤ to. */
  from?: Date;
  to?: Date;
  /** The actor's agency. */
  agencyId?: number;
  actor?: string;
  action?: string;
  /** Events on the plan's measures, and events whose subject is the plan itself (its id as the app writes it). */
  planId?: string;
  measureId?: string;
}

/** An event with the names a person reads. */
export interface AuditLogRow extends AuditEvent {
  actorName: string | null;
  actorAgencyName: string | null;
  measureNumber: string | null;
  measureTitle: string | null;
  planId: string | null;
  planTitle: string | null;
}

/** Plan and measure ids are uuids: any other text matches no event (and must not reach a uuid cast). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids between which every event of a time range lies; null: no bound that side. */
interface IdRange {
  fromId: number | null;
  toId: number | null;
}

/**
 * The id range that holds every event with occurred_at in [from, to]; null when no event can be in it.
 * Events with occurred_at ≥ from were recorded no earlier than the first event of from's day; events with
 * occurred_at ≤ to were recorded before the first event of a later day, or are stragglers (recorded after an
 * event of a later day). Both tables hold at most a row a day (stragglers are rare), so this reads a few hundred
 * small rows at most. They are kept by a trigger on every append (migration 20261201T016000Z-index-audit-log).
 */
export async function auditTimeBounds(db: Executor, range: { from?: Date; to?: Date }): Promise<IdRange | null> {
  if (!range.from && !range.to) return { fromId: null, toId: null };
  if (range.from && range.to && range.from > range.to) return null;
  const { rows } = await sql<{ fromId: number | null; nextDayId: number | null; stragglerId: number | null }>`
    with first_of as (
      select (select min(first_event_id) from audit_event_days where ${range.from ? sql`day >= (${range.from}::timestamptz at time zone 'UTC')::date` : sql`false`}) as from_id,
             (select min(first_event_id) from audit_event_days where ${range.to ? sql`day > (${range.to}::timestamptz at time zone 'UTC')::date` : sql`false`}) as next_day_id
    )
    select from_id as "fromId", next_day_id as "nextDayId",
           (select max(s.event_id) from audit_event_stragglers s where s.event_id >= next_day_id and s.occurred_at <= ${range.to ?? null}::timestamptz) as "stragglerId"
      from first_of`.execute(db);
  const { fromId, nextDayId, stragglerId } = rows[0]!;
  if (range.from && fromId === null) return null;
  const toId = nextDayId === null ? null : Math.max(Number(nextDayId) - 1, stragglerId === null ? 0 : Number(stragglerId));
  return { fromId: fromId === null ? null : Number(fromId), toId };
}

type EventsQuery<O> = SelectQueryBuilder<Database & { e: AuditEventsTable }, 'e', O>;

/**
 * The filter as conditions on `audit_events as e`, the same for a page and for an export. `ids` narrows the
 * ids to look at (a time range's id range, a page's `before`), so that each index is read only there.
 */
function whereMatches<O>(query: EventsQuery<O>, filter: AuditLogFilter, ids: { above?: number | null; below?: number | null } = {}): EventsQuery<O> {
  const { from, to, agencyId, actor, action, planId, measureId } = filter;
  let q = query;
  if (ids.above != null) q = q.where('e.id', '>=', ids.above);
  if (ids.below != null) q = q.where('e.id', '<=', ids.below);
  if (from) q = q.where('e.occurredAt', '>=', from);
  if (to) q = q.where('e.occurredAt', '<=', to);
  if (agencyId !== undefined) q = q.where('e.actorAgencyId', '=', agencyId);
  if (actor !== undefined) q = q.where('e.actor', '=', actor);
  if (action !== undefined) q = q.where('e.action', '=', action);
  if (measureId !== undefined) q = q.where('e.measureId', '=', measureId.toLowerCase());
  if (planId !== undefined) {
    // The same id bounds on the side table: PostgreSQL carries equalities across a join, not ranges.
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('auditEventPlans as ap')
          .select(sql.lit(1).as('one'))
          .where('ap.planId', '=', planId.toLowerCase())
          .whereRef('ap.eventId', '=', 'e.id')
          .$if(ids.above != null, (s) => s.where('ap.eventId', '>=', ids.above!))
          .$if(ids.below != null, (s) => s.where('ap.eventId', '<=', ids.below!)),
      ),
    );
  }
  return q;
}

/** A filter that can match no event: an id that is not a uuid. */
function matchesNothing(filter: AuditLogFilter): boolean {
  return (filter.planId !== undefined && !UUID.test(filter.planId)) || (filter.measureId !== undefined && !UUID.test(filter.measureId));
}

/** The plan an event is on, for its name: its measure's plan, else the plan it is about (as the trigger indexes it). */
const isPlanOf = sql<boolean>`p.id = coalesce(m.plan_id, case when e.subject_type = 'plan' and e.subject_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then e.subject_id::uuid end)`;

/**
 * Newest first; at most `limit` rows with id < `before`. Ask for one more than a page to know whether there is another.
 * First the page's ids (`pageIds`), then their rows with the names a person reads.
 */
export async function searchAuditLog(db: Executor, filter: AuditLogFilter, page: { before?: number; limit: number }): Promise<AuditLogRow[]> {
  if (matchesNothing(filter) || page.limit <= 0) return [];
  const bounds = await auditTimeBounds(db, filter);
  if (!bounds) return [];
  const below = page.before === undefined ? bounds.toId : Math.min(page.before - 1, bounds.toId ?? Number.MAX_SAFE_INTEGER);
  const rows = await db
    .selectFrom(pageIds(db, filter, { above: bounds.fromId, below }, page.limit).as('page'))
    .innerJoin('auditEvents as e', 'e.id', 'page.id')
    .leftJoin('users as u', 'u.username', 'e.actor')
    .leftJoin('agencies as a', 'a.id', 'e.actorAgencyId')
    .leftJoin('measures as m', 'm.id', 'e.measureId')
    .leftJoin('plans as p', (join) => join.on(isPlanOf))
    .select(EVENT_COLUMNS)
    .select(PAYLOAD_TEXT)
    .select(['u.displayName as actorName', 'a.name as actorAgencyName', 'm.number as measureNumber', 'm.title as measureTitle', 'p.id as planId', 'p.title as planTitle'])
    .orderBy('e.id', 'desc')
    .execute();
  return rows.map(({ payloadText, ...row }) => ({ ...row, payload: JSON.parse(payloadText) as Record<string, unknown> }));
}

interface IdBounds {
  above: number | null;
  below: number | null;
}

/**
 * The page's ids, newest first. Each of agency, actor, action and plan gives its ids in order from its own index
 * alone (`idLists`), and PostgreSQL merges the lists: one list is read backwards until the page is full; two are
 * read side by side, and at worst (a pair that matches nothing) read to the end, never the events. A plan over one
 * table would guess which index to read and then read events until the page is full: for a pair that matches
 * nothing, the whole log. A time range adds its id range to every list and checks `occurred_at` only on the ids
 * the lists agree on. A measure's events are few: they are read by `audit_events_measure_idx`, other filters
 * checked on each; with no such filter, the primary key is read backwards.
 */
function pageIds(db: Executor, filter: AuditLogFilter, ids: IdBounds, limit: number) {
  const keys = idLists(filter, ids);
  if (filter.measureId !== undefined || keys.length === 0) {
    return whereMatches(db.selectFrom('auditEvents as e').select('e.id'), filter, ids).orderBy('e.id', 'desc').limit(limit);
  }
  const [first, ...others] = keys;
  const joins = others.map((list, i) => sql`join (${list}) ${sql.raw(`l${i + 1}`)} on ${sql.raw(`l${i + 1}`)}.id = l0.id`);
  // The id range on t too: PostgreSQL carries equalities across a join, not ranges, and a merge join would
  // otherwise read t from the newest event down to the range.
  const inTime = filter.from || filter.to ? sql`join audit_events t on t.id = l0.id ${within(ids, sql.ref('t.id'))} ${timeConditions(filter, sql.ref('t.occurred_at'))}` : sql``;
  return db
    .selectFrom(sql<{ id: number }>`(select l0.id from (${first}) l0 ${sql.join(joins, sql` `)} ${inTime} order by l0.id desc limit ${limit})`.as('ids'))
    .select('ids.id');
}

/**
 * One id list per equality filter, newest first, each from its own index. An action goes with the agency, the
 * actor and the plan (`audit_events_agency_action_idx`, `audit_events_actor_action_idx`,
 * `audit_event_plans_action_idx`), so that a pair with an action is one list, whatever it matches. `offset 0`
 * keeps PostgreSQL from folding the lists back into one scan of the table (it removes self-joins).
 */
function idLists(filter: AuditLogFilter, ids: IdBounds) {
  const list = (condition: ReturnType<typeof sql>) => sql`select id from audit_events where ${condition} ${within(ids, sql.ref('id'))} order by id desc offset 0`;
  const { agencyId, actor, action, planId } = filter;
  // An action goes with each of the others (one composite index each); alone only without them.
  const ofAction = action !== undefined ? sql`and action = ${action}` : sql``;
  const lists: ReturnType<typeof sql>[] = [];
  if (agencyId !== undefined) lists.push(list(sql`actor_agency_id = ${agencyId} ${ofAction}`));
  if (actor !== undefined) lists.push(list(sql`actor = ${actor} ${ofAction}`));
  if (planId !== undefined) {
    lists.push(sql`select event_id as id from audit_event_plans where plan_id = ${planId.toLowerCase()}::uuid ${ofAction} ${within(ids, sql.ref('event_id'))} order by event_id desc offset 0`);
  }
  if (action !== undefined && lists.length === 0) lists.push(list(sql`action = ${action}`));
  return lists;
}

/** `and column >= above and column <= below`, for the bounds there are. */
function within(ids: IdBounds, column: ReturnType<typeof sql.ref>) {
  return sql.join([ids.above != null ? sql`and ${column} >= ${ids.above}` : sql``, ids.below != null ? sql`and ${column} <= ${ids.below}` : sql``], sql` `);
}

function timeConditions(filter: AuditLogFilter, column: ReturnType<typeof sql.ref>) {
  return sql.join([filter.from ? sql`and ${column} >= ${filter.from}` : sql``, filter.to ? sql`and ${column} <= ${filter.to}` : sql``], sql` `);
}

/** Every column but the payload, which is read as text (PAYLOAD_TEXT). */
const EVENT_COLUMNS = [
  'e.id',
  'e.eventKey',
  'e.occurredAt',
  'e.actor',
  'e.actorAgencyId',
  'e.action',
  'e.subjectType',
  'e.subjectId',
  'e.measureId',
  'e.workflowId',
  'e.runId',
  'e.prevHash',
  'e.hash',
] as const;

/**
 * The payload as PostgreSQL holds it, parsed here: read as jsonb, its keys would pass through the camel-case
 * plugin (`percent_done` → `percentDone`), and the event would no longer match its hash.
 */
const PAYLOAD_TEXT = sql<string>`e.payload::text`.as('payloadText');

/**
 * Every distinct action, sorted. A loose index scan of `audit_events_action_idx`: one index probe per action,
 * not a read of every event.
 */
export async function listAuditActions(db: Executor): Promise<string[]> {
  const { rows } = await sql<{ action: string }>`
    with recursive actions(action) as (
      (select action from audit_events order by action limit 1)
      union all
      select (select e.action from audit_events e where e.action > actions.action order by e.action limit 1) from actions where actions.action is not null
    )
    select action from actions where action is not null`.execute(db);
  return rows.map((r) => r.action);
}

export interface AuditLogStats {
  events: number;
  head: { id: number; hash: string; occurredAt: Date } | null;
  checkpoint: AuditCheckpoint | null;
}

/**
 * The log's size, head and latest checkpoint. The count is exact and cheap: the latest checkpoint's count
 * (which `audit_record_checkpoint` checked when it was written, and verification checks again) plus the
 * events after it, counted on the primary key.
 */
export async function auditLogStats(db: Executor): Promise<AuditLogStats> {
  const checkpoint = (await db.selectFrom('auditCheckpoints').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst()) ?? null;
  const [head, since] = await Promise.all([
    db.selectFrom('auditEvents').select(['id', 'hash', 'occurredAt']).orderBy('id', 'desc').limit(1).executeTakeFirst(),
    db
      .selectFrom('auditEvents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .$if(checkpoint !== null, (q) => q.where('id', '>', checkpoint!.lastEventId))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    events: (checkpoint?.eventCount ?? 0) + Number(since.n),
    head: head ? { id: Number(head.id), hash: head.hash, occurredAt: head.occurredAt } : null,
    checkpoint,
  };
}

/** A row of an export: an event the filter matched, or a run of events it left out. */
export type AuditExportRow = { kind: 'event'; event: AuditEvent } | { kind: 'gap'; firstId: number; lastId: number; count: number; prevHash: string; hash: string };

/** Ids read per statement by `auditExportRows`: a window's matched events are the most it holds in memory. */
const EXPORT_WINDOW = 20_000;

/**
 * The chain from its first event up to and including `upToId`, in id order: the matched events whole, each run
 * of the others as one gap (a run may come in several consecutive pieces; the export assembler merges them).
 * Reads in batches, so a million events never sit in memory at once.
 *
 * Each batch is a window of ids (gaps and islands in SQL): PostgreSQL marks each event of the window matched or
 * not, numbers each run of unmatched events by how many matched ones come before it, and sends each run as one
 * row (its ends, its size, the hash before it and its last hash) beside the matched events whole. Node never
 * sees the events a filter leaves out.
 */
export async function* auditExportRows(db: Executor, filter: AuditLogFilter, upToId: number, options: { window?: number } = {}): AsyncGenerator<AuditExportRow> {
  const window = options.window ?? EXPORT_WINDOW;
  const first = await db.selectFrom('auditEvents').select('id').where('id', '<=', upToId).orderBy('id').limit(1).executeTakeFirst();
  if (!first) return;
  const nothing = matchesNothing(filter);
  for (let start = Number(first.id); start <= upToId; start += window) {
    const end = Math.min(start + window - 1, upToId);
    const events = whereMatches(db.selectFrom('auditEvents as e').select('e.id'), filter, { above: start, below: end });
    const matched = nothing ? sql<boolean>`false` : sql<boolean>`e.id in (${events})`;
    // One window function over the primary key's order (no sort); the matched events are read by the filter's own index.
    const { rows } = await sql<ExportWindowRow>`
      with gaps as (
        select min(id) as first_id, max(id) as last_id, count(*) as count
          from (select id, matched, count(*) filter (where matched) over (order by id) as run
                  from (select e.id, ${matched} as matched from audit_events e where e.id between ${start} and ${end}) marked) runs
         where not matched
         group by run
      )
      select 'gap' as kind, g.first_id as id, g.last_id, g.count, f.prev_hash, l.hash,
             null as event_key, null::timestamptz as occurred_at, null as actor, null::integer as actor_agency_id, null as action,
             null as subject_type, null as subject_id, null::uuid as measure_id, null::text as payload, null as workflow_id, null as run_id
        from gaps g join audit_events f on f.id = g.first_id join audit_events l on l.id = g.last_id
      union all
      select 'event', e.id, null, null, e.prev_hash, e.hash,
             e.event_key, e.occurred_at, e.actor, e.actor_agency_id, e.action, e.subject_type, e.subject_id, e.measure_id, e.payload::text, e.workflow_id, e.run_id
        from audit_events e where ${nothing ? sql`false` : sql`e.id in (${events})`}
      order by id`.execute(db);
    for (const row of rows) yield exportRowOf(row);
  }
}

/** A window's row: a gap's ends, size and hashes, or an event's columns (the payload as text: see PAYLOAD_TEXT). */
type ExportWindowRow = Omit<AuditEvent, 'payload'> & { kind: 'gap' | 'event'; lastId: number | null; count: number | null; payload: string | null };

function exportRowOf(row: ExportWindowRow): AuditExportRow {
  const { kind, lastId, count, payload, ...event } = row;
  if (kind === 'gap') return { kind: 'gap', firstId: Number(event.id), lastId: Number(lastId), count: Number(count), prevHash: event.prevHash, hash: event.hash };
  return { kind: 'event', event: { ...event, id: Number(event.id), payload: JSON.parse(payload!) as Record<string, unknown> } };
}

/** Checkpoint `seq` (for the signature the next one covers), or null. */
export async function auditCheckpoint(db: Executor, seq: number): Promise<AuditCheckpoint | null> {
  return (await db.selectFrom('auditCheckpoints').selectAll().where('seq', '=', seq).executeTakeFirst()) ?? null;
}
