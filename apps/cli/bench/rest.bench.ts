// `pnpm --filter @liandong/cli bench:rest`: what the REST API (/api/v1) costs over the portal's tRPC, over real
// HTTP. An embedded PostgreSQL with the demo plans and demo users (as `liandong start` loads them), the Hono app
// from `createApp` served by @hono/node-server on 127.0.0.1, and in the same run, at 1 and at 4 concurrent callers:
// tRPC `inbox.measures` with a signed-in officer's session cookie (the baseline), the same read as REST
// `GET /api/v1/assignments` with that officer's agency's API token, and `GET /api/v1/me` (the token's check and the
// audit append, nothing else). Every REST request appends `api.token_used` to the hash-chained audit log.
// Reads only: no Temporal server, no worker. Prints figures; never fails on them.
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Client } from '@temporalio/client';
import { createServices, createUserService, DEMO_PASSWORD, DEMO_USERS } from '@liandong/api';
import { loadDemoPlans } from '@liandong/db';
import { closeServer, createApp } from '@liandong/server';
import { stopInOrder, type Stoppable } from '../src/shutdown';
import { startBenchDatabase } from './database';
import { measureLoad, type LoadFigures } from './load';

const SECONDS = Number(process.env.LIANDONG_BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = Number(process.env.LIANDONG_BENCH_WARMUP_SECONDS ?? 1);
const CALLERS = (process.env.LIANDONG_BENCH_CALLERS ?? '1,4').split(',').map(Number);
/** The demo officer whose session and agency token the callers use. */
const OFFICER = process.env.LIANDONG_BENCH_OFFICER ?? 'gz-commerce-officer';

type Figures = LoadFigures & { label: string };
type Call = (i: number) => Promise<unknown>;

async function run(label: string, callers: number, call: Call): Promise<Figures> {
  if (WARMUP_SECONDS > 0) await measureLoad(callers, WARMUP_SECONDS, call);
  const figures = { label, ...(await measureLoad(callers, SECONDS, call)) };
  console.log(
    `  ${label}, ${callers} caller(s): ${figures.perSecond.toFixed(0)} calls/s, p50 ${figures.p50.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms` +
      (figures.errors ? `, ${figures.errors} errors (first: ${figures.firstError})` : ''),
  );
  return figures;
}

/** A GET that must answer 200 with JSON; anything else is an error the load counts. */
async function getJson(url: string, headers: Record<string, string>): Promise<unknown> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as unknown;
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  console.log(
    `REST bench: callers ${CALLERS.join(' and ')}, ${SECONDS} s per figure after ${WARMUP_SECONDS} s warm-up; ${cpus.length} cores (${cpus[0]?.model ?? 'unknown'}), Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  );
  const stops: Stoppable[] = [];
  try {
    const db = await startBenchDatabase('rest', stops);
    const plans = await loadDemoPlans(db);
    await createUserService({ db }).ensureDemoUsers();
    const officer = DEMO_USERS.find((u) => u.username === OFFICER);
    if (!officer) throw new Error(`LIANDONG_BENCH_OFFICER=${OFFICER} is not a demo user`);

    // Reads never reach Temporal; a lazy client never connects.
    const services = createServices({ db, temporal: new Client(), apiRateLimit: { requests: 1_000_000, windowSeconds: 60 } });
    const app = createApp({ db, temporal: new Client(), services, portalDir: null });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    stops.push({ name: 'API server', stop: () => closeServer(server) });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    // The officer signs in as the portal does; the token is the officer's agency's, created as `liandong token create` does.
    const signIn = await fetch(`${base}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ username: officer.username, password: DEMO_PASSWORD }),
    });
    const session = signIn.headers.getSetCookie().map((c) => c.match(/^liandong_session=([^;]+)/)?.[1]).find(Boolean);
    if (signIn.status !== 200 || !session) throw new Error(`${officer.username} could not sign in: ${signIn.status} ${await signIn.text()}`);
    const cookie = { cookie: `liandong_session=${session}` };
    const { token } = await services.apiTokens.create({ agency: officer.agencyCode, name: 'bench' }, 'bench');
    const bearer = { authorization: `Bearer ${token}` };

    const trpcUrl = `${base}/trpc/inbox.measures?input=${encodeURIComponent(JSON.stringify({ limit: 20 }))}`;
    const restUrl = `${base}/api/v1/assignments?limit=20`;
    const meUrl = `${base}/api/v1/me`;
    // Both answer the same page: the REST operation calls the same procedure.
    const viaTrpc = ((await getJson(trpcUrl, cookie)) as { result: { data: { rows: unknown[]; total: number } } }).result.data;
    const viaRest = (await getJson(restUrl, bearer)) as { rows: unknown[]; total: number };
    if (viaTrpc.total !== viaRest.total || viaTrpc.rows.length !== viaRest.rows.length) {
      throw new Error(`tRPC and REST disagree: ${viaTrpc.rows.length} of ${viaTrpc.total} rows vs ${viaRest.rows.length} of ${viaRest.total}`);
    }
    console.log(`  ${plans.loaded} demo plans; ${officer.username} (${officer.agencyCode}): a page of ${viaRest.rows.length} of ${viaRest.total} measures; serving ${base}`);

    const auditedBefore = await countTokenUses(db);
    const rows: { callers: number; trpc: Figures; rest: Figures; me: Figures }[] = [];
    for (const callers of CALLERS) {
      rows.push({
        callers,
        trpc: await run('tRPC inbox.measures (session cookie)', callers, () => getJson(trpcUrl, cookie)),
        rest: await run('REST GET /api/v1/assignments (token)', callers, () => getJson(restUrl, bearer)),
        me: await run('REST GET /api/v1/me (token check + audit)', callers, () => getJson(meUrl, bearer)),
      });
    }
    const audited = (await countTokenUses(db)) - auditedBefore;

    console.log('');
    console.log('| read | callers | calls/s | p50 ms | p99 ms | errors |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const row of rows) {
      for (const f of [row.trpc, row.rest, row.me]) {
        console.log(`| ${f.label} | ${row.callers} | ${f.perSecond.toFixed(0)} | ${f.p50.toFixed(1)} | ${f.p99.toFixed(1)} | ${f.errors} |`);
      }
    }
    console.log('');
    for (const row of rows) {
      console.log(`REST / tRPC p50 at ${row.callers} caller(s): ${(row.rest.p50 / row.trpc.p50).toFixed(2)} (calls/s ${(row.rest.perSecond / row.trpc.perSecond).toFixed(2)})`);
    }
    console.log(`api.token_used events appended during the run (warm-ups included): ${audited}`);
    console.log(`load average after the run: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    console.log('');
    await stopInOrder(stops, (line) => console.log(line));
  }
}

async function countTokenUses(db: Parameters<typeof loadDemoPlans>[0]): Promise<number> {
  const row = await db.selectFrom('auditEvents').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', 'api.token_used').executeTakeFirstOrThrow();
  return Number(row.n);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
