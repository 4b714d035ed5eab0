import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Space, Table, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { IMPORT_ROLES, mayOpen } from '../../lib/access';
import type { PlanListItem } from '../../lib/api';
import { useMe } from '../../lib/auth';
import { useI18n } from '../../lib/i18n';
import { usePageTitle } from '../../lib/title';
import { useTRPC } from '../../lib/trpc';

/** The plans (方案) the signed-in person may see. */
export function PlansPage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const me = useMe();
  const navigate = useNavigate();
  const plans = useQuery(trpc.plan.list.queryOptions());
  usePageTitle(t('plans.title'));

  return (
    <Space orientation="vertical" size="medium" style={{ width: '100%' }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 16 }}>
        <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>
          {t('plans.title')}
        </Typography.Title>
        {plans.data && <Typography.Text type="secondary">{t('plans.count', { n: plans.data.length })}</Typography.Text>}
        <span style={{ flex: 1 }} />
        {mayOpen(me.roles, IMPORT_ROLES) && (
          <Button type="primary" onClick={() => void navigate('/import')}>
            {t('plans.import')}
          </Button>
        )}
      </div>
      {plans.error && <Alert type="error" showIcon title={t('error.load')} description={plans.error.message} />}
      <Table<PlanListItem>
        rowKey="id"
        loading={plans.isLoading}
        dataSource={plans.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('plans.empty') }}
        columns={[
          {
            title: t('plan.title'),
            dataIndex: 'title',
            key: 'title',
            render: (title: string, plan) => <Link to={`/plans/${plan.id}`}>{title}</Link>,
          },
          { title: t('plan.documentNumber'), dataIndex: 'documentNumber', key: 'documentNumber', render: (v: string | null) => v ?? '—' },
          { title: t('plan.issuer'), dataIndex: 'issuer', key: 'issuer', render: (v: string | null) => v ?? '—' },
          { title: t('plan.issuedOn'), dataIndex: 'issuedOn', key: 'issuedOn', render: (v: string | null) => v ?? '—' },
          { title: t('plan.coordinator'), key: 'coordinator', render: (_, plan) => plan.coordinator.name },
          { title: t('plan.measureCount'), dataIndex: 'measureCount', key: 'measureCount', align: 'right' },
        ]}
      />
    </Space>
  );
}
