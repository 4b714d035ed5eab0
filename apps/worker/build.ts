// `pnpm build`: the worker process as one JavaScript file (dist/index.js) and its workflow code bundled ahead of
// time (dist/workflow-bundle.js), so production runs no TypeScript transpiler and never bundles at start-up.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { bundleApp } from '@liandong/devstack/build';
import { workflowBundleOptions } from '@liandong/workflows';

const appDir = path.dirname(fileURLToPath(import.meta.url));

/** The file beside dist/index.js that the worker loads when LIANDONG_WORKFLOW_BUNDLE is unset. */
export const WORKFLOW_BUNDLE_FILE = 'workflow-bundle.js';

export async function buildWorker({ outdir = path.join(appDir, 'dist') }: { outdir?: string } = {}): Promise<{ entry: string; workflowBundle: string }> {
  const workflowBundle = path.join(outdir, WORKFLOW_BUNDLE_FILE);
  const [{ entry }, { code }] = await Promise.all([
    bundleApp({ appDir, outdir, what: 'worker' }),
    // The same workflows and interceptors the worker bundles from source (the tracing interceptors included).
    bundleWorkflowCode({ ...workflowBundleOptions(), logger: new DefaultLogger('WARN') }),
  ]);
  await writeFile(workflowBundle, code);
  return { entry, workflowBundle };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { entry, workflowBundle } = await buildWorker();
  console.log(`built ${path.relative(process.cwd(), entry)} and ${path.relative(process.cwd(), workflowBundle)}`);
}
