import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSeeds } from './fixtures.support';
import { parsePlan } from './index';
import type { ParsedMeasure, ParsedPlan } from './index';

function parseSeed(file: string): ParsedPlan {
  return parsePlan(readFileSync(join(findSeeds(), file), 'utf8'));
}

function measure(plan: ParsedPlan, number: string): ParsedMeasure {
  const found = plan.measures.find((candidate) => candidate.number === number);
  if (!found) throw new Error(`measure ${number} not found`);
  return found;
}

const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九', '二十', '二十一', '二十二'];
const NANSHA = '广东自贸试验区广州南沙新区片区管委会';
const QIANHAI = '广东自贸试验区深圳前海蛇口片区管委会';
const HENGQIN = '横琴粤澳深度合作区执委会';

describe('fixture 002: Guangzhou, first unit listed leads', () => {
  const plan = parseSeed('002_551b2c05a62b80d5.txt');

  it('finds the 22 measures (一)…(二十二) and skips the news lead and the trailing news sentences', () => {
    expect(plan.measures.map((m) => m.number)).toEqual(CN.map((n) => `(${n})`));
    const texts = plan.measures.map((m) => `${m.title}${m.body}`).join('\n');
    expect(texts).not.toContain('广州市人民政府办公厅日前印发');
    expect(texts).not.toContain('2000万亿元市场');
    expect(texts).not.toContain('黄金股再度走强');
    expect(plan.warnings).toEqual([]);
  });

  it('reads the title and the issuer from the news lead, and leaves the document number and date null', () => {
    expect(plan.title).toBe('广州市关于以高水平开放推动服务贸易和数字贸易高质量发展的若干措施');
    expect(plan.issuer).toBe('广州市人民政府办公厅');
    expect(plan.documentNumber).toBeNull();
    expect(plan.issuedOn).toBeNull();
  });

  it('gives (一) its first sentence as title, its section, and the leading group as sole lead', () => {
    const first = measure(plan, '(一)');
    expect(first.title).toBe('深化服务业对外开放');
    expect(first.section).toBe('一、稳步扩大制度型开放');
    expect(first.leads).toEqual(['广州市服务业扩大开放综合试点工作领导小组成员单位']);
    expect(first.partners).toEqual([]);
    expect(first.allDistricts).toBe(false);
    expect(first.body).toContain('(RCEP)');
    expect(first.body).not.toContain('领导小组成员单位');
  });

  it('reads (二) as led by 市发展改革委 with six partners and every district', () => {
    const second = measure(plan, '(二)');
    expect(second.leads).toEqual(['市发展改革委']);
    expect(second.partners).toEqual(['市商务局', '市投发委办', '市住房城乡建设局', '市文化广电旅游局', '市市场监管局', '市港务局']);
    expect(second.allDistricts).toBe(true);
    expect(second.kpis).toEqual([]);
  });

  it('lists 南沙区政府 as the last partner of (七), a single district rather than all of them', () => {
    const seventh = measure(plan, '(七)');
    expect(seventh.leads).toEqual(['市委网信办']);
    expect(seventh.partners[seventh.partners.length - 1]).toBe('南沙区政府');
    expect(seventh.allDistricts).toBe(false);
  });

  it('names three single districts in (九) as partners', () => {
    expect(measure(plan, '(九)').partners).toEqual(
      expect.arrayContaining(['白云区政府', '增城区政府', '南沙区政府']),
    );
    expect(measure(plan, '(九)').allDistricts).toBe(false);
  });

  it('reads (十八) `(市商务局、各区政府)` as 市商务局 leading with every district and no named partner', () => {
    const eighteenth = measure(plan, '(十八)');
    expect(eighteenth.leads).toEqual(['市商务局']);
    expect(eighteenth.partners).toEqual([]);
    expect(eighteenth.allDistricts).toBe(true);
  });

  it('reads (二十) with a time-limit KPI of at most 5 working days and no deadline, and no KPI for the grant cap', () => {
    const twentieth = measure(plan, '(二十)');
    expect(twentieth.kpis).toContainEqual(
      expect.objectContaining({ metric: '正常出口退(免)税平均办理时间', target: 5, unit: '个工作日', comparator: '<=', deadline: null }),
    );
    expect(twentieth.kpis.some((kpi) => kpi.target === 100)).toBe(false);
  });

  it('reads (二十二) as led by 市商务局 alone', () => {
    const last = measure(plan, '(二十二)');
    expect(last.title).toBe('强化跨部门联动协调机制');
    expect(last.leads).toEqual(['市商务局']);
    expect(last.partners).toEqual([]);
    expect(last.allDistricts).toBe(false);
  });

  it('keeps every responsibility clause out of titles and bodies', () => {
    for (const m of plan.measures) {
      expect(`${m.title}${m.body}`).not.toMatch(/市商务局、各区政府|,各区政府\)|领导小组成员单位\)/u);
      expect(m.title).not.toContain('。');
    }
  });
});

