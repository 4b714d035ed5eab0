// One real PostgreSQL and one real Temporal dev server for this package's test run.
export { default } from '@liandong/workflows/vitest-global-setup';
