import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMe } from '../../lib/auth';
import { useI18n, type MessageKey } from '../../lib/i18n';
import { usePageTitle } from '../../lib/title';
import { useTRPC } from '../../lib/trpc';
import { DueCell } from './DueCell';
import {
  isFiltered,
  lastPage,
  LIGHTS,
  MEASURE_ROLES,
  MEASURE_STATUSES,
  measureListInput,
  PAGE_SIZES,
  parseMeasureQuery,
  SORTS,
  withFilters,
  writeMeasureQuery,
  type MeasureQuery,
} from './measureQuery';
import type { MeasureRow } from './types';
import { LoadError } from '../../components/LoadError';
import { Filter } from '../../components/Filter';

const LIGHT_COLOR = { blue: 'blue', yellow: 'gold', red: 'red' } as const;
/** Assignment states worth a word beside the role; an accepted one is the normal case. */
const ASSIGNMENT_NOTE: Record<string, MessageKey> = {
  pending: 'myMeasures.assignment.pending',
  declined: 'myMeasures.assignment.declined',
  transfer_requested: 'myMeasures.assignment.transfer_requested',
};

/** My measures (我的措施): the measures the agency works on, filtered, sorted and paged; all of it kept in the URL. */
export function MeasuresPage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const me = useMe();
  const isAuditor = me.roles.includes('auditor');
  const [searchParams, setSearchParams] = useSearchParams();
  usePageTitle(t('myMeasures.title'));

  const plans = useQuery(trpc.plan.list.queryOptions());
  const agencies = useQuery({ ...trpc.agency.list.queryOptions(), enabled: isAuditor });

  const search = searchParams.toString();
  const query = useMemo<MeasureQuery>(() => {
    const parsed = parseMeasureQuery(new URLSearchParams(search));
    // Another agency's list is for auditors; anyone else's own agency is the only one.
    if (!isAuditor || parsed.agencyId === me.agency.id) delete parsed.agencyId;
    // A plan the person cannot see (or that does not exist) would only list nothing.
    if (parsed.planId && plans.data && !plans.data.some((p) => p.id === parsed.planId)) delete parsed.planId;
    return parsed;
  }, [search, isAuditor, me.agency.id, plans.data]);

  const setQuery = (next: MeasureQuery, replace = false) => setSearchParams(writeMeasureQuery(searchParams, next), { replace });
  const change = (filters: Parameters<typeof withFilters>[1]) => setQuery(withFilters(query, filters));

  const list = useQuery({ ...trpc.inbox.measures.queryOptions(measureListInput(query)), placeholderData: keepPreviousData });

  // The URL says what is shown: what it named but could not use is dropped, and a page past the end becomes the last.
  useEffect(() => {
    const fixed = list.data && !list.isPlaceholderData && list.data.rows.length === 0 && query.page > lastPage(list.data.total, query.pageSize) ? { ...query, page: lastPage(list.data.total, query.pageSize) } : query;
    const written = writeMeasureQuery(new URLSearchParams(search), fixed).toString();
    if (written !== search) setSearchParams(new URLSearchParams(written), { replace: true });
  }, [query, search, list.data, list.isPlaceholderData, setSearchParams]);

  const filtered = isFiltered(query);
  const any = t('myMeasures.overdue.any');

  return (
    <Space orientation="vertical" size="medium" style={{ width: '100%' }}>
      <div style={{ display: 'flex', alignItems: 'baseline', gap: 16 }}>
        <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>
          {t('myMeasures.title')}
        </Typography.Title>
        {list.data && (
          <Typography.Text type="secondary" data-testid="measures-total">
            {t('myMeasures.count', { n: list.data.total })}
          </Typography.Text>
        )}
      </div>

      <div role="group" aria-label={t('myMeasures.filters')} data-testid="measure-filters" style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'flex-end' }}>
        {isAuditor && (
          <Filter id="measures-agency" label={t('myMeasures.agency')}>
            <Select<number | undefined>
              id="measures-agency"
              showSearch={{ optionFilterProp: 'label' }}
              allowClear
              placeholder={t('myMeasures.ownAgency')}
              loading={agencies.isLoading}
              value={query.agencyId}
              onChange={(agencyId) => change({ agencyId })}
              style={{ width: 220 }}
              options={agencies.data?.map((a) => ({ value: a.id, label: a.name }))}
            />
          </Filter>
        )}
        <Filter id="measures-plan" label={t('myMeasures.plan')}>
          <Select<string | undefined>
            id="measures-plan"
            showSearch={{ optionFilterProp: 'label' }}
            allowClear
            placeholder={t('myMeasures.allPlans')}
            loading={plans.isLoading}
            value={query.planId}
            onChange={(planId) => change({ planId })}
            style={{ width: 280 }}
            popupMatchSelectWidth={false}
            options={plans.data?.map((p) => ({ value: p.id, label: p.title }))}
          />
        </Filter>
        <Filter id="measures-role" label={t('myMeasures.role')}>
          <Select
            id="measures-role"
            allowClear
            placeholder={t('myMeasures.allRoles')}
            value={query.role}
            onChange={(role) => change({ role })}
            style={{ width: 170 }}
            options={MEASURE_ROLES.map((r) => ({ value: r, label: t(`myMeasures.role.${r}`) }))}
          />
        </Filter>
        <Filter id="measures-status" label={t('myMeasures.status')}>
          <Select
            id="measures-status"
            allowClear
            placeholder={t('myMeasures.allStatuses')}
            value={query.status}
            onChange={(status) => change({ status })}
            style={{ width: 150 }}
            popupMatchSelectWidth={false}
            options={MEASURE_STATUSES.map((s) => ({ value: s, label: t(`myMeasures.status.${s}`) }))}
          />
        </Filter>
        <Filter id="measures-light" label={t('myMeasures.light')}>
          <Select
            id="measures-light"
            allowClear
            placeholder={t('myMeasures.allLights')}
            value={query.light}
            onChange={(light) => change({ light })}
            style={{ width: 150 }}
            popupMatchSelectWidth={false}
            options={LIGHTS.map((l) => ({ value: l, label: t(`myMeasures.lightName.${l}`) }))}
          />
        </Filter>
        <Filter id="measures-overdue" label={t('myMeasures.overdue')}>
          <Select<'yes' | 'no' | undefined>
            id="measures-overdue"
            allowClear
            placeholder={any}
            value={query.overdue === undefined ? undefined : query.overdue ? 'yes' : 'no'}
            onChange={(v) => change({ overdue: v === undefined ? undefined : v === 'yes' })}
            style={{ width: 140 }}
            options={[
              { value: 'yes', label: t('myMeasures.overdue.yes') },
              { value: 'no', label: t('myMeasures.overdue.no') },
            ]}
          />
        </Filter>
        <Filter id="measures-sort" label={t('myMeasures.sort')}>
          <Select
            id="measures-sort"
            value={query.sort}
            onChange={(sort) => change({ sort })}
            style={{ width: 150 }}
            options={SORTS.map((s) => ({ value: s, label: t(`myMeasures.sort.${s}`) }))}
          />
        </Filter>
        {filtered && (
          <Button onClick={() => setQuery({ sort: query.sort, page: 1, pageSize: query.pageSize })} data-testid="measures-clear">
            {t('myMeasures.clear')}
          </Button>
        )}
      </div>

      <LoadError query={list} />

      <Table<MeasureRow>
        rowKey="id"
        aria-label={t('myMeasures.table')}
        data-testid="measures-table"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.rows ?? []}
        locale={{ emptyText: list.isPending ? t('loading') : filtered ? t('myMeasures.empty') : t('myMeasures.emptyAll') }}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: PAGE_SIZES.map(String),
          hideOnSinglePage: false,
          showTotal: (total, [from, to]) => t('myMeasures.range', { from, to, total }),
          onChange: (page, pageSize) => setQuery({ ...query, page: pageSize !== query.pageSize ? 1 : page, pageSize }),
        }}
        columns={[
          { title: t('myMeasures.col.number'), dataIndex: 'number', key: 'number', width: 90 },
          {
            title: t('myMeasures.col.title'),
            key: 'title',
            render: (_, row) => <Link to={`/measures/${encodeURIComponent(row.id)}`}>{row.title}</Link>,
          },
          {
            title: t('myMeasures.col.plan'),
            key: 'plan',
            width: 220,
            ellipsis: { showTitle: false },
            render: (_, row) => (row.planTitle ? <span title={row.planTitle}>{row.planTitle}</span> : <span aria-hidden>—</span>),
          },
          {
            title: t('myMeasures.col.role'),
            key: 'role',
            width: 160,
            render: (_, row) => {
              const note = row.assignmentStatus ? ASSIGNMENT_NOTE[row.assignmentStatus] : undefined;
              return (
                <span style={{ display: 'inline-flex', flexDirection: 'column' }}>
                  {t(`myMeasures.role.${row.role}`)}
                  {note && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t(note)}
                    </Typography.Text>
                  )}
                </span>
              );
            },
          },
          { title: t('myMeasures.col.status'), key: 'status', width: 130, render: (_, row) => t(`myMeasures.status.${row.status}`) },
          {
            title: t('myMeasures.col.light'),
            key: 'light',
            width: 100,
            render: (_, row) =>
              row.escalationLevel ? (
                <Tag color={LIGHT_COLOR[row.escalationLevel]} title={t(`myMeasures.lightName.${row.escalationLevel}`)} data-light={row.escalationLevel}>
                  {t(`myMeasures.light.${row.escalationLevel}`)}
                </Tag>
              ) : (
                <span title={t('myMeasures.lightName.none')} aria-label={t('myMeasures.lightName.none')}>
                  —
                </span>
              ),
          },
          {
            title: t('myMeasures.col.due'),
            key: 'due',
            width: 180,
            render: (_, row) => <DueCell dueAt={row.dueAt} deadline={row.deadline} showDaysLeft={row.status === 'active'} />,
          },
          {
            title: t('myMeasures.col.overdue'),
            key: 'overdue',
            width: 80,
            render: (_, row) =>
              row.overdue ? (
                <Tag color="red" style={{ marginInlineEnd: 0 }}>
                  {t('myMeasures.overdue.yes')}
                </Tag>
              ) : (
                <Typography.Text type="secondary">{t('no')}</Typography.Text>
              ),
          },
        ]}
      />
    </Space>
  );
}
