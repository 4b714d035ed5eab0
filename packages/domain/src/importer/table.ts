import { matchMarker } from './structure';
// Task-breakdown tables (任务分工表): rows of 序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限, as Word or a web
// page gives them when copied as text (cells separated by tabs). Rows are rewritten into the numbered
// measure + `牵头单位:` line form, so the rest of the importer reads them like any other measure.

type Column = 'number' | 'task' | 'lead' | 'responsible' | 'partner' | 'deadline' | 'other';

function columnOf(header: string): Column {
  const cell = header.replace(/\s+/gu, '');
  if (/^(?:序号|编号|No\.?)$/iu.test(cell)) return 'number';
  // People (牵头领导, 责任人, 分管市领导) and remarks are not units.
  if (/领导|责任人|联系人|备注|说明/u.test(cell)) return 'other';
  const units = /单位|部门|主体|机构|科室|处室/u.test(cell) || /^(?:牵头|配合|协办|主办)$/u.test(cell);
  if (units && /牵头|主办|主责/u.test(cell)) return 'lead';
  if (units && /配合|协同|协办|协助|参与|参加|支持/u.test(cell)) return 'partner';
  if (units && /责任|负责|承办|实施|落实|承担/u.test(cell)) return 'responsible';
  if (/时限|时间|期限|节点/u.test(cell)) return 'deadline';
  if (/任务|措施|内容|事项|举措|工作|目标|实事|项目|要点|指标|要求/u.test(cell)) return 'task';
  return 'other';
}

/** Cells of a row: TAB-separated (Word, a browser's copy), or `|`-separated (a Markdown-like paste). */
function cellsOf(line: string): string[] {
  const cells = line.includes('\t') ? line.split('\t') : line.replace(/^\s*\|/u, '').replace(/\|\s*$/u, '').split('|');
  return cells.map((cell) => cell.trim());
}

function isRow(line: string): boolean {
  return line.includes('\t') || /\S\s*\|\s*\S|^\s*\||\|\s*$/u.test(line);
}

/** A header row names a responsibility column and a task column (or, failing a named one, a text column). */
function headerColumns(line: string): Column[] | null {
  if (!isRow(line)) return null;
  const cells = cellsOf(line);
  // Header cells are short words (`序号`, `牵头单位`), not sentences or lists of units.
  if (!cells.every((cell) => cell.length === 0 || /^[\u4E00-\u9FFF0-9()（）\s/、\-—~～]{1,16}$/u.test(cell))) return null;
  const columns = cells.map(columnOf);
  const hasUnits = columns.some((column) => column === 'lead' || column === 'responsible');
  if (!hasUnits) return null;
  // 主要责任单位 beside 配合单位: the responsible column is the lead column (every unit in it leads).
  if (columns.includes('partner') && !columns.includes('lead')) columns.forEach((column, i) => column === 'responsible' && (columns[i] = 'lead'));
  if (columns.includes('task')) return columns;
  const text = columns.findIndex((column, i) => column === 'other' && !/领导|责任人|联系人|备注|说明/u.test(cells[i] ?? ''));
  if (text < 0) return null;
  columns[text] = 'task';
  return columns;
}

/** The row's units and deadline as the labelled lines the clause reader knows. */
function pushUnits(out: string[], get: (kind: Column) => string[]): void {
  for (const [kind, label] of [
    ['lead', '牵头单位'],
    ['responsible', '责任单位'],
    ['partner', '配合单位'],
    ['deadline', '完成时限'],
  ] as const) {
    const value = get(kind).join('、');
    if (value.length > 0) out.push(`${label}：${value}`);
  }
}

/**
 * Rewrites every task table in the lines (not yet trimmed: a leading tab is an empty first cell) into measures.
 * A row with a single filled cell (`一、制度创新`) is a section heading; with several task columns the last
 * one is the measure's text and an earlier one, when it changes, becomes a line of its own. A row with fewer
 * cells than the header (merged cells a copy dropped) has its cells placed by what they hold. Lines outside
 * tables pass through unchanged.
 */
