import { describe, expect, it } from 'vitest';
import { matchMarker, splitStructure } from './structure';

describe('matchMarker', () => {
  it('reads every common numbering style and prints the number as written', () => {
    const cases: [string, string, string, number][] = [
      ['一、稳步扩大制度型开放', 'cn', '一', 1],
      ['(二十二)强化跨部门联动协调机制。', 'pcn', '(二十二)', 22],
      ['（三）提升服务贸易标准化水平。', 'pcn', '（三）', 3],
      ['1. 率先对接国际高标准推进制度型开放。', 'ar', '1', 1],
      ['12、推动先进制造业集群发展。', 'ar', '12', 12],
      ['（1）建设实验室。', 'par', '（1）', 1],
      ['③建设中试基地', 'circ', '③', 3],
      ['第十二条 各区要落实属地责任。', 'article', '第十二条', 12],
      ['第二章 主要任务', 'chapter', '第二章', 2],
    ];
    for (const [line, kind, number, ordinal] of cases) {
      expect(matchMarker(line), line).toMatchObject({ kind, number, ordinal });
    }
  });

  it('does not take a decimal, a year or a date for a number', () => {
    for (const line of ['1.5亿元的项目', '2024年1月12日', '2024-01-12', '粤府函〔2024〕9号', '——建成高水平对外开放引领区。']) {
      expect(matchMarker(line), line).toBeNull();
    }
  });
});

describe('splitStructure', () => {
  it('keeps the news lead in the preamble and drops news sentences after the last measure', () => {
    const { preamble, blocks, strays } = splitStructure([
      '广州市人民政府办公厅日前印发《若干措施》。',
      '一、稳步扩大制度型开放',
      '(一)深化服务业对外开放。争创示范区。(市商务局)',
      '在这场2000万亿元市场的竞赛中,合规是入场券。',
    ]);
    expect(preamble).toEqual(['广州市人民政府办公厅日前印发《若干措施》。']);
    expect(blocks.map((block) => [block.marker.number, block.parent])).toEqual([
      ['一', null],
      ['(一)', 0],
    ]);
    expect(strays).toEqual(['在这场2000万亿元市场的竞赛中,合规是入场券。']);
  });

  it('keeps paragraphs separated by blank lines inside a measure until its clause', () => {
    const { blocks } = splitStructure(['1.加强组织领导。', '', '建立工作机制。', '', '（市商务局、市财政局）', '这是一段新闻。']);
    expect(blocks[0]?.text).toBe('加强组织领导。\n建立工作机制。\n（市商务局、市财政局）');
  });

  it('attaches 配合单位 and 完成时限 lines after a 牵头单位 line', () => {
    const { blocks, strays } = splitStructure(['3.深化开放合作。', '牵头单位：市商务局', '配合单位：市外办', '完成时限：2025年12月底前', '新闻：经济增长5%以上。']);
    expect(blocks[0]?.text).toBe('深化开放合作。\n牵头单位：市商务局\n配合单位：市外办\n完成时限：2025年12月底前');
    expect(strays).toEqual(['新闻：经济增长5%以上。']);
  });

  it('joins a line hard-wrapped in mid-sentence to the next one', () => {
    const { blocks } = splitStructure(['（一）推动外贸高质量发展。支持企业开拓国际市场，鼓励企业参加境外展会，对符合条件的企业给予', '支持。（市商务局牵头，市财政局、', '市税务局配合）']);
    expect(blocks[0]?.text).toBe('推动外贸高质量发展。支持企业开拓国际市场，鼓励企业参加境外展会，对符合条件的企业给予支持。（市商务局牵头，市财政局、市税务局配合）');
  });

  it('nests 1. under (一) under 一、', () => {
    const { blocks } = splitStructure(['二、重点工作任务', '(一)对标国际高标准规则。', '1.扩大开放。(省商务厅牵头)', '2.优化环境。(省市场监管局牵头)', '三、保障措施']);
    expect(blocks.map((block) => block.parent)).toEqual([null, 0, 1, 1, null]);
  });
});
