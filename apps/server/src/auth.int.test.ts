import { createHash } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createUserService } from '@liandong/api';
import { createTestDatabase, type TestDatabase } from '@liandong/db/testing';
import { createApp } from './app';

let t: TestDatabase;
let connection: Connection;
let app: Hono;

const PASSWORD = 'right-password-1';
const SAME_ORIGIN = { origin: 'http://localhost' };

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  connection = await Connection.connect({ address: inject('temporalAddress') });
  app = createApp({ db: t.db, temporal: new Client({ connection }), portalDir: null });
});
afterAll(async () => {
  await connection?.close();
  await t?.drop();
});

async function person(username: string, roles: ('officer' | 'admin')[] = ['officer']) {
  return createUserService({ db: t.db }).create({ username, displayName: `${username} 同志`, agency: 'gz-commerce', roles, password: PASSWORD });
}

interface TrpcBody {
  result?: { data: unknown };
  error?: { message: string; code: number; data: { code: string; httpStatus: number; fields: { field: string; message: string }[] | null } };
}

async function call(method: 'GET' | 'POST', procedure: string, options: { input?: unknown; cookie?: string; headers?: Record<string, string>; url?: string } = {}) {
  const base = options.url ?? 'http://localhost';
  const query = method === 'GET' && options.input !== undefined ? `?input=${encodeURIComponent(JSON.stringify(options.input))}` : '';
  const headers: Record<string, string> = { ...(method === 'POST' ? { 'content-type': 'application/json' } : {}), ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  const res = await app.request(`${base}/trpc/${procedure}${query}`, {
    method,
    headers,
    body: method === 'POST' ? JSON.stringify(options.input ?? null) : undefined,
  });
  return { res, body: (await res.json()) as TrpcBody };
}

async function signInOverHttp(username: string, password = PASSWORD) {
  const { res, body } = await call('POST', 'auth.signIn', { input: { username, password }, headers: SAME_ORIGIN });
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('liandong_session='));
  const token = setCookie?.match(/^liandong_session=([^;]*)/)?.[1];
  return { res, body, setCookie, token, cookie: token ? `liandong_session=${token}` : undefined };
}

