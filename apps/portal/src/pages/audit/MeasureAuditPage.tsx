import { useI18n } from '../../lib/i18n';

/** A measure's audit timeline beside its workflow history: placeholder until the page lands (issue 10). */
export function MeasureAuditPage() {
  const { t } = useI18n();
  return <h1>{t('audit.title')}</h1>;
}
