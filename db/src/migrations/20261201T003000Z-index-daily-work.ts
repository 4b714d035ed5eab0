import { sql, type Kysely } from 'kysely';

// The officer's daily reads (inbox, my measures, notifications) start from one agency; each branch of
// the inbox and each list filter must find its rows through an index on that agency, not a scan of the
// province's measures. Partial indexes hold only the rows still waiting on someone.
export async function up(db: Kysely<any>): Promise<void> {
  // Assignments to accept, reports due and overdue: the agency's assignments by status.
  await db.schema.createIndex('assignments_agency_status_idx').on('assignments').columns(['agency_id', 'status']).execute();
  // Reports to review: measures the agency leads, then their partner reports still submitted.
  await db.schema.createIndex('measures_lead_agency_id_idx').on('measures').column('lead_agency_id').execute();
  await db.schema
    .createIndex('reports_awaiting_review_idx')
    .on('reports')
    .column('measure_id')
    .where(sql.ref('status'), '=', 'submitted')
    .where(sql.ref('kind'), '=', 'partner')
    .execute();
  // Requests the plan's coordinator decides (extensions, transfers, declines).
  await db.schema.createIndex('measures_coordinator_agency_id_idx').on('measures').column('coordinator_agency_id').execute();
  await db.schema.createIndex('extension_requests_pending_idx').on('extension_requests').column('measure_id').where(sql.ref('status'), '=', 'pending').execute();
  await db.schema.createIndex('subtasks_open_by_assignee_idx').on('subtasks').columns(['assignee_agency_id', 'due_at']).where(sql.ref('status'), '=', 'open').execute();
  // Notifications newest first with (created_at, id) keyset paging, and the unread count of the bell.
  await db.schema.dropIndex('notifications_recipient_idx').execute();
  await sql`create index notifications_recipient_idx on notifications (recipient_agency_id, created_at desc, id desc)`.execute(db);
  await sql`create index notifications_unread_idx on notifications (recipient_agency_id, created_at desc, id desc) where read_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    'notifications_unread_idx',
    'notifications_recipient_idx',
    'subtasks_open_by_assignee_idx',
    'extension_requests_pending_idx',
    'measures_coordinator_agency_id_idx',
    'reports_awaiting_review_idx',
    'measures_lead_agency_id_idx',
    'assignments_agency_status_idx',
  ]) {
    await db.schema.dropIndex(name).execute();
  }
  await db.schema.createIndex('notifications_recipient_idx').on('notifications').columns(['recipient_agency_id', 'created_at']).execute();
}
