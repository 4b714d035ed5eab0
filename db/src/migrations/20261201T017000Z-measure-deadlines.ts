import { sql, type Kysely } from 'kysely';

/**
 * A measure's completion deadline (完成时限) as its plan states it (issue 11): the due date, or ongoing (长期,
 * never due), and the phrase as written (`2025年底前`). Measures stored before have none: null and false.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table measures
      add column due_on date,
      add column ongoing boolean not null default false,
      add column deadline_text text check (char_length(deadline_text) <= 100),
      add constraint measures_deadline_check check (not ongoing or due_on is null)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table measures
      drop constraint if exists measures_deadline_check,
      drop column if exists deadline_text,
      drop column if exists ongoing,
      drop column if exists due_on`.execute(db);
}
