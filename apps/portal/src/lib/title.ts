import { useEffect } from 'react';
import { useI18n } from './i18n';

/** Names the browser tab after the page, for people who switch tabs and for screen readers. */
export function usePageTitle(title: string | undefined): void {
  const { t } = useI18n();
  const app = t('appName');
  useEffect(() => {
    document.title = title ? `${title} · ${app}` : app;
  }, [title, app]);
}
