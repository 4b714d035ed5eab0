import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Input, Space, Spin, Table, Tag, Typography } from 'antd';
import { useDeferredValue, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { AgencyTags } from '../../components/AgencyTags';
import { Deadline } from '../../components/Deadline';
import { KpiList } from '../../components/KpiList';
import type { PlanView } from '../../lib/api';
import { useMe } from '../../lib/auth';
import { apiFailure } from '../../lib/errors';
import { formatReportingPolicy } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { usePageTitle } from '../../lib/title';
import { useTRPC } from '../../lib/trpc';
import { LedgerExportButton } from '../assessment/LedgerExportButton';
import { NotFoundPage } from '../errors/NotFoundPage';

type Measure = PlanView['measures'][number];

const matches = (measure: Measure, search: string) =>
  [measure.number, measure.title, measure.section ?? '', ...measure.leads.map((a) => a.name), ...measure.partners.map((a) => a.name)].some((text) =>
    text.includes(search),
  );

/** One plan: its facts and its measures with leads, partners, 各区政府, KPIs and 完成时限 (逾期未办结 when overdue). */
export function PlanDetailPage() {
  const { id = '' } = useParams();
  const { lang, t } = useI18n();
  const trpc = useTRPC();
  const me = useMe();
  const plan = useQuery(trpc.plan.get.queryOptions({ id }));
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search.trim());
  const measures = useMemo(
    () => (plan.data?.measures ?? []).filter((m) => !deferredSearch || matches(m, deferredSearch)),
    [plan.data, deferredSearch],
  );
  usePageTitle(plan.data?.title);

  if (plan.isPending) return <Spin description={t('loading')} />;
  if (plan.isError) {
    const code = apiFailure(plan.error).code;
    if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') return <NotFoundPage detail={t('plan.notFound')} />;
    return <Alert type="error" showIcon title={t('error.load')} description={plan.error.message} />;
  }
  const p = plan.data;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Link to="/plans">← {t('back.plans')}</Link>
        <Typography.Title level={1} style={{ margin: '8px 0 0', fontSize: 24 }}>
          {p.title}
        </Typography.Title>
        {/* 台账: for the plan's coordinator, auditors and admins (the API refuses officers). */}
        {(me.roles.includes('auditor') || me.roles.includes('admin') || (me.roles.includes('coordinator') && p.coordinator.code === me.agency.code)) && (
          <div style={{ marginTop: 8 }}>
            <LedgerExportButton planId={p.id} />
            <Link to={`/dashboard?plan=${p.id}`} style={{ marginLeft: 16 }}>
              {t('dashboard.openForPlan')}
            </Link>
          </div>
        )}
      </div>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          { key: 'documentNumber', label: t('plan.documentNumber'), children: p.documentNumber ?? '—' },
          { key: 'issuer', label: t('plan.issuer'), children: p.issuer ?? '—' },
          { key: 'issuedOn', label: t('plan.issuedOn'), children: p.issuedOn ?? '—' },
          { key: 'coordinator', label: t('plan.coordinator'), children: p.coordinator.name },
          { key: 'jurisdiction', label: t('plan.jurisdiction'), children: p.jurisdiction?.name ?? '—' },
          { key: 'measureCount', label: t('plan.measureCount'), children: p.measureCount },
          { key: 'reportingPolicy', label: t('plan.reportingPolicy'), children: formatReportingPolicy(p.reportingPolicy, lang) },
        ]}
      />
      <Space orientation="vertical" size="medium" style={{ width: '100%' }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 16, flexWrap: 'wrap' }}>
          <Typography.Title level={2} style={{ margin: 0, fontSize: 20 }}>
            {t('measures.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('measures.count', { n: p.measures.length })}</Typography.Text>
          <Input.Search
            allowClear
            placeholder={t('measures.filter')}
            aria-label={t('measures.filter')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            style={{ width: 320 }}
          />
        </div>
        <Table<Measure>
          rowKey="id"
          size="medium"
          dataSource={measures}
          pagination={false}
          scroll={{ x: 1520 }}
          expandable={{
            expandedRowRender: (m) => (
              <Space orientation="vertical" size="small" style={{ width: '100%' }}>
                <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
                  <Typography.Text strong>{t('measure.body')}：</Typography.Text>
                  {m.body || '—'}
                </Typography.Paragraph>
                {m.allDistricts && (
                  <div>
                    <Typography.Text strong>{t('measure.allDistrictsCount', { n: m.districts.length })}：</Typography.Text>
                    <AgencyTags agencies={m.districts} />
                  </div>
                )}
              </Space>
            ),
          }}
          columns={[
            { title: t('measure.number'), dataIndex: 'number', key: 'number', width: 80 },
            { title: t('measure.section'), dataIndex: 'section', key: 'section', width: 150, render: (v: string | null) => v ?? '—' },
            {
              title: t('measure.title'),
              dataIndex: 'title',
              key: 'title',
              width: 260,
              render: (title: string, m) => (
                <>
                  {title}
                  {m.status === 'withdrawn' && (
                    <Tag color="default" style={{ marginInlineStart: 8 }}>
                      {t('status.withdrawn')}
                    </Tag>
                  )}
                </>
              ),
            },
            // Beside the title: when it is due, and whether it is overdue, is what a reader scans the list for.
            {
              title: t('measure.deadline'),
              key: 'deadline',
              width: 160,
              render: (_, m) => <Deadline due={m.deadline?.due ?? null} ongoing={m.deadline?.ongoing ?? false} text={m.deadline?.text} overdue={m.overdue} />,
            },
            { title: t('measure.leads'), key: 'leads', width: 180, render: (_, m) => <AgencyTags agencies={m.leads} /> },
            { title: t('measure.partners'), key: 'partners', width: 280, render: (_, m) => <AgencyTags agencies={m.partners} /> },
            {
              title: t('measure.allDistricts'),
              key: 'allDistricts',
              width: 120,
              render: (_, m) => (m.allDistricts ? <Tag color="blue">{t('measure.allDistrictsCount', { n: m.districts.length })}</Tag> : t('no')),
            },
            { title: t('measure.kpis'), key: 'kpis', width: 240, render: (_, m) => <KpiList kpis={m.kpis} /> },
          ]}
        />
      </Space>
    </Space>
  );
}
