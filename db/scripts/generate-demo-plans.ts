// Regenerates the committed demo plans (db/src/demo/plans/*.json) from the fixture documents in ../shared/seeds:
//   pnpm --filter @liandong/db exec tsx scripts/generate-demo-plans.ts
// Fails, writing nothing, when the importer leaves any agency name unresolved.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findRepoRoot } from '@liandong/devstack';
import { DEMO_PLAN_SOURCES, buildDemoPlan } from '../src/demo/build';

const root = findRepoRoot();
const seeds = path.resolve(root, '..', 'shared', 'seeds');
const outDir = path.join(root, 'db', 'src', 'demo', 'plans');

try {
  const plans = await Promise.all(
    DEMO_PLAN_SOURCES.map(async (source) => buildDemoPlan(source, readFileSync(path.join(seeds, source.fixture), 'utf8'))),
  );
  for (const plan of plans) {
    const file = path.join(outDir, `${plan.key}.json`);
    writeFileSync(file, `${JSON.stringify(plan, null, 2)}\n`);
    console.log(`${path.relative(root, file)}: ${plan.measures.length} measures from ${plan.fixture}`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