export function expandTables(input: string[]): string[] {
  const lines = joinCellLines(input);
  const out: string[] = [];
  let columns: Column[] | null = null;
  let sequence = 0;
  let group = '';
  for (const line of lines) {
    const header = headerColumns(line);
    if (header) {
      columns = header;
      sequence = 0;
      group = '';
      continue;
    }
    if (!columns || !isRow(line)) {
      // A short line without cells inside a table is a merged heading row (一、制度创新); a paragraph ends the table.
      if (line.trim().length > 40) columns = null;
      out.push(line);
      continue;
    }
    const cells = alignCells(cellsOf(line), columns);
    const filled = cells.filter((cell) => cell.length > 0);
    if (filled.length === 1) {
      out.push(filled[0] ?? '');
      continue;
    }
    const get = (kind: Column) => cells.filter((_, i) => columns?.[i] === kind && (cells[i] ?? '').length > 0);
    const tasks = cells.filter((_, i) => columns?.[i] === 'task');
    const text = (tasks[tasks.length - 1] ?? '').trim();
    if (tasks.length > 1 && (tasks[0] ?? '') !== '' && tasks[0] !== group) {
      group = tasks[0] ?? '';
      out.push(group);
    }
    if (text.length === 0) continue;
    const units = (['lead', 'responsible', 'partner'] as const).some((kind) => get(kind).length > 0);
    if (!units) {
      // A row naming no unit (`1 | 大力提振消费。 | |`) groups the rows after it: a heading, not a measure.
      out.push(text);
      continue;
    }
    sequence += 1;
    // The task cell carries its own number (`2.一般公共预算收入…` under a 序号 merged over the group): keep it.
    if (matchMarker(text)) {
      out.push(text);
      pushUnits(out, get);
      continue;
    }
    const printed = (get('number')[0] ?? '').replace(/\s+/gu, '');
    const number = /^\d{1,3}$/u.test(printed) ? `${printed}.` : /^[(（](?:\d{1,3}|[一二三四五六七八九十]{1,4})[)）]$/u.test(printed) ? printed : `${sequence}.`;
    out.push(`${number} ${text}`);
    pushUnits(out, get);
  }
  return out;
}

// ---- tables whose cells arrived one per line, and rows that lost cells ------------------------------------------

const TASK_LABEL = /^(?:重点工作|重点任务|主要任务|工作任务|具体任务|任务名称|工作事项|工作内容)[:：]$/u;
const NUMBER_CELL = /^(?:\d{1,3}|[(（]\d{1,3}[)）]|[(（][一二三四五六七八九十]{1,4}[)）])$/u;
const SECTION_CELL = /^(?:[一二三四五六七八九十]{1,3}[、.．]|第[一二三四五六七八九十]{1,3}部分)/u;
/** Header words of columns that hold no task and no unit: people, remarks, progress, categories. */
const OTHER_HEADER = /领导|责任人|联系人|备注|说明|进度|序号|编号|项目|内容|分类|类别|领域|板块|是否|情况|进展|状态|评价|得分|成效/u;
const SEPARATOR_LINE = /^[\s|｜]*$/u;
const HEADER_CELL = /^[\u4E00-\u9FFF0-9()（）\s/、\-—~～]{1,14}$/u;

/** What a cell holds, as far as its column is concerned. */
function cellKind(cell: string): 'empty' | 'number' | 'units' | 'deadline' | 'person' | 'text' {
  const plain = cell.replace(/\s+/gu, ' ').trim();
  if (plain.length === 0) return 'empty';
  if (NUMBER_CELL.test(plain)) return 'number';
  if (/^(?:(?:20\d{2}\s*年)?\s*\d{0,2}\s*月?(?:底|末|上旬|中旬|下旬)?\s*(?:前|以前|之前)?(?:完成)?|年底前|年内|全年|长期坚持|持续推进|长期|持续|常态化|上半年|下半年|第?[一二三四]季度(?:末|前)?)$/u.test(plain) && plain.length <= 20) return 'deadline';
  if (/^(?:20\d{2})/u.test(plain) && plain.length <= 16) return 'deadline';
  const items = plain.split(/[、,，;；\s]+|牵头|配合|负责/u).filter((item) => item.length > 0);
  if (items.length > 0 && items.every((item) => /^[\u4E00-\u9FFF()（）★☆]{2,30}$/u.test(item)) && items.some((item) => UNIT_ENDING.test(item))) return 'units';
  if (/^[\u4E00-\u9FFF]{1,2}\s?[\u4E00-\u9FFF]{1,2}(?:[\s、,，]+[\u4E00-\u9FFF]{1,2}\s?[\u4E00-\u9FFF]{1,2})*$/u.test(plain) && !UNIT_ENDING.test(plain)) return 'person';
  return 'text';
}

