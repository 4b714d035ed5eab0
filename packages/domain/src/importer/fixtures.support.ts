// Test and benchmark support only: the fixture documents are not part of the package.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The seeds live beside the repository: walk up to pnpm-workspace.yaml, then ../shared/seeds/. */
export function findSeeds(): string {
  let dir = fileURLToPath(new URL('.', import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('pnpm-workspace.yaml not found above the test');
    dir = parent;
  }
  return join(dir, '..', 'shared', 'seeds');
}

