import { userInfo } from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { addWebhookInput, createWebhookService, type WebhookEndpointSummary } from '@liandong/api';
import { createDb, type Db } from '@liandong/db';
import { WEBHOOK_EVENT_TYPES } from '@liandong/domain';
import { wakeWebhookEndpoint } from '@liandong/workflows';
import { readIntegrationCommandEnv, type IntegrationCommandEnv } from '../env';
import { exitCodeFor, parseOptions, UsageError } from './arguments';
import { withCommandDatabase } from './database';
import { shortTime, tableLines } from './table';
import { check, idAndOptions } from './token';

const USAGE = `usage: liandong webhook <command>
  add --agency <code or name> --url <url> --events <list|all> [--description <text>]
                               push the agency's events to a url; the signing secret (whsec_…) is
                               printed once, on the last line
  list                         every endpoint: agency, url, events, status, failures, deliveries
  rotate <id>                  a new signing secret (last line); the old one signs beside it for 24 hours
  pause <id> | resume <id>     stop delivering, or deliver what waited, in order
  remove <id>                  nothing more is delivered; what waits is cancelled
  deliveries <id> [--limit <n>] [--before <seq>]
                               the endpoint's deliveries, newest first
events: ${WEBHOOK_EVENT_TYPES.join(', ')},
separated by commas, or all. The database is DATABASE_URL, or else the embedded
PostgreSQL of a running \`pnpm start\`; its Temporal (TEMPORAL_ADDRESS, or else the one of
\`pnpm start\`) is told at once, and when it cannot be reached, at the next start.`;

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** A Temporal client for the shell's command, and how to let it go. */
export interface ShellTemporal {
  client: Client;
  close: () => Promise<void>;
}

export interface WebhookCommandDeps {
  env: IntegrationCommandEnv;
  connect: (url: string) => Db;
  /** Connects to Temporal to wake an endpoint's workflow; rejects when it cannot be reached. */
  connectTemporal: (address: string, namespace: string) => Promise<ShellTemporal>;
  /** Who is at the shell; recorded as `shell:<os user>`. */
  osUser: () => string;
}

const defaultDeps = (): WebhookCommandDeps => ({
  env: readIntegrationCommandEnv(),
  connect: (url) => createDb(url, { max: 2 }),
  connectTemporal: async (address, namespace) => {
    const connection = await Connection.connect({ address, connectTimeout: '5s' });
    return { client: new Client({ connection, namespace }), close: () => connection.close() };
  },
  osUser: () => userInfo().username,
});

/** `liandong webhook add | list | rotate | pause | resume | remove | deliveries`: webhook endpoints from a shell. */
export async function webhookCommand(args: string[], io: Io, deps: WebhookCommandDeps = defaultDeps()): Promise<number> {
  const [sub, ...rest] = args;
  try {
    switch (sub) {
      case 'add':
        return await add(rest, io, deps);
      case 'list':
        return await list(rest, io, deps);
      case 'rotate':
        return await rotate(rest, io, deps);
      case 'pause':
      case 'resume':
      case 'remove':
        return await change(sub, rest, io, deps);
      case 'deliveries':
        return await deliveries(rest, io, deps);
      default:
        io.stderr(USAGE);
        return sub === undefined || sub === 'help' || sub === '--help' ? 0 : 2;
    }
  } catch (error) {
    return exitCodeFor(error, USAGE, io.stderr);
  }
}

/**
 * The webhook service over the shell's database, waking endpoint workflows through Temporal when it can be reached.
 * When it cannot, the change stands and stderr says when the workflow will see it.
 */
async function withWebhooks(deps: WebhookCommandDeps, io: Io, use: (webhooks: ReturnType<typeof createWebhookService>) => Promise<number>): Promise<number> {
  const address = deps.env.TEMPORAL_ADDRESS ?? `127.0.0.1:${deps.env.LIANDONG_TEMPORAL_PORT}`;
  const where = deps.env.TEMPORAL_ADDRESS ? `TEMPORAL_ADDRESS=${address}` : `the Temporal of \`pnpm start\` on ${address}`;
  let temporal: Promise<ShellTemporal> | undefined;
  let unreachable = false;
  const wake = async (endpointId: string) => {
    if (unreachable) return;
    try {
      temporal ??= deps.connectTemporal(address, deps.env.TEMPORAL_NAMESPACE);
      await wakeWebhookEndpoint((await temporal).client, endpointId);
    } catch (error) {
      unreachable = true;
      io.stderr(
        `note: could not reach ${where} (${error instanceof Error ? error.message.split('\n')[0] : String(error)}): the change is saved; ` +
          "the endpoint's delivery workflow picks it up at the next `pnpm start`, or when an event is next queued for the endpoint",
      );
    }
  };
  try {
    return await withCommandDatabase(deps, io.stderr, 'webhookEndpoints', (db) => use(createWebhookService({ db, wake })));
  } finally {
    await (await temporal?.catch(() => undefined))?.close().catch(() => undefined);
  }
}

