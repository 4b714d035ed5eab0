import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Select, Space, Table, Typography } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { Link, useSearchParams } from 'react-router';
import { CommandButton } from '../../components/measure/CommandButton';
import { useI18n } from '../../lib/i18n';
import { formatChinaDateTime } from '../../lib/relativeTime';
import { useTRPC } from '../../lib/trpc';
import { AnswerNoticeDialog, useDeskCommand } from './commands';
import { AnswerDue, NoticeStatusTag, type Notice } from './NoticeStatus';
import { LoadError } from '../../components/LoadError';

const STATUSES = ['issued', 'signed', 'answered'] as const;
type Status = (typeof STATUSES)[number];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE_SIZE = 20;

/** 督办单: the notices one may read, newest first; the unit's officers sign for and answer them here. */
export function NoticesTab() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [searchParams, setSearchParams] = useSearchParams();
  const planParam = searchParams.get('plan');
  const planId = planParam && UUID.test(planParam) ? planParam.toLowerCase() : undefined;
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

  const plans = useQuery(trpc.plan.list.queryOptions());
  const list = useQuery({
    ...trpc.supervision.notices.queryOptions({ ...(planId ? { planId } : {}), ...(status ? { status } : {}), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const sign = useDeskCommand(trpc.supervision.signNotice.mutationOptions());
  const [answering, setAnswering] = useState<Notice | null>(null);

  return (
    <Space orientation="vertical" size="medium" style={{ width: '100%' }}>
      <div role="group" aria-label={t('escalations.filters')} style={{ display: 'flex', gap: 16, flexWrap: 'wrap', alignItems: 'flex-end' }}>
        <label style={{ display: 'flex', flexDirection: 'column', gap: 4, fontSize: 12 }}>
          {t('supervision.notices.plan')}
          <Select
            aria-label={t('supervision.notices.plan')}
            style={{ width: 320 }}
            allowClear
            placeholder={t('supervision.notices.allPlans')}
            value={planId}
            loading={plans.isPending}
            options={plans.data?.map((p) => ({ value: p.id, label: p.title }))}
            onChange={(value: string | undefined) => setParam('plan', value)}
          />
        </label>
        <label style={{ display: 'flex', flexDirection: 'column', gap: 4, fontSize: 12 }}>
          {t('supervision.notices.status')}
          <Select
            aria-label={t('supervision.notices.status')}
            style={{ width: 160 }}
            allowClear
            placeholder={t('supervision.notices.allStatuses')}
            value={status}
            options={STATUSES.map((s) => ({ value: s, label: t(`supervision.status.${s}`) }))}
            onChange={(value: Status | undefined) => setParam('status', value)}
          />
        </label>
        {list.data && (
          <Typography.Text type="secondary" data-testid="notices-total">
            {t('supervision.notices.count', { n: list.data.total })}
          </Typography.Text>
        )}
      </div>
      <LoadError query={list} />
      <Table<Notice>
        rowKey="id"
        aria-label={t('supervision.notices.table')}
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.rows ?? []}
        locale={{ emptyText: t('supervision.notices.empty') }}
        onRow={(notice) => ({ 'data-testid': 'notice-row', 'data-number': notice.number }) as HTMLAttributes<HTMLElement>}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          onChange: (next) => setParam('page', next > 1 ? String(next) : undefined),
        }}
        columns={[
          { title: t('supervision.col.number'), key: 'number', width: 170, render: (_, n) => <Link to={`/supervision/notices/${n.id}`}>{n.number}</Link> },
          {
            title: t('supervision.col.measure'),
            key: 'measure',
            render: (_, n) => (
              <Link to={`/measures/${n.measure.id}`}>
                <Typography.Text type="secondary">{n.measure.number}</Typography.Text> {n.measure.title}
              </Link>
            ),
          },
          { title: t('supervision.col.agency'), key: 'agency', width: 180, render: (_, n) => n.agency.name },
          { title: t('supervision.col.issued'), key: 'issued', width: 150, render: (_, n) => formatChinaDateTime(n.issuedAt) },
          { title: t('supervision.col.due'), key: 'due', width: 190, render: (_, n) => <AnswerDue notice={n} /> },
          { title: t('supervision.col.status'), key: 'status', width: 100, render: (_, n) => <NoticeStatusTag notice={n} /> },
          {
            title: t('supervision.col.actions'),
            key: 'actions',
            width: 170,
            render: (_, n) =>
              n.mayAnswer ? (
                <Space size="small">
                  {n.status === 'issued' && (
                    <CommandButton
                      size="small"
                      type="primary"
                      pending={sign.isPending && sign.variables?.noticeId === n.id}
                      doneText={t('supervision.sign.done')}
                      send={(requestId) => sign.mutateAsync({ noticeId: n.id, requestId })}
                      aria-label={`${t('supervision.action.sign')} ${n.number}`}
                    >
                      {t('supervision.action.sign')}
                    </CommandButton>
                  )}
                  <Button size="small" onClick={() => setAnswering(n)} aria-label={`${t('supervision.action.answer')} ${n.number}`}>
                    {t('supervision.action.answer')}
                  </Button>
                </Space>
              ) : (
                <Link to={`/supervision/notices/${n.id}`}>{t('supervision.action.open')}</Link>
              ),
          },
        ]}
      />
      <AnswerNoticeDialog notice={answering} onClose={() => setAnswering(null)} />
    </Space>
  );
}
