// Plan metadata from the lines before the first measure (and a signature date anywhere):
// title, 发文字号, issuer and signing date. Null where the text does not say.
import { chineseNumberValue } from './text';

export interface PlanMetadata {
  title: string | null;
  documentNumber: string | null;
  issuer: string | null;
  issuedOn: string | null;
}

/** Endings of a document title: 方案, 若干措施, 实施意见, 行动计划, 通知 … optionally followed by (试行). */
const TITLE_ENDING =
  /(?:方案|措施|意见|规划|计划|办法|通知|纲要|要点|细则|规定|决定|条例|指引|清单|政策|举措|任务|安排|分工)(?:[(（][^()（）]{1,20}[)）])?$/u;
const ISSUER_ENDING = /(?:人民政府|政府|办公厅|办公室|委员会|厅|局|委|部|署|办)$/u;
/** 粤府函〔2024〕9号, 国办发[2024]44号, 穗府办函（2025）3号. */
const DOCUMENT_NUMBER = /^([\u4E00-\u9FFF]{1,12}\s*[〔[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*\d{1,4}\s*号)$/u;
const CN_DATE = /^([二〇零一两三四五六七八九]{4}|\d{4})\s*年\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*月\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*日$/u;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/u;

function toNumber(text: string): number {
  return /^\d+$/u.test(text) ? Number(text) : chineseNumberValue(text);
}

function isoDate(year: number, month: number, day: number): string | null {
  if (!(year >= 1949 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= 31)) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A standalone date line (`2024年1月12日`, `二〇二四年一月十二日`) as yyyy-mm-dd. */
export function dateOfLine(line: string): string | null {
  const match = CN_DATE.exec(line.trim());
  return match ? isoDate(toNumber(match[1] ?? ''), toNumber(match[2] ?? ''), toNumber(match[3] ?? '')) : null;
}

function stripBookTitle(text: string): string {
  return text.replace(/^《(.*)》$/u, '$1').trim();
}

function looksLikeTitle(line: string): boolean {
  return line.length >= 6 && line.length <= 80 && !/[。;；!！?？]/u.test(line) && TITLE_ENDING.test(line);
}

/**
 * Reads title, document number, issuer and date. `header` is the text before the first measure; `all` is every
 * line (a signature date often comes after the last measure).
 */
export function readMetadata(header: string[], all: string[]): PlanMetadata {
  let title: string | null = null;
  let issuer: string | null = null;

  // A notice that issues the plan: 广东省人民政府关于印发中国(广东)自由贸易试验区提升战略行动方案的通知
  for (const line of header) {
    const notice = /^(.*?)关于印发(.+?)的通知$/u.exec(line);
    if (notice?.[2]) {
      title = stripBookTitle(notice[2]);
      if (notice[1] && ISSUER_ENDING.test(notice[1])) issuer = notice[1];
      break;
    }
  }

  // A title on its own line, possibly broken over two (中国(广东)自由贸易试验区 / 提升战略行动方案).
  if (title === null) {
    const lines = header.filter((line) => line.length > 0);
    for (let i = 0; i < lines.length && title === null; i += 1) {
      const line = stripBookTitle(lines[i] ?? '');
      const joined = line + stripBookTitle(lines[i + 1] ?? '');
      if (looksLikeTitle(line)) title = line;
      else if (line.length <= 30 && !/[。，,;；:：]/u.test(line) && looksLikeTitle(joined)) title = joined;
    }
  }

  // A news lead: 广州市人民政府办公厅日前印发《…若干措施》
  const news = header
    .map((line) => /([^，,。；;、\s“”]{2,24}?)(?:日前|近日|近期|今天|今日|正式|联合)?印发(?:了)?《([^》]+)》/u.exec(line))
    .find((match) => match !== null);
  if (news) {
    title ??= news[2] ?? null;
    if (issuer === null && news[1] && ISSUER_ENDING.test(news[1])) issuer = news[1];
  }

  if (issuer === null) {
    for (const line of header) {
      const match = /^(.{2,30}?)关于.+的(?:通知|意见|决定|批复)$/u.exec(line);
      if (match?.[1] && ISSUER_ENDING.test(match[1])) {
        issuer = match[1];
        break;
      }
      const label = /^(?:发文机关|发布机构|发文单位)\s*[:：]\s*(.+)$/u.exec(line);
      if (label?.[1]) {
        issuer = label[1].trim();
        break;
      }
    }
  }

  const documentNumber =
    header.map((line) => DOCUMENT_NUMBER.exec(line)?.[1] ?? /^(?:发文字号|文号)\s*[:：]\s*(.+)$/u.exec(line)?.[1] ?? null).find((value) => value !== null) ??
    null;

  // The signing date: a standalone Chinese date line (the signature block), else a labelled or ISO date in the header.
  let issuedOn: string | null = null;
  for (let i = 0; i < all.length && issuedOn === null; i += 1) {
    const line = all[i] ?? '';
    issuedOn = dateOfLine(line);
    if (issuedOn !== null && issuer === null) {
      const signer = all.slice(Math.max(0, i - 3), i).reverse().find((previous) => previous.length > 0);
      if (signer && signer.length <= 30 && ISSUER_ENDING.test(signer)) issuer = signer;
    }
  }
  for (const line of header) {
    if (issuedOn !== null) break;
    const labelled = /^(?:成文日期|发文日期|印发日期)\s*[:：]\s*(.+)$/u.exec(line);
    const text = labelled?.[1]?.trim() ?? line;
    issuedOn = dateOfLine(text);
    const iso = ISO_DATE.exec(text);
    if (issuedOn === null && iso) issuedOn = isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  }

  return { title, documentNumber: documentNumber?.replace(/\s+/gu, '') ?? null, issuer, issuedOn };
}
