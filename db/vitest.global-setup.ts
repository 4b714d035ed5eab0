import type { TestProject } from 'vitest/node';
import { startTestPostgres } from './src/testing';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const { postgres, adminUrl } = await startTestPostgres();
  project.provide('pgAdminUrl', adminUrl);
  return () => postgres.stop();
}
