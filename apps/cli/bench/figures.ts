// A bench's headline figures, for the closing table `pnpm bench` prints (bench/all.ts). Each bench prints its own
// figures in full; this only hands the headline ones to the runner, through a file it names.
import { appendFileSync } from 'node:fs';

export interface Figure {
  bench: string;
  /** The Temporal server the figure was measured on, or `none` where the bench never reaches Temporal. */
  temporal: 'dev' | 'postgres' | 'none';
  what: string;
  value: string;
  baseline: string;
  /** value / baseline, both in the figure's unit. */
  ratio: number | null;
  /** The target and whether it was met; empty when the figure has none. */
  target: string;
  verdict: 'PASS' | 'BELOW' | '';
}

/** Where the runner collects figures (JSON lines); unset when a bench runs alone. */
export const FIGURES_FILE_VARIABLE = 'LIANDONG_BENCH_FIGURES_FILE';

export function recordFigure(figure: Figure): void {
  const file = process.env[FIGURES_FILE_VARIABLE];
  if (file) appendFileSync(file, `${JSON.stringify(figure)}\n`);
}

export const verdict = (met: boolean): 'PASS' | 'BELOW' => (met ? 'PASS' : 'BELOW');
