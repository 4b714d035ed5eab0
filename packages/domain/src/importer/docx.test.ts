import { crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { docxToText, isZip } from './docx';
import { PlanInputError } from './errors';
import { parsePlan } from './parse';

/** A minimal zip archive (local headers, central directory, end record), as Word writes a .docx. */
function zip(entries: Record<string, string>, method: 0 | 8 = 8): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const raw = Buffer.from(text, 'utf8');
    const data = method === 8 ? deflateRawSync(raw) : raw;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc32(raw), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc32(raw), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

const paragraph = (text: string) => `<w:p><w:pPr><w:jc w:val="both"/></w:pPr><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const documentXml = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;

describe('docxToText', () => {
  it('reads paragraphs of word/document.xml, decoding entities and dropping deleted text', () => {
    const xml = documentXml(
      paragraph('一、稳步扩大制度型开放') +
        '<w:p><w:r><w:t>(一)深化服务业对外开放。</w:t></w:r><w:r><w:delText>删除的文字</w:delText></w:r><w:r><w:t>对接&lt;RCEP&gt;规则&amp;标准。</w:t></w:r><w:r><w:t>(市商务局、各区政府)</w:t></w:r></w:p>',
    );
    const bytes = zip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': xml });
    expect(isZip(bytes)).toBe(true);
    expect(docxToText(bytes)).toBe('一、稳步扩大制度型开放\n(一)深化服务业对外开放。对接<RCEP>规则&标准。(市商务局、各区政府)');
  });

  it('gives a parseable plan from a stored (uncompressed) archive', () => {
    const bytes = zip({ 'word/document.xml': documentXml(paragraph('1.扩大开放。') + paragraph('(省商务厅牵头,省公安厅、财政厅按职责分工负责)')) }, 0);
    const plan = parsePlan(docxToText(bytes));
    expect(plan.measures[0]).toMatchObject({ number: '1', title: '扩大开放', leads: ['省商务厅'], partners: ['省公安厅', '省财政厅'] });
  });

  it('turns a table into tab-separated rows', () => {
    const cell = (text: string) => `<w:tc><w:tcPr><w:tcW w:w="2000"/></w:tcPr>${paragraph(text)}</w:tc>`;
    const row = (...cells: string[]) => `<w:tr>${cells.map(cell).join('')}</w:tr>`;
    const xml = documentXml(`<w:tbl>${row('序号', '工作任务', '牵头单位')}${row('1', '推进改革。', '市商务局')}</w:tbl>`);
    expect(docxToText(zip({ 'word/document.xml': xml }))).toBe('序号\t工作任务\t牵头单位\n1\t推进改革。\t市商务局');
  });

  it('rejects a zip without word/document.xml and bytes that are not a zip', () => {
    expect(() => docxToText(zip({ 'content.xml': '<office/>' }))).toThrow(PlanInputError);
    expect(() => docxToText(new TextEncoder().encode('PK but not a zip'))).toThrow('not a readable .docx file: no zip directory');
  });
});
