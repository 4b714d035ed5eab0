import { Button, Typography } from 'antd';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../../lib/i18n';
import type { ChartOption } from './echarts';

interface ChartProps {
  /** Names the figure in tests and links (`data-chart`). */
  id: string;
  title: string;
  /** One sentence summarising the chart: its <figcaption>, and the drawing's accessible name. */
  caption: string;
  option: ChartOption;
  /** The same figures as a table, shown instead of the drawing on request (表格). */
  table: ReactNode;
  /** A line under the caption (what the chart leaves out, how a light is decided). */
  note?: string;
  height?: number;
}

/**
 * One dashboard chart as a <figure>: the drawing (role="img", named by its caption), a 表格 toggle that shows the
 * same figures as a table, and the caption. The drawing follows the figure's width.
 */
export function Chart({ id, title, caption, option, table, note, height = 280 }: ChartProps) {
  const { t } = useI18n();
  const [asTable, setAsTable] = useState(false);
  const drawing = useRef<HTMLDivElement>(null);
  const titleId = useId();

  useEffect(() => {
    const element = drawing.current;
    if (asTable || !element) return;
    let stop = false;
    let cleanup = () => {
      stop = true;
    };
    // ECharts loads with the first chart drawn, not with the page.
    void Promise.all([import('./echarts'), import('./echarts-charts')]).then(([{ initChart }]) => {
      if (stop) return;
      const chart = initChart(element);
      chart.setOption({ animation: false, ...option });
      // The drawing is one image named by its caption: the SVG inside is not a second one.
      element.querySelector('svg')?.setAttribute('aria-hidden', 'true');
      const resized = new ResizeObserver(() => chart.resize());
      resized.observe(element);
      cleanup = () => {
        resized.disconnect();
        chart.dispose();
      };
    });
    return () => cleanup();
  }, [option, asTable]);

  return (
    <figure data-chart={id} aria-labelledby={titleId} style={{ margin: 0, padding: 16, background: '#fff', border: '1px solid #f0f0f0', borderRadius: 8, minWidth: 0 }}>
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8, marginBottom: 8 }}>
        <Typography.Title level={2} id={titleId} style={{ margin: 0, fontSize: 16 }}>
          {title}
        </Typography.Title>
        <Button size="small" aria-pressed={asTable} title={t('dashboard.table.hint', { title })} onClick={() => setAsTable((shown) => !shown)}>
          {t('dashboard.table')}
        </Button>
      </div>
      {/* Keyed apart: ECharts empties its element when disposed, which must not be the one the table goes into. */}
      {asTable ? <div key="table">{table}</div> : <div key="drawing" ref={drawing} data-drawing role="img" aria-label={caption} style={{ width: '100%', height }} />}
      <figcaption style={{ marginTop: 8, color: 'rgba(0,0,0,0.75)', fontSize: 13, lineHeight: 1.6 }}>{caption}</figcaption>
      {note && <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', fontSize: 12 }}>{note}</Typography.Paragraph>}
    </figure>
  );
}
