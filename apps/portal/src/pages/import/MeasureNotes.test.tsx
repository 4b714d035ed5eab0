import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { I18nProvider, type Lang } from '../../lib/i18n';
import type { DraftAgency, DraftMeasure } from './draft';
import { DeadlineEditor, MeasureNotes, PlanConventions } from './MeasureNotes';
import { NameList } from './NameFix';

/** The HTML a reader's browser gets, and its text without tags. */
function render(node: ReactNode, lang: Lang = 'zh-CN') {
  const html = renderToStaticMarkup(<I18nProvider lang={lang}>{node}</I18nProvider>);
  return { html, text: html.replace(/<[^>]+>/gu, '') };
}
/** The opening tag of the element carrying `attribute` (an aria-label, a data-testid); throws when none does. */
function element(html: string, attribute: string): string {
  const at = html.indexOf(attribute);
  if (at < 0) throw new Error(`no element with ${attribute}`);
  return /<[^>]+>/u.exec(html.slice(html.lastIndexOf('<', at)))?.[0] ?? '';
}

const row = (over: Partial<DraftMeasure> = {}): Pick<DraftMeasure, 'number' | 'responsibilityText' | 'conventions' | 'review' | 'deadline'> => ({
  number: '(一)',
  responsibilityText: ['(市商务局、市财政局,2025年底前)'],
  conventions: [],
  review: [],
  deadline: { text: '2025年底前', due: '2025-12-31', ongoing: false },
  ...over,
});
const noop = () => {};

describe('a row of the import preview', () => {
  it('shows the clause as written (依据) and each convention applied (约定) under the title', () => {
    const { text, html } = render(<MeasureNotes measure={row({ conventions: ['列第一位者为牵头单位,下同'] })} />);
    expect(text).toContain('依据：(市商务局、市财政局,2025年底前)');
    expect(text).toContain('约定：列第一位者为牵头单位,下同');
    expect(html).not.toContain('needs-review');
  });

  it('marks an uncertain reading 待核 with its reasons, in English with the Chinese term beside', () => {
    const reasons = ['未找到责任分工 (no responsibility clause found): 请指定牵头单位 (assign the units by hand)'];
    const zh = render(<MeasureNotes measure={row({ review: reasons, responsibilityText: [] })} />);
    expect(zh.html).toContain('data-testid="needs-review"');
    expect(zh.text).toContain('待核');
    expect(zh.text).toContain(reasons[0]);
    expect(render(<MeasureNotes measure={row({ review: reasons })} />, 'en').text).toContain('Needs review (待核)');
  });

  it('says nothing for a row with no clause, convention or doubt', () => {
    expect(render(<MeasureNotes measure={row({ responsibilityText: [] })} />).html).toBe('');
  });

  it('edits the deadline (完成时限): the phrase as written, the due date, and 长期 unticked', () => {
    const { text, html } = render(<DeadlineEditor measure={row()} onChange={noop} />);
    expect(text).toContain('原文：2025年底前');
    const input = element(html, 'aria-label="措施 (一) 完成时限（yyyy-mm-dd）"');
    expect(input).toContain('value="2025-12-31"');
    expect(input).not.toContain('disabled');
    expect(element(html, 'aria-label="措施 (一)：长期"')).not.toContain('checked');
  });

  it('shows an ongoing (长期) row ticked with its date field disabled, and a row without a phrase as 原文未写明', () => {
    const ongoing = render(<DeadlineEditor measure={row({ deadline: { text: '长期坚持', due: '', ongoing: true } })} onChange={noop} />);
    expect(ongoing.text).toContain('原文：长期坚持');
    expect(element(ongoing.html, 'aria-label="措施 (一) 完成时限（yyyy-mm-dd）"')).toContain('disabled');
    expect(element(ongoing.html, 'aria-label="措施 (一)：长期"')).toContain('checked');
    expect(render(<DeadlineEditor measure={row({ deadline: { text: '', due: '', ongoing: false } })} onChange={noop} />).text).toContain('原文未写明');
  });

  it('names a bad due date beside the field', () => {
    const { html, text } = render(<DeadlineEditor measure={row({ deadline: { text: '', due: '2025-02-30', ongoing: false } })} error="日期不对" onChange={noop} />);
    expect(text).toContain('日期不对');
    expect(html).toContain('role="alert"');
  });

  it('tags a collective name (集合单位) beside it, and no other name', () => {
    const agencies: DraftAgency[] = [
      { id: 'a-1', written: '区直各部门', agency: null, suggestions: [] },
      { id: 'a-2', written: '市商务局', agency: { code: 'gz-commerce', name: '市商务局' }, suggestions: [] },
    ];
    const { html, text } = render(<NameList measureId="m-1" list="partners" agencies={agencies} groups={['区直各部门']} onOpen={noop} />);
    expect(html.match(/data-testid="collective-name"/gu)).toHaveLength(1);
    expect(text).toMatch(/区直各部门集合单位市商务局/u);
    expect(render(<NameList measureId="m-1" list="partners" agencies={agencies} onOpen={noop} />).html).not.toContain('collective-name');
  });
});

describe('the plan’s conventions above the rows', () => {
  it('lists each convention once, with the measure it starts from', () => {
    const { text } = render(
      <PlanConventions
        conventions={[
          { kind: 'first_listed_leads', text: '列第一位者为牵头或汇总单位,下同', from: null },
          { kind: 'all_districts', text: '以下各项各县(区)人民政府负责落实,不再列出', from: '(三)' },
        ]}
      />,
    );
    expect(text).toContain('方案约定');
    expect(text).toContain('列第一位者为牵头或汇总单位,下同');
    expect(text).toContain('以下各项各县(区)人民政府负责落实,不再列出 · 自措施 (三) 起');
  });

  it('shows nothing when the document states none', () => {
    expect(render(<PlanConventions conventions={[]} />).html).toBe('');
  });
});
