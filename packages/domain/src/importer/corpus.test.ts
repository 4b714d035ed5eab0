// The importer on real documents it was not written beside: every document of packages/domain/corpus, scored
// against the expected output a person wrote by reading it. Fails below the targets of issue 11.
import { describe, expect, it } from 'vitest';
import { formatScores, importCorpusDocument, loadCorpus, scoreDocument, totalsOf } from './corpus.support';
import type { DocumentScore } from './corpus.support';

const corpus = loadCorpus();

describe('the corpus of real documents', () => {
  it('holds at least 40 documents from at least 15 provinces, every level, 5 .docx tables and 5 negatives', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
    expect(new Set(corpus.map((d) => d.expected.province).filter((p) => p !== '未知')).size).toBeGreaterThanOrEqual(15);
    expect(new Set(corpus.map((d) => d.expected.level))).toEqual(new Set(['province', 'city', 'district']));
    expect(corpus.filter((d) => d.file.endsWith('.docx') && d.expected.style === 'table').length).toBeGreaterThanOrEqual(5);
    expect(corpus.filter((d) => d.expected.style === 'negative' && d.expected.measures.length === 0).length).toBeGreaterThanOrEqual(5);
    for (const document of corpus) {
      if (document.expected.style !== 'negative') expect(document.expected.measures.length, document.id).toBeGreaterThan(0);
    }
  });

  it('finds every measure, reads ≥ 98% of lead/partner/all-districts sets exactly and ≥ 95% of deadlines, takes no noise', async () => {
    const scores: DocumentScore[] = [];
    for (const document of corpus) scores.push(scoreDocument(document, await importCorpusDocument(document)));
    const totals = totalsOf(scores);
    const report = [
      formatScores(scores),
      ...scores.filter((s) => s.misses.length > 0).flatMap((s) => [`${s.id}:`, ...s.misses.map((miss) => `  ${miss}`)]),
    ].join('\n');
    expect(totals.found, report).toBe(totals.expected);
    expect(totals.noise, report).toBe(0);
    expect(totals.exact / totals.expected, report).toBeGreaterThanOrEqual(0.98);
    expect(totals.deadlinesRead / totals.deadlines, report).toBeGreaterThanOrEqual(0.95);
  });

  it('imports nothing from the notices, news and 解读 pages', async () => {
    for (const document of corpus.filter((d) => d.expected.style === 'negative')) {
      const result = await importCorpusDocument(document);
      expect('measures' in result ? result.measures.map((m) => `${m.number} ${m.title}`) : [], document.id).toEqual([]);
    }
  });
});
