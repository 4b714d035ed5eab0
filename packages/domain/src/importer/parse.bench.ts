import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bench, describe } from 'vitest';
import { findSeeds } from './fixtures.support';
import { parsePlan } from './parse';

const seeds = findSeeds();
const guangzhou = readFileSync(path.join(seeds, '002_551b2c05a62b80d5.txt'), 'utf8');
const guangdong = readFileSync(path.join(seeds, '003_5a1bbc60fce88403.txt'), 'utf8');

describe('plan importer', () => {
  bench('parse 002 (22 measures, 21 KB)', () => void parsePlan(guangzhou));
  bench('parse 003 (20 tasks, 18 KB)', () => void parsePlan(guangdong));
});
