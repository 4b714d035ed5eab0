// Invariants of the importer, hunted by fast-check over generated plans: names come only from the clauses,
// notes never become names, roles follow the clause's style, table rows become measures whatever the layout,
// and deadlines resolve to the date the phrase names.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readDeadline, readDeadlineValue } from './deadline';
import { PlanInputError } from './errors';
import { parsePlan } from './parse';

const UNITS = [
  '市发展改革委', '市商务局', '市财政局', '市工业和信息化局', '市市场监管局', '市住房城乡建设局', '市交通运输局', '市人力资源社会保障局',
  '市自然资源局', '市生态环境局', '市教育局', '市科技局', '市文化广电旅游局', '市卫生健康委', '市税务局', '人民银行市分行', '市港务局',
  '市政务服务数据管理局', '区直各部门', '各相关单位', '市投资促进局', '高新区管委会',
];
const NOTES = ['列第一位者为牵头或汇总单位,下同', '以下各项工作均需各区人民政府负责落实,不再列出', '具体任务均涉及相关区政府,不再做分工'];
const TITLES = ['加快推进数字贸易发展', '优化营商环境', '完善跨部门联动协调机制', '扩大服务业对外开放', '提升口岸通关便利化水平'];
const NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

type Style = 'marker' | 'first' | 'labels' | 'table';
interface Generated {
  style: Style;
  leads: string[];
  partners: string[];
  note: string | null;
}

const measureArb = fc.record({
  style: fc.constantFrom<Style>('marker', 'first', 'labels', 'table'),
  units: fc.uniqueArray(fc.constantFrom(...UNITS), { minLength: 1, maxLength: 6 }),
  leadCount: fc.integer({ min: 1, max: 2 }),
  note: fc.option(fc.constantFrom(...NOTES), { nil: null }),
});

function render(measures: { style: Style; units: string[]; leadCount: number; note: string | null }[]): { text: string; expected: Generated[] } {
  const style = measures[0]?.style ?? 'marker';
  const expected: Generated[] = [];
  const lines: string[] = ['广州市关于测试的若干措施'];
  if (style === 'table') lines.push(['序号', '重点任务', '牵头单位', '配合单位', '完成时限'].join('\t'));
  measures.forEach((m, i) => {
    const leads = style === 'first' || style === 'table' ? m.units.slice(0, 1) : m.units.slice(0, m.leadCount);
    const partners = m.units.filter((u) => !leads.includes(u));
    const note = style === 'table' ? null : m.note;
    expected.push({ style, leads, partners, note });
    const title = `${TITLES[i % TITLES.length]}。推动相关工作落地见效。`;
    if (style === 'marker') {
      const clause = `${leads.join('、')}${leads.length > 1 ? '分别' : ''}牵头${partners.length > 0 ? `,${partners.join('、')}按职责分工负责` : ''}`;
      lines.push(`(${NUMBERS[i]})${title}(${clause}${note ? `。${note}` : ''})`);
    } else if (style === 'first') {
      lines.push(`(${NUMBERS[i]})${title}(${[...leads, ...partners].join('、')}${note ? `(${note})` : ''})`);
    } else if (style === 'labels') {
      lines.push(`${i + 1}.${title}`, `牵头单位:${leads.join('、')}`);
      if (partners.length > 0 || note) lines.push(`配合单位:${partners.join('、')}${note ? `。${note}` : ''}`);
    } else {
      lines.push([String(i + 1), title, leads.join('、'), partners.join('、'), '2025年底前'].join('\t'));
    }
  });
  return { text: lines.join('\n'), expected };
}

describe('importer invariants', () => {
  it('reads exactly the units each clause names, with the style’s roles, and never a note as a name', () => {
    fc.assert(
      fc.property(fc.array(measureArb, { minLength: 1, maxLength: 6 }), (generated) => {
        const style = generated[0]?.style ?? 'marker';
        const measures = generated.map((m) => ({ ...m, style }));
        const { text, expected } = render(measures);
        const plan = parsePlan(text);
        expect(plan.measures).toHaveLength(expected.length);
        plan.measures.forEach((m, i) => {
          const want = expected[i];
          if (!want) return;
          expect(m.leads).toEqual(want.leads);
          expect(m.partners).toEqual(want.partners);
          for (const name of [...m.leads, ...m.partners]) {
            expect(UNITS).toContain(name);
            expect(name).not.toMatch(/不再|下同|列第一位|以下|。/u);
          }
          if (style === 'table') expect(m.deadline).toEqual({ text: '2025年底前', due: '2025-12-31', ongoing: false });
          expect(m.groups).toEqual([...m.leads, ...m.partners].filter((name) => name === '区直各部门' || name === '各相关单位'));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('resolves any 年/月/日 deadline phrase to the day it names, and never takes a start (起) for a deadline', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
        const due = `${year}-${String(month).padStart(2, '0')}-${String(last).padStart(2, '0')}`;
        expect(readDeadlineValue(`${year}年${month}月底前`, null)?.due).toBe(due);
        expect(readDeadline({ labelled: [], clauses: [], text: `力争${year}年${month}月底前完成改造`, planYear: null })?.due).toBe(due);
        expect(readDeadline({ labelled: [], clauses: [], text: `${year}年底前建成`, planYear: null })?.due).toBe(`${year}-12-31`);
        expect(readDeadline({ labelled: [], clauses: [], text: `自${year}年${month}月起实施`, planYear: null })).toBeNull();
        expect(readDeadline({ labelled: [], clauses: [], text: `${year}年以来成效明显`, planYear: null })).toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it('never throws anything but PlanInputError, whatever the text', () => {
    const piece = fc.constantFrom(
      '(一)', '1.', '(1)', '一、', '牵头单位:', '责任单位:', '完成时限:', '\t', ' | ', '\n', '。', ',', '、', '(', ')', '市商务局', '各区政府',
      '牵头', '配合', '按职责分工负责', '列第一位者为牵头单位', '不再列出', '下同', '2025年底前', '长期坚持', '序号', '重点任务', '★',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 8 })), { maxLength: 80 }), (pieces) => {
        try {
          const plan = parsePlan(pieces.join(''));
          for (const m of plan.measures) expect(m.number.length).toBeGreaterThan(0);
        } catch (error) {
          expect(error).toBeInstanceOf(PlanInputError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
