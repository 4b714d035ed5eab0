import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useI18n } from '../../lib/i18n';
import { usePageTitle } from '../../lib/title';

/** 403: the person is signed in but their role may not use the page; nothing of the page is rendered. */
export function ForbiddenPage({ detail }: { detail?: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  usePageTitle(t('forbidden.title'));
  return (
    <Result
      status="403"
      title={<h1 style={{ fontSize: 24, margin: 0 }}>{t('forbidden.title')}</h1>}
      subTitle={detail ?? t('forbidden.detail')}
      extra={
        <Button type="primary" onClick={() => void navigate('/inbox')}>
          {t('back.inbox')}
        </Button>
      }
    />
  );
}