describe('fixture 003: Guangdong FTZ plan, 牵头 marker', () => {
  const plan = parseSeed('003_5a1bbc60fce88403.txt');

  it('finds the 20 tasks numbered 1…20 and not the 总体要求 or 保障措施 items', () => {
    expect(plan.measures.map((m) => m.number)).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1)));
    expect(plan.measures.map((m) => m.title)).not.toContain('指导思想');
    expect(plan.warnings).toEqual([]);
  });

  it('reads the plan title, document number, issuer and signing date', () => {
    expect(plan).toMatchObject({
      title: '中国(广东)自由贸易试验区提升战略行动方案',
      documentNumber: '粤府函〔2024〕9号',
      issuer: '广东省人民政府',
      issuedOn: '2024-01-12',
    });
  });

  it('gives each task the group heading as section and 二、重点工作任务 as part', () => {
    expect(measure(plan, '1')).toMatchObject({
      section: '(一)对标国际高标准规则,提升制度型开放水平。',
      part: '二、重点工作任务',
      title: '率先对接国际高标准推进制度型开放',
    });
    expect(measure(plan, '20').section).toBe('(六)加强区域协同发展,提升辐射带动能力。');
  });

  it('expands the shorthand of task 1 and trims 等相关单位', () => {
    const first = measure(plan, '1');
    expect(first.leads).toEqual(['省商务厅']);
    expect(first.partners).toEqual([
      '省委网信办',
      '省法院',
      '省公安厅',
      '省财政厅',
      '省人力资源社会保障厅',
      '省生态环境厅',
      '省农业农村厅',
      '省市场监管局',
      '海关总署广东分署',
      '人民银行广东省分行',
      '人民银行深圳市分行',
      NANSHA,
      QIANHAI,
      HENGQIN,
    ]);
    expect(first.body).not.toContain('按职责分工负责');
  });

  it('reads two KPIs from task 4, the deadline carried over to the second', () => {
    expect(measure(plan, '4').kpis).toEqual([
      expect.objectContaining({ metric: '集装箱吞吐量', target: 3700, unit: '万标箱', comparator: '=', deadline: 2025 }),
      expect.objectContaining({ metric: '港口货物吞吐量', target: 5.5, unit: '亿吨', comparator: '>=', deadline: 2025 }),
    ]);
  });

  it('reads the KPIs of tasks 5 and 9', () => {
    expect(measure(plan, '5').kpis).toEqual([
      expect.objectContaining({ metric: '国际分拨集拼业务', target: 2000, unit: '亿元', comparator: '>=', deadline: 2025 }),
    ]);
    expect(measure(plan, '9').kpis).toEqual([
      expect.objectContaining({ metric: '上市期货品种', target: 5, unit: '个', comparator: '>=', deadline: 2025 }),
    ]);
  });

  it('splits `广州、深圳市人民政府` into two city governments in task 6', () => {
    const sixth = measure(plan, '6');
    expect(sixth.partners).toEqual(expect.arrayContaining(['广州市人民政府', '深圳市人民政府', '省农业农村厅', '省市场监管局', '深圳海关']));
  });

  it('reads co-leads: the two central-bank branches in task 8 and the two FTZ committees in task 9', () => {
    expect(measure(plan, '8').leads).toEqual(['人民银行广东省分行', '人民银行深圳市分行']);
    expect(measure(plan, '8').partners).toEqual([NANSHA, QIANHAI, HENGQIN]);
    expect(measure(plan, '9').leads).toEqual([NANSHA, QIANHAI]);
    expect(measure(plan, '9').partners).toEqual([
      '广州市人民政府',
      '省农业农村厅',
      '省商务厅',
      '省地方金融监管局',
      '海关总署广东分署',
      '广东证监局',
      '深圳证监局',
      '广州期货交易所',
    ]);
  });

  it('keeps full names after a prefixed one: 海关总署广东分署 after 省通信管理局 gains no 省', () => {
    expect(measure(plan, '11').partners).toEqual(['省药监局', '省通信管理局', '海关总署广东分署', NANSHA, QIANHAI, HENGQIN]);
  });

  it('reads the lead-only tasks 19 and 20', () => {
    for (const number of ['19', '20']) {
      expect(measure(plan, number)).toMatchObject({ leads: ['省商务厅'], partners: [], allDistricts: false });
    }
  });

  it('returns the 发展目标 targets as plan KPIs, not as measure KPIs', () => {
    expect(plan.planKpis).toEqual([
      expect.objectContaining({ metric: '累计注册外商投资企业', target: 3, unit: '万家', comparator: '>=', deadline: 2025 }),
      expect.objectContaining({ metric: '累计实际利用外资金额', target: 700, unit: '亿美元', comparator: '>=', deadline: 2025 }),
      expect.objectContaining({ metric: '进出口总额', target: 8000, unit: '亿元', comparator: '>=', deadline: 2025 }),
    ]);
    const measureKpis = plan.measures.flatMap((m) => m.kpis);
    expect(measureKpis.map((kpi) => kpi.metric)).not.toContain('进出口总额');
  });
});

