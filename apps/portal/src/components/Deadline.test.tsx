import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { I18nProvider, type Lang } from '../lib/i18n';
import { Deadline } from './Deadline';

/** The text a reader is shown, without tags, and the HTML. */
function render(node: ReactNode, lang: Lang = 'zh-CN') {
  const html = renderToStaticMarkup(<I18nProvider lang={lang}>{node}</I18nProvider>);
  return { html, text: html.replace(/<[^>]+>/gu, '') };
}

describe('a measure’s deadline on the plan and measure pages', () => {
  it('shows the due date, 逾期未办结 when overdue, 长期 for ongoing, and — when none is stated', () => {
    const due = render(<Deadline due="2025-12-31" ongoing={false} text="2025年底前" overdue={false} />);
    expect(due.text).toBe('2025-12-31');
    const overdue = render(<Deadline due="2025-12-31" ongoing={false} overdue />);
    expect(overdue.text).toBe('2025-12-31逾期未办结');
    expect(overdue.html).toContain('data-testid="measure-overdue"');
    expect(render(<Deadline due={null} ongoing text="长期坚持" overdue={false} />).text).toBe('长期');
    expect(render(<Deadline due={null} ongoing={false} overdue={false} />).text).toBe('—');
    expect(render(<Deadline due="2025-12-31" ongoing={false} overdue />, 'en').text).toBe('2025-12-31Overdue, not closed (逾期未办结)');
  });
});