describe('signing in over HTTP', () => {
  it('sets an httpOnly SameSite=Strict session cookie that auth.me then recognises', async () => {
    const user = await person('http.li');
    const signedIn = await signInOverHttp('http.li');
    expect(signedIn.res.status).toBe(200);
    expect(signedIn.body.result?.data).toMatchObject({ userId: user.id, username: 'http.li', agency: { code: 'gz-commerce', name: '市商务局' } });
    expect(signedIn.setCookie).toMatch(/; HttpOnly/);
    expect(signedIn.setCookie).toMatch(/; SameSite=Strict/);
    expect(signedIn.setCookie).toMatch(/; Path=\//);
    expect(signedIn.setCookie).toMatch(/; Max-Age=43200/);
    expect(signedIn.setCookie).not.toMatch(/Secure/); // plain http: a Secure cookie would never come back
    expect(signedIn.token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const me = await call('GET', 'auth.me', { cookie: signedIn.cookie });
    expect(me.res.status).toBe(200);
    expect(me.body.result?.data).toEqual({
      userId: user.id,
      username: 'http.li',
      displayName: 'http.li 同志',
      agencyId: user.agencyId,
      roles: ['officer'],
      agency: { id: user.agencyId, code: 'gz-commerce', name: '市商务局' },
    });
  });

  it('answers auth.me with null without a cookie or with a forged one', async () => {
    expect((await call('GET', 'auth.me')).body.result?.data).toBeNull();
    expect((await call('GET', 'auth.me', { cookie: `liandong_session=${'x'.repeat(43)}` })).body.result?.data).toBeNull();
  });

  it('marks the cookie Secure when the request came over https', async () => {
    await person('http.secure');
    const { res } = await call('POST', 'auth.signIn', {
      url: 'https://liandong.example',
      input: { username: 'http.secure', password: PASSWORD },
      headers: { origin: 'https://liandong.example' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().find((c) => c.startsWith('liandong_session='))).toMatch(/; Secure/);
  });

  it('stores the session under the hash of the cookie token, not the token', async () => {
    await person('http.hash');
    const { token } = await signInOverHttp('http.hash');
    const ids = (await t.db.selectFrom('sessions').select('id').execute()).map((r) => r.id);
    expect(ids).toContain(createHash('sha256').update(token!).digest('hex'));
    expect(ids).not.toContain(token);
  });

  it('answers a wrong password and an unknown username with the same 401 and message', async () => {
    await person('http.wrong');
    const wrongPassword = await signInOverHttp('http.wrong', 'not-the-password');
    const unknownUser = await signInOverHttp('http.nobody', PASSWORD);
    expect(wrongPassword.res.status).toBe(401);
    expect(unknownUser.res.status).toBe(401);
    expect(wrongPassword.body.error?.message).toBe('用户名或密码错误 / wrong username or password');
    expect(unknownUser.body.error?.message).toBe(wrongPassword.body.error?.message);
    expect(wrongPassword.setCookie).toBeUndefined();
  });

  it('refuses the sixth failed attempt with 429 even with the right password', async () => {
    await person('http.locked');
    for (let i = 0; i < 5; i++) expect((await signInOverHttp('http.locked', `wrong-guess-${i}`)).res.status).toBe(401);
    const sixth = await signInOverHttp('http.locked', PASSWORD);
    expect(sixth.res.status).toBe(429);
    expect(sixth.body.error?.data.code).toBe('TOO_MANY_REQUESTS');
    expect(sixth.body.error?.message).toMatch(/try again in \d+ min/);
    expect(sixth.setCookie).toBeUndefined();
  });

  it('names the field of bad sign-in input', async () => {
    const { res, body } = await call('POST', 'auth.signIn', { input: { username: '', password: 'x' }, headers: SAME_ORIGIN });
    expect(res.status).toBe(400);
    expect(body.error?.message).toMatch(/^username: /);
  });
});

describe('signing out over HTTP', () => {
  it('clears the cookie and revokes the session, so the old token no longer works', async () => {
    await person('http.bye');
    const { cookie } = await signInOverHttp('http.bye');
    const out = await call('POST', 'auth.signOut', { cookie, headers: SAME_ORIGIN });
    expect(out.res.status).toBe(200);
    expect(out.res.headers.getSetCookie().find((c) => c.startsWith('liandong_session='))).toMatch(/^liandong_session=; Max-Age=0;/);
    expect((await call('GET', 'auth.me', { cookie })).body.result?.data).toBeNull();
  });
});

describe('cross-site request forgery', () => {
  it('refuses a POST from a foreign Origin with 403 and changes nothing', async () => {
    await person('csrf.victim');
    const { cookie } = await signInOverHttp('csrf.victim');
    const res = await app.request('http://localhost/trpc/auth.signOut', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookie!, origin: 'https://evil.example' },
      body: 'null',
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'CSRF', message: expect.stringContaining('https://evil.example') } });
    expect(res.headers.getSetCookie()).toEqual([]);
    expect((await call('GET', 'auth.me', { cookie })).body.result?.data).toMatchObject({ username: 'csrf.victim' });
  });

  it('refuses a forged sign-in before it is even attempted', async () => {
    await person('csrf.login');
    const { res } = await call('POST', 'auth.signIn', { input: { username: 'csrf.login', password: PASSWORD }, headers: { origin: 'http://localhost.evil.example' } });
    expect(res.status).toBe(403);
    expect(await t.db.selectFrom('loginAttempts').where('username', '=', 'csrf.login').execute()).toEqual([]);
  });

  it('judges by the Referer when there is no Origin', async () => {
    await person('csrf.referer');
    const { cookie } = await signInOverHttp('csrf.referer');
    const foreign = await call('POST', 'auth.signOut', { cookie, headers: { referer: 'https://evil.example/page' } });
    expect(foreign.res.status).toBe(403);
    const own = await call('POST', 'auth.signOut', { cookie, headers: { referer: 'http://localhost/settings' } });
    expect(own.res.status).toBe(200);
  });

  it('refuses a signed-in POST with neither Origin nor Referer, but lets an anonymous one through', async () => {
    await person('csrf.bare');
    const { cookie } = await signInOverHttp('csrf.bare');
    expect((await call('POST', 'auth.signOut', { cookie })).res.status).toBe(403);
    expect((await call('GET', 'auth.me', { cookie })).body.result?.data).toMatchObject({ username: 'csrf.bare' });
    const anonymous = await call('POST', 'auth.signIn', { input: { username: 'csrf.bare', password: PASSWORD } });
    expect(anonymous.res.status).toBe(200);
  });

  it('leaves GET queries alone whatever their Origin', async () => {
    const { res } = await call('GET', 'auth.me', { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(200);
  });

  it('guards the REST API too', async () => {
    const res = await app.request('http://localhost/api/v1/agencies', { method: 'POST', headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
  });
});

describe('user administration over HTTP', () => {
  it('lets a signed-in admin create a user and refuses an officer', async () => {
    await person('http.admin', ['admin']);
    await person('http.officer');
    const input = { username: 'http.created', agency: 'gd-transport', roles: ['officer'], password: 'created-password-1' };
    const officer = await signInOverHttp('http.officer');
    const refused = await call('POST', 'user.create', { input, cookie: officer.cookie, headers: SAME_ORIGIN });
    expect(refused.res.status).toBe(403);
    const admin = await signInOverHttp('http.admin');
    const created = await call('POST', 'user.create', { input, cookie: admin.cookie, headers: SAME_ORIGIN });
    expect(created.res.status).toBe(200);
    expect(created.body.result?.data).toMatchObject({ username: 'http.created', agencyName: '省交通运输厅' });
  });

  it('answers a bad username with 400 naming username', async () => {
    await person('http.admin2', ['admin']);
    const admin = await signInOverHttp('http.admin2');
    const input = { username: 'no spaces allowed', agency: 'gd-transport', roles: ['officer'], password: 'created-password-1' };
    const { res, body } = await call('POST', 'user.create', { input, cookie: admin.cookie, headers: SAME_ORIGIN });
    expect(res.status).toBe(400);
    expect(body.error?.message).toMatch(/^username: /);
    expect(body.error?.data.fields).toEqual([{ field: 'username', message: expect.any(String) }]);
  });
});
