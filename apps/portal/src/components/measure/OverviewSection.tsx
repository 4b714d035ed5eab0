import { Alert, Space, Table, Typography } from 'antd';
import type { Kpi } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import type { MeasurePageData } from '../../pages/measure/view';

const COMPARATORS: Record<Kpi['comparator'], string> = { '>=': '≥', '<=': '≤', '=': '=' };

/** What the measure asks for: its text, its quantitative targets (量化指标) and where its closure stands. */
export function OverviewSection({ page, kpis, kpisLoading, kpisFailed }: { page: MeasurePageData; kpis: readonly Kpi[]; kpisLoading: boolean; kpisFailed: boolean }) {
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
        <Table<Kpi>
          rowKey={(k) => `${k.metric}:${k.deadline ?? ''}`}
          size="small"
          loading={kpisLoading}
          dataSource={[...kpis]}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t(kpisFailed ? 'error.load' : 'mp.kpi.none') }}
          columns={[
            { title: t('mp.kpi.metric'), dataIndex: 'metric', key: 'metric' },
            { title: t('mp.kpi.target'), key: 'target', render: (_, k) => `${COMPARATORS[k.comparator]} ${k.target}${lang === 'en' && k.unit ? ' ' : ''}${k.unit}` },
            { title: t('mp.kpi.deadline'), key: 'deadline', render: (_, k) => k.deadline ?? '—' },
          ]}
          style={{ maxWidth: 960 }}
        />
      </section>
    </Space>
  );
}
