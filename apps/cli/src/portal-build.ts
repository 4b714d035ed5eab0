import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { findRepoRoot } from '@liandong/devstack';

function newestMtime(target: string): number {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(target).map((name) => newestMtime(path.join(target, name))));
}

/** Builds the portal when its bundle is missing or older than its sources, so `start` serves what the code says. */
export async function ensurePortalBuilt(log: (line: string) => void): Promise<string> {
  const portal = path.join(findRepoRoot(), 'apps', 'portal');
  const dist = path.join(portal, 'dist');
  const index = path.join(dist, 'index.html');
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => path.join(portal, p));
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources.map(newestMtime))) return dist;
  log('  portal: building (vite build)');
  await new Promise<void>((resolve, reject) => {
    // Always the production build: under vitest (e2e) NODE_ENV=test would give antd's dialogs test ids for names.
    const child = spawn('pnpm', ['--silent', 'run', 'build'], { cwd: portal, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`portal build failed (exit ${code})`))));
  });
  return dist;
}
