// Task-breakdown tables (任务分工表): rows of 序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限, as Word or a web
// page gives them when copied as text (cells separated by tabs). Rows are rewritten into the numbered
// measure + `牵头单位:` line form, so the rest of the importer reads them like any other measure.

type Column = 'number' | 'task' | 'lead' | 'responsible' | 'partner' | 'deadline' | 'other';

function columnOf(header: string): Column {
  const cell = header.replace(/\s+/gu, '');
  if (/^(?:序号|编号|No\.?)$/iu.test(cell)) return 'number';
  if (/^(?:牵头单位|牵头部门|主责单位|牵头)$/u.test(cell)) return 'lead';
  if (/^(?:责任单位|责任部门|负责单位|责任主体)$/u.test(cell)) return 'responsible';
  if (/^(?:配合单位|配合部门|参与单位|协办单位|协同单位)$/u.test(cell)) return 'partner';
  if (/时限|时间|期限|节点/u.test(cell)) return 'deadline';
  if (/任务|措施|内容|事项|举措|工作|目标/u.test(cell)) return 'task';
  return 'other';
}

function cellsOf(line: string): string[] {
  return line.split('\t').map((cell) => cell.trim());
}

/** A header row names a task column and a responsibility column. */
function headerColumns(line: string): Column[] | null {
  if (!line.includes('\t')) return null;
  const columns = cellsOf(line).map(columnOf);
  const hasUnits = columns.some((column) => column === 'lead' || column === 'responsible');
  return hasUnits && columns.includes('task') ? columns : null;
}

/**
 * Rewrites every task table in the lines (not yet trimmed: a leading tab is an empty first cell) into measures.
 * A row with a single filled cell (`一、制度创新`) is a section heading; with several task columns the last
 * one is the measure's text and an earlier one, when it changes, becomes a line of its own. Lines outside
 * tables pass through unchanged.
 */
export function expandTables(lines: string[]): string[] {
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
    if (!columns || !line.includes('\t')) {
      // A short line without cells inside a table is a merged heading row (一、制度创新); a paragraph ends the table.
      if (line.trim().length > 40) columns = null;
      out.push(line);
      continue;
    }
    const cells = cellsOf(line);
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
    sequence += 1;
    const printed = get('number')[0];
    const number = printed && /^\d{1,3}$/u.test(printed) ? printed : String(sequence);
    out.push(`${number}. ${text}`);
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
  return out;
}
