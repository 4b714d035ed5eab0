import type { Rolldown } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, gzipBytes, initialChunks as firstLoad, INITIAL_JS_BUDGET_KB } from '../bench/bundle';

let chunks: Rolldown.OutputChunk[];

beforeAll(async () => {
  chunks = await buildPortal();
}, 60_000);

const initialChunks = () => firstLoad(chunks);

describe('the portal bundle', () => {
  it('has no chunk over 500 kB, the size at which Vite warns', () => {
    const kB = (c: Rolldown.OutputChunk) => Buffer.byteLength(c.code) / 1000;
    const oversized = chunks.filter((c) => kB(c) > 500).map((c) => `${c.fileName} ${Math.round(kB(c))} kB`);
    expect(oversized).toEqual([]);
  });

  it(`keeps the JavaScript of the first screen within ${INITIAL_JS_BUDGET_KB} KB gzip`, () => {
    const gzipKB = initialChunks().reduce((sum, c) => sum + gzipBytes(c), 0) / 1024;
    console.info(`initial JavaScript: ${gzipKB.toFixed(1)} KB gzip in ${initialChunks().length} chunks`);
    expect(gzipKB).toBeLessThanOrEqual(INITIAL_JS_BUDGET_KB);
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
