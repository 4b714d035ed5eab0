export type { CellValue, DocumentBlock, FileDownload, OfficialDocument, Sheet } from './types';
