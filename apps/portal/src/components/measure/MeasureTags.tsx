import { Tag } from 'antd';
import type { MeasureStatus } from '@liandong/domain/measure';
import { useI18n } from '../../lib/i18n';
import type { EscalationLevel, PageDuty } from '../../pages/measure/view';

/** Text dark enough to read on the tag's pale background (WCAG AA); antd's preset text colours are lighter. */
const READABLE: Record<string, string> = {
  gold: '#874d00',
  warning: '#874d00',
  orange: '#873800',
  green: '#135200',
  success: '#135200',
  blue: '#003eb3',
  processing: '#003eb3',
  red: '#a8071a',
  error: '#a8071a',
  cyan: '#00474f',
  purple: '#391085',
};
export const tagStyle = (color: string) => ({ marginInlineEnd: 0, color: READABLE[color] });

const STATUS_COLOR: Record<MeasureStatus, string> = { active: 'processing', closure_requested: 'warning', closed: 'success', withdrawn: 'default' };

export function MeasureStatusTag({ status }: { status: MeasureStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="measure-status" style={tagStyle(STATUS_COLOR[status])}>
      {t(`mp.status.${status}`)}
    </Tag>
  );
}

const LIGHT_COLOR: Record<EscalationLevel | 'none', string> = { none: 'green', blue: 'blue', yellow: 'gold', red: 'red' };

/** The traffic light (督办等级): the highest open escalation, or green when none. Colour and words, never colour alone. */
export function TrafficLightTag({ level }: { level: EscalationLevel | null }) {
  const { t } = useI18n();
  const key = level ?? 'none';
  return (
    <Tag color={LIGHT_COLOR[key]} data-testid="measure-light" data-level={key} title={t('mp.light')} style={tagStyle(LIGHT_COLOR[key])}>
      <span aria-hidden>● </span>
      {t(`mp.light.${key}`)}
    </Tag>
  );
}

export function EscalationLevelTag({ level }: { level: EscalationLevel }) {
  const { t } = useI18n();
  return (
    <Tag color={LIGHT_COLOR[level]} style={tagStyle(LIGHT_COLOR[level])}>
      {t(`mp.light.${level}`)}
    </Tag>
  );
}

const ASSIGNMENT_COLOR: Record<string, string> = { pending: 'gold', accepted: 'green', declined: 'red', transfer_requested: 'purple', withdrawn: 'default' };
const ASSIGNMENT_KEYS = ['pending', 'accepted', 'declined', 'transfer_requested', 'withdrawn'] as const;

export function AssignmentStatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  const known = ASSIGNMENT_KEYS.find((k) => k === status);
  return (
    <Tag color={ASSIGNMENT_COLOR[status] ?? 'default'} style={tagStyle(ASSIGNMENT_COLOR[status] ?? 'default')}>
      {known ? t(`mp.assignment.${known}`) : status}
    </Tag>
  );
}

const REPORT_COLOR = { none: 'default', submitted: 'processing', accepted: 'success', returned: 'error' } as const;

/** A report's review state alone: awaiting review, accepted, returned. */
export function ReportStatusTag({ status }: { status: 'submitted' | 'accepted' | 'returned' }) {
  const { t } = useI18n();
  return (
    <Tag color={REPORT_COLOR[status]} style={tagStyle(REPORT_COLOR[status])}>
      {t(`mp.report.${status}`)}
    </Tag>
  );
}

/** A unit's report for a cycle: not submitted, awaiting review, accepted, returned; with revision, late, overdue, extended. */
export function ReportStateTags({ duty, now }: { duty: PageDuty; now: number }) {
  const { t } = useI18n();
  const state = duty.report?.status ?? 'none';
  const owed = state === 'none' || state === 'returned';
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
      <Tag color={REPORT_COLOR[state]} style={tagStyle(REPORT_COLOR[state])}>
        {t(`mp.report.${state}`)}
      </Tag>
      {duty.report && duty.report.revision > 1 && <Tag style={{ marginInlineEnd: 0 }}>{t('mp.report.revision', { n: duty.report.revision })}</Tag>}
      {duty.report?.late && (
        <Tag color="orange" style={tagStyle('orange')}>
          {t('mp.report.late')}
        </Tag>
      )}
      {owed && Date.parse(duty.dueAt) <= now && (
        <Tag color="red" style={tagStyle('red')}>
          {t('mp.report.overdue')}
        </Tag>
      )}
      {duty.extended && (
        <Tag color="cyan" style={tagStyle('cyan')}>
          {t('mp.report.extended')}
        </Tag>
      )}
    </span>
  );
}
