import { Alert, Space, Table, Tag, Typography } from 'antd';
import { useI18n } from '../../lib/i18n';
import { cycleNo } from '../../pages/measure/format';
import { meetsTarget, type MeasurePageData, type PageKpi } from '../../pages/measure/view';
import { tagStyle } from './MeasureTags';

const COMPARATORS: Record<PageKpi['comparator'], string> = { '>=': '≥', '<=': '≤', '=': '=' };

/** The newest value reported for a KPI, against its target, and where it came from (cycle, agency, review state). */
function LatestValue({ kpi }: { kpi: PageKpi }) {
  const { t, lang } = useI18n();
  const { latest } = kpi;
  if (!latest) {
    return (
      <Typography.Text type="secondary" data-testid="kpi-latest">
        {t('mp.kpi.noValue')}
      </Typography.Text>
    );
  }
  const met = meetsTarget(kpi, latest.value);
  return (
    <span data-testid="kpi-latest" style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' }}>
      <strong>
        {latest.value}
        {lang === 'en' && kpi.unit ? ' ' : ''}
        {kpi.unit}
      </strong>
      <Tag color={met ? 'green' : 'orange'} style={tagStyle(met ? 'green' : 'orange')}>
        {t(met ? 'mp.kpi.met' : 'mp.kpi.notMet')}
      </Tag>
      {latest.status !== 'accepted' && (
        <Tag color={latest.status === 'returned' ? 'red' : 'processing'} style={tagStyle(latest.status === 'returned' ? 'red' : 'processing')}>
          {t(latest.status === 'returned' ? 'mp.kpi.fromReturned' : 'mp.kpi.pendingReview')}
        </Tag>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('mp.kpi.latestFrom', { n: cycleNo(latest.cycleIndex), agency: latest.agency.name })}
        {latest.kind === 'combined' ? ` · ${t('mp.report.kind.combined')}` : ''}
      </Typography.Text>
    </span>
  );
}

/** What the measure asks for: its text, its quantitative targets (量化指标) with the latest values reported, and where its closure stands. */
export function OverviewSection({ page }: { page: MeasurePageData }) {
  const { t, lang } = useI18n();
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {page.status === 'closure_requested' && <Alert type="warning" showIcon title={t('mp.closure.pending')} />}
      {page.status === 'active' && page.closure?.status === 'returned' && <Alert type="info" showIcon title={t('mp.closure.returned')} />}
      <section aria-labelledby="measure-body">
        <Typography.Title level={2} id="measure-body" style={{ fontSize: 16 }}>
          {t('mp.body')}
        </Typography.Title>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0, maxWidth: 960 }}>{page.body || '—'}</Typography.Paragraph>
      </section>
      <section aria-labelledby="measure-kpis">
        <Typography.Title level={2} id="measure-kpis" style={{ fontSize: 16 }}>
          {t('mp.kpis')}
        </Typography.Title>
        <Table<PageKpi>
          rowKey={(k) => `${k.metric}:${k.deadline ?? ''}`}
          size="small"
          dataSource={page.kpis}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('mp.kpi.none') }}
          columns={[
            { title: t('mp.kpi.metric'), dataIndex: 'metric', key: 'metric', render: (_, k) => <span title={k.text}>{k.metric}</span> },
            { title: t('mp.kpi.target'), key: 'target', render: (_, k) => `${COMPARATORS[k.comparator]} ${k.target}${lang === 'en' && k.unit ? ' ' : ''}${k.unit}` },
            { title: t('mp.kpi.deadline'), key: 'deadline', render: (_, k) => k.deadline ?? '—' },
            { title: t('mp.kpi.latest'), key: 'latest', render: (_, k) => <LatestValue kpi={k} /> },
          ]}
          style={{ maxWidth: 1100 }}
        />
      </section>
    </Space>
  );
}
