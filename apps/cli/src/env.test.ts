import { describe, expect, it } from 'vitest';
import { readStartEnv } from './env';

const base = { LIANDONG_DATA_DIR: '/tmp/liandong-test' };

describe('the start environment', () => {
  it('takes the app role from LIANDONG_APP_DATABASE_URL beside the owner DATABASE_URL', () => {
    const env = readStartEnv({ ...base, DATABASE_URL: 'postgres://owner@db/liandong', LIANDONG_APP_DATABASE_URL: 'postgres://liandong_app@db/liandong' });
    expect(env).toMatchObject({ DATABASE_URL: 'postgres://owner@db/liandong', LIANDONG_APP_DATABASE_URL: 'postgres://liandong_app@db/liandong' });
  });

  it('refuses an app role without DATABASE_URL, and a short audit key', () => {
    expect(() => readStartEnv({ ...base, LIANDONG_APP_DATABASE_URL: 'postgres://liandong_app@db/liandong' })).toThrow(/LIANDONG_APP_DATABASE_URL needs DATABASE_URL/);
    expect(() => readStartEnv({ ...base, LIANDONG_AUDIT_KEY: 'short' })).toThrow(/LIANDONG_AUDIT_KEY must be at least 32 characters/);
  });
});
