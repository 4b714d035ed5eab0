import ExcelJS from 'exceljs';
import type { CellValue, Sheet } from './types';

/** Excel refuses a cell longer than this (it "repairs" the file by dropping the cell). */
export const MAX_CELL_LENGTH = 32767;

const FORBIDDEN_IN_SHEET_NAME = /[[\]:*?/\\]/;

/**
 * Checks a worksheet name against Excel's rules: 1 to 31 characters, none of []:*?/\, no apostrophe at either
 * end, not 'History' (reserved), no control characters. Throws an Error naming the sheet otherwise.
 */
export function validateSheetName(name: string): void {
  const problem =
    name.length === 0
      ? 'is empty'
      : name.length > 31
        ? `is ${name.length} characters long (at most 31)`
        : FORBIDDEN_IN_SHEET_NAME.test(name)
          ? 'contains one of the characters [ ] : * ? / \\'
          : name.startsWith("'") || name.endsWith("'")
            ? 'begins or ends with an apostrophe'
            : name.toLowerCase() === 'history'
              ? 'is reserved by Excel'
              : hasUnsafeCharacters(name)
                ? 'contains a control character'
                : undefined;
  if (problem) throw new Error(`sheet name "${cleanText(name)}" ${problem}`);
}

// Characters XML 1.0 does not allow (control characters other than tab, line feed and carriage return, the
// non-characters U+FFFE/U+FFFF) and unpaired surrogates: any of them makes the file unreadable to Excel.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function hasUnsafeCharacters(value: string): boolean {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return /[\u0000-\u001F\u007F]/.test(value) || new RegExp(XML_FORBIDDEN.source).test(value);
}

/**
 * A string as it can safely go into a cell: without the characters XML 1.0 forbids, line ends as LF (an XML
 * reader turns a bare CR into LF anyway), and cut to Excel's 32,767 characters, the last one then being '…'
 * so the cut shows.
 */
export function cleanText(value: string): string {
  const clean = value.replace(XML_FORBIDDEN, '').replace(/\r\n?/g, '\n');
  if (clean.length <= MAX_CELL_LENGTH) return clean;
  let cut = MAX_CELL_LENGTH - 1;
  if (/[\uD800-\uDBFF]/.test(clean[cut - 1]!)) cut -= 1; // never split a surrogate pair
  return `${clean.slice(0, cut)}…`;
}

type Kind = NonNullable<Sheet['columns'][number]['kind']>;

// Written values: strings are always string cells (never formulas, whatever they begin with); numbers that are
// not finite and invalid dates, which have no cell form, are left empty; a YYYY-MM-DD string in a date column
// becomes that calendar date.
function cellValue(value: CellValue | undefined, kind: Kind): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (kind === 'date') {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (match) return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  }
  return cleanText(value);
}

const NUMBER_FORMATS: Partial<Record<Kind, string>> = { percent: '0.0%', date: 'yyyy-mm-dd' };

// How wide a text shows in Excel's width unit (one digit): CJK and other wide characters count two.
function displayWidth(value: string): number {
  let width = 0;
  for (const line of value.split('\n')) {
    let lineWidth = 0;
    for (const char of line) lineWidth += char.codePointAt(0)! >= 0x1100 ? 2 : 1;
    width = Math.max(width, lineWidth);
  }
  return width;
}

function shownWidth(value: ExcelJS.CellValue, kind: Kind): number {
  if (value === null || value === undefined) return 0;
  if (value instanceof Date) return 10;
  if (typeof value === 'number') return kind === 'percent' ? 7 : String(value).length;
  return displayWidth(String(value));
}

const MAX_AUTO_WIDTH = 60;

function addSheet(workbook: ExcelJS.Workbook, sheet: Sheet): void {
  if (sheet.columns.length === 0) throw new Error(`sheet "${sheet.name}" has no columns`);
  const keys = new Set<string>();
  for (const column of sheet.columns) {
    if (keys.has(column.key)) throw new Error(`sheet "${sheet.name}" has two columns with the key "${column.key}"`);
    keys.add(column.key);
  }
  const worksheet = workbook.addWorksheet(sheet.name);
  const columnCount = sheet.columns.length;
  let headerRow = 1;
  if (sheet.title !== undefined) {
    const title = worksheet.getRow(1);
    title.getCell(1).value = cleanText(sheet.title);
    title.font = { bold: true, size: 14 };
    title.height = 24;
    title.alignment = { vertical: 'middle' };
    if (columnCount > 1) worksheet.mergeCells(1, 1, 1, columnCount);
    headerRow = 2;
  }

  const header = worksheet.getRow(headerRow);
  sheet.columns.forEach((column, c) => {
    const cell = header.getCell(c + 1);
    cell.value = cleanText(column.header);
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    cell.border = { bottom: { style: 'thin' } };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });

  const widths = sheet.columns.map((column) => displayWidth(column.header));
  sheet.rows.forEach((record, r) => {
    const row = worksheet.getRow(headerRow + 1 + r);
    sheet.columns.forEach((column, c) => {
      const kind = column.kind ?? 'text';
      const value = cellValue(record[column.key], kind);
      const cell = row.getCell(c + 1);
      cell.value = value;
      const format = NUMBER_FORMATS[kind];
      if (format) cell.numFmt = format;
      widths[c] = Math.max(widths[c]!, shownWidth(value, kind));
    });
  });

  sheet.columns.forEach((column, c) => {
    const excelColumn = worksheet.getColumn(c + 1);
    const natural = widths[c]! + 2;
    excelColumn.width = column.width ?? Math.min(Math.max(natural, 8), MAX_AUTO_WIDTH);
    // Text longer than the column wraps within it rather than running over the next cells.
    if (natural > excelColumn.width) {
      for (let r = headerRow + 1; r <= headerRow + sheet.rows.length; r++) {
        worksheet.getCell(r, c + 1).alignment = { wrapText: true, vertical: 'top' };
      }
    }
  });

  worksheet.views = [{ state: 'frozen', ySplit: headerRow, xSplit: 0 }];
  worksheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: columnCount } };
}

/** Renders worksheets (ledgers, statistics) as an .xlsx workbook. */
export async function renderXlsx(sheets: Sheet[], meta: { creator?: string; title?: string } = {}): Promise<Buffer> {
  if (sheets.length === 0) throw new Error('a workbook needs at least one sheet');
  const seen = new Map<string, string>();
  for (const sheet of sheets) {
    validateSheetName(sheet.name);
    const other = seen.get(sheet.name.toLowerCase());
    if (other !== undefined) {
      throw new Error(`sheet name "${sheet.name}" is used twice (Excel ignores case: "${other}")`);
    }
    seen.set(sheet.name.toLowerCase(), sheet.name);
  }
  const workbook = new ExcelJS.Workbook();
  workbook.creator = cleanText(meta.creator ?? 'Liandong 联动');
  if (meta.title !== undefined) workbook.title = cleanText(meta.title);
  for (const sheet of sheets) addSheet(workbook, sheet);
  return Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}
