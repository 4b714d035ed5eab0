import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Form, Input, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState, type HTMLAttributes, type ReactNode } from 'react';
import { ALL_WEBHOOK_EVENTS } from '@liandong/domain/integrations';
import { LoadError } from '../../components/LoadError';
import { useI18n, type MessageKey } from '../../lib/i18n';
import { formatChinaDateTime } from '../../lib/relativeTime';
import { useTRPC } from '../../lib/trpc';
import { DeliveriesDrawer } from './DeliveriesDrawer';
import { AgencyCodeField, FormDialog, SecretReveal, useFailureText } from './parts';
import { addWebhookInput, eventDescription, eventOptions, eventsLabel, pausedForFailures, previousSecretUntil, visibleEndpoints, type WebhookEndpoint, type WebhookFormValues } from './view';

const STATUS_COLOR: Record<WebhookEndpoint['status'], string> = { active: 'green', paused: 'orange', removed: 'default' };

type Reveal = { title: string; note: string; secret: string } | null;

/**
 * 推送地址: every agency's webhook endpoints, those paused after failures called out above; adding one (its signing
 * secret shown once), rotating the secret, pausing, resuming, removing, and each endpoint's deliveries.
 */
export function WebhooksTab({ mayChange }: { mayChange: boolean }) {
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const failureText = useFailureText();
  const endpoints = useQuery(trpc.webhook.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.webhook.pathFilter());
  const add = useMutation(trpc.webhook.add.mutationOptions({ onSuccess: refresh }));
  const rotate = useMutation(trpc.webhook.rotateSecret.mutationOptions({ onSettled: refresh }));
  const pause = useMutation(trpc.webhook.pause.mutationOptions({ onSettled: refresh }));
  const resume = useMutation(trpc.webhook.resume.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.webhook.remove.mutationOptions({ onSettled: refresh }));
  const [adding, setAdding] = useState(false);
  const [showRemoved, setShowRemoved] = useState(false);
  const [reveal, setReveal] = useState<Reveal>(null);
  const [deliveriesOf, setDeliveriesOf] = useState<WebhookEndpoint | null>(null);

  const all = endpoints.data ?? [];
  const rows = visibleEndpoints(all, showRemoved);
  const failing = pausedForFailures(all);

  /** Sends a row's command; says what happened, or why not. */
  const run = async (send: () => Promise<unknown>, done: string) => {
    try {
      await send();
      void message.success(done);
    } catch (error) {
      void message.error(`${t('integrations.failed')}：${failureText(error)}`);
    }
  };
  const confirm = (title: string, okText: string, onOk: () => Promise<void>, danger = false) =>
    modal.confirm({ title, okText, cancelText: t('cancel'), okButtonProps: { danger, 'data-testid': 'confirm-ok' }, onOk });

  const rotateSecret = (endpoint: WebhookEndpoint) =>
    confirm(t('integrations.webhooks.rotateConfirm', { url: endpoint.url }), t('integrations.webhooks.rotate'), async () => {
      try {
        const answer = await rotate.mutateAsync({ id: endpoint.id });
        void message.success(t('integrations.webhooks.rotated'));
        setReveal({
          title: t('integrations.webhooks.reveal.rotatedTitle'),
          note: t('integrations.webhooks.reveal.rotatedOnce', { time: formatChinaDateTime(previousSecretUntil(answer.endpoint, Date.now())) }),
          secret: answer.secret,
        });
      } catch (error) {
        void message.error(`${t('integrations.failed')}：${failureText(error)}`);
      }
    });

  const actionLabel = (action: MessageKey, endpoint: WebhookEndpoint) => t('integrations.webhooks.actionLabel', { action: t(action), url: endpoint.url });
  const busy = (mutation: { isPending: boolean; variables?: { id: string } }, endpoint: WebhookEndpoint) => mutation.isPending && mutation.variables?.id === endpoint.id;

  return (
    <Space orientation="vertical" size="medium" style={{ width: '100%' }}>
      {failing.length > 0 && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          data-testid="paused-banner"
          title={t('integrations.webhooks.pausedBanner', { n: failing.length })}
          description={
            <Space orientation="vertical" size={2}>
              <span>{t('integrations.webhooks.pausedBannerDetail')}</span>
              {failing.map((e) => (
                <span key={e.id}>
                  {e.agencyName} · <Typography.Text code>{e.url}</Typography.Text>
                  {e.pausedReason && <Typography.Text type="secondary"> · {e.pausedReason}</Typography.Text>}
                </span>
              ))}
            </Space>
          }
        />
      )}
      <div style={{ display: 'flex', gap: 16, alignItems: 'center', flexWrap: 'wrap' }}>
        {mayChange && (
          <Button type="primary" onClick={() => setAdding(true)}>
            {t('integrations.webhooks.add')}
          </Button>
        )}
        {endpoints.data && (
          <Typography.Text type="secondary" data-testid="webhooks-total">
            {t('integrations.webhooks.count', { n: rows.length })}
          </Typography.Text>
        )}
        <label style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}>
          <Switch size="small" checked={showRemoved} onChange={setShowRemoved} />
          {t('integrations.webhooks.showRemoved')}
        </label>
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('integrations.webhooks.signing')}
      </Typography.Text>
      <LoadError query={endpoints} />
      <Table<WebhookEndpoint>
        rowKey="id"
        aria-label={t('integrations.webhooks.table')}
        size="middle"
        loading={endpoints.isFetching}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 1180 }}
        locale={{ emptyText: t('integrations.webhooks.empty') }}
        rowClassName={(e) => (e.status === 'paused' ? 'integrations-paused' : '')}
        onRow={(e) => ({ 'data-testid': 'webhook-row', 'data-status': e.status, 'data-url': e.url, style: e.status === 'paused' ? { background: '#fffbe6' } : undefined }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('integrations.webhooks.col.agency'), key: 'agency', width: 120, render: (_, e) => e.agencyName },
          {
            title: t('integrations.webhooks.col.url'),
            key: 'url',
            render: (_, e) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text style={{ wordBreak: 'break-all' }}>{e.url}</Typography.Text>
                {e.description && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {e.description}
                  </Typography.Text>
                )}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  <Typography.Text code style={{ fontSize: 12 }}>
                    {e.secretPrefix}…
                  </Typography.Text>
                  {e.previousSecretExpiresAt && Date.parse(e.previousSecretExpiresAt) > Date.now() && <> · {t('integrations.webhooks.previousSecret', { time: formatChinaDateTime(e.previousSecretExpiresAt) })}</>}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('integrations.webhooks.col.events'),
            key: 'events',
            width: 180,
            render: (_, e) => (
              <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
                {eventsLabel(e.events, lang).map((label) => (
                  <Tag key={label} title={eventDescription(label, lang)} style={{ marginInlineEnd: 0 }}>
                    {label}
                  </Tag>
                ))}
              </span>
            ),
          },
          {
            title: t('integrations.webhooks.col.status'),
            key: 'status',
            width: 130,
            render: (_, e) => (
              <Space orientation="vertical" size={0}>
                <Tag color={STATUS_COLOR[e.status]} data-testid="webhook-status" style={{ marginInlineEnd: 0, width: 'fit-content' }}>
                  {t(`integrations.webhooks.status.${e.status}`)}
                </Tag>
                {e.status === 'paused' && e.pausedAt && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('integrations.webhooks.pausedAt', { time: formatChinaDateTime(e.pausedAt) })}
                  </Typography.Text>
                )}
                {e.status === 'paused' && e.pausedReason && (
                  <Typography.Text type="warning" style={{ fontSize: 12 }} data-testid="paused-reason">
                    {e.pausedReason}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('integrations.webhooks.col.failures'),
            key: 'failures',
            width: 80,
            align: 'right',
            render: (_, e) => (e.consecutiveFailures > 0 ? <Typography.Text type="danger">{e.consecutiveFailures}</Typography.Text> : 0),
          },
          {
            title: t('integrations.webhooks.col.deliveries'),
            key: 'deliveries',
            width: 170,
            render: (_, e) => (
              <Space orientation="vertical" size={0}>
                <span data-testid="webhook-counts">{t('integrations.webhooks.counts', { pending: e.counts.pending, delivered: e.counts.delivered })}</span>
                {e.counts.cancelled > 0 && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('integrations.webhooks.cancelledCount', { n: e.counts.cancelled })}
                  </Typography.Text>
                )}
                <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => setDeliveriesOf(e)} aria-label={actionLabel('integrations.webhooks.deliveries', e)}>
                  {t('integrations.webhooks.deliveries')}
                </Button>
              </Space>
            ),
          },
          ...(mayChange
            ? [
                {
                  title: t('integrations.webhooks.col.actions'),
                  key: 'actions',
                  width: 240,
                  render: (_: unknown, e: WebhookEndpoint): ReactNode =>
                    e.status === 'removed' ? null : (
                      <Space size={4} wrap>
                        <Button size="small" loading={busy(rotate, e)} onClick={() => rotateSecret(e)} aria-label={actionLabel('integrations.webhooks.rotate', e)}>
                          {t('integrations.webhooks.rotate')}
                        </Button>
                        {e.status === 'active' ? (
                          <Button size="small" loading={busy(pause, e)} onClick={() => void run(() => pause.mutateAsync({ id: e.id }), t('integrations.webhooks.paused'))} aria-label={actionLabel('integrations.webhooks.pause', e)}>
                            {t('integrations.webhooks.pause')}
                          </Button>
                        ) : (
                          <Button size="small" type="primary" loading={busy(resume, e)} onClick={() => void run(() => resume.mutateAsync({ id: e.id }), t('integrations.webhooks.resumed'))} aria-label={actionLabel('integrations.webhooks.resume', e)}>
                            {t('integrations.webhooks.resume')}
                          </Button>
                        )}
                        <Button
                          size="small"
                          danger
                          loading={busy(remove, e)}
                          onClick={() => confirm(t('integrations.webhooks.removeConfirm', { url: e.url }), t('integrations.webhooks.remove'), () => run(() => remove.mutateAsync({ id: e.id }), t('integrations.webhooks.removed')), true)}
                          aria-label={actionLabel('integrations.webhooks.remove', e)}
                        >
                          {t('integrations.webhooks.remove')}
                        </Button>
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      <FormDialog<WebhookFormValues>
        name="add-webhook"
        open={adding}
        title={t('integrations.webhooks.new.title')}
        okText={t('integrations.webhooks.new.ok')}
        fields={['agency', 'url', 'events', 'description']}
        initialValues={{ events: [], description: '' }}
        onClose={() => setAdding(false)}
        send={async (values) => {
          const answer = await add.mutateAsync(addWebhookInput(values));
          void message.success(t('integrations.webhooks.added'));
          setReveal({ title: t('integrations.webhooks.reveal.title'), note: t('integrations.webhooks.reveal.once'), secret: answer.secret });
        }}
      >
        <WebhookFields />
      </FormDialog>
      <SecretReveal reveal={reveal} onClose={() => setReveal(null)} />
      <DeliveriesDrawer endpoint={deliveriesOf} onClose={() => setDeliveriesOf(null)} />
    </Space>
  );
}

function WebhookFields() {
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const agencies = useQuery({ ...trpc.agency.list.queryOptions({}), staleTime: 10 * 60_000 });
  return (
    <>
      <Form.Item name="agency" label={t('integrations.webhooks.field.agency')} rules={[{ required: true, message: t('integrations.error.agencyRequired') }]}>
        <AgencyCodeField agencies={agencies.data ?? []} loading={agencies.isPending} placeholder={t('integrations.webhooks.field.agencyPlaceholder')} />
      </Form.Item>
      {/* Only required here: the server says what is wrong with a URL, beside this field. */}
      <Form.Item name="url" label={t('integrations.webhooks.field.url')} extra={t('integrations.webhooks.field.urlHint')} rules={[{ required: true, whitespace: true, message: t('integrations.error.urlRequired') }]}>
        <Input maxLength={2000} placeholder="https://oa.example.gov.cn/liandong/webhook" autoComplete="off" spellCheck={false} />
      </Form.Item>
      <Form.Item name="events" label={t('integrations.webhooks.field.events')} rules={[{ required: true, type: 'array', min: 1, message: t('integrations.error.eventsRequired') }]}>
        <EventsField lang={lang} allLabel={t('integrations.webhooks.field.eventsAll')} />
      </Form.Item>
      <Form.Item name="description" label={t('integrations.webhooks.field.description')} rules={[{ max: 200, message: t('integrations.error.tooLong', { n: 200 }) }]}>
        <Input maxLength={200} placeholder={t('integrations.webhooks.field.descriptionPlaceholder')} />
      </Form.Item>
    </>
  );
}

/** The event types as checkboxes, with 全部 first: ticking it stands for every type, also those added later. */
function EventsField({ value = [], onChange, id, lang, allLabel }: { value?: string[]; onChange?: (events: string[]) => void; id?: string; lang: 'zh-CN' | 'en'; allLabel: string }) {
  const all = value.includes(ALL_WEBHOOK_EVENTS);
  return (
    <div id={id} role="group" style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
      <Checkbox checked={all} onChange={(e) => onChange?.(e.target.checked ? [ALL_WEBHOOK_EVENTS] : [])}>
        {allLabel}
      </Checkbox>
      {eventOptions(lang).map((option) => (
        <Checkbox
          key={option.value}
          disabled={all}
          checked={all || value.includes(option.value)}
          onChange={(e) => onChange?.(e.target.checked ? [...value.filter((v) => v !== option.value), option.value] : value.filter((v) => v !== option.value))}
        >
          {option.label} <Typography.Text type="secondary" code style={{ fontSize: 12 }}>{option.value}</Typography.Text>
        </Checkbox>
      ))}
    </div>
  );
}
