import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useI18n } from '../../lib/i18n';
import { usePageTitle } from '../../lib/title';

export function NotFoundPage({ detail }: { detail?: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  usePageTitle(t('notFound.title'));
  return (
    <Result
      status="404"
      title={<h1 style={{ fontSize: 24, margin: 0 }}>{t('notFound.title')}</h1>}
      subTitle={detail ?? t('notFound.detail')}
      extra={
        <Button type="primary" onClick={() => void navigate('/inbox')}>
          {t('back.inbox')}
        </Button>
      }
    />
  );
}
