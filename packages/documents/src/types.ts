// The shapes the API hands to the renderers: plain data, no I/O. The portal's printable pages render the same
// `OfficialDocument` as HTML, so the PDF and the printed page say the same thing.

/** One block of a document's body, in reading order. */
export type DocumentBlock =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string }
  /** Label–value lines (措施, 责任单位, 逾期事项 …). */
  | { type: 'fields'; rows: { label: string; value: string }[] }
  | { type: 'table'; caption?: string; columns: string[]; rows: (string | number)[][] };

/**
 * A formal document of the coordinator's office (督办单, 通报): numbered, addressed, signed and dated, in the
 * layout of GB/T 9704 (党政机关公文格式) as far as a generated PDF sensibly goes.
 */
export interface OfficialDocument {
  /** The issuing organ's banner line (发文机关标志), e.g. 广州市商务局. */
  issuer: string;
  /** The document number (发文字号), e.g. 督办〔2026〕第3号. */
  number: string;
  /** The title, e.g. 关于督促报送“（二）……”进展情况的督办单. */
  title: string;
  /** 主送机关, e.g. 广州市发展和改革委员会; absent for a circular to all units. */
  addressee?: string;
  body: DocumentBlock[];
  /** The signing office (署名), e.g. 广州市跨部门联动工作机制办公室. */
  signature: string;
  /** The date of issue as a calendar date (YYYY-MM-DD, China time); printed as 2026年12月1日. */
  date: string;
  /** 抄送 line or a note under the body. */
  footnote?: string;
  /** Shown diagonally when the document is not issued yet (e.g. 草稿). */
  watermark?: string;
}

export type CellValue = string | number | Date | null;

/** One worksheet: a title row, a header row, one row per record. */
export interface Sheet {
  /** At most 31 characters, none of []:*?/\ (Excel's rules); the renderer refuses others. */
  name: string;
  /** A title above the table (e.g. the plan's title and the date the ledger was taken). */
  title?: string;
  columns: { header: string; key: string; width?: number; kind?: 'text' | 'number' | 'percent' | 'date' }[];
  rows: Record<string, CellValue>[];
}

/** A file for the browser to save: what tRPC procedures return for downloads. */
export interface FileDownload {
  filename: string;
  contentType: string;
  /** The file's bytes, base64. */
  base64: string;
}
