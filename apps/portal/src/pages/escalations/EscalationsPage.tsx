import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import { Link, useSearchParams } from 'react-router';
import { AgencySelect } from '../../components/AgencySelect';
import { CommandButton } from '../../components/measure/CommandButton';
import { CommandDialog } from '../../components/measure/command';
import { RequiredTextField } from '../../components/measure/DialogFields';
import { EscalationLevelTag, tagStyle } from '../../components/measure/MeasureTags';
import type { Outputs } from '../../lib/api';
import { useMe } from '../../lib/auth';
import { useI18n } from '../../lib/i18n';
import { formatChinaDateTime } from '../../lib/relativeTime';
import { usePageTitle } from '../../lib/title';
import { useTRPC } from '../../lib/trpc';
import { IssueNoticeDialog, useDeskCommand, type NoticeSubject } from '../supervision/commands';
import { escalationReason } from './reason';
import { LEVELS, PAGE_SIZES, parseEscalationQuery, queueInput, withFilters, writeEscalationQuery, type EscalationQuery, type Level } from './query';
import { LoadError } from '../../components/LoadError';
import { Filter } from '../../components/Filter';

type Row = Outputs['escalation']['queue']['rows'][number];

/**
 * 督办: the open escalations of the plans the coordinator's agency coordinates (every plan for auditors and admins),
 * red first then oldest, filtered and paged in the URL. The coordinator acknowledges (签收), resolves with a decision
 * (办结), escalates by hand, and issues a supervision notice (下发督办单) from a row; auditors only read.
 */
