import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Descriptions, Space, Table, Tooltip, Typography } from 'antd';
import { useMemo, type HTMLAttributes } from 'react';
import { Link, useSearchParams } from 'react-router';
import { LoadError } from '../../components/LoadError';
import type { Outputs } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { usePageTitle } from '../../lib/title';
import { useTRPC } from '../../lib/trpc';
import { isRefusal } from './actions';
import { AuditFilterBar } from './AuditFilters';
import { ChainStatus } from './ChainStatus';
import { ActionLabel, Actor, Instant, JsonBlock, LongId } from './parts';
import {
  auditEventsInput,
  auditExportHref,
  newestPage,
  nextPage,
  pageNumber,
  parseAuditQuery,
  previousPage,
  withAuditFilters,
  writeAuditQuery,
  type AuditFilters,
  type AuditQuery,
} from './query';

type Row = Outputs['audit']['events']['events'][number];

/**
 * 审计日志: every event of the chain, newest first, filtered and paged by id in the URL; the chain's state and its
 * verification above; exports of what the filters show, which verify offline. Auditors and admins, read-only.
 */
export function AuditLogPage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [searchParams, setSearchParams] = useSearchParams();
  usePageTitle(t('audit.title'));

  const search = searchParams.toString();
  const query = useMemo(() => parseAuditQuery(new URLSearchParams(search)), [search]);
  // Filters replace the entry; pages are entries of their own, so the browser's back goes to the page before.
  const setQuery = (next: AuditQuery, { push = false } = {}) => setSearchParams(writeAuditQuery(new URLSearchParams(search), next), { replace: !push });
  const changeFilters = (changes: Partial<AuditFilters>) => setQuery(withAuditFilters(query, changes));

  const events = useQuery({ ...trpc.audit.events.queryOptions(auditEventsInput(query)), placeholderData: keepPreviousData });
  const rows = events.data?.events ?? [];
  const filteredMeasure = query.measureId ? rows.find((r) => r.measureId === query.measureId) : undefined;
  const page = pageNumber(query);

  return (
    <Space orientation="vertical" size="medium" style={{ width: '100%' }}>
      <div style={{ display: 'flex', alignItems: 'baseline', gap: 16, flexWrap: 'wrap' }}>
        <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>
          {t('audit.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('audit.intro')}</Typography.Text>
      </div>

      <ChainStatus />

      <AuditFilterBar
        query={query}
        measureName={filteredMeasure ? `${filteredMeasure.measureNumber ?? ''} ${filteredMeasure.measureTitle ?? ''}`.trim() : null}
        onChange={changeFilters}
        onClear={() => setQuery({ trail: [] })}
      />

      <ExportBar query={query} />

      <LoadError query={events} />

      <Table<Row>
        rowKey="id"
        aria-label={t('audit.table')}
        data-testid="audit-table"
        size="middle"
        loading={events.isFetching}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1200 }}
        locale={{ emptyText: t('audit.empty') }}
        onRow={(row) => ({ 'data-testid': 'audit-row', 'data-event-id': row.id, 'data-action': row.action, 'data-refusal': isRefusal(row.action) || undefined }) as HTMLAttributes<HTMLElement>}
        expandable={{ expandedRowRender: (row) => <EventDetails row={row} /> }}
        columns={[
          { title: '#', key: 'id', width: 90, render: (_, row) => <Typography.Text type="secondary">#{row.id}</Typography.Text> },
          { title: t('audit.col.time'), key: 'time', width: 170, render: (_, row) => <Instant iso={row.occurredAt} /> },
          { title: t('audit.col.actor'), key: 'actor', width: 170, render: (_, row) => <Actor actor={row.actor} actorName={row.actorName} /> },
          { title: t('audit.col.agency'), key: 'agency', width: 170, render: (_, row) => row.actorAgencyName ?? <Typography.Text type="secondary">—</Typography.Text> },
          { title: t('audit.col.action'), key: 'action', width: 240, render: (_, row) => <ActionLabel action={row.action} /> },
          { title: t('audit.col.subject'), key: 'subject', render: (_, row) => <Subject row={row} onMeasure={(measureId) => changeFilters({ measureId })} /> },
          {
            title: t('audit.col.workflow'),
            key: 'workflow',
            width: 220,
            render: (_, row) =>
              row.workflowId ? (
                <Space orientation="vertical" size={0}>
                  <LongId value={row.workflowId} head={14} tail={4} />
                  <span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      run{' '}
                    </Typography.Text>
                    <LongId value={row.runId} />
                  </span>
                </Space>
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              ),
          },
        ]}
      />

      <Space wrap data-testid="audit-pager">
        <Button data-testid="audit-newest" disabled={query.before === undefined} onClick={() => setQuery(newestPage(query), { push: true })}>
          {t('audit.page.newest')}
        </Button>
        <Button data-testid="audit-prev" disabled={query.before === undefined} onClick={() => setQuery(previousPage(query), { push: true })}>
          {t('audit.page.previous')}
        </Button>
        <Button data-testid="audit-next" disabled={!events.data?.nextBefore || events.isPlaceholderData} onClick={() => setQuery(nextPage(query, events.data!.nextBefore!), { push: true })}>
          {t('audit.page.next')}
        </Button>
        <Typography.Text type="secondary">
          {page !== null ? t('audit.page.number', { n: page }) : ''}
          {rows.length > 0 && ` · ${t('audit.page.ids', { first: rows[0]!.id, last: rows.at(-1)!.id })}`}
        </Typography.Text>
      </Space>
    </Space>
  );
}

