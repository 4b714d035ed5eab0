import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let chunks: Rolldown.OutputChunk[];

beforeAll(async () => {
  // The real production build, kept in memory. Vitest sets NODE_ENV=test, which would make Vite
  // bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  const result = await build({ root, mode: 'production', logLevel: 'silent', build: { write: false } }).finally(() => {
    process.env.NODE_ENV = nodeEnv;
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  chunks = outputs.flatMap((o) => o.output).filter((o): o is Rolldown.OutputChunk => o.type === 'chunk');
}, 60_000);

/** Chunks the browser loads before the first screen: the entry and what it imports statically. */
function initialChunks(): Rolldown.OutputChunk[] {
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const seen = new Set<string>();
  const visit = (chunk: Rolldown.OutputChunk) => {
    if (seen.has(chunk.fileName)) return;
    seen.add(chunk.fileName);
    for (const imported of chunk.imports) visit(byName.get(imported)!);
  };
  chunks.filter((c) => c.isEntry).forEach(visit);
  return chunks.filter((c) => seen.has(c.fileName));
}

describe('the portal bundle', () => {
  it('has no chunk over 500 kB, the size at which Vite warns', () => {
    const kB = (c: Rolldown.OutputChunk) => Buffer.byteLength(c.code) / 1000;
    const oversized = chunks.filter((c) => kB(c) > 500).map((c) => `${c.fileName} ${Math.round(kB(c))} kB`);
    expect(oversized).toEqual([]);
  });

  it('keeps the JavaScript of the first screen within 350 KB gzip', () => {
    const gzipKB = initialChunks().reduce((sum, c) => sum + gzipSync(c.code, { level: 9 }).byteLength, 0) / 1024;
    console.info(`initial JavaScript: ${gzipKB.toFixed(1)} KB gzip in ${initialChunks().length} chunks`);
    expect(gzipKB).toBeLessThanOrEqual(350);
  });

  it('loads each page’s code on first visit, not before the first screen', () => {
    const initialModules = initialChunks().flatMap((c) => c.moduleIds);
    for (const page of ['pages/login/LoginPage.tsx', 'pages/plans/PlansPage.tsx', 'pages/plans/PlanDetailPage.tsx', 'pages/import/ImportPage.tsx', 'pages/agencies/AgenciesPage.tsx', 'pages/inbox/InboxPage.tsx', 'pages/inbox/MeasuresPage.tsx', 'pages/measure/MeasurePage.tsx', 'pages/escalations/EscalationsPage.tsx', 'pages/decisions/DecisionsPage.tsx', 'pages/issues/IssuesPage.tsx', 'pages/supervision/SupervisionPage.tsx', 'pages/supervision/NoticePrintPage.tsx', 'pages/supervision/CircularPrintPage.tsx', 'pages/dashboard/DashboardPage.tsx', 'pages/assessment/AssessmentPage.tsx', 'pages/audit/AuditLogPage.tsx', 'pages/audit/MeasureAuditPage.tsx', 'pages/integrations/IntegrationsPage.tsx']) {
      expect(chunks.some((c) => c.moduleIds.some((id) => id.endsWith(page))), `${page} is built`).toBe(true);
      expect(initialModules.filter((id) => id.endsWith(page)), `${page} is not in the first load`).toEqual([]);
    }
    // The heaviest antd components stay with the pages that use them.
    expect(initialModules.filter((id) => /[\\/]antd[\\/]es[\\/](table|form|upload)[\\/]index\.js$/.test(id))).toEqual([]);
  });
});
