// A government web page saved from a browser (Ctrl+S) → the article's text, without the site around it:
// navigation, header, footer, share buttons, related links. Chinese government sites put the article in
// one of a few known containers (`#zoom`, `.TRS_Editor` …); failing those, the densest block of text wins.
// Paragraphs become lines and table rows TAB-joined lines, a rowspan repeating its cell into the rows it spans.
import { parseHTML } from 'linkedom';
import { PlanInputError } from '../errors';

/** The charset a saved page declares (BOM, `<meta charset>`, http-equiv, XML declaration), else null. */
export function declaredCharset(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 8192));
  const match =
    /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/iu.exec(head) ?? /<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)/iu.exec(head);
  return match?.[1]?.toLowerCase() ?? null;
}

/** Bytes of a page as text: the declared charset (gb2312 read as its superset GBK/GB18030), else UTF-8, else GB18030. */
export function decodeHtml(bytes: Uint8Array): string {
  let label = declaredCharset(bytes);
  if (label && /^(?:gb2312|gbk|gb_2312-80|x-gbk|euc-cn|cp936|gb18030)$/u.test(label)) label = 'gb18030';
  if (label) {
    try {
      return new TextDecoder(label).decode(bytes).replace(/^\uFEFF/u, '');
    } catch {
      // An unknown label: fall through to guessing.
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/u, '');
  } catch {
    // Not UTF-8 and nothing declared: a Chinese site's page is then almost always GBK.
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** The little of the DOM read here (linkedom implements it). */
interface DomNode {
  nodeType: number;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}
interface DomElement extends DomNode {
  tagName: string;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

const ELEMENT = 1;
const TEXT = 3;

/** Article containers of Chinese government CMSs (TRS, 开普云/UCAP, 政府网站集约化平台), most specific first. */
const CONTAINERS = ['#zoom', '#Zoom', '.TRS_Editor', '#UCAP-CONTENT', '.pages_content', '.article-content', '.article_content', '#content', '.view', '.content'];

/** Never article text. */
const DROPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'OBJECT', 'EMBED', 'SVG', 'CANVAS', 'NAV', 'HEADER', 'FOOTER', 'ASIDE', 'FORM', 'BUTTON', 'SELECT', 'INPUT', 'TEXTAREA', 'HEAD', 'TITLE', 'META', 'LINK', 'IMG', 'VIDEO', 'AUDIO', 'MAP']);
/** Site furniture by id or class: menus, crumbs, share bars, related links, font-size and print tools, pagers. */
const FURNITURE = /(?:^|[\s_-])(?:nav|navbar|menu|breadcrumb|crumbs?|location|position|header|footer|foot|share|bdshare|bdsharebuttonbox|fenxiang|related|relate|xgxx|xgwz|xglj|sidebar|side|toolbar|tools?|print|dayin|fontsize|font-size|zihao|copyright|banner|search|login|pager|pagination|page-nav|qrcode|ewm|erweima|wechat|weixin|weibo|ad|ads|advert|gotop|back-?top|dqwz)(?:$|[\s_-])/iu;

const BLOCK_TAGS = new Set(['P', 'DIV', 'SECTION', 'ARTICLE', 'MAIN', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'UL', 'OL', 'DL', 'DT', 'DD', 'BLOCKQUOTE', 'PRE', 'CENTER', 'ADDRESS', 'FIGURE', 'FIGCAPTION', 'TR', 'TBODY', 'THEAD', 'TFOOT', 'HR', 'FIELDSET', 'LEGEND', 'BODY', 'HTML', 'CAPTION']);

const isElement = (node: DomNode): node is DomElement => node.nodeType === ELEMENT;

function isHiddenOrFurniture(element: DomElement): boolean {
  if (DROPPED_TAGS.has(element.tagName)) return true;
  const style = element.getAttribute('style') ?? '';
  if (/display\s*:\s*none|visibility\s*:\s*hidden/iu.test(style)) return true;
  if (element.getAttribute('hidden') !== null || element.getAttribute('aria-hidden') === 'true') return true;
  const names = `${element.getAttribute('id') ?? ''} ${element.getAttribute('class') ?? ''}`;
  return FURNITURE.test(names);
}

/** Length of the visible text in an element, and of the part of it inside links. */
function measure(element: DomElement): { text: number; links: number } {
  let text = 0;
  let links = 0;
  const walk = (node: DomNode, inLink: boolean) => {
    if (node.nodeType === TEXT) {
      const length = (node.textContent ?? '').replace(/\s+/gu, '').length;
      text += length;
      if (inLink) links += length;
    } else if (isElement(node) && !DROPPED_TAGS.has(node.tagName)) {
      for (const child of Array.from(node.childNodes)) walk(child, inLink || node.tagName === 'A');
    }
  };
  walk(element, false);
  return { text, links };
}

/** Text minus twice its link text: navigation and link lists score low however long they are. */
function score(element: DomElement): number {
  const { text, links } = measure(element);
  return text - 2 * links;
}

/** The element holding the article: a known container with real text, else the densest block. */
function articleElement(body: DomElement): DomElement {
  for (const selector of CONTAINERS) {
    const candidates = Array.from(body.querySelectorAll(selector));
    const best = candidates.map((element) => ({ element, score: score(element) })).sort((a, b) => b.score - a.score)[0];
    if (best && best.score >= 100) return best.element;
  }
  let element = body;
  // Descend while one child holds most of the text: the tightest block around the article.
  for (;;) {
    const total = score(element);
    const children = Array.from(element.childNodes).filter(isElement).filter((child) => !isHiddenOrFurniture(child));
    const best = children.map((child) => ({ child, score: score(child) })).sort((a, b) => b.score - a.score)[0];
    if (!best || best.score < 0.7 * total || best.score < 100) return element;
    element = best.child;
  }
}

function cleanText(text: string): string {
  return text.replace(/[\t\n\r\f ]+/gu, ' ');
}

/** Direct rows of a table (through thead/tbody/tfoot) and their cells. */
function rowsOf(table: DomElement): DomElement[][] {
  const rows: DomElement[][] = [];
  const collect = (element: DomElement) => {
    for (const child of Array.from(element.childNodes).filter(isElement)) {
      if (child.tagName === 'TR') rows.push(Array.from(child.childNodes).filter(isElement).filter((cell) => cell.tagName === 'TD' || cell.tagName === 'TH'));
      else if (child.tagName === 'THEAD' || child.tagName === 'TBODY' || child.tagName === 'TFOOT') collect(child);
    }
  };
  collect(table);
  return rows;
}

/** A table used for layout (one column, or cells holding tables or whole articles) is read as blocks. */
function isLayoutTable(rows: DomElement[][]): boolean {
  const widest = Math.max(0, ...rows.map((row) => row.length));
  if (widest <= 1) return true;
  return rows.some((row) => row.some((cell) => cell.querySelectorAll('table').length > 0 || (cell.textContent ?? '').length > 3000));
}

/** Renders block content as lines; `out` collects them, the last one open for inline text. */
class Lines {
  readonly out: string[] = [''];

  text(value: string): void {
    this.out[this.out.length - 1] += value;
  }

  /** A `<br>`: two in a row leave a blank line. */
  newline(): void {
    this.out.push('');
  }

  break(): void {
    if ((this.out[this.out.length - 1] ?? '').trim().length > 0) this.out.push('');
  }
}

function cellText(cell: DomElement): string {
  const lines = new Lines();
  render(cell, lines);
  return lines.out.map((line) => line.trim()).filter((line) => line.length > 0).join(' ');
}

function renderTable(table: DomElement, lines: Lines): void {
  const rows = rowsOf(table);
  if (isLayoutTable(rows)) {
    for (const row of rows) {
      for (const cell of row) {
        render(cell, lines);
        lines.break();
      }
    }
    return;
  }
  // Cells still to come from a rowspan above: column → [text, rows left].
  const pending = new Map<number, { text: string; rows: number }>();
  lines.break();
  for (const row of rows) {
    const cells: string[] = [];
    let column = 0;
    const fillPending = () => {
      for (let carried = pending.get(column); carried; carried = pending.get(column)) {
        cells.push(carried.text);
        if (carried.rows <= 1) pending.delete(column);
        else pending.set(column, { text: carried.text, rows: carried.rows - 1 });
        column += 1;
      }
    };
    for (const cell of row) {
      fillPending();
      const text = cellText(cell);
      const rowspan = Math.min(500, Math.max(1, Number(cell.getAttribute('rowspan') ?? '1') || 1));
      const colspan = Math.min(64, Math.max(1, Number(cell.getAttribute('colspan') ?? '1') || 1));
      if (rowspan > 1) pending.set(column, { text, rows: rowspan - 1 });
      cells.push(text);
      column += 1;
      for (let i = 1; i < colspan; i += 1) {
        cells.push('');
        column += 1;
      }
    }
    fillPending();
    const line = cells.map((cell) => cell.replace(/\t/gu, ' ')).join('\t').replace(/\t+$/u, '');
    if (line.trim().length > 0) {
      lines.text(line);
      lines.break();
    }
  }
}

function render(element: DomElement, lines: Lines): void {
  for (const node of Array.from(element.childNodes)) {
    if (node.nodeType === TEXT) {
      lines.text(cleanText(node.textContent ?? ''));
      continue;
    }
    if (!isElement(node) || isHiddenOrFurniture(node)) continue;
    const tag = node.tagName;
    if (tag === 'BR') {
      lines.newline();
    } else if (tag === 'TABLE') {
      lines.break();
      renderTable(node, lines);
      lines.break();
    } else if (tag === 'PRE') {
      lines.break();
      for (const line of (node.textContent ?? '').split('\n')) {
        lines.text(line);
        lines.break();
      }
    } else if (BLOCK_TAGS.has(tag)) {
      lines.break();
      render(node, lines);
      lines.break();
    } else {
      render(node, lines);
    }
  }
}

/** Lines that are page tools even inside the article: 【打印】【关闭】, 字体：大 中 小, 分享到. */
const TOOL_LINE = /^(?:[【[]?\s*(?:打印(?:本页|此页)?|关闭(?:窗口|本页)?|返回顶部|收藏|字体[:：]?\s*[大中小\s]*|字号[:：]?\s*[大中小\s]*|分享到[:：]?.*|扫一扫.{0,20})\s*[】\]]?\s*)+$/u;

/** The title a CMS records for the article (`<meta name="ArticleTitle">`), else the page's first h1. */
function articleTitle(document: ReturnType<typeof parseHTML>['document']): string {
  const meta = document.querySelector('meta[name="ArticleTitle"]')?.getAttribute('content');
  const heading = document.querySelector('h1')?.textContent;
  return cleanText(meta ?? heading ?? '').trim();
}

/** The article text of a saved web page. Throws PlanInputError `empty` when the page has none. */
export function htmlToText(bytes: Uint8Array): string {
  let html = decodeHtml(bytes);
  // linkedom needs a whole document; a fragment (a copied article) is wrapped in one.
  if (!/<(?:html|body)[\s>]/iu.test(html)) html = `<!DOCTYPE html><html><head></head><body>${html}</body></html>`;
  const { document } = parseHTML(html);
  const body = document.body as unknown as DomElement | null;
  if (!body) throw new PlanInputError('file', 'empty', 'the web page has no body text');
  const article = articleElement(body);
  const lines = new Lines();
  render(article, lines);
  const text = lines.out
    .map((line) => line.replace(/[ \u00A0]+/gu, ' ').replace(/^[ \u3000\u00A0]+|[ \u00A0]+$/gu, ''))
    .filter((line) => !TOOL_LINE.test(line.trim()))
    .join('\n')
    .replace(/\n{3,}/gu, '\n\n')
    .trim();
  const title = articleTitle(document);
  const withTitle = title.length > 0 && !text.slice(0, 300).replace(/\s+/gu, '').includes(title.replace(/\s+/gu, '')) ? `${title}\n${text}` : text;
  if (withTitle.replace(/\s+/gu, '').length === 0) throw new PlanInputError('file', 'empty', 'the web page has no article text');
  return withTitle;
}