/** What the event concerns: the measure (its timeline; a button filters the log to it) and plan, or the recorded subject. */
function Subject({ row, onMeasure }: { row: Row; onMeasure: (measureId: string) => void }) {
  const { t } = useI18n();
  if (!row.measureId) {
    return (
      <Space orientation="vertical" size={0}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {row.subjectType} · {row.subjectId}
        </Typography.Text>
        {row.planTitle && <Typography.Text type="secondary">{row.planTitle}</Typography.Text>}
      </Space>
    );
  }
  const measureName = `${row.measureNumber ?? ''} ${row.measureTitle ?? ''}`.trim() || row.measureId;
  return (
    <Space orientation="vertical" size={0}>
      <span>
        <Link to={`/audit/measures/${encodeURIComponent(row.measureId)}`} data-testid="audit-measure-link">
          {row.measureNumber && <Typography.Text type="secondary">{row.measureNumber}</Typography.Text>} {row.measureTitle ?? row.measureId}
        </Link>{' '}
        <Tooltip title={t('audit.filter.byMeasure', { measure: measureName })}>
          <Button size="small" type="link" style={{ padding: 0, height: 'auto' }} aria-label={t('audit.filter.byMeasure', { measure: measureName })} data-testid="audit-filter-measure" onClick={() => onMeasure(row.measureId!)}>
            {t('audit.filter.onlyThis')}
          </Button>
        </Tooltip>
      </span>
      {row.planTitle && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {row.planTitle}
        </Typography.Text>
      )}
    </Space>
  );
}

/** The expanded row: the payload as recorded and the event's place in the chain. */
function EventDetails({ row }: { row: Row }) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }} data-testid="audit-event-details">
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'subject', label: t('audit.detail.subject'), children: `${row.subjectType} · ${row.subjectId}` },
          { key: 'prev', label: 'prev_hash', children: <Typography.Text code copyable style={{ wordBreak: 'break-all', fontSize: 12 }}>{row.prevHash}</Typography.Text> },
          { key: 'hash', label: 'hash', children: <Typography.Text code copyable style={{ wordBreak: 'break-all', fontSize: 12 }}>{row.hash}</Typography.Text> },
          ...(row.workflowId ? [{ key: 'workflow', label: t('audit.detail.workflow'), children: <Typography.Text copyable style={{ fontSize: 12 }}>{row.workflowId}</Typography.Text> }] : []),
          ...(row.runId ? [{ key: 'run', label: 'run id', children: <Typography.Text copyable style={{ fontSize: 12 }}>{row.runId}</Typography.Text> }] : []),
        ]}
      />
      <Typography.Text type="secondary">{t('audit.detail.payload')}</Typography.Text>
      <JsonBlock value={row.payload} />
    </Space>
  );
}

/** 导出: the events the filters match (every page), as JSON Lines that verify offline or as CSV; plain links, the session cookie authenticates. */
function ExportBar({ query }: { query: AuditQuery }) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" size={2}>
      <Space wrap>
        <Button href={auditExportHref(query, 'jsonl')} download data-testid="audit-export-jsonl">
          {t('audit.export.jsonl')}
        </Button>
        <Button href={auditExportHref(query, 'csv')} download data-testid="audit-export-csv">
          {t('audit.export.csv')}
        </Button>
      </Space>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('audit.export.note')} <Typography.Text code>pnpm liandong audit verify &lt;{t('audit.export.file')}&gt;</Typography.Text>
      </Typography.Text>
    </Space>
  );
}
