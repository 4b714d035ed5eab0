import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Alert, Button, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useEffect, useMemo, type HTMLAttributes } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMe } from '../../lib/auth';
import { localizeMessage } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { formatChinaDateTime, formatTimeAgo } from '../../lib/relativeTime';
import { usePageTitle } from '../../lib/title';
import { useTRPC } from '../../lib/trpc';
import { CountPill } from '../../components/inbox/CountPill';
import { DueCell } from './DueCell';
import { INBOX_KINDS_INFO, itemLink, parseKindFilter, shouldLoadMoreOfKind, visibleKinds, type KindFilter } from './kinds';
import type { InboxItem } from './types';

/** Items per page of `inbox.items`: a screenful and then some, so one kind's tab rarely needs a second page. */
const PAGE_SIZE = 50;

/** 工作台 (inbox): what waits on the signed-in person's agency, most urgent first, by kind. */
export function InboxPage() {
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const me = useMe();
  const [searchParams, setSearchParams] = useSearchParams();
  const kind = parseKindFilter(searchParams);
  usePageTitle(t('inbox.title'));

  const counts = useQuery(trpc.inbox.counts.queryOptions());
  const items = useInfiniteQuery(trpc.inbox.items.infiniteQueryOptions({ limit: PAGE_SIZE }, { getNextPageParam: (page) => page.next ?? undefined }));
  // Names of the other units in the items (the partner whose report waits, the requester); the directory is cached.
  const agencies = useQuery(trpc.agency.list.queryOptions());
  const agencyName = useMemo(() => new Map(agencies.data?.map((a) => [a.id, a.name])), [agencies.data]);

  const loaded = useMemo(() => items.data?.pages.flatMap((page) => page.items) ?? [], [items.data]);
  const shown = kind === 'all' ? loaded : loaded.filter((item) => item.kind === kind);
  const total = kind === 'all' ? counts.data?.total : counts.data?.byKind[kind];

  // One kind's tab fills itself: the API pages through every kind at once.
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = items;
  const loadMoreOfKind =
    kind !== 'all' && total !== undefined && shouldLoadMoreOfKind({ loadedOfKind: shown.length, totalOfKind: total, hasNextPage, isFetching: isFetchingNextPage || items.isFetching });
  useEffect(() => {
    if (loadMoreOfKind) void fetchNextPage();
  }, [loadMoreOfKind, fetchNextPage]);

  const chooseKind = (next: string) => {
    const params = new URLSearchParams(searchParams);
    if (next === 'all') params.delete('kind');
    else params.set('kind', next);
    setSearchParams(params, { replace: true });
  };

  const retry = () => {
    void counts.refetch();
    void items.refetch();
  };
  const now = new Date();
  const failed = items.error ?? counts.error;

  const table = (
    <Table<InboxItem>
      rowKey={(item) => `${item.kind}:${item.refId}`}
      aria-label={t('inbox.table')}
      data-testid="inbox-table"
      size="middle"
      loading={items.isFetching && !isFetchingNextPage && !items.isPending}
      dataSource={shown}
      pagination={false}
      locale={{ emptyText: kind === 'all' ? t('inbox.empty') : t('inbox.emptyKind') }}
      onRow={(item) => ({ 'data-testid': 'inbox-item', 'data-kind': item.kind }) as HTMLAttributes<HTMLElement>}
      columns={[
        {
          title: t('inbox.col.kind'),
          key: 'kind',
          width: 150,
          render: (_, item) => (
            <Tag color={INBOX_KINDS_INFO[item.kind].color} style={{ marginInlineEnd: 0 }}>
              {t(INBOX_KINDS_INFO[item.kind].label)}
            </Tag>
          ),
        },
        {
          title: t('inbox.col.measure'),
          key: 'measure',
          render: (_, item) => {
            const link = itemLink(item);
            return (
              <Link to={link.to} state={link.state}>
                <Typography.Text type="secondary">{item.measureNumber}</Typography.Text> {item.measureTitle}
              </Link>
            );
          },
        },
        {
          title: t('inbox.col.agency'),
          key: 'agency',
          width: 220,
          render: (_, item) => {
            const label = INBOX_KINDS_INFO[item.kind].otherAgency;
            if (!label) return <span aria-hidden>—</span>;
            return (
              <span>
                <Typography.Text type="secondary">{t(label)}：</Typography.Text>
                {agencyName.get(item.agencyId) ?? `#${item.agencyId}`}
              </span>
            );
          },
        },
        { title: t('inbox.col.due'), key: 'due', width: 230, render: (_, item) => <DueCell dueAt={item.dueAt} deadline={item.deadline} /> },
        {
          title: t('inbox.col.since'),
          key: 'since',
          width: 130,
          render: (_, item) => <span title={formatChinaDateTime(item.since)}>{formatTimeAgo(item.since, now, lang)}</span>,
        },
      ]}
    />
  );

  const tabLabel = (label: string, n: number | undefined, danger = false) => (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
      {label}
      {n !== undefined && n > 0 && <CountPill n={n} tone={danger ? 'danger' : 'info'} />}
    </span>
  );
  const tabKeys: KindFilter[] = ['all', ...visibleKinds(counts.data?.byKind, kind)];

  return (
    <Space orientation="vertical" size="medium" style={{ width: '100%' }}>
      <div style={{ display: 'flex', alignItems: 'baseline', gap: 16, flexWrap: 'wrap' }}>
        <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>
          {t('inbox.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('inbox.intro', { agency: me.agency.name })}</Typography.Text>
        {counts.data && (
          <Typography.Text type="secondary" data-testid="inbox-total">
            {t('inbox.count', { n: counts.data.total })}
          </Typography.Text>
        )}
      </div>
      {failed && (
        <Alert
          type="error"
          showIcon
          title={t('error.load')}
          description={localizeMessage(failed.message, lang)}
          action={
            <Button size="small" onClick={retry}>
              {t('retry')}
            </Button>
          }
        />
      )}
      {items.isPending && !items.isError ? (
        <Skeleton active title={false} paragraph={{ rows: 6 }} aria-busy aria-label={t('loading')} />
      ) : items.isError ? null : (
        <>
          <Tabs
            activeKey={kind}
            onChange={chooseKind}
            items={tabKeys.map((key) =>
              key === 'all'
                ? { key, label: tabLabel(t('inbox.all'), counts.data?.total), children: kind === 'all' ? table : null }
                : {
                    key,
                    label: tabLabel(t(INBOX_KINDS_INFO[key].label), counts.data?.byKind[key], key === 'report.returned' || key === 'decline.pending'),
                    children: kind === key ? table : null,
                  },
            )}
          />
          {hasNextPage && (
            <div style={{ display: 'flex', alignItems: 'center', gap: 16 }}>
              {total !== undefined && (
                <Typography.Text type="secondary" aria-live="polite">
                  {t('inbox.shown', { shown: shown.length, total: Math.max(total, shown.length) })}
                </Typography.Text>
              )}
              <Button onClick={() => void fetchNextPage()} loading={isFetchingNextPage} data-testid="inbox-load-more">
                {t('inbox.loadMore')}
              </Button>
            </div>
          )}
        </>
      )}
    </Space>
  );
}
