import { Space, Tag, Typography } from 'antd';
import { tagStyle } from '../../components/measure/MeasureTags';
import type { Outputs } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { dueDateOf } from '../measure/format';

export type Notice = Outputs['supervision']['notices']['rows'][number];

const STATUS_COLOR = { issued: 'gold', signed: 'processing', answered: 'success' } as const;

/** Where a notice stands (待签收 / 已签收 / 已答复, or 已办结 once its escalation is resolved), in words and colour. */
export function NoticeStatusTag({ notice }: { notice: Pick<Notice, 'status' | 'concluded'> }) {
  const { t } = useI18n();
  if (notice.concluded) {
    return (
      <Tag color="default" data-testid="notice-status" data-status="concluded" style={tagStyle('default')}>
        {t('supervision.status.concluded')}
      </Tag>
    );
  }
  const color = STATUS_COLOR[notice.status];
  return (
    <Tag color={color} data-testid="notice-status" data-status={notice.status} style={tagStyle(color)}>
      {t(`supervision.status.${notice.status}`)}
    </Tag>
  );
}

/** The answer deadline, in red with a word once it has passed unanswered (or was answered late). */
export function AnswerDue({ notice }: { notice: Pick<Notice, 'answerDueAt' | 'answerOverdue'> }) {
  const { t } = useI18n();
  if (!notice.answerOverdue) return <span>{dueDateOf(notice.answerDueAt)}</span>;
  return (
    <Space size={4}>
      <Typography.Text type="danger">{dueDateOf(notice.answerDueAt)}</Typography.Text>
      <Tag color="red" style={tagStyle('red')}>
        {t('supervision.answerOverdue')}
      </Tag>
    </Space>
  );
}
