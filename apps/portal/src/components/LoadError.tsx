import { Alert, Button } from 'antd';
import { localizeMessage } from '../lib/errors';
import { useI18n } from '../lib/i18n';

/** A list or page that could not be read: why, in the person's language, and a button to try again. */
export function LoadError({ query }: { query: { error: { message: string } | null; refetch: () => Promise<unknown> } }) {
  const { t, lang } = useI18n();
  if (!query.error) return null;
  return (
    <Alert
      type="error"
      showIcon
      title={t('error.load')}
      description={localizeMessage(query.error.message, lang)}
      action={
        <Button size="small" onClick={() => void query.refetch()}>
          {t('retry')}
        </Button>
      }
    />
  );
}
