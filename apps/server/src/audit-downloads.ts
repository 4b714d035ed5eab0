import type { HttpBindings } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { AppError, auditFilterInput, SESSION_COOKIE, type AuditFilter, type Services } from '@liandong/api';
import { measureWorkflowId } from '@liandong/workflows';
import type { Logger } from './logger';

/**
 * 审计 downloads: files an auditor saves, streamed as they are written, behind the same session cookie and the
 * same rules as tRPC (the audit service decides who may; a FORBIDDEN is itself audited):
 * - `GET /api/audit/export?format=jsonl|csv&from&to&agencyId&actor&action&planId&measureId`: the log, filtered;
 * - `GET /api/audit/measures/:measureId/history.json`: the raw Temporal history of every run of a measure's workflow.
 */
export function auditDownloads(services: Services, logger: Logger): Hono {
  const app = new Hono();

  app.get('/export', async (c) => {
    const actor = await signedIn(services, c);
    if (!actor) return unauthorized(c);
    const query = exportQuery(c);
    if (!query.ok) return badRequest(c, query.fields);
    const { format, filter } = query;
    let lines: AsyncIterable<string>;
    try {
      lines = await services.audit.exportLines(actor, filter, format);
    } catch (error) {
      const subject = filter.measureId ? { type: 'measure' as const, id: filter.measureId.toLowerCase() } : filter.planId ? { type: 'plan' as const, id: filter.planId.toLowerCase() } : null;
      return refused(c, error, { actor, route: 'GET /api/audit/export', subject });
    }
    const exportedAt = new Date();
    const body = lineStream(lines, format === 'csv' ? '\r\n' : '\n', (error) => {
      logger.error({ err: error, path: c.req.path, format }, 'audit export failed after it began');
      // Over a socket (the Node server), break the connection off: the browser reports a failed download.
      const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
      outgoing?.destroy();
      return outgoing !== undefined;
    });
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
        'content-disposition': attachment(`liandong-audit-${fileStamp(exportedAt)}.${format}`),
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        // Sent as it is written: the Node adapter otherwise reads ahead to size the body, and would end a
        // failed export cleanly with the lines it had (a file that looks whole) instead of breaking it off.
        'transfer-encoding': 'chunked',
      },
    });
  });

  app.get('/measures/:measureId/history.json', async (c) => {
    const actor = await signedIn(services, c);
    if (!actor) return unauthorized(c);
    const measureId = c.req.param('measureId');
    const parsed = auditFilterInput.safeParse({ measureId });
    if (!parsed.success) return badRequest(c, fieldsOf(parsed.error));
    let json: string;
    try {
      json = await services.audit.historyJson(actor, parsed.data.measureId!);
    } catch (error) {
      return refused(c, error, { actor, route: 'GET /api/audit/measures/:measureId/history.json', subject: { type: 'measure', id: parsed.data.measureId!.toLowerCase() } });
    }
    return c.body(json, 200, {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': attachment(`${measureWorkflowId(parsed.data.measureId!.toLowerCase())}-history.json`),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
  });

  /** What the service refused, as JSON with its code; a FORBIDDEN is audited like tRPC's. Anything else is the app's 500. */
  async function refused(c: Context, error: unknown, attempt: { actor: Actor; route: string; subject: { type: 'measure' | 'plan'; id: string } | null }) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === 'FORBIDDEN') {
      await services.audit.forbidden({ actor: attempt.actor, procedure: attempt.route, subject: attempt.subject, message: error.message }).catch(() => false);
    }
    return c.json({ error: { code: error.code === 'BAD_INPUT' ? 'BAD_REQUEST' : error.code, message: error.message } }, HTTP_STATUS[error.code]);
  }

  return app;
}

type Actor = NonNullable<Awaited<ReturnType<Services['auth']['resolveSession']>>>;

const HTTP_STATUS: Record<AppError['code'], ContentfulStatusCode> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHORIZED: 401,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  BAD_INPUT: 400,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
};

