// `pnpm build`: the API process as one JavaScript file (dist/index.js), so production runs no TypeScript transpiler.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleApp } from '@liandong/devstack/build';

const appDir = path.dirname(fileURLToPath(import.meta.url));

export async function buildServer({ outdir = path.join(appDir, 'dist') }: { outdir?: string } = {}): Promise<{ entry: string }> {
  return bundleApp({ appDir, outdir, what: 'API' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { entry } = await buildServer();
  console.log(`built ${path.relative(process.cwd(), entry)}`);
}
