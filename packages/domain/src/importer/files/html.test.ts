import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { declaredCharset, decodeHtml, htmlToText } from './html';

const fixture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures', name)));
const html = (markup: string) => new TextEncoder().encode(markup);

/** What a government site puts around an article. */
const FURNITURE = ['无障碍', '互动交流', '长者模式', '当前位置', '发布时间', '浏览次数', '字体', '打印本页', '关闭窗口', '分享到', '微信', '相关文章', '网站地图', '粤ICP备', '请输入关键词'];

describe('htmlToText', () => {
  it('reads the article of a saved page (002, UTF-8) without the site around it', () => {
    const text = htmlToText(fixture('002.html'));
    for (const word of FURNITURE) expect(text).not.toContain(word);
    expect(text.startsWith('广州市人民政府办公厅日前印发')).toBe(true);
    expect(text).toContain('\n(二十二)强化跨部门联动协调机制。');
  });

  it('decodes a page saved in GBK (003) by its <meta> charset', () => {
    const bytes = fixture('003-gbk.html');
    expect(declaredCharset(bytes)).toBe('gbk');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const text = htmlToText(bytes);
    expect(text).toContain('粤府函〔2024〕9号');
    expect(text).toContain('\n1. 率先对接国际高标准推进制度型开放。');
    for (const word of FURNITURE) expect(text).not.toContain(word);
  });

  it('guesses GB18030 for Chinese bytes that declare nothing and are not UTF-8', () => {
    const gbk = new Uint8Array([0x3c, 0x70, 0x3e, 0xb9, 0xe3, 0xd6, 0xdd, 0xca, 0xd0, 0x3c, 0x2f, 0x70, 0x3e]); // <p>广州市</p>
    expect(decodeHtml(gbk)).toBe('<p>广州市</p>');
  });

  it('turns paragraphs and <br> into lines, and a table into TAB-joined rows with rowspan repeated', () => {
    const page = `<html><body><div class="nav"><a href="/">首页</a></div><div class="TRS_Editor">
      <p>重点任务分工</p><div>一、优化营商环境<br>（一）工作要求</div>
      <table><tbody>
        <tr><th>序号</th><th>重点任务</th><th>牵头单位</th><th>配合单位</th></tr>
        <tr><td>1</td><td>推行一网通办。</td><td rowspan="2">市市场监管局</td><td>市公安局</td></tr>
        <tr><td>2</td><td>深化证照分离改革。</td><td>市司法局</td></tr>
        <tr><td colspan="4">二、扩大开放</td></tr>
      </tbody></table>
      <p style="display:none">隐藏的文字</p><script>var x = "脚本";</script>
    </div></body></html>`;
    expect(htmlToText(html(page)).split('\n')).toEqual([
      '重点任务分工',
      '一、优化营商环境',
      '（一）工作要求',
      '序号\t重点任务\t牵头单位\t配合单位',
      '1\t推行一网通办。\t市市场监管局\t市公安局',
      '2\t深化证照分离改革。\t市市场监管局\t市司法局',
      '二、扩大开放',
    ]);
  });

  it('reads a page laid out in tables as paragraphs, not as one row', () => {
    const page = `<html><body><table><tr><td><table><tr><td><a href="/">首页</a> | <a href="/a">政务公开</a></td></tr></table>
      <p>一、总体要求</p><p>（一）指导思想。坚持稳中求进工作总基调。</p></td></tr></table></body></html>`;
    expect(htmlToText(html(page))).toBe('首页 | 政务公开\n一、总体要求\n（一）指导思想。坚持稳中求进工作总基调。');
  });

  it('falls back to the densest block of text when no known container is there', () => {
    const links = Array.from({ length: 30 }, (_, i) => `<li><a href="/${i}">栏目${i}的链接标题文字</a></li>`).join('');
    const article = Array.from({ length: 8 }, (_, i) => `<p>(${i + 1})第${i + 1}项措施的内容,由市商务局牵头负责组织实施。</p>`).join('');
    const page = `<html><body><div class="left"><ul>${links}</ul></div><div class="main"><div class="article">${article}</div></div><div id="bottom">版权所有 联系我们</div></body></html>`;
    const text = htmlToText(html(page));
    expect(text.split('\n')).toHaveLength(8);
    expect(text).not.toContain('栏目');
    expect(text).not.toContain('版权所有');
  });

  it('adds the CMS article title when the article body does not repeat it', () => {
    const page = '<html><head><meta name="ArticleTitle" content="关于推进改革的实施方案"></head><body><div id="zoom"><p>一、总体要求。</p></div></body></html>';
    expect(htmlToText(html(page))).toBe('关于推进改革的实施方案\n一、总体要求。');
  });

  it('refuses a page with no article text', () => {
    expect(() => htmlToText(html('<html><body><script>1</script></body></html>'))).toThrow(expect.objectContaining({ code: 'empty' }));
  });
});
