import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { devServerExtraArgs, resolveTemporalExecutable } from './temporal';

const saved = { bin: process.env.LIANDONG_TEMPORAL_BIN, path: process.env.PATH, cache: process.env.LIANDONG_CACHE_DIR };
afterEach(() => {
  for (const [key, value] of [['LIANDONG_TEMPORAL_BIN', saved.bin], ['PATH', saved.path], ['LIANDONG_CACHE_DIR', saved.cache]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

async function fakeBinary(dir: string): Promise<string> {
  const file = path.join(dir, 'temporal');
  await writeFile(file, '#!/bin/sh\necho fake\n');
  await chmod(file, 0o755);
  return file;
}

describe('finding the Temporal CLI', () => {
  it('uses LIANDONG_TEMPORAL_BIN first', async () => {
    const bin = await fakeBinary(await mkdtemp(path.join(tmpdir(), 'ld-bin-')));
    process.env.LIANDONG_TEMPORAL_BIN = bin;
    await expect(resolveTemporalExecutable()).resolves.toEqual({ type: 'existing-path', path: bin, source: 'env' });
  });

  it('rejects a LIANDONG_TEMPORAL_BIN that is not executable, naming it', async () => {
    process.env.LIANDONG_TEMPORAL_BIN = '/nonexistent/temporal';
    await expect(resolveTemporalExecutable()).rejects.toThrow('LIANDONG_TEMPORAL_BIN=/nonexistent/temporal is not an executable file');
  });

  it('prefers `temporal` on PATH over the cached build', async () => {
    delete process.env.LIANDONG_TEMPORAL_BIN;
    const dir = await mkdtemp(path.join(tmpdir(), 'ld-path-'));
    const bin = await fakeBinary(dir);
    process.env.PATH = `${dir}${path.delimiter}${saved.path}`;
    await expect(resolveTemporalExecutable()).resolves.toMatchObject({ path: bin, source: 'path' });
  });

  it('falls back to the cached build', async () => {
    delete process.env.LIANDONG_TEMPORAL_BIN;
    const cache = await mkdtemp(path.join(tmpdir(), 'ld-cache-'));
    await mkdir(path.join(cache, 'bin'));
    const bin = await fakeBinary(path.join(cache, 'bin'));
    process.env.LIANDONG_CACHE_DIR = cache;
    process.env.PATH = '/usr/bin:/bin';
    await expect(resolveTemporalExecutable()).resolves.toMatchObject({ path: bin, source: 'cache' });
  });
});

describe('dev server flags', () => {
  it('tunes SQLite (WAL, synchronous=normal) when the server keeps its data in a file', () => {
    expect(devServerExtraArgs({ dbFilename: '/data/temporal.sqlite' })).toEqual([
      '--sqlite-pragma',
      'journal_mode=wal',
      '--sqlite-pragma',
      'synchronous=normal',
    ]);
  });

  it('passes no pragmas to an in-memory server, only the dynamic config', () => {
    expect(devServerExtraArgs({ dynamicConfig: { 'history.workflowIdReuseMinimalInterval': '0s' } })).toEqual([
      '--dynamic-config-value',
      'history.workflowIdReuseMinimalInterval="0s"',
    ]);
  });
});
