import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeAbandonedClusters } from './testing';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A pid that surely belongs to no process any more: a child that has already exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

describe('removeAbandonedClusters', () => {
  it('removes the clusters of killed runs and keeps those of live runs or live servers', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'liandong-test-'));
    const dead = deadPid();
    const make = async (name: string, postmasterPid?: number) => {
      await mkdir(path.join(dir!, name), { recursive: true });
      if (postmasterPid) await writeFile(path.join(dir!, name, 'postmaster.pid'), `${postmasterPid}\n/data\n`);
    };
    await make(`pg-${dead}-0a1b2c3d`); // the run was killed before its server started
    await make(`pg-${dead}-11112222`, deadPid()); // run and server both gone
    await make(`pg-${dead}-33334444`, process.pid); // run gone, server still up: leave it
    await make(`pg-${process.pid}-55556666`); // a run going on now
    await make('notes'); // not ours

    expect((await removeAbandonedClusters(dir)).sort()).toEqual([`pg-${dead}-0a1b2c3d`, `pg-${dead}-11112222`]);
    expect((await readdir(dir)).sort()).toEqual(['notes', `pg-${dead}-33334444`, `pg-${process.pid}-55556666`].sort());
  });

  it('does nothing when there is no test directory yet', async () => {
    expect(await removeAbandonedClusters(path.join(tmpdir(), 'liandong-no-such-dir'))).toEqual([]);
  });
});
