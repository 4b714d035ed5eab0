export type { CellValue, DocumentBlock, FileDownload, OfficialDocument, Sheet } from './types';
export { renderPdf } from './pdf';
export { formatDocumentDate } from './format';
export { renderXlsx, validateSheetName, cleanText, MAX_CELL_LENGTH } from './xlsx';
export { fileDownload, safeFilename, PDF_CONTENT_TYPE, XLSX_CONTENT_TYPE } from './download';
export { splitRuns, MISSING_GLYPH, type TextRun } from './fonts';
