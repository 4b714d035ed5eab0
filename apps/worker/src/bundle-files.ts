/** The prebuilt workflow bundles `pnpm build` writes beside dist/index.js; the worker loads one when LIANDONG_WORKFLOW_BUNDLE is unset. */
export const WORKFLOW_BUNDLE_FILES = {
  /** The workflows alone: what a worker runs unless it exports spans. */
  plain: 'workflow-bundle.js',
  /** With the OpenTelemetry workflow interceptors: for a worker whose spans leave the process. */
  traced: 'workflow-bundle-traced.js',
} as const;
