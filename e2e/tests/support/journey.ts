import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchBrowser, removeDataDir, repoRoot, startStack, type Stack } from './stack';

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
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
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
