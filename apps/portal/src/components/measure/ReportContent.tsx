import { Alert, Descriptions, Tag, Typography } from 'antd';
import type { ReportContent } from '@liandong/domain/measure';
import { useI18n } from '../../lib/i18n';
import { formatInstant, formatTarget } from '../../pages/measure/format';
import type { PageKpi } from '../../pages/measure/view';
import { tagStyle } from './MeasureTags';

const PROGRESS_COLOR: Record<ReportContent['progressStatus'], string> = { on_track: 'green', at_risk: 'orange', blocked: 'red', done: 'blue' };

export function ProgressStatusTag({ status }: { status: ReportContent['progressStatus'] }) {
  const { t } = useI18n();
  return (
    <Tag color={PROGRESS_COLOR[status]} style={tagStyle(PROGRESS_COLOR[status])}>
      {t(`mp.progress.${status}`)}
    </Tag>
  );
}

/** A report as the page shows it: what was written, and what the reviewer said (when the page knows). */
export interface ShownReport {
  content: ReportContent | null;
  submittedAt: string | null;
  reviewComment: string | null;
  reviewedAt: string | null;
  abridged?: boolean;
}

/**
 * What a unit wrote in a report (progress, % done, KPI values against their targets, the texts) and the
 * review comment: under a duty's row, in the history, and in the lead's review dialog.
 */
export function ReportContentView({ report, kpis, label }: { report: ShownReport; kpis: readonly PageKpi[]; label: string }) {
  const { t, lang } = useI18n();
  const { content } = report;
  if (!content) return <Alert type="warning" showIcon title={t('mp.content.missing')} data-testid="report-content" />;
  const target = new Map(kpis.map((k) => [k.metric.trim(), k]));
  const text = (value: string) =>
    value.trim() ? (
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{value}</Typography.Paragraph>
    ) : (
      <Typography.Text type="secondary">{t('mp.content.empty')}</Typography.Text>
    );
  return (
    <section aria-label={label} data-testid="report-content" style={{ maxWidth: 960 }}>
      <Descriptions
        size="small"
        bordered
        column={1}
        styles={{ label: { width: 180 } }}
        items={[
          { key: 'progress', label: t('mp.report.progressStatus'), children: <ProgressStatusTag status={content.progressStatus} /> },
          { key: 'percent', label: t('mp.report.percentDone'), children: `${content.percentDone}%` },
          {
            key: 'kpis',
            label: t('mp.report.kpis'),
            children:
              content.kpiValues.length === 0 ? (
                <Typography.Text type="secondary">{t('mp.content.kpisNone')}</Typography.Text>
              ) : (
                <ul style={{ margin: 0, paddingInlineStart: 16 }}>
                  {content.kpiValues.map((k, i) => {
                    const kpi = target.get(k.metric.trim());
                    return (
                      <li key={i}>
                        {k.metric}：<strong>{k.value}</strong>
                        {kpi?.unit ? `${lang === 'en' ? ' ' : ''}${kpi.unit}` : ''}
                        {kpi && <Typography.Text type="secondary">{`（${t('mp.report.kpiTarget', { target: formatTarget(kpi, lang) })}）`}</Typography.Text>}
                      </li>
                    );
                  })}
                </ul>
              ),
          },
          { key: 'summary', label: t('mp.report.summary'), children: text(content.summary) },
          { key: 'problems', label: t('mp.report.problems'), children: text(content.problems) },
          { key: 'support', label: t('mp.report.supportRequested'), children: text(content.supportRequested) },
          ...(report.submittedAt ? [{ key: 'submittedAt', label: t('mp.content.submittedAt'), children: formatInstant(report.submittedAt, lang) }] : []),
          ...(report.reviewComment !== null && report.reviewComment.trim()
            ? [{ key: 'reviewComment', label: t('mp.content.reviewComment'), children: text(report.reviewComment) }]
            : []),
          ...(report.reviewedAt ? [{ key: 'reviewedAt', label: t('mp.content.reviewedAt'), children: formatInstant(report.reviewedAt, lang) }] : []),
        ]}
      />
      {report.abridged && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('mp.content.abridged')}
        </Typography.Text>
      )}
    </section>
  );
}
