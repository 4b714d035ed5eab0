import { sql, type Kysely } from 'kysely';

/** The measure process read model (assignments, subtasks, reports, escalations …) and the audit log. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('measures')
    .addColumn('coordinator_agency_id', 'integer', (c) => c.references('agencies.id'))
    .addColumn('cycle_index', 'integer')
    .addColumn('cycle_due_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .execute();
  await db.schema
    .alterTable('assignments')
    .addColumn('decline_reason', 'text')
    .addColumn('transfer_to_agency_id', 'integer', (c) => c.references('agencies.id'))
    .addColumn('due_at', 'timestamptz')
    .addColumn('escalation_level', 'text')
    .execute();

  await db.schema
    .createTable('subtasks')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('measure_id', 'uuid', (c) => c.notNull().references('measures.id').onDelete('cascade'))
    .addColumn('assignee_agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('created_by_agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('reports')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('measure_id', 'uuid', (c) => c.notNull().references('measures.id').onDelete('cascade'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('cycle_index', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('partner', 'combined')`))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('submitted'))
    .addColumn('progress_status', 'text', (c) => c.notNull())
    .addColumn('percent_done', 'integer', (c) => c.notNull())
    .addColumn('kpi_values', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'`))
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('problems', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('support_requested', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('late', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('review_comment', 'text')
    .addColumn('reviewed_at', 'timestamptz')
    .addUniqueConstraint('reports_cycle_revision_key', ['measure_id', 'agency_id', 'cycle_index', 'kind', 'revision'])
    .execute();

  await db.schema
    .createTable('escalations')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('measure_id', 'uuid', (c) => c.notNull().references('measures.id').onDelete('cascade'))
    .addColumn('agency_id', 'integer', (c) => c.references('agencies.id'))
    .addColumn('cycle_index', 'integer')
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('overdue', 'manual')`))
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('blue', 'yellow', 'red')`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('raised_by', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'timestamptz', (c) => c.notNull())
    .addColumn('acknowledged_at', 'timestamptz')
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('decision', 'text')
    .execute();

  await db.schema
    .createTable('coordination_issues')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('measure_id', 'uuid', (c) => c.notNull().references('measures.id').onDelete('cascade'))
    .addColumn('raised_by_agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('needed_agency_ids', sql`integer[]`, (c) => c.notNull())
    .addColumn('responder_agency_ids', sql`integer[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('due_at', 'timestamptz')
    .addColumn('resolution', 'text')
    .addColumn('raised_at', 'timestamptz', (c) => c.notNull())
    .addColumn('resolved_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('extension_requests')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('measure_id', 'uuid', (c) => c.notNull().references('measures.id').onDelete('cascade'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('current_due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('requested_due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('comment', 'text')
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('closure_requests')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('measure_id', 'uuid', (c) => c.notNull().references('measures.id').onDelete('cascade'))
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('final_kpis', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decided_at', 'timestamptz')
    .addColumn('comment', 'text')
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('notification_key', 'text', (c) => c.notNull().unique())
    .addColumn('recipient_agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('measure_id', 'uuid', (c) => c.references('measures.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('read_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('notifications_recipient_idx').on('notifications').columns(['recipient_agency_id', 'created_at']).execute();

  // Append-only, hash-chained audit log. The trigger stops every role the app connects as from
  // rewriting history; verification recomputes the chain.
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('event_key', 'text', (c) => c.notNull().unique())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('actor_agency_id', 'integer')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('measure_id', 'uuid')
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('workflow_id', 'text')
    .addColumn('run_id', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_events_measure_idx').on('audit_events').columns(['measure_id', 'id']).execute();
  await sql`
    create function audit_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_events is append-only: % is not allowed', tg_op using errcode = '42501';
    end $$`.execute(db);
  await sql`create trigger audit_events_no_update before update or delete on audit_events for each row execute function audit_events_append_only()`.execute(db);
  await sql`create trigger audit_events_no_truncate before truncate on audit_events for each statement execute function audit_events_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['audit_events', 'notifications', 'closure_requests', 'extension_requests', 'coordination_issues', 'escalations', 'reports', 'subtasks']) {
    await db.schema.dropTable(table).execute();
  }
  await sql`drop function if exists audit_events_append_only()`.execute(db);
  await db.schema.alterTable('assignments').dropColumn('decline_reason').dropColumn('transfer_to_agency_id').dropColumn('due_at').dropColumn('escalation_level').execute();
  await db.schema.alterTable('measures').dropColumn('coordinator_agency_id').dropColumn('cycle_index').dropColumn('cycle_due_at').dropColumn('closed_at').execute();
}
