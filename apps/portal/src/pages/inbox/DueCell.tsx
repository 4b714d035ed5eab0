import { Typography } from 'antd';
import { useI18n } from '../../lib/i18n';
import { daysLeftMessage, dueDay, urgencyOf } from './deadline';
import type { Deadline } from './types';

/** Dark enough to read on white (WCAG AA): antd's own warning and danger text colours are lighter. */
const URGENCY_COLOR: Record<ReturnType<typeof urgencyOf>, string | undefined> = { overdue: '#cf1322', today: '#ad4e00', soon: '#ad4e00', later: undefined, none: undefined };

/** A deadline as working days left (overdue in red, soon in orange) over its China date. */
export function DueCell({ dueAt, deadline, showDaysLeft = true }: { dueAt: string | null; deadline: Deadline | null; showDaysLeft?: boolean }) {
  const { t } = useI18n();
  const day = dueDay(dueAt);
  if (!day) return <Typography.Text type="secondary">{t('inbox.due.none')}</Typography.Text>;
  const urgency = urgencyOf(deadline);
  const { key, vars } = daysLeftMessage(deadline);
  return (
    <span style={{ display: 'inline-flex', flexDirection: 'column' }} data-urgency={urgency}>
      {showDaysLeft && deadline && (
        <Typography.Text strong={urgency === 'overdue' || urgency === 'today'} style={{ color: URGENCY_COLOR[urgency] }}>
          {t(key, vars)}
        </Typography.Text>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('inbox.due.on', { date: day })}
      </Typography.Text>
    </span>
  );
}