const UNIT_ENDING = /(?:政府|办事处|委员会|管委会|委|办|厅|局|部|署|院|行|关|中心|所|会|联|社|室|科|队|处|集团|公司|组|站|部门|单位|专班|开发区|园区|新区|街道|乡镇|镇)$/u;

/** How well a cell fits a column (higher is better); an empty cell fits anywhere, at no gain. */
function fit(kind: ReturnType<typeof cellKind>, column: Column, groupColumn = false): number {
  if (kind === 'empty') return 0;
  // Of two task columns the first groups rows (merged, often dropped) and the last holds each row's own text.
  if (groupColumn) return kind === 'text' ? 1 : -1;
  switch (column) {
    case 'number':
      return kind === 'number' ? 3 : -3;
    case 'lead':
    case 'responsible':
    case 'partner':
      return kind === 'units' ? 3 : -2;
    case 'deadline':
      return kind === 'deadline' ? 3 : -2;
    case 'task':
      return kind === 'text' ? 2 : kind === 'units' || kind === 'number' ? -1 : 0;
    default:
      return kind === 'person' ? 1 : kind === 'units' ? -1 : 0;
  }
}

/**
 * Places a row's cells under the header's columns. A row with as many cells as the header keeps its order; a
 * shorter one (a merged cell the copy dropped) keeps its cells in order but puts each where it fits best.
 */
export function alignCells(row: string[], columns: Column[]): string[] {
  if (row.length > columns.length) return row;
  const lastTask = columns.lastIndexOf('task');
  const at = (kind: ReturnType<typeof cellKind>, j: number) => fit(kind, columns[j] ?? 'other', columns[j] === 'task' && j !== lastTask);
  const score = (placed: string[]) => placed.reduce((sum, cell, j) => sum + at(cellKind(cell), j), 0);
  // A row as long as the header keeps its order unless its filled cells fit far better elsewhere (`3.… | 各科室 | |`).
  const cells = row.length === columns.length ? row.filter((cell) => cell.length > 0) : row;
  if (row.length === columns.length && cells.length === row.length) return row;
  const kinds = cells.map(cellKind);
  const n = cells.length;
  const m = columns.length;
  // best[i][j]: best score placing cells i.. into columns j..
  const best: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(-Infinity));
  for (let j = 0; j <= m; j += 1) (best[n] as number[])[j] = 0;
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      const take = at(kinds[i] ?? 'empty', j) + (best[i + 1]?.[j + 1] ?? -Infinity);
      const skip = best[i]?.[j + 1] ?? -Infinity;
      (best[i] as number[])[j] = Math.max(take, skip);
    }
  }
  const placed = new Array<string>(m).fill('');
  let j = 0;
  for (let i = 0; i < n; i += 1) {
    while (j < m && (best[i]?.[j + 1] ?? -Infinity) > at(kinds[i] ?? 'empty', j) + (best[i + 1]?.[j + 1] ?? -Infinity)) j += 1;
    placed[j] = cells[i] ?? '';
    j += 1;
  }
  return row.length === columns.length && score(placed) <= score(row) ? row : placed;
}

/**
 * A table whose cells came one per line (a PDF's text, a web page saved as text), with or without `|` lines
 * between them: the header is a run of short header cells naming a task and a unit column; each row starts at
 * its number cell (or, without a number column, every so many cells). Rows come back TAB-joined; the rest of the
 * lines pass through.
 */