describe('agency names across both fixtures', () => {
  it('lists each distinct unit once, with no collective and no trailing 等', () => {
    const names = new Set(
      ['002_551b2c05a62b80d5.txt', '003_5a1bbc60fce88403.txt'].flatMap((file) =>
        parseSeed(file).measures.flatMap((m) => [...m.leads, ...m.partners]),
      ),
    );
    expect(names.size).toBeGreaterThan(60);
    for (const name of names) {
      expect(name).not.toMatch(/^各|等$|按职责|牵头|负责/u);
    }
    expect(names).toContain('市市场监管局');
    expect(names).toContain('省市场监管局');
    expect(names).not.toContain('市场监管局');
    expect(names).not.toContain('财政厅');
  });
});

describe('the fixtures in other typings', () => {
  const summary = (plan: ParsedPlan) =>
    plan.measures.map((m) => [m.number.replace('（', '(').replace('）', ')'), m.leads, m.partners, m.allDistricts, m.kpis.map((kpi) => kpi.target)]);

  for (const file of ['002_551b2c05a62b80d5.txt', '003_5a1bbc60fce88403.txt']) {
    const text = readFileSync(join(findSeeds(), file), 'utf8');
    const expected = summary(parsePlan(text));

    it(`reads ${file} the same with full-width brackets and commas, as the official original prints them`, () => {
      const fullWidth = text.replace(/\(/gu, '（').replace(/\)/gu, '）').replace(/,/gu, '，');
      expect(summary(parsePlan(fullWidth))).toEqual(expected);
    });

    it(`reads ${file} the same when hard-wrapped every 30 characters, as text copied from a PDF`, () => {
      const wrapped = text
        .split('\n')
        .flatMap((line) => line.match(/.{1,30}/gu) ?? [''])
        .join('\n');
      expect(summary(parsePlan(wrapped))).toEqual(expected);
    });

    it(`reads ${file} the same with a BOM and CRLF line endings`, () => {
      expect(summary(parsePlan(`\uFEFF${text.replace(/\n/gu, '\r\n')}`))).toEqual(expected);
    });
  }
});
