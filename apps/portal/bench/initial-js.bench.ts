// `pnpm bench` (this package's `bench`): the JavaScript the portal's first screen loads, gzip, from the real production
// build, against two baselines: the budget (350 KB) and the React and antd chunks of that same first load alone (the
// libraries every screen needs, antd as far as the first screen uses it). Never fails on the budget.
import os from 'node:os';
import { buildPortal, gzipBytes, initialChunks, INITIAL_JS_BUDGET_KB } from './bundle';

/** vite.config.ts's chunk groups for React (with the router) and antd. */
const CORE_CHUNKS = ['react', 'antd'];

const began = performance.now();
const chunks = await buildPortal();
const initial = initialChunks(chunks).map((chunk) => ({ chunk, gzipKB: gzipBytes(chunk) / 1024 }));
const totalKB = initial.reduce((sum, c) => sum + c.gzipKB, 0);
const coreKB = initial.filter((c) => CORE_CHUNKS.includes(c.chunk.name)).reduce((sum, c) => sum + c.gzipKB, 0);

console.log(`portal initial JavaScript bench: production build in ${((performance.now() - began) / 1000).toFixed(1)} s; load average ${os.loadavg()[0]!.toFixed(2)}`);
console.log('');
console.log('| chunk of the first load | KB gzip |');
console.log('| --- | --- |');
for (const { chunk, gzipKB } of initial) console.log(`| ${chunk.name}${chunk.isEntry ? ' (entry)' : ''} | ${gzipKB.toFixed(1)} |`);
console.log(`| total | ${totalKB.toFixed(1)} |`);
console.log('');
console.log(`baseline, the budget: ${INITIAL_JS_BUDGET_KB} KB; ratio ${(totalKB / INITIAL_JS_BUDGET_KB).toFixed(2)}`);
console.log(`baseline, React and antd of the first load alone (${CORE_CHUNKS.join(' + ')} chunks): ${coreKB.toFixed(1)} KB; ratio ${(totalKB / coreKB).toFixed(2)}`);
console.log(`target: ≤ ${INITIAL_JS_BUDGET_KB} KB gzip: ${totalKB.toFixed(1)} KB  ${totalKB <= INITIAL_JS_BUDGET_KB ? 'PASS' : 'BELOW'}`);
