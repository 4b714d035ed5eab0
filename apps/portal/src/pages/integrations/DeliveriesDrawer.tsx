import { useQueries } from '@tanstack/react-query';
import { Button, Drawer, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState, type HTMLAttributes } from 'react';
import { LoadError } from '../../components/LoadError';
import { useI18n } from '../../lib/i18n';
import { formatChinaSeconds } from '../../lib/relativeTime';
import { useTRPC } from '../../lib/trpc';
import { JsonBlock, LongId } from '../audit/parts';
import { mergeDeliveryPages, nextBefore, type WebhookDelivery, type WebhookEndpoint } from './view';

const PAGE_SIZE = 30;
const STATUS_COLOR: Record<WebhookDelivery['status'], string> = { pending: 'blue', delivered: 'green', cancelled: 'default' };

/** 投递记录: an endpoint's deliveries, newest first, a page more on 加载更多; each with its last response and payload. */
export function DeliveriesDrawer({ endpoint, onClose }: { endpoint: WebhookEndpoint | null; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  // Where each loaded page starts: the newest first, then each page's `next`.
  const [befores, setBefores] = useState<(number | undefined)[]>([undefined]);
  const id = endpoint?.id;
  useEffect(() => setBefores([undefined]), [id]);

  const pages = useQueries({
    queries: befores.map((before) => ({
      ...trpc.webhook.deliveries.queryOptions({ id: id ?? '', limit: PAGE_SIZE, ...(before === undefined ? {} : { before }) }),
      enabled: id !== undefined,
    })),
  });
  const data = pages.map((p) => p.data);
  const rows = mergeDeliveryPages(data);
  const next = nextBefore(data);
  const failed = pages.find((p) => p.error);
  const loading = pages.some((p) => p.isFetching);

  return (
    <Drawer open={endpoint !== null} onClose={onClose} size={1100} title={endpoint ? `${t('integrations.deliveries.title')} · ${endpoint.agencyName}` : ''} destroyOnHidden>
      {endpoint && (
        <Space orientation="vertical" size="medium" style={{ width: '100%' }}>
          <Typography.Text code style={{ wordBreak: 'break-all' }}>
            {endpoint.url}
          </Typography.Text>
          {failed && <LoadError query={{ error: failed.error, refetch: failed.refetch }} />}
          <Table<WebhookDelivery>
            rowKey="id"
            aria-label={t('integrations.deliveries.table')}
            size="small"
            loading={loading}
            dataSource={rows}
            pagination={false}
            scroll={{ x: 1000 }}
            locale={{ emptyText: t('integrations.deliveries.empty') }}
            onRow={(d) => ({ 'data-testid': 'delivery-row', 'data-status': d.status, 'data-webhook-id': d.id }) as HTMLAttributes<HTMLElement>}
            expandable={{
              expandedRowRender: (d) => (
                <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                  <Typography.Text type="secondary">{t('integrations.deliveries.payload')}</Typography.Text>
                  <JsonBlock value={d.payload} />
                </Space>
              ),
            }}
            columns={[
              { title: t('integrations.deliveries.col.id'), key: 'id', width: 150, render: (_, d) => <LongId value={d.id} head={10} tail={4} /> },
              { title: t('integrations.deliveries.col.type'), key: 'type', width: 170, render: (_, d) => <Typography.Text code>{d.eventType}</Typography.Text> },
              {
                title: t('integrations.deliveries.col.status'),
                key: 'status',
                width: 90,
                render: (_, d) => (
                  <Tag color={STATUS_COLOR[d.status]} style={{ marginInlineEnd: 0 }}>
                    {t(`integrations.delivery.${d.status}`)}
                  </Tag>
                ),
              },
              { title: t('integrations.deliveries.col.attempts'), key: 'attempts', width: 80, align: 'right', render: (_, d) => d.attempts },
              {
                title: t('integrations.deliveries.col.code'),
                key: 'code',
                width: 90,
                render: (_, d) => (d.lastStatusCode === null ? '—' : <Typography.Text type={d.lastStatusCode >= 200 && d.lastStatusCode < 300 ? 'success' : 'danger'}>{d.lastStatusCode}</Typography.Text>),
              },
              {
                title: t('integrations.deliveries.col.response'),
                key: 'response',
                render: (_, d) =>
                  d.lastError || d.lastResponse ? (
                    <Typography.Text type={d.lastError ? 'danger' : undefined} ellipsis={{ tooltip: d.lastError ?? d.lastResponse }} style={{ maxWidth: 260, fontSize: 12 }}>
                      {d.lastError ?? d.lastResponse}
                    </Typography.Text>
                  ) : (
                    '—'
                  ),
              },
              { title: t('integrations.deliveries.col.created'), key: 'created', width: 150, render: (_, d) => formatChinaSeconds(d.createdAt) },
              { title: t('integrations.deliveries.col.lastAttempt'), key: 'lastAttempt', width: 150, render: (_, d) => (d.lastAttemptAt ? formatChinaSeconds(d.lastAttemptAt) : '—') },
              { title: t('integrations.deliveries.col.delivered'), key: 'delivered', width: 150, render: (_, d) => (d.deliveredAt ? formatChinaSeconds(d.deliveredAt) : '—') },
            ]}
          />
          <Space>
            {next !== null && (
              <Button loading={loading} onClick={() => setBefores((b) => (b.includes(next) ? b : [...b, next]))}>
                {t('integrations.deliveries.more')}
              </Button>
            )}
            {rows.length > 0 && <Typography.Text type="secondary">{t('integrations.deliveries.shown', { n: rows.length })}</Typography.Text>}
          </Space>
        </Space>
      )}
    </Drawer>
  );
}
