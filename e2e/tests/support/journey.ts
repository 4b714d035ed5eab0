import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchBrowser, outputDir, removeDataDir, repoRoot, startStack, type Stack } from './stack';

export interface Journey {
  readonly stack: Stack;
  readonly browser: Browser;
  /** Closes the context after the current test. */
  track(context: BrowserContext): BrowserContext;
}

/** One whole stack and one browser for a spec file, each test in its own browser contexts. */
export function useJourney(): Journey {
  const dataDir = path.join(repoRoot, '.data', `e2e-${randomBytes(4).toString('hex')}`);
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack(dataDir);
  });
  afterEach(async (context) => {
    const open = contexts.splice(0);
    // What each person saw when a test failed (e2e/output/failed-<test>-<n>.png), and what the stack logged.
    if (context.task.result?.state === 'fail') {
      const name = context.task.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60);
      const pages = open.flatMap((c) => c.pages());
      await mkdir(outputDir, { recursive: true });
      await Promise.all(pages.map((page, i) => page.screenshot({ path: path.join(outputDir, `failed-${name}-${i + 1}.png`), fullPage: true }).catch(() => undefined)));
      if (stack) await writeFile(path.join(outputDir, `failed-${name}-stack.log`), stack.output());
    }
    await Promise.all(open.map((c) => c.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await removeDataDir(dataDir);
  });

  return {
    get stack() {
      if (!stack) throw new Error('the stack is not running (beforeAll failed?)');
      return stack;
    },
    get browser() {
      if (!browser) throw new Error('the browser is not running (beforeAll failed?)');
      return browser;
    },
    track(context) {
      contexts.push(context);
      return context;
    },
  };
}