export function EscalationsPage() {
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const me = useMe();
  const mayAct = me.roles.includes('coordinator') && !me.roles.includes('auditor');
  const [searchParams, setSearchParams] = useSearchParams();
  usePageTitle(t('escalations.title'));

  const search = searchParams.toString();
  const query = useMemo(() => parseEscalationQuery(new URLSearchParams(search)), [search]);
  const setQuery = (next: EscalationQuery) => setSearchParams(writeEscalationQuery(searchParams, next), { replace: true });
  const change = (filters: Parameters<typeof withFilters>[1]) => setQuery(withFilters(query, filters));

  const plans = useQuery(trpc.plan.list.queryOptions());
  const agencies = useQuery(trpc.agency.list.queryOptions());
  const queue = useQuery({ ...trpc.escalation.queue.queryOptions(queueInput(query)), placeholderData: keepPreviousData });
  // A coordinator filters by the plans it coordinates; naming another is refused by the API.
  const myPlans = useMemo(() => (plans.data ?? []).filter((p) => !mayAct || p.coordinator.code === me.agency.code), [plans.data, mayAct, me.agency.code]);
  const agencyCode = useMemo(() => agencies.data?.find((a) => a.id === query.agencyId)?.code ?? null, [agencies.data, query.agencyId]);

  // A page past the end (rows resolved meanwhile) becomes the last.
  useEffect(() => {
    if (!queue.data || queue.isPlaceholderData || queue.data.rows.length > 0 || query.page === 1) return;
    const last = Math.max(1, Math.ceil(queue.data.total / query.pageSize));
    if (last < query.page) setSearchParams(writeEscalationQuery(new URLSearchParams(search), { ...query, page: last }), { replace: true });
  }, [queue.data, queue.isPlaceholderData, query, search, setSearchParams]);

  const acknowledge = useDeskCommand(trpc.measure.acknowledgeEscalation.mutationOptions());
  const resolve = useDeskCommand(trpc.measure.resolveEscalation.mutationOptions());
  const escalate = useDeskCommand(trpc.measure.escalate.mutationOptions());
  const [resolving, setResolving] = useState<Row | null>(null);
  const [escalating, setEscalating] = useState<Row | null>(null);
  const [noticeFor, setNoticeFor] = useState<NoticeSubject | null>(null);

  const levelWord = (level: Level) => t(`escalations.level.${level}`);
  const measureName = (row: Row) => `${row.measureNumber} ${row.measureTitle}`;
  const filteredMeasure = query.measureId ? queue.data?.rows.find((r) => r.measureId === query.measureId) : undefined;
  const filtered = query.planId !== undefined || query.agencyId !== undefined || query.level !== undefined || query.measureId !== undefined;

  const actions = (row: Row) => (
    <Space size="small" wrap>
      {row.status === 'open' ? (
        <CommandButton
          size="small"
          type="primary"
          pending={acknowledge.isPending && acknowledge.variables?.escalationId === row.id}
          doneText={t('escalations.acknowledge.done')}
          send={(requestId) => acknowledge.mutateAsync({ measureId: row.measureId, escalationId: row.id, requestId })}
        >
          {t('escalations.action.acknowledge')}
        </CommandButton>
      ) : (
        <Button size="small" type="primary" onClick={() => setResolving(row)}>
          {t('escalations.action.resolve')}
        </Button>
      )}
      {row.agencyId !== null && row.agencyName !== null ? (
        <Button
          size="small"
          onClick={() =>
            setNoticeFor({
              measureId: row.measureId,
              measureNumber: row.measureNumber,
              measureTitle: row.measureTitle,
              agencyId: row.agencyId!,
              agencyName: row.agencyName!,
              escalationId: row.id,
              about: t('escalations.about', { level: levelWord(row.level), agency: row.agencyName!, reason: escalationReason(row.reason, lang) }),
            })
          }
        >
          {t('escalations.action.notice')}
        </Button>
      ) : (
        <Tooltip title={t('escalations.action.noticeWholeMeasure')}>
          <Button size="small" disabled>
            {t('escalations.action.notice')}
          </Button>
        </Tooltip>
      )}
      <Button size="small" onClick={() => setEscalating(row)}>
        {t('escalations.action.escalate')}
      </Button>
    </Space>
  );

  return (
    <Space orientation="vertical" size="medium" style={{ width: '100%' }}>
      <div style={{ display: 'flex', alignItems: 'baseline', gap: 16, flexWrap: 'wrap' }}>
        <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>
          {t('escalations.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('escalations.intro')}</Typography.Text>
        {queue.data && (
          <Typography.Text type="secondary" data-testid="escalations-total">
            {t('escalations.count', { n: queue.data.total })}
          </Typography.Text>
        )}
      </div>
      {!mayAct && <Alert type="info" showIcon title={t('escalations.readOnly')} />}

      <div role="group" aria-label={t('escalations.filters')} style={{ display: 'flex', gap: 16, flexWrap: 'wrap', alignItems: 'flex-end' }}>
        <Filter id="escalations-plan" label={t('escalations.plan')}>
          <Select
            id="escalations-plan"
            style={{ width: 320 }}
            allowClear
            placeholder={t('escalations.allPlans')}
            value={query.planId}
            loading={plans.isPending}
            options={myPlans.map((p) => ({ value: p.id, label: p.title }))}
            onChange={(planId: string | undefined) => change({ planId })}
          />
        </Filter>
        <Filter id="escalations-agency" label={t('escalations.agency')}>
          <Space.Compact>
            <AgencySelect
              id="escalations-agency"
              agencies={agencies.data ?? []}
              loading={agencies.isPending}
              value={agencyCode}
              placeholder={t('escalations.allAgencies')}
              style={{ width: 240 }}
              onChange={(agency) => change({ agencyId: agency.id })}
            />
            {query.agencyId !== undefined && <Button onClick={() => change({ agencyId: undefined })} aria-label={t('escalations.clear')}>×</Button>}
          </Space.Compact>
        </Filter>
        <Filter id="escalations-level" label={t('escalations.level')}>
          <Select
            id="escalations-level"
            style={{ width: 200 }}
            allowClear
            placeholder={t('escalations.allLevels')}
            value={query.level}
            options={LEVELS.map((level) => ({ value: level, label: levelWord(level) }))}
            onChange={(level: Level | undefined) => change({ level })}
          />
        </Filter>
        {query.measureId && (
          <Tag closable onClose={() => change({ measureId: undefined })} closeIcon={<span aria-label={t('escalations.clearMeasure')}>×</span>} style={{ marginBottom: 6 }}>
            {t('escalations.measureFilter', { measure: filteredMeasure ? measureName(filteredMeasure) : query.measureId })}
          </Tag>
        )}
        {filtered && (
          <Button type="link" onClick={() => setQuery({ page: 1, pageSize: query.pageSize })}>
            {t('escalations.clear')}
          </Button>
        )}
      </div>

      <LoadError query={queue} />

      <Table<Row>
        rowKey="id"
        aria-label={t('escalations.table')}
        size="middle"
        loading={queue.isFetching}
        dataSource={queue.data?.rows ?? []}
        locale={{ emptyText: t('escalations.empty') }}
        onRow={(row) => ({ 'data-testid': 'escalation-row', 'data-level': row.level }) as HTMLAttributes<HTMLElement>}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: queue.data?.total ?? 0,
          pageSizeOptions: PAGE_SIZES.map(String),
          showSizeChanger: true,
          onChange: (page, pageSize) => setQuery({ ...query, page: pageSize === query.pageSize ? page : 1, pageSize }),
        }}
        columns={[
          { title: t('escalations.col.level'), key: 'level', width: 90, render: (_, row) => <EscalationLevelTag level={row.level} /> },
          {
            title: t('escalations.col.measure'),
            key: 'measure',
            render: (_, row) => (
              <Link to={`/measures/${encodeURIComponent(row.measureId)}`}>
                <Typography.Text type="secondary">{row.measureNumber}</Typography.Text> {row.measureTitle}
              </Link>
            ),
          },
          { title: t('escalations.col.plan'), key: 'plan', width: 200, ellipsis: true, render: (_, row) => <span title={row.planTitle}>{row.planTitle}</span> },
          { title: t('escalations.col.agency'), key: 'agency', width: 160, render: (_, row) => row.agencyName ?? t('escalations.wholeMeasure') },
          {
            title: t('escalations.col.reason'),
            key: 'reason',
            render: (_, row) => (
              <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} ellipsis={{ rows: 2, tooltip: escalationReason(row.reason, lang) }}>
                {escalationReason(row.reason, lang)}
              </Typography.Paragraph>
            ),
          },
          {
            title: t('escalations.col.age'),
            key: 'age',
            width: 90,
            render: (_, row) => <span title={t('escalations.raisedAt', { time: formatChinaDateTime(row.raisedAt) })}>{t('escalations.age', { n: row.ageDays })}</span>,
          },
          {
            title: t('escalations.col.status'),
            key: 'status',
            width: 90,
            render: (_, row) => {
              const color = row.acknowledged ? 'processing' : 'gold';
              return (
                <Tag color={color} style={tagStyle(color)}>
                  {t(row.acknowledged ? 'escalations.status.acknowledged' : 'escalations.status.open')}
                </Tag>
              );
            },
          },
          ...(mayAct ? [{ title: t('escalations.col.actions'), key: 'actions', width: 260, render: (_: unknown, row: Row) => actions(row) }] : []),
        ]}
      />

      <CommandDialog<{ decision: string }>
        name="resolve-escalation"
        open={resolving !== null}
        onClose={() => setResolving(null)}
        title={resolving ? t('escalations.resolve.title', { measure: measureName(resolving) }) : ''}
        okText={t('escalations.resolve.ok')}
        pending={resolve.isPending}
        doneText={t('escalations.resolve.done')}
        confirm={() => t('escalations.resolve.confirm')}
        send={(values, requestId) => resolve.mutateAsync({ measureId: resolving!.measureId, escalationId: resolving!.id, decision: values.decision, requestId })}
      >
        <RequiredTextField name="decision" label={t('escalations.resolve.decision')} max={2000} />
      </CommandDialog>

      <CommandDialog<{ reason: string }>
        name="escalate-measure"
        open={escalating !== null}
        onClose={() => setEscalating(null)}
        title={escalating ? t('escalations.escalate.title', { measure: measureName(escalating) }) : ''}
        okText={t('escalations.escalate.ok')}
        pending={escalate.isPending}
        doneText={t('escalations.escalate.done')}
        intro={escalating && <Typography.Paragraph type="secondary">{escalating.agencyName ?? t('escalations.wholeMeasure')}</Typography.Paragraph>}
        send={(values, requestId) => escalate.mutateAsync({ measureId: escalating!.measureId, agencyId: escalating!.agencyId, reason: values.reason, requestId })}
      >
        <RequiredTextField name="reason" label={t('escalations.escalate.reason')} max={2000} />
      </CommandDialog>

      <IssueNoticeDialog subject={noticeFor} onClose={() => setNoticeFor(null)} />
    </Space>
  );
}
