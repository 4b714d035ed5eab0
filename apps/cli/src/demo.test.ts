import { describe, expect, it } from 'vitest';
import { demoDataEnabled, signInLines } from './demo';
import { readStartEnv } from './env';

const OWN_DATABASE = 'postgres://liandong:secret@db.example.gov.cn:5432/liandong';
const env = (vars: Record<string, string>) => readStartEnv({ LIANDONG_DATA_DIR: '/tmp/liandong-test', ...vars });

describe('demoDataEnabled', () => {
  it('loads the demo users and plans into the embedded PostgreSQL by default', () => {
    expect(demoDataEnabled(env({}))).toBe(true);
  });

  it('keeps them out of a database given by DATABASE_URL unless LIANDONG_DEMO=true', () => {
    expect(demoDataEnabled(env({ DATABASE_URL: OWN_DATABASE }))).toBe(false);
    expect(demoDataEnabled(env({ DATABASE_URL: OWN_DATABASE, LIANDONG_DEMO: 'false' }))).toBe(false);
    expect(demoDataEnabled(env({ DATABASE_URL: OWN_DATABASE, LIANDONG_DEMO: 'true' }))).toBe(true);
  });

  it('leaves them out of the embedded PostgreSQL with LIANDONG_DEMO=false', () => {
    expect(demoDataEnabled(env({ LIANDONG_DEMO: 'false' }))).toBe(false);
    expect(demoDataEnabled(env({ LIANDONG_DEMO: 'true' }))).toBe(true);
  });

  it('refuses a LIANDONG_DEMO other than true or false, naming the variable', () => {
    for (const value of ['yes', '1', 'TRUE', '']) {
      expect(() => env({ LIANDONG_DEMO: value })).toThrow(/LIANDONG_DEMO must be true or false/);
    }
  });
});

describe('the start banner', () => {
  it('prints the demo sign-ins and password when demo data is on', () => {
    const lines = signInLines(env({})).join('\n');
    expect(lines).toContain('gz-coordinator');
    expect(lines).toContain('password liandong-demo');
  });

  it('prints how to create the first admin, and no demo password, when demo data is off', () => {
    const lines = signInLines(env({ DATABASE_URL: OWN_DATABASE })).join('\n');
    expect(lines).not.toContain('liandong-demo');
    expect(lines).not.toContain('gz-coordinator');
    expect(lines).toContain('pnpm liandong user create --username <name> --agency <code or name> --role admin (with the same DATABASE_URL)');
    expect(signInLines(env({ LIANDONG_DEMO: 'false' })).join('\n')).toMatch(/--role admin$/);
  });
});
