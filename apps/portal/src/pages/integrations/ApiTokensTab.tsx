import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Radio, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { LoadError } from '../../components/LoadError';
import { useI18n } from '../../lib/i18n';
import { formatChinaDateTime } from '../../lib/relativeTime';
import { useTRPC } from '../../lib/trpc';
import { chinaDateOf, dueDateOf } from '../measure/format';
import { AgencyCodeField, FormDialog, SecretReveal, useFailureText } from './parts';
import { createTokenInput, type ApiToken, type TokenFormValues } from './view';

const STATE_COLOR: Record<ApiToken['state'], string> = { active: 'green', expired: 'default', revoked: 'red' };

/** 接口令牌: every agency's API tokens, a form that makes one (shown once), and revoking with a confirmation. */
export function ApiTokensTab({ mayChange }: { mayChange: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const failureText = useFailureText();
  const tokens = useQuery(trpc.apiToken.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.apiToken.pathFilter());
  const create = useMutation(trpc.apiToken.create.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.apiToken.revoke.mutationOptions({ onSettled: refresh }));
  const [creating, setCreating] = useState(false);
  const [reveal, setReveal] = useState<{ title: string; note: string; secret: string } | null>(null);

  const rows = tokens.data ?? [];
  const confirmRevoke = (token: ApiToken) =>
    modal.confirm({
      title: t('integrations.tokens.revokeConfirm', { name: token.name, agency: token.agencyName }),
      okText: t('integrations.tokens.revoke'),
      cancelText: t('cancel'),
      okButtonProps: { danger: true, 'data-testid': 'confirm-ok' },
      onOk: async () => {
        try {
          await revoke.mutateAsync({ id: token.id });
          void message.success(t('integrations.tokens.revoked', { name: token.name }));
        } catch (error) {
          void message.error(`${t('integrations.failed')}：${failureText(error)}`);
        }
      },
    });

  return (
    <Space orientation="vertical" size="medium" style={{ width: '100%' }}>
      <div style={{ display: 'flex', gap: 16, alignItems: 'center', flexWrap: 'wrap' }}>
        {mayChange && (
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('integrations.tokens.create')}
          </Button>
        )}
        {tokens.data && (
          <Typography.Text type="secondary" data-testid="tokens-total">
            {t('integrations.tokens.count', { n: rows.length, active: rows.filter((r) => r.state === 'active').length })}
          </Typography.Text>
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('integrations.tokens.usage')} <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>
        </Typography.Text>
      </div>
      <LoadError query={tokens} />
      <Table<ApiToken>
        rowKey="id"
        aria-label={t('integrations.tokens.table')}
        size="middle"
        loading={tokens.isFetching}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 1100 }}
        locale={{ emptyText: t('integrations.tokens.empty') }}
        onRow={(token) => ({ 'data-testid': 'token-row', 'data-state': token.state, 'data-name': token.name }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('integrations.tokens.col.name'), key: 'name', render: (_, token) => token.name },
          { title: t('integrations.tokens.col.agency'), key: 'agency', width: 160, render: (_, token) => token.agencyName },
          { title: t('integrations.tokens.col.role'), key: 'role', width: 100, render: (_, token) => t(`integrations.role.${token.role}`) },
          { title: t('integrations.tokens.col.prefix'), key: 'prefix', width: 130, render: (_, token) => <Typography.Text code>{token.prefix}…</Typography.Text> },
          {
            title: t('integrations.tokens.col.state'),
            key: 'state',
            width: 100,
            render: (_, token) => {
              const tag = (
                <Tag color={STATE_COLOR[token.state]} data-testid="token-state">
                  {t(`integrations.state.${token.state}`)}
                </Tag>
              );
              return token.revokedAt ? <Tooltip title={t('integrations.tokens.revokedBy', { by: token.revokedBy ?? '', time: formatChinaDateTime(token.revokedAt) })}>{tag}</Tooltip> : tag;
            },
          },
          { title: t('integrations.tokens.col.expires'), key: 'expires', width: 110, render: (_, token) => (token.expiresAt ? dueDateOf(token.expiresAt) : <Typography.Text type="secondary">{t('integrations.tokens.noExpiry')}</Typography.Text>) },
          {
            title: t('integrations.tokens.col.lastUsed'),
            key: 'lastUsed',
            width: 150,
            render: (_, token) => (token.lastUsedAt ? formatChinaDateTime(token.lastUsedAt) : <Typography.Text type="secondary">{t('integrations.tokens.neverUsed')}</Typography.Text>),
          },
          { title: t('integrations.tokens.col.uses'), key: 'uses', width: 90, align: 'right', render: (_, token) => token.useCount.toLocaleString() },
          {
            title: t('integrations.tokens.col.created'),
            key: 'created',
            width: 160,
            render: (_, token) => (
              <Space orientation="vertical" size={0}>
                <span>{formatChinaDateTime(token.createdAt)}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {token.createdBy}
                </Typography.Text>
              </Space>
            ),
          },
          ...(mayChange
            ? [
                {
                  title: t('integrations.tokens.col.actions'),
                  key: 'actions',
                  width: 90,
                  render: (_: unknown, token: ApiToken) =>
                    token.state === 'active' ? (
                      <Button size="small" danger loading={revoke.isPending && revoke.variables?.id === token.id} onClick={() => confirmRevoke(token)} aria-label={t('integrations.tokens.revokeLabel', { name: token.name })}>
                        {t('integrations.tokens.revoke')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <FormDialog<TokenFormValues>
        name="create-token"
        open={creating}
        title={t('integrations.tokens.new.title')}
        okText={t('integrations.tokens.new.ok')}
        fields={['agency', 'name', 'role', 'expiresAt']}
        initialValues={{ role: 'officer' }}
        onClose={() => setCreating(false)}
        send={async (values) => {
          const answer = await create.mutateAsync(createTokenInput(values));
          void message.success(t('integrations.tokens.created', { name: answer.summary.name }));
          setReveal({ title: t('integrations.tokens.reveal.title', { name: answer.summary.name }), note: t('integrations.tokens.reveal.once'), secret: answer.token });
        }}
      >
        <TokenFields />
      </FormDialog>
      <SecretReveal reveal={reveal} onClose={() => setReveal(null)} />
    </Space>
  );
}

function TokenFields() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const agencies = useQuery({ ...trpc.agency.list.queryOptions({}), staleTime: 10 * 60_000 });
  return (
    <>
      <Form.Item name="agency" label={t('integrations.tokens.field.agency')} rules={[{ required: true, message: t('integrations.error.agencyRequired') }]}>
        <AgencyCodeField agencies={agencies.data ?? []} loading={agencies.isPending} placeholder={t('integrations.tokens.field.agencyPlaceholder')} />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('integrations.tokens.field.name')}
        rules={[
          { required: true, whitespace: true, message: t('integrations.error.nameRequired') },
          { max: 100, message: t('integrations.error.tooLong', { n: 100 }) },
        ]}
      >
        <Input maxLength={100} placeholder={t('integrations.tokens.field.namePlaceholder')} />
      </Form.Item>
      <Form.Item name="role" label={t('integrations.tokens.field.role')} rules={[{ required: true, message: t('integrations.error.role') }]}>
        <Radio.Group
          style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
          options={[
            { value: 'officer', label: t('integrations.tokens.field.roleOfficer') },
            { value: 'coordinator', label: t('integrations.tokens.field.roleCoordinator') },
          ]}
        />
      </Form.Item>
      <Form.Item name="expiresAt" label={t('integrations.tokens.field.expiresAt')} extra={t('integrations.tokens.field.expiresHint')}>
        <Input type="date" min={chinaDateOf(Date.now())} style={{ width: 200 }} />
      </Form.Item>
    </>
  );
}
