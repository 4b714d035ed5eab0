// `pnpm bench`: the corpus score per style (printed), and how long the whole corpus takes to import.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import { formatScores, importCorpusDocument, loadCorpus, scoreDocument } from './corpus.support';
import { readPlanFile } from './files';
import { findSeeds } from './fixtures.support';
import { parsePlan } from './parse';

const corpus = loadCorpus();
const scores = [];
for (const document of corpus) scores.push(scoreDocument(document, await importCorpusDocument(document)));
const bytes = corpus.reduce((sum, document) => sum + readFileSync(document.file).length, 0);
console.log(`\nimporter corpus: ${corpus.length} documents, ${Math.round(bytes / 1024)} KiB, ${new Set(corpus.map((d) => d.expected.province).filter((p) => p !== '未知')).size} provinces\n${formatScores(scores)}\n`);

describe('importer corpus', () => {
  bench(`read and parse all ${corpus.length} documents`, async () => {
    for (const document of corpus) await importCorpusDocument(document);
  });
});

const fixtures = new URL('./files/fixtures/', import.meta.url);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(name, fixtures)));
const files = { pdf: fixture('003.pdf'), docx: fixture('003.docx'), html: fixture('003-gbk.html') };
// The largest text a person may paste: 002 repeated up to 5 MB, renumbered so every measure is distinct.
const seed002 = readFileSync(join(findSeeds(), '002_551b2c05a62b80d5.txt'), 'utf8');
const fiveMegabytes = Array.from({ length: Math.floor((5 * 1024 * 1024) / Buffer.byteLength(seed002)) }, () => seed002).join('\n');

describe('file readers (fixture 003, 20 measures)', () => {
  bench(`.pdf (${Math.round(files.pdf.length / 1024)} KiB) to text`, async () => void (await readPlanFile(files.pdf, '003.pdf')));
  bench(`.docx (${Math.round(files.docx.length / 1024)} KiB) to text`, async () => void (await readPlanFile(files.docx, '003.docx')));
  bench(`saved .html in GBK (${Math.round(files.html.length / 1024)} KiB) to text`, async () => void (await readPlanFile(files.html, '003-gbk.html')));
});

describe('the largest paste', () => {
  bench(`parse ${(Buffer.byteLength(fiveMegabytes) / 1024 / 1024).toFixed(1)} MB of text (002 repeated)`, () => void parsePlan(fiveMegabytes), { iterations: 3 });
});
