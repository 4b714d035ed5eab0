import type { TestProject } from 'vitest/node';
import { startTestPostgres } from '@liandong/db/testing';
import { bundleWorkflowsForTests, startTestTemporal } from './src/testing';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    temporalAddress: string;
    workflowBundle: string;
  }
}

export default async function setup(project: TestProject) {
  const [pg, temporal, workflowBundle] = await Promise.all([startTestPostgres(), startTestTemporal(), bundleWorkflowsForTests()]);
  project.provide('pgAdminUrl', pg.adminUrl);
  project.provide('temporalAddress', temporal.address);
  project.provide('workflowBundle', workflowBundle);
  return async () => {
    await temporal.stop();
    await pg.postgres.stop();
  };
}