const by = (deps: WebhookCommandDeps) => `shell:${deps.osUser()}`;

const statusOf = (e: WebhookEndpointSummary) => (e.status === 'paused' && e.pausedReason ? `paused (${e.pausedReason})` : e.status);

async function add(args: string[], io: Io, deps: WebhookCommandDeps): Promise<number> {
  const values = parseOptions(args, { agency: { type: 'string' }, url: { type: 'string' }, events: { type: 'string' }, description: { type: 'string' } });
  if (values.agency === undefined) throw new UsageError('--agency is required (a code such as gz-commerce, or a name such as 市商务局)');
  if (values.url === undefined) throw new UsageError('--url is required (where the events are POSTed, such as https://oa.example.gov.cn/liandong/webhook)');
  if (values.events === undefined) throw new UsageError('--events is required (event types separated by commas, or all)');
  const input = check(addWebhookInput, { agency: values.agency, url: values.url, events: values.events, description: values.description });
  return withWebhooks(deps, io, async (webhooks) => {
    const { secret, endpoint } = await webhooks.add(input, by(deps));
    io.stdout(`added webhook endpoint ${endpoint.id} for ${endpoint.agencyName}: ${endpoint.url} (events: ${endpoint.events.join(', ')})`);
    io.stdout('the signing secret is shown this once and cannot be shown again; verify deliveries with it (Standard Webhooks):');
    io.stdout(secret);
    return 0;
  });
}

async function list(args: string[], io: Io, deps: WebhookCommandDeps): Promise<number> {
  parseOptions(args, {});
  return withWebhooks(deps, io, async (webhooks) => {
    const endpoints = await webhooks.list();
    const rows = endpoints.map((e) => [e.id, e.agencyName, e.url, e.events.join(','), statusOf(e), String(e.consecutiveFailures), String(e.counts.pending), String(e.counts.delivered)]);
    for (const line of tableLines(['id', 'agency', 'url', 'events', 'status', 'failures', 'pending', 'delivered'], rows)) io.stdout(line);
    io.stdout(`${endpoints.length} endpoint(s)`);
    const paused = endpoints.filter((e) => e.status === 'paused').length;
    if (paused > 0) io.stderr(`note: ${paused} endpoint(s) paused: nothing is delivered to them until \`liandong webhook resume <id>\``);
    return 0;
  });
}

async function rotate(args: string[], io: Io, deps: WebhookCommandDeps): Promise<number> {
  const { id } = idAndOptions(args, 'endpoint');
  return withWebhooks(deps, io, async (webhooks) => {
    const { secret, endpoint } = await webhooks.rotateSecret(id, by(deps));
    io.stdout(`new signing secret for ${endpoint.url}; the previous one keeps signing beside it until ${shortTime(endpoint.previousSecretExpiresAt)}`);
    io.stdout(secret);
    return 0;
  });
}

async function change(what: 'pause' | 'resume' | 'remove', args: string[], io: Io, deps: WebhookCommandDeps): Promise<number> {
  const { id } = idAndOptions(args, 'endpoint');
  return withWebhooks(deps, io, async (webhooks) => {
    const endpoint = await webhooks[what](id, by(deps));
    const outcome = {
      pause: `paused: nothing is delivered until it is resumed (${endpoint.counts.pending} waiting)`,
      resume: `active: ${endpoint.counts.pending} waiting deliveries go out in order`,
      remove: `removed: nothing more is delivered (${endpoint.counts.cancelled} cancelled in all)`,
    }[what];
    io.stdout(`webhook endpoint ${endpoint.id} (${endpoint.url}) ${outcome}`);
    return 0;
  });
}

async function deliveries(args: string[], io: Io, deps: WebhookCommandDeps): Promise<number> {
  const { id, values } = idAndOptions(args, 'endpoint', { limit: { type: 'string' }, before: { type: 'string' } });
  const limit = values.limit === undefined ? 30 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new UsageError('limit: --limit must be a whole number from 1 to 100');
  const before = values.before === undefined ? undefined : Number(values.before);
  if (before !== undefined && (!Number.isSafeInteger(before) || before < 1)) throw new UsageError('before: --before must be a delivery number (seq)');
  return withWebhooks(deps, io, async (webhooks) => {
    const page = await webhooks.deliveries(id, { limit, before });
    const last = (d: (typeof page.items)[number]) => [d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : '', d.lastError ?? ''].filter((s) => s !== '').join(' ').slice(0, 60) || '-';
    const rows = page.items.map((d) => [String(d.seq), d.id, d.eventType, d.status, String(d.attempts), last(d), shortTime(d.lastAttemptAt), shortTime(d.createdAt)]);
    for (const line of tableLines(['seq', 'webhook-id', 'event', 'status', 'attempts', 'last answer', 'last attempt', 'queued'], rows)) io.stdout(line);
    io.stdout(page.next === null ? `${page.items.length} deliveries` : `${page.items.length} deliveries; older ones: liandong webhook deliveries ${id} --before ${page.next}`);
    return 0;
  });
}
