// `pnpm bench`: the corpus score per style (printed), and how long the whole corpus takes to import.
import { readFileSync } from 'node:fs';
import { bench, describe } from 'vitest';
import { formatScores, importCorpusDocument, loadCorpus, scoreDocument } from './corpus.support';

const corpus = loadCorpus();
const scores = [];
for (const document of corpus) scores.push(scoreDocument(document, await importCorpusDocument(document)));
const bytes = corpus.reduce((sum, document) => sum + readFileSync(document.file).length, 0);
console.log(`\nimporter corpus: ${corpus.length} documents, ${Math.round(bytes / 1024)} KiB, ${new Set(corpus.map((d) => d.expected.province)).size} provinces\n${formatScores(scores)}\n`);

describe('importer corpus', () => {
  bench(`read and parse all ${corpus.length} documents`, async () => {
    for (const document of corpus) await importCorpusDocument(document);
  });
});
