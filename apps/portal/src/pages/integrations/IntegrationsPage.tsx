import { Alert, Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { useMe } from '../../lib/auth';
import { useI18n } from '../../lib/i18n';
import { usePageTitle } from '../../lib/title';
import { ApiTokensTab } from './ApiTokensTab';
import { mayChangeIntegrations, tabOf } from './view';
import { WebhooksTab } from './WebhooksTab';

/**
 * 接口与推送: the API tokens (接口令牌) other government systems call /api/v1 with, and the webhook endpoints
 * (推送地址) each agency's events are pushed to; one tab each, the tab in the URL. Admins; an admin who is also an
 * auditor reads only.
 */
export function IntegrationsPage() {
  const { t } = useI18n();
  const me = useMe();
  const [searchParams, setSearchParams] = useSearchParams();
  const tab = tabOf(searchParams.get('tab'));
  const mayChange = mayChangeIntegrations(me.roles);
  usePageTitle(t('integrations.title'));
  const choose = (next: string) => {
    const params = new URLSearchParams();
    const lang = searchParams.get('lang');
    if (lang) params.set('lang', lang);
    if (next === 'webhooks') params.set('tab', 'webhooks');
    setSearchParams(params, { replace: true });
  };
  return (
    <div>
      <div style={{ display: 'flex', alignItems: 'baseline', gap: 16, flexWrap: 'wrap', marginBottom: 8 }}>
        <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>
          {t('integrations.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('integrations.intro')}</Typography.Text>
      </div>
      {!mayChange && <Alert type="info" showIcon title={t('integrations.readOnly')} style={{ marginBottom: 8 }} data-testid="integrations-read-only" />}
      <Tabs
        activeKey={tab}
        onChange={choose}
        items={[
          { key: 'tokens', label: t('integrations.tab.tokens'), children: tab === 'tokens' ? <ApiTokensTab mayChange={mayChange} /> : null },
          { key: 'webhooks', label: t('integrations.tab.webhooks'), children: tab === 'webhooks' ? <WebhooksTab mayChange={mayChange} /> : null },
        ]}
      />
    </div>
  );
}
