import { z } from 'zod';
import { text } from '../inputs';
import { authedProcedure, roleProcedure, router } from '../trpc';

const whole = (field: string, min: number, max: number) => {
  const message = `${field} must be a whole number from ${min} to ${max}`;
  return z.number({ message }).int({ message, abort: true }).min(min, { message }).max(max, { message });
};
const circularId = z.uuid({ message: 'circularId must be a circular id (uuid)' });
/** The same requestId twice (a double click, a retry) is one command. */
const requestId = text(100, { min: 1 }).optional();
/** A circular reports on this century's work: a year outside 2000–2099 is a typo (and no calendar arithmetic holds for year 0 or 10000). */
const date = (field: string) =>
  z.iso
    .date({ message: `${field} must be a date yyyy-mm-dd` })
    .refine((value) => value >= '2000-01-01' && value <= '2099-12-31', { message: `${field} must be a date from 2000-01-01 to 2099-12-31` });

/** How much one circular may hold: enough for a province-wide quarter, bounded so a PDF stays printable. */
export const CIRCULAR_LIMITS = { blocks: 200, paragraph: 5_000, heading: 200, cell: 500, columns: 12, rows: 1_000, fields: 50, text: 100_000 } as const;


const cell = z.union([text(CIRCULAR_LIMITS.cell), z.number({ message: 'must be text or a number' }).finite({ message: 'must be a finite number' })], {
  message: 'must be text or a number',
});

/** One block of a circular's body, as `DocumentBlock` of @liandong/documents. */
export const documentBlockInput = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('heading'), text: text(CIRCULAR_LIMITS.heading, { min: 1 }) }).strict(),
    z.object({ type: z.literal('paragraph'), text: text(CIRCULAR_LIMITS.paragraph, { min: 1 }) }).strict(),
    z
      .object({
        type: z.literal('fields'),
        rows: z.array(z.object({ label: text(50, { min: 1 }), value: text(1_000) }).strict(), { message: 'must be a list of label and value' }).max(CIRCULAR_LIMITS.fields, {
          message: `at most ${CIRCULAR_LIMITS.fields} rows are allowed`,
        }),
      })
      .strict(),
    z
      .object({
        type: z.literal('table'),
        caption: text(200).optional(),
        columns: z
          .array(text(100, { min: 1 }), { message: 'must be a list of column names' })
          .min(1, { message: 'a table needs at least one column' })
          .max(CIRCULAR_LIMITS.columns, { message: `at most ${CIRCULAR_LIMITS.columns} columns are allowed` }),
        rows: z
          .array(z.array(cell, { message: 'must be a list of cells' }), { message: 'must be a list of rows' })
          .max(CIRCULAR_LIMITS.rows, { message: `at most ${CIRCULAR_LIMITS.rows} rows are allowed` }),
      })
      .strict()
      .superRefine((table, ctx) => {
        table.rows.forEach((row, i) => {
          if (row.length !== table.columns.length) ctx.addIssue({ code: 'custom', path: ['rows', i], message: `has ${row.length} cells for ${table.columns.length} columns` });
        });
      }),
  ],
  { message: 'must be a block of type heading, paragraph, fields or table' },
);

export const circularDraftInput = z
  .object({
    /** Absent: every plan the signed-in coordinator's office coordinates. */
    planId: z.uuid({ message: 'planId must be a plan id (uuid)' }).optional(),
    from: date('from'),
    to: date('to'),
    requestId,
  })
  .superRefine((input, ctx) => {
    if (Number.isNaN(Date.parse(input.from)) || Number.isNaN(Date.parse(input.to))) return;
    if (input.from > input.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
    else if (Date.parse(input.to) - Date.parse(input.from) > 366 * 86_400_000) ctx.addIssue({ code: 'custom', path: ['to'], message: 'a period is at most one year' });
  });

/** Every character a body holds, whatever block it is in: the per-block limits alone allow a gigabyte. */
function bodyTextLength(body: readonly z.infer<typeof documentBlockInput>[]): number {
  let length = 0;
  for (const block of body) {
    if (block.type === 'heading' || block.type === 'paragraph') length += block.text.length;
    else if (block.type === 'fields') for (const row of block.rows) length += row.label.length + row.value.length;
    else {
      length += (block.caption?.length ?? 0) + block.columns.reduce((n, c) => n + c.length, 0);
      for (const row of block.rows) for (const cell of row) length += typeof cell === 'string' ? cell.length : String(cell).length;
    }
  }
  return length;
}

export const circularUpdateInput = z.object({
  circularId,
  title: text(200, { trim: true, min: 1, tooShort: 'a circular needs a title', tooLong: 'title is at most 200 characters' }),
  body: z
    .array(documentBlockInput, { message: 'body must be a list of blocks' })
    .min(1, { message: 'body must hold at least one block' })
    .max(CIRCULAR_LIMITS.blocks, { message: `body holds at most ${CIRCULAR_LIMITS.blocks} blocks` })
    .refine((body) => bodyTextLength(body) <= CIRCULAR_LIMITS.text, {
      message: `body holds at most ${CIRCULAR_LIMITS.text} characters in all, so that it stays a printable document`,
    }),
  requestId,
});

export const circularListInput = z.object({
  planId: z.uuid({ message: 'planId must be a plan id (uuid)' }).optional(),
  status: z.enum(['draft', 'issued'], { message: 'status must be draft or issued' }).optional(),
  limit: whole('limit', 1, 100).default(20),
  offset: whole('offset', 0, 100_000).default(0),
});

/** 通报: circulars drafted from the data by a working-group office, edited, numbered and issued. */
export const circularRouter = router({
  /** A new draft from the figures of this moment; the office's coordinator only. */
  draft: roleProcedure('coordinator')
    .input(circularDraftInput)
    .mutation(({ ctx, input }) => ctx.services.circulars.draft(ctx.actor, input)),
  /** A draft's title and body; CONFLICT once issued. */
  update: roleProcedure('coordinator')
    .input(circularUpdateInput)
    .mutation(({ ctx, input }) => ctx.services.circulars.update(ctx.actor, input)),
  /** Numbers (通报〔2026〕第N号) and issues a draft, and delivers it to every unit it concerns. */
  issue: roleProcedure('coordinator')
    .input(z.object({ circularId, requestId }))
    .mutation(({ ctx, input }) => ctx.services.circulars.issue(ctx.actor, input)),
  /** The circulars one may read, newest first. */
  list: authedProcedure.input(circularListInput.default({ limit: 20, offset: 0 })).query(({ ctx, input }) => ctx.services.circulars.list(ctx.actor, input)),
  /** One circular with its formal document (drafts watermarked 草稿); NOT_FOUND for whoever may not read it. */
  get: authedProcedure.input(z.object({ circularId })).query(({ ctx, input }) => ctx.services.circulars.get(ctx.actor, input.circularId)),
  /** The same document as a PDF (base64). */
  pdf: authedProcedure.input(z.object({ circularId })).query(({ ctx, input }) => ctx.services.circulars.pdf(ctx.actor, input.circularId)),
});
