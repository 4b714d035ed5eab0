import type { CSSProperties } from 'react';
import type { Outputs } from '../../lib/api';

/** A formal document (督办单, 通报) as the API hands it to both the PDF renderer and this page. */
export type OfficialDocument = Outputs['supervision']['notice']['document'];

const RED = '#C00000';
const page: CSSProperties = {
  position: 'relative',
  boxSizing: 'border-box',
  width: '210mm',
  minHeight: '297mm',
  maxWidth: '100%',
  margin: '0 auto',
  padding: '37mm 26mm 35mm 28mm',
  background: '#fff',
  color: '#000',
  boxShadow: '0 1px 8px rgba(0,0,0,0.15)',
  fontFamily: '"FangSong", "STFangsong", "Songti SC", "SimSun", serif',
  fontSize: 16,
  lineHeight: 1.9,
  overflow: 'hidden',
};

/** 2026-12-01 → 2026年12月1日, as a document's date is printed (成文日期). */
export function documentDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return match ? `${Number(match[1])}年${Number(match[2])}月${Number(match[3])}日` : date;
}

/**
 * The document on an A4 sheet, in the layout of GB/T 9704 as the PDF has it: the red banner of the issuing organ,
 * the number, a red rule, the title, the addressee, the body, the signature and date; the same words as the PDF.
 */
export function OfficialDocumentView({ doc, label }: { doc: OfficialDocument; label: string }) {
  return (
    <article aria-label={label} className="official-document" style={page} data-testid="official-document">
      {doc.watermark && (
        <div aria-hidden style={{ position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', justifyContent: 'center', pointerEvents: 'none' }}>
          <span style={{ transform: 'rotate(-30deg)', fontSize: 96, color: 'rgba(192,0,0,0.12)', whiteSpace: 'nowrap' }}>{doc.watermark}</span>
        </div>
      )}
      <header style={{ textAlign: 'center' }}>
        <div style={{ color: RED, fontSize: 34, fontWeight: 700, letterSpacing: 4, lineHeight: 1.4 }}>{doc.issuer}</div>
        <div style={{ marginTop: 16 }} data-testid="document-number">
          {doc.number}
        </div>
        <hr style={{ border: 0, borderTop: `2px solid ${RED}`, margin: '8px 0 24px' }} />
        <h2 style={{ fontSize: 22, fontWeight: 700, margin: '0 0 24px', lineHeight: 1.5 }}>{doc.title}</h2>
      </header>
      {doc.addressee && <p style={{ margin: 0 }}>{doc.addressee}：</p>}
      {doc.body.map((block, i) => {
        switch (block.type) {
          case 'heading':
            return (
              <h3 key={i} style={{ fontSize: 16, fontWeight: 700, margin: '12px 0 0', fontFamily: '"SimHei", "Heiti SC", sans-serif' }}>
                {block.text}
              </h3>
            );
          case 'paragraph':
            return (
              <p key={i} style={{ margin: 0, textIndent: '2em', whiteSpace: 'pre-wrap' }}>
                {block.text}
              </p>
            );
          case 'fields':
            return (
              <dl key={i} style={{ margin: '4px 0', display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 12 }}>
                {block.rows.map((row) => (
                  <div key={row.label} style={{ display: 'contents' }}>
                    <dt style={{ fontWeight: 700 }}>{row.label}：</dt>
                    <dd style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{row.value}</dd>
                  </div>
                ))}
              </dl>
            );
          case 'table':
            return (
              <table key={i} style={{ width: '100%', borderCollapse: 'collapse', fontSize: 13, margin: '8px 0' }}>
                {block.caption && <caption style={{ fontWeight: 700 }}>{block.caption}</caption>}
                <thead>
                  <tr>
                    {block.columns.map((c) => (
                      <th key={c} style={{ border: '1px solid #000', padding: '2px 4px' }}>
                        {c}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {block.rows.map((row, r) => (
                    <tr key={r}>
                      {row.map((cell, c) => (
                        <td key={c} style={{ border: '1px solid #000', padding: '2px 4px' }}>
                          {cell}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            );
          default:
            return null;
        }
      })}
      <footer style={{ marginTop: 48, textAlign: 'right', paddingRight: '2em' }}>
        <div>{doc.signature}</div>
        <div>{documentDate(doc.date)}</div>
      </footer>
      {doc.footnote && <p style={{ marginTop: 32, borderTop: '1px solid #000', paddingTop: 4, fontSize: 14 }}>{doc.footnote}</p>}
    </article>
  );
}

/** Print only the sheet: the app's header, menus and buttons stay on screen. */
export const PRINT_CSS = `
@page { size: A4; margin: 0; }
@media print {
  .ant-layout-header, .no-print, .ant-message, .ant-notification { display: none !important; }
  .ant-layout, .ant-layout-content, body { background: #fff !important; padding: 0 !important; margin: 0 !important; }
  .official-document { box-shadow: none !important; width: 210mm !important; }
}`;
