import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCommand } from './plan';

function seed(file: string): string {
  let dir = fileURLToPath(new URL('.', import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    if (dirname(dir) === dir) throw new Error('pnpm-workspace.yaml not found');
    dir = dirname(dir);
  }
  return join(dir, '..', 'shared', 'seeds', file);
}

/** A file the importer's own tests read (LibreOffice-made fixtures, see their README). */
function fixture(file: string): string {
  return fileURLToPath(new URL(`../../../../packages/domain/src/importer/files/fixtures/${file}`, import.meta.url));
}

async function run(args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await planCommand(args, { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s) });
  return { code, stdout, stderr };
}

describe('liandong plan parse', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'liandong-plan-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints fixture 003 as one line of JSON with its 20 measures', async () => {
    const file = join(dir, '003.txt');
    await writeFile(file, await readFile(seed('003_5a1bbc60fce88403.txt')));
    const { code, stdout, stderr } = await run(['parse', file, '--json']);
    expect(code).toBe(0);
    expect(stderr).toEqual([]);
    expect(stdout).toHaveLength(1);
    const plan = JSON.parse(stdout[0] ?? '');
    expect(plan.measures).toHaveLength(20);
    expect(plan).toMatchObject({ documentNumber: '粤府函〔2024〕9号', issuedOn: '2024-01-12' });
    expect(plan.measures[7].leads).toEqual(['人民银行广东省分行', '人民银行深圳市分行']);
    // What the importer adds for the preview: the deadline it read, conventions, collectives, review reasons.
    expect(plan.measures[3]).toMatchObject({ deadline: { text: '到2025年', due: '2025-12-31', ongoing: false }, groups: [], review: [], conventions: [] });
    expect(plan.conventions).toEqual([]);
  });

  it('reads a PDF and a table, with each measure’s deadline and the plan’s convention', async () => {
    const fromPdf = await run(['parse', fixture('003.pdf'), '--json']);
    expect(fromPdf.stderr).toEqual([]);
    expect(JSON.parse(fromPdf.stdout[0] ?? '').measures).toHaveLength(20);

    const file = join(dir, 'table.txt');
    await writeFile(
      file,
      ['序号\t重点任务\t牵头单位\t配合单位\t完成时限', '1\t建设跨境电商综合试验区。\t市商务局\t市财政局、各区政府\t2025年底前', '2\t优化口岸营商环境。\t市商务局(列第一位者为牵头单位)\t区直各部门\t长期坚持'].join('\n'),
    );
    const { code, stdout } = await run(['parse', file]);
    expect(code).toBe(0);
    expect(stdout).toContain('1 | 建设跨境电商综合试验区 | 市商务局 | 市财政局 | yes | 2025-12-31 (2025年底前) | — | —');
    expect(stdout).toContain('2 | 优化口岸营商环境 | 市商务局 | 区直各部门 | no | ongoing 长期 (长期坚持) | — | —');
    expect(stdout).toContain('  - 列第一位者为牵头单位 (first_listed_leads, from 2)');
  });

  it('prints a readable table with a row per measure', async () => {
    const { code, stdout } = await run(['parse', seed('002_551b2c05a62b80d5.txt')]);
    expect(code).toBe(0);
    expect(stdout).toContain('22 measures');
    expect(stdout).toContain('(十八) | 支持企业走出去拓展市场 | 市商务局 | — | yes | — | — | —');
  });

  it('fails with one line naming the file when it is empty', async () => {
    const file = join(dir, 'empty.txt');
    await writeFile(file, '');
    const { code, stdout, stderr } = await run(['parse', file, '--json']);
    expect(code).toBe(1);
    expect(stdout).toEqual([]);
    expect(stderr).toEqual([`error: ${file}: file is empty`]);
  });

  it('fails with one line naming what the file is when it is an image or binary', async () => {
    const file = join(dir, 'image.png');
    await writeFile(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    const { code, stderr } = await run(['parse', file]);
    expect(code).toBe(1);
    expect(stderr).toEqual([`error: ${file}: an image, not a document: upload the plan as .docx, .pdf or text`]);
    const binary = join(dir, 'data.bin');
    await writeFile(binary, Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919) % 256)));
    expect((await run(['parse', binary])).stderr).toEqual([`error: ${binary}: file is binary, not text`]);
  });

  it('fails with one line when the file is not UTF-8, is missing, or holds no measure', async () => {
    const gbk = join(dir, 'gbk.txt');
    await writeFile(gbk, Buffer.from([0xca, 0xa1, 0xc9, 0xcc, 0xce, 0xf1, 0xcc, 0xfc]));
    expect((await run(['parse', gbk])).stderr).toEqual([`error: ${gbk}: file is not valid UTF-8 text (save it as UTF-8)`]);

    const missing = join(dir, 'missing.txt');
    expect(await run(['parse', missing])).toMatchObject({ code: 1, stderr: [`error: ${missing}: file not found`] });

    const news = join(dir, 'news.txt');
    await writeFile(news, '黄金股再度走强,跨境支付概念股携手大涨。\n');
    const result = await run(['parse', news]);
    expect(result.code).toBe(1);
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toMatch(new RegExp(`^error: ${news.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}: no measures found`, 'u'));
  });

  it('fails with one line when the file is larger than 5 MB', async () => {
    const file = join(dir, 'big.txt');
    await writeFile(file, Buffer.alloc(5 * 1024 * 1024 + 1, 0x41));
    expect(await run(['parse', file])).toMatchObject({ code: 1, stderr: [`error: ${file}: file is larger than 5 MB (5242881 bytes)`] });
  });

  it('reports a broken .docx (a zip without a document) in one line', async () => {
    const file = join(dir, 'broken.docx');
    await writeFile(file, Buffer.from('PK\u0003\u0004 not really a zip'));
    const { code, stderr } = await run(['parse', file]);
    expect(code).toBe(1);
    expect(stderr).toEqual([`error: ${file}: not a readable .docx file: no zip directory`]);
  });

  it('prints usage and returns 2 without a file', async () => {
    expect(await run(['parse'])).toMatchObject({ code: 2, stderr: ['usage: liandong plan parse <file> [--json]'] });
  });
});
