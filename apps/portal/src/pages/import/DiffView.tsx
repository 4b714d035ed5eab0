import { Alert, Typography } from 'antd';
import { Link } from 'react-router';
import type { PlanPreview } from '../../lib/api';
import { formatKpi } from '../../lib/format';
import { useI18n, type MessageKey } from '../../lib/i18n';

type Existing = NonNullable<PlanPreview['existing']>;
type Diff = Existing['diff'];

const MAX_TEXT = 160;

/**
 * What a re-import of a stored document changes: plan fields, added, removed (withdrawn) and changed measures.
 * Agencies appear by code in the diff; `nameOf` turns them back into names (an unresolved name stays as written).
 */
export function DiffView({ existing, nameOf }: { existing: Existing; nameOf: (code: string) => string }) {
  const { lang, t } = useI18n();
  const { diff } = existing;

  const show = (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return '—';
    if (typeof value === 'boolean') return value ? t('yes') : t('no');
    if (Array.isArray(value)) {
      if (field === 'kpis') return value.map((k) => formatKpi(k as Parameters<typeof formatKpi>[0], lang)).join('；') || '—';
      return value.map((v) => nameOf(String(v))).join('、') || '—';
    }
    if (field === 'coordinatorCode' || field === 'jurisdictionCode') return nameOf(String(value));
    if (field === 'deadline' && value === 'ongoing') return t('measure.ongoing');
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
  };
  const fieldLabel = (field: string) => t(`field.${field}` as MessageKey);
  const change = (c: Diff['plan'][number] | Diff['changed'][number]['changes'][number]) => (
    <li key={c.field}>
      <Typography.Text strong>{fieldLabel(c.field)}</Typography.Text>：{t('import.diff.before')} <del>{show(c.field, c.before)}</del> → {t('import.diff.after')}{' '}
      <ins>{show(c.field, c.after)}</ins>
    </li>
  );

  return (
    <Alert
      type="warning"
      showIcon
      title={t('import.existing', { title: existing.title })}
      description={
        <div data-testid="import-diff">
          <Typography.Paragraph style={{ marginBottom: 8 }}>
            {diff.changeCount === 0 ? t('import.existingNoChange') : t('import.existingDetail')} <Link to={`/plans/${existing.planId}`}>{t('import.openExisting')}</Link>
          </Typography.Paragraph>
          {diff.plan.length > 0 && (
            <section>
              <Typography.Text strong>{t('import.diff.plan')}</Typography.Text>
              <ul style={{ margin: '4px 0 8px' }}>{diff.plan.map(change)}</ul>
            </section>
          )}
          {diff.added.length > 0 && (
            <section>
              <Typography.Text strong>{t('import.diff.added', { n: diff.added.length })}</Typography.Text>
              <ul style={{ margin: '4px 0 8px' }}>
                {diff.added.map((m) => (
                  <li key={m.number}>
                    {m.number} {m.title}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {diff.removed.length > 0 && (
            <section>
              <Typography.Text strong>{t('import.diff.removed', { n: diff.removed.length })}</Typography.Text>
              <ul style={{ margin: '4px 0 8px' }}>
                {diff.removed.map((m) => (
                  <li key={m.number}>
                    {m.number} {m.title}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {diff.changed.length > 0 && (
            <section>
              <Typography.Text strong>{t('import.diff.changed', { n: diff.changed.length })}</Typography.Text>
              <ul style={{ margin: '4px 0 8px' }}>
                {diff.changed.map((m) => (
                  <li key={m.number}>
                    {m.number} {m.title}
                    <ul>{m.changes.map(change)}</ul>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <Typography.Text type="secondary">{t('import.diff.unchanged', { n: diff.unchangedCount })}</Typography.Text>
        </div>
      }
    />
  );
}
