// `pnpm bench` in this package: the benches behind the published limits (docs/BENCHMARKS.md), each on both Temporal
// servers where Temporal is involved, one after another, each in a process of its own; then one table of their
// headline figures with baseline, ratio and target. A bench that cannot run is reported and the rest still run;
// the exit code is non-zero only then. LIANDONG_BENCH_ONLY=commands,live (file names' starts) runs a subset;
// LIANDONG_BENCH_TARGETS=dev (or postgres) one server; sizes and durations as each bench reads them.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIGURES_FILE_VARIABLE, type Figure } from './figures';
import { TEMPORAL_TARGETS, type TemporalTarget } from './temporal';
import { TRACING_NOTE, WITH_TRACING } from './workflow-bundle';

interface Run {
  file: string;
  /** Runs once per Temporal target; null: the bench never reaches Temporal. */
  target: TemporalTarget | null;
}

const BENCHES: { file: string; temporal: boolean }[] = [
  { file: 'commands.bench.ts', temporal: true },
  { file: 'audit.bench.ts', temporal: false },
  { file: 'chain.bench.ts', temporal: false },
  { file: 'reads.bench.ts', temporal: false },
  { file: 'plan-launch.bench.ts', temporal: true },
  { file: 'live.bench.ts', temporal: true },
];

function selectedRuns(): Run[] {
  const only = process.env.LIANDONG_BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
  const targets = (process.env.LIANDONG_BENCH_TARGETS?.split(',').map((s) => s.trim()) ?? TEMPORAL_TARGETS) as TemporalTarget[];
  const unknown = targets.filter((t) => !TEMPORAL_TARGETS.includes(t));
  if (unknown.length > 0) throw new Error(`LIANDONG_BENCH_TARGETS: expected ${TEMPORAL_TARGETS.join(' and/or ')}, got ${unknown.join(', ')}`);
  return BENCHES.filter((b) => !only || only.some((prefix) => b.file.startsWith(prefix))).flatMap((b): Run[] => (b.temporal ? targets.map((target) => ({ file: b.file, target })) : [{ file: b.file, target: null }]));
}

function runBench(run: Run, figuresFile: string): Promise<number | null> {
  const file = fileURLToPath(new URL(`./${run.file}`, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...(run.target ? ['--temporal', run.target] : [])], {
    stdio: 'inherit',
    env: { ...process.env, [FIGURES_FILE_VARIABLE]: figuresFile },
  });
  return new Promise((resolve) => {
    child.once('error', () => resolve(null));
    child.once('exit', (code) => resolve(code));
  });
}

async function main(): Promise<number> {
  const runs = selectedRuns();
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'liandong-bench-'));
  const figures: (Figure & { load: string })[] = [];
  const failed: string[] = [];
  const began = Date.now();
  try {
    for (const [i, run] of runs.entries()) {
      const name = `${run.file}${run.target ? ` --temporal ${run.target}` : ''}`;
      const load = os.loadavg()[0]!.toFixed(2);
      console.log(`\n=== ${name} (${i + 1} of ${runs.length}; load average ${load}) ===\n`);
      const figuresFile = path.join(scratch, `${i}.jsonl`);
      const runBegan = Date.now();
      const code = await runBench(run, figuresFile);
      console.log(`\n=== ${name}: ${code === 0 ? 'done' : `could not run (exit ${code})`} in ${Math.round((Date.now() - runBegan) / 1000)} s ===`);
      if (code !== 0) failed.push(name);
      const lines = (await readFile(figuresFile, 'utf8').catch(() => '')).split('\n').filter(Boolean);
      for (const line of lines) figures.push({ ...(JSON.parse(line) as Figure), load });
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }

  const variant = WITH_TRACING ? `; ${TRACING_NOTE}` : '';
  console.log(`\nAll figures (${runs.length} runs in ${Math.round((Date.now() - began) / 60_000)} min; load average before each run${variant}):\n`);
  console.log('| bench | Temporal | what | value | baseline | ratio | target | result | load |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const f of figures) {
    console.log(`| ${f.bench} | ${f.temporal} | ${f.what} | ${f.value} | ${f.baseline} | ${f.ratio === null || !Number.isFinite(f.ratio) ? '—' : f.ratio.toFixed(2)} | ${f.target} | ${f.verdict} | ${f.load} |`);
  }
  if (failed.length > 0) console.log(`\ncould not run: ${failed.join('; ')}`);
  return failed.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
