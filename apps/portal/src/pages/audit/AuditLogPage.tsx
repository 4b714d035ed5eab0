import { useI18n } from '../../lib/i18n';

/** 审计日志: placeholder until the page lands (issue 10). */
export function AuditLogPage() {
  const { t } = useI18n();
  return <h1>{t('audit.title')}</h1>;
}