/** The person behind the session cookie, as tRPC's context finds them. */
async function signedIn(services: Services, c: Context): Promise<Actor | null> {
  const token = getCookie(c, SESSION_COOKIE);
  return token ? services.auth.resolveSession(token) : null;
}

const unauthorized = (c: Context) => c.json({ error: { code: 'UNAUTHORIZED', message: 'please sign in (请先登录)' } }, 401);

interface FieldError {
  field: string;
  message: string;
}
const badRequest = (c: Context, fields: FieldError[]) => c.json({ error: { code: 'BAD_REQUEST', message: fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields } }, 400);
const fieldsOf = (error: z.ZodError): FieldError[] => error.issues.map((issue) => ({ field: issue.path.join('.') || '(input)', message: issue.message }));

const FILTER_PARAMS = ['from', 'to', 'agencyId', 'actor', 'action', 'planId', 'measureId'] as const;
const exportFormat = z.enum(['jsonl', 'csv'], { message: 'format must be jsonl or csv' });

/**
 * The export's query: `format` and the audit log's filter, each at most once. An empty value is no filter; a
 * parameter the export does not know is refused (a misspelt filter must not export the whole log).
 */
function exportQuery(c: Context): { ok: true; format: 'jsonl' | 'csv'; filter: AuditFilter } | { ok: false; fields: FieldError[] } {
  const given = c.req.queries();
  const fields: FieldError[] = [];
  const raw: Record<string, unknown> = {};
  for (const [name, values] of Object.entries(given)) {
    if (name !== 'format' && !(FILTER_PARAMS as readonly string[]).includes(name)) fields.push({ field: name, message: `not a filter of the export (format, ${FILTER_PARAMS.join(', ')})` });
    else if (values.length > 1) fields.push({ field: name, message: `${name} may be given once` });
    else if (values[0] !== '' && name !== 'format') raw[name] = name === 'agencyId' && /^\d{1,16}$/.test(values[0]!) ? Number(values[0]) : values[0];
  }
  const format = exportFormat.safeParse(given.format?.[0]);
  if (!format.success && !fields.some((f) => f.field === 'format')) fields.push({ field: 'format', message: 'format must be jsonl or csv' });
  const filter = auditFilterInput.safeParse(raw);
  if (!filter.success) fields.push(...fieldsOf(filter.error));
  if (fields.length > 0 || !format.success || !filter.success) return { ok: false, fields };
  return { ok: true, format: format.data, filter: filter.data };
}

/**
 * The lines as a byte stream, written as the client reads (a million events never sit in memory). A failure
 * after the first byte cannot become an error status any more: `failed` hears of it, logs it and breaks the
 * connection off (true), or else the stream errors rather than ends. Either way the client sees an incomplete
 * download, never a file that looks whole.
 */
export function lineStream(lines: AsyncIterable<string>, newline: string, failed: (error: unknown) => boolean): ReadableStream<Uint8Array> {
  const iterator = lines[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        let chunk = '';
        while (chunk.length < CHUNK_CHARS) {
          const next = await iterator.next();
          if (next.done) {
            if (chunk) controller.enqueue(encoder.encode(chunk));
            controller.close();
            return;
          }
          chunk += next.value + newline;
        }
        controller.enqueue(encoder.encode(chunk));
      } catch (error) {
        if (failed(error)) controller.close();
        else controller.error(new Error('the export failed after it began; the download is incomplete'));
      }
    },
    async cancel() {
      // The client went away: stop reading the log.
      await iterator.return?.();
    },
  });
}
/** Lines are written in chunks of about this many characters. */
const CHUNK_CHARS = 64 * 1024;

/** `YYYYMMDD-HHmmss` at UTC+8 (China time, as the portal shows it), for file names. */
export function fileStamp(date: Date): string {
  const iso = new Date(date.getTime() + 8 * 3_600_000).toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
}

/** Content-Disposition for a download: an ASCII `filename` for old clients, the exact name as `filename*` (RFC 6266). */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
