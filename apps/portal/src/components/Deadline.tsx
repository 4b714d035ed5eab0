import { Tag } from 'antd';
import { useI18n } from '../lib/i18n';
import { tagStyle } from './measure/MeasureTags';

/**
 * A measure's deadline (完成时限) where plans and measures are read: the due date, 长期 (ongoing), or `—` when the
 * plan states none; and 逾期未办结 when the date has passed without closure (the API decides `overdue`).
 */
export function Deadline({ due, ongoing, text, overdue }: { due: string | null; ongoing: boolean; text?: string | null; overdue: boolean }) {
  const { t } = useI18n();
  const value = ongoing ? t('measure.ongoing') : due;
  if (value === null) return <span aria-hidden>—</span>;
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' }} data-testid="measure-deadline">
      <span title={text ? t('import.deadlineWritten', { text }) : undefined}>{value}</span>
      {overdue && (
        <Tag color="red" style={tagStyle('red')} data-testid="measure-overdue">
          {t('measure.overdue')}
        </Tag>
      )}
    </span>
  );
}
