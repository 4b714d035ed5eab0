import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Select, Space, Spin, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMe } from '../../lib/auth';
import { useI18n } from '../../lib/i18n';
import { usePageTitle } from '../../lib/title';
import { useTRPC } from '../../lib/trpc';
import { byOnTimeRate, captions, formatDays, formatPercent, monthLabel, type Dashboard, type DashboardAgency, type DashboardKpi } from './captions';
import { Chart } from './Chart';
import { kpiOption, LIGHTS, lightOption, onTimeOption, STATUSES, statusOption, TOP, trendOption, workloadOption } from './options';
import { LoadError } from '../../components/LoadError';

const GROUP = 'group';
const COMPARATORS = { '>=': '≥', '<=': '≤', '=': '=' } as const;

/**
 * 统计: one plan's dashboard (`?plan=<id>`), or by default the working group's (every plan the agency coordinates).
 * Six charts, each with its caption and a table of the same figures.
 */
export function DashboardPage() {
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const me = useMe();
  const [searchParams, setSearchParams] = useSearchParams();
  usePageTitle(t('dashboard.title'));
  const seesAll = me.roles.includes('auditor') || me.roles.includes('admin');

  const plans = useQuery(trpc.plan.list.queryOptions());
  // A coordinator's choice is among the plans its agency coordinates; auditors and admins choose any.
  const choices = useMemo(() => (plans.data ?? []).filter((p) => seesAll || p.coordinator.code === me.agency.code), [plans.data, seesAll, me.agency.code]);
  const planId = searchParams.get('plan') ?? undefined;

  // 刷新 asks for figures computed now; until then the API may serve those it computed in the last half minute.
  const [fresh, setFresh] = useState(false);
  const freshly = fresh ? { fresh: true } : {};
  const plan = useQuery({ ...trpc.dashboard.plan.queryOptions({ planId: planId ?? '', ...freshly }), enabled: planId !== undefined, placeholderData: keepPreviousData });
  const group = useQuery({ ...trpc.dashboard.group.queryOptions(freshly), enabled: planId === undefined });
  const current = planId === undefined ? group : plan;
  const d = current.data;

  const choose = (value: string) => {
    const next = new URLSearchParams(searchParams);
    if (value === GROUP) next.delete('plan');
    else next.set('plan', value);
    setSearchParams(next);
  };

  return (
    <Space orientation="vertical" size="medium" style={{ width: '100%' }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: 16 }}>
        <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>
          {t('dashboard.title')}
        </Typography.Title>
        <div style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
          <label htmlFor="dashboard-scope" style={{ fontSize: 12, color: 'rgba(0,0,0,0.65)' }}>
            {t('dashboard.scope')}
          </label>
          <Select
            id="dashboard-scope"
            showSearch={{ optionFilterProp: 'label' }}
            value={planId ?? GROUP}
            onChange={choose}
            loading={plans.isLoading}
            style={{ width: 360 }}
            popupMatchSelectWidth={false}
            options={[{ value: GROUP, label: t('dashboard.scope.group') }, ...choices.map((p) => ({ value: p.id, label: p.title }))]}
          />
        </div>
        {d && (
          <Typography.Text type="secondary" data-testid="dashboard-as-of">
            {t('dashboard.asOfLine', { time: new Date(d.asOf).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' }) })}
          </Typography.Text>
        )}
        <Button onClick={() => (fresh ? void current.refetch() : setFresh(true))} loading={current.isFetching} style={{ marginLeft: 'auto' }}>
          {t('dashboard.refresh')}
        </Button>
      </div>

      <LoadError query={current} />
      {!d && current.isLoading && <Spin />}
      {d && d.scope.kind === 'group' && (
        <Typography.Text type="secondary">
          {t('dashboard.scope.groupOf', { name: d.scope.coordinatorName, n: d.plans.length })}
          {d.plans.length > 0 && '：'}
          {d.plans.map((p, i) => (
            <span key={p.id}>
              {i > 0 && '、'}
              <Link to={`/dashboard?plan=${p.id}`}>{p.title}</Link>（{p.measureCount}）
            </span>
          ))}
        </Typography.Text>
      )}
      {d && d.plans.length === 0 && <Alert type="info" showIcon title={t('dashboard.empty')} />}
      {d && d.plans.length > 0 && <Charts d={d} />}
    </Space>
  );
}

function Charts({ d }: { d: Dashboard }) {
  const { t, lang } = useI18n();
  const caption = useMemo(() => captions(d, lang), [d, lang]);
  const options = useMemo(
    () => ({ status: statusOption(d, lang), light: lightOption(d, lang), workload: workloadOption(d, lang), onTime: onTimeOption(d, lang), kpi: kpiOption(d, lang), trend: trendOption(d, lang) }),
    [d, lang],
  );
  const small = { size: 'small' as const, pagination: false as const };
  const paged = { size: 'small' as const, pagination: { pageSize: 10, hideOnSinglePage: true, showSizeChanger: false } };
  const rated = byOnTimeRate(d.agencies);
  const agencyColumns = [{ title: t('dashboard.col.agency'), dataIndex: 'agencyName', key: 'agency' }];

  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 460px), 1fr))', gap: 16 }}>
      <Chart
        id="status"
        title={t('dashboard.chart.status')}
        caption={caption.status}
        option={options.status}
        table={
          <Table
            {...small}
            rowKey="status"
            dataSource={STATUSES.map((s) => ({ status: s, label: t(`dashboard.status.${s}`), count: d.measures.byStatus[s] }))}
            columns={[
              { title: t('dashboard.col.status'), dataIndex: 'label', key: 'status' },
              { title: t('dashboard.col.count'), dataIndex: 'count', key: 'count', align: 'right' },
            ]}
          />
        }
      />
      <Chart
        id="light"
        title={t('dashboard.chart.light')}
        caption={caption.light}
        note={t('dashboard.light.legend')}
        option={options.light}
        table={
          <Table
            {...small}
            rowKey="light"
            dataSource={LIGHTS.map((l) => ({ light: l, label: t(`dashboard.light.${l}`), count: d.measures.byLight[l] }))}
            columns={[
              { title: t('dashboard.col.light'), dataIndex: 'label', key: 'light' },
              { title: t('dashboard.col.count'), dataIndex: 'count', key: 'count', align: 'right' },
            ]}
          />
        }
      />
      <Chart
        id="workload"
        title={t('dashboard.chart.workload')}
        caption={caption.workload}
        note={d.agencies.length > TOP ? t('dashboard.chart.topNote', { n: TOP, total: d.agencies.length }) : undefined}
        option={options.workload}
        height={Math.max(240, Math.min(d.agencies.length, TOP) * 28 + 60)}
        table={
          <Table<DashboardAgency>
            {...paged}
            rowKey="agencyId"
            dataSource={d.agencies}
            columns={[
              ...agencyColumns,
              { title: t('dashboard.col.open'), dataIndex: 'openItems', key: 'open', align: 'right' },
              { title: t('dashboard.col.overdue'), dataIndex: 'overdue', key: 'overdue', align: 'right' },
            ]}
          />
        }
      />
      <Chart
        id="onTime"
        title={t('dashboard.chart.onTime')}
        caption={caption.onTime}
        note={rated.length > TOP ? t('dashboard.chart.topNote', { n: TOP, total: rated.length }) : undefined}
        option={options.onTime}
        height={Math.max(240, Math.min(rated.length, TOP) * 28 + 40)}
        table={
          <Table<DashboardAgency>
            {...paged}
            rowKey="agencyId"
            dataSource={rated}
            columns={[
              ...agencyColumns,
              { title: t('dashboard.col.rate'), key: 'rate', align: 'right', render: (_, a) => formatPercent(a.onTimeRate, lang) },
              { title: t('dashboard.col.onTime'), dataIndex: 'reportsOnTime', key: 'onTime', align: 'right' },
              { title: t('dashboard.col.late'), dataIndex: 'reportsLate', key: 'late', align: 'right' },
              { title: t('dashboard.col.missed'), dataIndex: 'reportsMissed', key: 'missed', align: 'right' },
              { title: t('dashboard.col.delay'), key: 'delay', align: 'right', render: (_, a) => formatDays(a.averageDelayWorkingDays, lang) },
            ]}
          />
        }
      />
      <Chart
        id="kpi"
        title={t('dashboard.chart.kpi')}
        caption={caption.kpi}
        note={d.kpis.length > TOP ? t('dashboard.chart.topNote', { n: TOP, total: d.kpis.length }) : undefined}
        option={options.kpi}
        height={Math.max(200, Math.min(d.kpis.length, TOP) * 28 + 40)}
        table={
          <Table<DashboardKpi>
            {...paged}
            rowKey="kpiId"
            dataSource={d.kpis}
            columns={[
              { title: t('dashboard.col.measure'), key: 'measure', render: (_, k) => <Link to={`/measures/${k.measureId}`}>{k.measureNumber}</Link> },
              { title: t('dashboard.col.metric'), dataIndex: 'metric', key: 'metric' },
              { title: t('dashboard.col.target'), key: 'target', render: (_, k) => `${COMPARATORS[k.comparator]} ${k.target}${lang === 'en' && k.unit ? ' ' : ''}${k.unit}` },
              { title: t('dashboard.col.latest'), key: 'latest', align: 'right', render: (_, k) => (k.latestValue === null ? t('dashboard.none') : k.latestValue) },
              { title: t('dashboard.col.percent'), key: 'percent', align: 'right', render: (_, k) => formatPercent(k.percentOfTarget === null ? null : k.percentOfTarget / 100, lang) },
              { title: t('dashboard.col.deadline'), dataIndex: 'deadlineYear', key: 'deadline', align: 'right', render: (year: number | null) => year ?? t('dashboard.none') },
            ]}
          />
        }
      />
      <Chart
        id="trend"
        title={t('dashboard.chart.trend')}
        caption={caption.trend}
        option={options.trend}
        table={
          <Table
            {...small}
            rowKey="month"
            dataSource={d.trend}
            columns={[
              { title: t('dashboard.col.month'), dataIndex: 'month', key: 'month', render: (m: string) => monthLabel(m, lang) },
              { title: t('dashboard.series.onTime'), dataIndex: 'reportsOnTime', key: 'onTime', align: 'right' },
              { title: t('dashboard.series.late'), dataIndex: 'reportsLate', key: 'late', align: 'right' },
              { title: t('dashboard.series.missed'), dataIndex: 'reportsMissed', key: 'missed', align: 'right' },
              { title: t('dashboard.col.escalations'), dataIndex: 'escalationsRaised', key: 'escalations', align: 'right' },
              { title: t('dashboard.col.closed'), dataIndex: 'measuresClosed', key: 'closed', align: 'right' },
            ]}
          />
        }
      />
    </div>
  );
}