export function joinCellLines(input: string[]): string[] {
  const out: string[] = [];
  let tasks = 0;
  const lines = input.map((line) => {
    // `牵头单位: | 市城市管理综合执法局 |`: a label and its value in two cells.
    const labelled = /^\s*([^|:：]{2,16}[:：])\s*\|\s*(.*?)\s*\|?\s*$/u.exec(line);
    if (labelled) {
      const [, label = '', value = ''] = labelled;
      // `重点工作: | 135.统筹违法建设治理… |`: the task itself, numbered as printed (or in order).
      if (TASK_LABEL.test(label)) {
        tasks += 1;
        return matchMarker(value) ? value : `${tasks}. ${value}`;
      }
      return `${label}${value}`;
    }
    // `80 |`: one cell per line, each closed by a bar.
    return line.replace(/^([^|]*\S)\s*\|\s*$/u, '$1');
  });
  let i = 0;
  while (i < lines.length) {
    const header = readHeaderRun(lines, i);
    if (!header) {
      out.push(lines[i] ?? '');
      i += 1;
      continue;
    }
    i = header.end;
    // A 序号 the header does not name (its cell merged away): the first row shows where the numbers sit.
    if (!header.columns.includes('number')) {
      const next = lines.slice(i).map((line) => line.trim()).filter((line) => !SEPARATOR_LINE.test(line)).slice(0, 2);
      const at = next.findIndex((line) => NUMBER_CELL.test(line));
      if (at >= 0) {
        header.cells.splice(at, 0, '序号');
        header.columns.splice(at, 0, 'number');
      }
    }
    out.push(header.cells.join('\t'));
    const width = header.columns.length;
    const numberAt = header.columns.indexOf('number');
    const numbered = numberAt >= 0;
    let row: string[] = [];
    const flush = () => {
      if (row.length > 0) out.push(row.join('\t'));
      row = [];
    };
    while (i < lines.length) {
      const line = (lines[i] ?? '').trim();
      if (SEPARATOR_LINE.test(line)) {
        i += 1;
        continue;
      }
      if (isRow(line) || readHeaderRun(lines, i)) break;
      if (SECTION_CELL.test(line)) {
        flush();
        out.push(line);
        i += 1;
        continue;
      }
      if (numbered ? NUMBER_CELL.test(line) : row.length === width) {
        flush();
        // Cells before the number (a 分类 merged over the group) appeared as a heading: leave their places empty.
        if (numbered) row = new Array<string>(numberAt).fill('');
      }
      if (numbered && row.every((cell) => cell.length === 0) && !NUMBER_CELL.test(line)) {
        // Text between rows: a heading row, or the table is over.
        if (line.length > 60 && /[。]$/u.test(line)) break;
        out.push(line);
        i += 1;
        continue;
      }
      if (row.length >= width) {
        // The row is full: this line starts what follows it (a group heading, or the text after the table).
        flush();
        continue;
      }
      row.push(line);
      i += 1;
    }
    flush();
  }
  return out;
}

/** A run of header cells on lines of their own, from `start`: at least two, naming a task and a unit column. */
function readHeaderRun(lines: string[], start: number): { cells: string[]; columns: Column[]; end: number } | null {
  const first = (lines[start] ?? '').trim();
  if (!HEADER_CELL.test(first) || (columnOf(first) === 'other' && !OTHER_HEADER.test(first))) return null;
  const cells: string[] = [];
  let i = start;
  while (i < lines.length && cells.length < 12) {
    const line = (lines[i] ?? '').trim();
    if (SEPARATOR_LINE.test(line)) {
      i += 1;
      continue;
    }
    if (!HEADER_CELL.test(line) || NUMBER_CELL.test(line) || /^\d/u.test(line) && !/月/u.test(line)) break;
    // Task columns come before the unit columns: a task word after them is a row's category (`发展目标`).
    const kind = columnOf(line);
    if (kind === 'task' && cells.some((cell) => ['lead', 'responsible', 'partner'].includes(columnOf(cell)))) break;
    cells.push(line.replace(/\s+/gu, ''));
    i += 1;
  }
  if (cells.length < 2) return null;
  const columns = headerColumns(cells.join('\t'));
  if (!columns) return null;
  // Header words only: every cell names a column kind, or is a people/remarks/progress column.
  if (!cells.every((cell) => columnOf(cell) !== 'other' || OTHER_HEADER.test(cell))) return null;
  return { cells, columns, end: i };
}
