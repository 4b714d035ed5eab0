import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../parse';
import { docxToText } from './docx';

// The seed plans' .docx come from LibreOffice (see fixtures/README.md); the cases below are the constructs
// Word and WPS write that LibreOffice's export does not, each as small WordprocessingML.
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const documentXml = (body: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${body}<w:sectPr/></w:body></w:document>`;
const run = (text: string) => `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>`;
const p = (...runs: string[]) => `<w:p>${runs.join('')}</w:p>`;
const numbered = (numId: number, ilvl: number, text: string) =>
  `<w:p><w:pPr><w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr></w:pPr>${run(text)}</w:p>`;

function docx(body: string, parts: Record<string, string> = {}): Uint8Array {
  const files: Record<string, Uint8Array> = { 'word/document.xml': strToU8(documentXml(body)) };
  for (const [name, xml] of Object.entries(parts)) files[name] = strToU8(xml);
  return zipSync(files);
}

const level = (ilvl: number, format: string, text: string, extra = '') =>
  `<w:lvl w:ilvl="${ilvl}"><w:start w:val="1"/><w:numFmt w:val="${format}"/><w:lvlText w:val="${text}"/>${extra}</w:lvl>`;
const numberingXml = (...abstracts: string[]) => `<w:numbering ${W}>${abstracts.join('')}</w:numbering>`;

describe('docxToText', () => {
  it('drops tracked deletions and field codes, keeps insertions, tabs, breaks and hyphens as a reader sees them', () => {
    const body = p(
      run('(一)深化'),
      '<w:del w:id="1" w:author="a"><w:r><w:delText>删除的文字</w:delText></w:r></w:del>',
      '<w:ins w:id="2" w:author="a">' + run('服务业') + '</w:ins>',
      '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "http://x" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>',
      run('对外开放'),
      '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
      run('&lt;RCEP&gt;&amp;标准。'),
      '<w:r><w:t>跨\u00AD境</w:t><w:softHyphen/><w:noBreakHyphen/><w:t>电商</w:t><w:br/><w:t>第二行</w:t><w:tab/><w:t>制表</w:t></w:r>',
      '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>',
    );
    expect(docxToText(docx(body))).toBe('(一)深化服务业对外开放<RCEP>&标准。跨境-电商\n第二行\t制表');
  });

  it('reads a text box once, though Word writes it twice (DrawingML and a VML fallback)', () => {
    const box = (text: string) => `<w:txbxContent>${p(run(text))}</w:txbxContent>`;
    const body = p(run('正文'), `<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:drawing>${box('文本框')}</w:drawing></mc:Choice><mc:Fallback><w:pict>${box('文本框')}</w:pict></mc:Fallback></mc:AlternateContent></w:r>`);
    expect(docxToText(docx(body))).toBe('正文\n文本框');
  });

  it('skips a generated table of contents', () => {
    const toc = `<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr><w:sdtContent>${p(run('一、总体要求\t3'))}</w:sdtContent></w:sdt>`;
    expect(docxToText(docx(toc + p(run('一、总体要求'))))).toBe('一、总体要求');
  });

  it('writes out Word automatic numbering: 一、 and (一) in Chinese, 1. in digits, deeper levels restarting', () => {
    const numbering = numberingXml(
      `<w:abstractNum w:abstractNumId="0">${level(0, 'chineseCounting', '%1、', '<w:suff w:val="nothing"/>')}${level(1, 'chineseCountingThousand', '(%2)')}${level(2, 'decimal', '%3.')}</w:abstractNum>`,
      '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>',
    );
    const body = [
      numbered(1, 0, '总体要求'),
      numbered(1, 1, '指导思想。'),
      numbered(1, 1, '发展目标。'),
      numbered(1, 0, '重点任务'),
      numbered(1, 1, '对标规则。'),
      numbered(1, 2, '率先对接。(省商务厅牵头)'),
      numbered(1, 2, '扩大开放。(省商务厅牵头)'),
    ].join('');
    const text = docxToText(docx(body, { 'word/numbering.xml': numbering }));
    expect(text).toBe('一、总体要求\n(一)指导思想。\n(二)发展目标。\n二、重点任务\n(一)对标规则。\n1. 率先对接。(省商务厅牵头)\n2. 扩大开放。(省商务厅牵头)');
    expect(parsePlan(text).measures.map((m) => [m.number, m.leads])).toEqual([
      ['1', ['省商务厅']],
      ['2', ['省商务厅']],
    ]);
  });

  it('counts past ten in Chinese, keeps 1.–20. running when lvlRestart says so, and restarts a list on startOverride', () => {
    const numbering = numberingXml(
      `<w:abstractNum w:abstractNumId="0">${level(0, 'chineseCounting', '(%1)')}${level(1, 'decimal', '%2.', '<w:lvlRestart w:val="0"/>')}</w:abstractNum>`,
      '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>',
      '<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>',
    );
    const groups = Array.from({ length: 11 }, (_, i) => numbered(1, 0, `第${i + 1}组`) + numbered(1, 1, '任务')).join('');
    const text = docxToText(docx(groups + numbered(2, 0, '新的清单'), { 'word/numbering.xml': numbering })).split('\n');
    expect(text.slice(18, 23)).toEqual(['(十)第10组', '10. 任务', '(十一)第11组', '11. 任务', '(一)新的清单']);
  });

  it('numbers headings through their style, and ignores bullets', () => {
    const numbering = numberingXml(
      `<w:abstractNum w:abstractNumId="0">${level(0, 'chineseCounting', '第%1条', '<w:suff w:val="space"/>')}</w:abstractNum>`,
      `<w:abstractNum w:abstractNumId="1">${level(0, 'bullet', '\uF0B7')}</w:abstractNum>`,
      '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>',
    );
    const styles = `<w:styles ${W}><w:style w:type="paragraph" w:styleId="Article"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Article2"><w:basedOn w:val="Article"/></w:style></w:styles>`;
    const styled = (style: string, text: string) => `<w:p><w:pPr><w:pStyle w:val="${style}"/></w:pPr>${run(text)}</w:p>`;
    const body = styled('Article', '为了规范管理,制定本办法。') + styled('Article2', '本办法适用于全市。') + numbered(2, 0, '要点');
    expect(docxToText(docx(body, { 'word/numbering.xml': numbering, 'word/styles.xml': styles }))).toBe('第一条为了规范管理,制定本办法。\n第二条本办法适用于全市。\n要点');
  });

  it('keeps table columns aligned: gridSpan leaves empty cells, gridBefore shifts the row, a deleted row goes', () => {
    const cell = (text: string, props = '') => `<w:tc><w:tcPr>${props}</w:tcPr>${p(run(text))}</w:tc>`;
    const table = `<w:tbl>
      <w:tr>${cell('序号')}${cell('工作任务')}${cell('牵头单位')}${cell('完成时限')}</w:tr>
      <w:tr>${cell('一、制度创新', '<w:gridSpan w:val="4"/>')}</w:tr>
      <w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>${cell('推进改革。')}${cell('市商务局')}${cell('2025年底前')}</w:tr>
      <w:tr><w:trPr><w:del w:id="9" w:author="a"/></w:trPr>${cell('9')}${cell('删掉的任务。')}${cell('市财政局')}${cell('')}</w:tr>
    </w:tbl>`;
    expect(docxToText(docx(table))).toBe('序号\t工作任务\t牵头单位\t完成时限\n一、制度创新\n\t推进改革。\t市商务局\t2025年底前');
  });

  it('reads a nested table into its cell, and a cell of several paragraphs into one field', () => {
    const inner = `<w:tbl><w:tr><w:tc>${p(run('子任务甲'))}</w:tc><w:tc>${p(run('子任务乙'))}</w:tc></w:tr></w:tbl>`;
    const table = `<w:tbl><w:tr><w:tc>${p(run('1'))}</w:tc><w:tc>${p(run('推进改革。'))}${inner}</w:tc><w:tc>${p(run('市商务局'))}${p(run('市财政局'))}</w:tc></w:tr></w:tbl>`;
    expect(docxToText(docx(table))).toBe('1\t推进改革。 子任务甲 子任务乙\t市商务局、市财政局');
  });

  it('reads a task table LibreOffice wrote with a vertically merged 牵头单位: the value repeats on every row it spans', () => {
    const text = docxToText(new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures', 'tasks.docx'))));
    expect(text.split('\n')).toEqual([
      '附件',
      '重点任务分工表',
      '序号\t重点任务\t牵头单位\t配合单位\t完成时限',
      '一、优化营商环境',
      '1\t推行企业开办“一网通办”，压缩开办时间至1个工作日。\t市市场监管局\t市政务服务数据管理局、市公安局\t2025年6月底前',
      '2\t深化“证照分离”改革。\t市市场监管局\t市司法局\t2025年12月底前',
      '3\t开展信用修复一件事试点。\t市市场监管局\t市发展改革委\t长期坚持',
      '二、扩大对外开放',
      '4\t支持跨境电商综合试验区建设。 打造跨境电商产业园区。\t市商务局\t广州海关、黄埔海关\t2025年底前',
    ]);
    const plan = parsePlan(text);
    expect(plan.measures.map((m) => [m.number, m.leads, m.partners])).toEqual([
      ['1', ['市市场监管局'], ['市政务服务数据管理局', '市公安局']],
      ['2', ['市市场监管局'], ['市司法局']],
      ['3', ['市市场监管局'], ['市发展改革委']],
      ['4', ['市商务局'], ['广州海关', '黄埔海关']],
    ]);
  });

  it('names what a zip that is not a Word document is', () => {
    expect(() => docxToText(zipSync({ 'content.xml': strToU8('<office/>'), mimetype: strToU8('application/vnd.oasis.opendocument.text') }))).toThrow(
      'not a readable .docx file: it is an OpenDocument file (.odt): save it as .docx',
    );
    expect(() => docxToText(docx('').subarray(0, 10))).toThrow('not a readable .docx file: no zip directory');
  });

  it('refuses XML with a DTD (an entity-expansion attack) as unreadable', () => {
    const zip = zipSync({ 'word/document.xml': strToU8('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><w:document><w:body/></w:document>') });
    expect(() => docxToText(zip)).toThrow(/its XML cannot be read/u);
  });
});
