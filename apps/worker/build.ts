// `pnpm build`: the worker process as one JavaScript file (dist/index.js) and its workflow code bundled ahead of
// time (dist/workflow-bundle.js, and dist/workflow-bundle-traced.js with the tracing interceptors, for a worker that
// exports spans), so production runs no TypeScript transpiler and never bundles at start-up.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { bundleApp } from '@liandong/devstack/build';
import { workflowBundleOptions } from '@liandong/workflows';
import { WORKFLOW_BUNDLE_FILES } from './src/bundle-files';

const appDir = path.dirname(fileURLToPath(import.meta.url));

export async function buildWorker({ outdir = path.join(appDir, 'dist') }: { outdir?: string } = {}): Promise<{ entry: string; workflowBundle: string; tracedWorkflowBundle: string }> {
  const workflowBundle = path.join(outdir, WORKFLOW_BUNDLE_FILES.plain);
  const tracedWorkflowBundle = path.join(outdir, WORKFLOW_BUNDLE_FILES.traced);
  // The same workflows (and interceptors) the worker bundles from source.
  const workflows = (tracing: boolean) => bundleWorkflowCode({ ...workflowBundleOptions({ tracing }), logger: new DefaultLogger('WARN') });
  const [{ entry }, plain, traced] = await Promise.all([bundleApp({ appDir, outdir, what: 'worker' }), workflows(false), workflows(true)]);
  await Promise.all([writeFile(workflowBundle, plain.code), writeFile(tracedWorkflowBundle, traced.code)]);
  return { entry, workflowBundle, tracedWorkflowBundle };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const built = await buildWorker();
  console.log(`built ${[built.entry, built.workflowBundle, built.tracedWorkflowBundle].map((f) => path.relative(process.cwd(), f)).join(', ')}`);
}
