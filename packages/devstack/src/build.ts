// `pnpm build` for the API and the worker: one JavaScript file per process, so production runs no TypeScript transpiler.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

const RESOLVING = Symbol('resolving');

const packageName = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/**
 * Workspace packages (@liandong/*) export their TypeScript sources: they are bundled, and so are JSON data
 * files. Every other package stays an import (some are native) and is loaded from node_modules at run time.
 */
const workspaceBundled: Plugin = {
  name: 'workspace-bundled',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith('@liandong/') || args.path.endsWith('.json') || args.pluginData === RESOLVING) return undefined;
      const name = packageName(args.path);
      if (isBuiltin(args.path) || args.path === name || path.extname(args.path)) return { external: true };
      // A deep import into a package without an exports map (`@temporalio/common/lib/proto-utils`): Node's ESM
      // loader, unlike the bundler, wants the file's own name.
      const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: RESOLVING });
      const root = resolved.path.slice(0, resolved.path.lastIndexOf(`/node_modules/${name}/`) + `/node_modules/${name}`.length);
      const manifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { exports?: unknown };
      return { path: manifest.exports ? args.path : `${name}/${path.relative(root, resolved.path)}`, external: true };
    });
  },
};

/**
 * Bundles `<appDir>/src/index.ts` into `<outdir>/index.js` (ESM, Node 20, source map), then checks that Node can load
 * every package the bundle imports from where it lies: pnpm gives an app only its own dependencies, so a package
 * missing from `<appDir>/package.json` would fail only in production. `what` names the app in that error.
 */
export async function bundleApp({ appDir, outdir, what }: { appDir: string; outdir: string; what: string }): Promise<{ entry: string }> {
  const entry = path.join(outdir, 'index.js');
  const result = await build({
    entryPoints: [path.join(appDir, 'src/index.ts')],
    outfile: entry,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
    plugins: [workspaceBundled],
  });
  const output = result.metafile.outputs[path.relative(process.cwd(), entry)];
  const missing = unresolvablePackages(outdir, [...(output?.imports ?? []).filter((i) => i.external).map((i) => i.path), ...(await runtimeRequires(entry))]);
  if (missing.length > 0) {
    throw new Error(`the built ${what} cannot load ${missing.join(', ')} from ${outdir}: add them to ${path.join(appDir, 'package.json')}'s dependencies (pnpm installs only an app's own dependencies where its bundle lies)`);
  }
  return { entry };
}

/** Packages the bundled code loads with `createRequire(import.meta.url)` (pdfmake, fonts, pdf.js data), which esbuild cannot see. */
async function runtimeRequires(file: string): Promise<string[]> {
  const code = await readFile(file, 'utf8');
  return [...code.matchAll(/\b(?:require\d*|createRequire\d*\(import\.meta\.url\))(?:\.resolve)?\("([^"]+)"\)/g)].map((m) => m[1]!);
}

/** The bare specifiers, by package name, that Node would not find in a node_modules above `dir`. */
export function unresolvablePackages(dir: string, specifiers: string[]): string[] {
  const names = new Set(specifiers.filter((s) => !s.startsWith('.') && !s.startsWith('/') && !isBuiltin(s)).map(packageName));
  const found = (name: string) => {
    for (let at = path.resolve(dir); ; at = path.dirname(at)) {
      if (existsSync(path.join(at, 'node_modules', name, 'package.json'))) return true;
      if (path.dirname(at) === at) return false;
    }
  };
  return [...names].filter((name) => !found(name)).sort();
}
