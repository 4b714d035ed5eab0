// The portal's production build, in memory, and the JavaScript its first screen loads: what the bundle test
// (src/bundle.test.ts) holds to its budget and the bench (bench/initial-js.bench.ts) publishes.
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';

/** The first screen's JavaScript may weigh at most this much, gzip (issue 13's budget). */
export const INITIAL_JS_BUDGET_KB = 350;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The real production build (vite.config.ts), kept in memory: every JavaScript chunk. */
export async function buildPortal(): Promise<Rolldown.OutputChunk[]> {
  // A test runner sets NODE_ENV=test, which would make Vite bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  const result = await build({ root, mode: 'production', logLevel: 'silent', build: { write: false } }).finally(() => {
    process.env.NODE_ENV = nodeEnv;
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  return outputs.flatMap((o) => o.output).filter((o): o is Rolldown.OutputChunk => o.type === 'chunk');
}

/** Chunks the browser loads before the first screen: the entry and what it imports statically. */
export function initialChunks(chunks: readonly Rolldown.OutputChunk[]): Rolldown.OutputChunk[] {
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

/** A chunk's size as served compressed (gzip, level 9). */
export function gzipBytes(chunk: Rolldown.OutputChunk): number {
  return gzipSync(chunk.code, { level: 9 }).byteLength;
}
