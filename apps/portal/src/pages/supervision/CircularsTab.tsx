import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Select, Space, Table, Tag, Typography } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useI18n } from '../../lib/i18n';
import { formatChinaDateTime } from '../../lib/relativeTime';
import { useTRPC } from '../../lib/trpc';
import { CircularEditor, DraftCircularDialog, IssueCircularButton, useMayWriteCirculars, type CircularSummary } from '../circulars/commands';
import { LoadError } from '../../components/LoadError';

const STATUSES = ['draft', 'issued'] as const;
type Status = (typeof STATUSES)[number];
const PAGE_SIZE = 20;

/** 通报: the circulars one may read, newest first; the office's coordinator drafts them from the data, edits and issues them. */
export function CircularsTab() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const mayWrite = useMayWriteCirculars();
  const [searchParams, setSearchParams] = useSearchParams();
  const status = STATUSES.find((s) => s === searchParams.get('status'));
  const pageParam = Number(searchParams.get('page'));
  const page = Number.isInteger(pageParam) && pageParam >= 1 && pageParam <= 5000 ? pageParam : 1;
  const setParam = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(searchParams);
    if (value === undefined) next.delete(name);
    else next.set(name, value);
    if (name !== 'page') next.delete('page');
    setSearchParams(next, { replace: true });
  };
  const list = useQuery({
    ...trpc.circular.list.queryOptions({ ...(status ? { status } : {}), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const [drafting, setDrafting] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);

  return (
    <Space orientation="vertical" size="medium" style={{ width: '100%' }}>
      <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap', alignItems: 'flex-end' }}>
        <label style={{ display: 'flex', flexDirection: 'column', gap: 4, fontSize: 12 }}>
          {t('circ.filter.status')}
          <Select
            aria-label={t('circ.filter.status')}
            style={{ width: 160 }}
            allowClear
            placeholder={t('circ.filter.allStatuses')}
            value={status}
            options={STATUSES.map((s) => ({ value: s, label: t(`circ.status.${s}`) }))}
            onChange={(value: Status | undefined) => setParam('status', value)}
          />
        </label>
        {list.data && (
          <Typography.Text type="secondary" data-testid="circulars-total">
            {t('circ.count', { n: list.data.total })}
          </Typography.Text>
        )}
        {mayWrite && (
          <Button type="primary" style={{ marginInlineStart: 'auto' }} onClick={() => setDrafting(true)}>
            {t('circ.new')}
          </Button>
        )}
      </div>
      <LoadError query={list} />
      <Table<CircularSummary>
        rowKey="id"
        aria-label={t('circ.list')}
        data-testid="circulars-table"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.rows ?? []}
        locale={{ emptyText: t('circ.empty') }}
        onRow={(row) => ({ 'data-testid': 'circular-row', 'data-status': row.status }) as HTMLAttributes<HTMLElement>}
        pagination={
          (list.data?.total ?? 0) > PAGE_SIZE
            ? { current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: (next) => setParam('page', next === 1 ? undefined : String(next)) }
            : false
        }
        columns={[
          {
            title: t('circ.col.number'),
            key: 'number',
            width: 190,
            render: (_, row) => (row.status === 'issued' ? row.number : <Tag>{t('circ.draftNumber')}</Tag>),
          },
          { title: t('circ.col.title'), key: 'title', render: (_, row) => <Link to={`/supervision/circulars/${row.id}`}>{row.title}</Link> },
          { title: t('circ.col.period'), key: 'period', width: 200, render: (_, row) => `${row.periodFrom} ~ ${row.periodTo}` },
          {
            title: t('circ.col.status'),
            key: 'status',
            width: 100,
            render: (_, row) => <Tag color={row.status === 'issued' ? 'green' : 'default'}>{t(`circ.status.${row.status}`)}</Tag>,
          },
          { title: t('circ.col.issuedAt'), key: 'issuedAt', width: 170, render: (_, row) => (row.issuedAt ? formatChinaDateTime(new Date(row.issuedAt).toISOString()) : '—') },
          {
            title: t('circ.col.actions'),
            key: 'actions',
            width: 220,
            render: (_, row) => (
              <Space size={4} wrap>
                <Link to={`/supervision/circulars/${row.id}`}>{t('circ.view')}</Link>
                {mayWrite && row.status === 'draft' && (
                  <>
                    <Button type="link" size="small" onClick={() => setEditing(row.id)}>
                      {t('circ.edit')}
                    </Button>
                    <IssueCircularButton circularId={row.id} type="link" />
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
      <DraftCircularDialog open={drafting} onClose={() => setDrafting(false)} onDrafted={(id) => setEditing(id)} />
      <CircularEditor circularId={editing} onClose={() => setEditing(null)} />
    </Space>
  );
}
