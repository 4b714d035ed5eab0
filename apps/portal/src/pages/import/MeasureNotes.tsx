import { Alert, Checkbox, Input, Space, Tag, Typography } from 'antd';
import type { PlanPreview } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import type { DraftDeadline, DraftMeasure } from './draft';

const small = { fontSize: 12 } as const;

/**
 * Why a row reads as it does, under its title: 待核 (needs review) with the importer's reasons, the clause as
 * written (依据) and each plan-level convention applied to it (约定). Nothing when there is nothing to say.
 */
export function MeasureNotes({ measure }: { measure: Pick<DraftMeasure, 'number' | 'responsibilityText' | 'conventions' | 'review'> }) {
  const { t } = useI18n();
  const { review, responsibilityText, conventions } = measure;
  if (review.length === 0 && responsibilityText.length === 0 && conventions.length === 0) return null;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      {review.length > 0 && (
        <div role="note" aria-label={`${t('import.needsReview')}: ${t('import.needsReviewHint')}`} data-testid="needs-review">
          <Tag color="gold" style={{ marginInlineEnd: 4 }} title={t('import.needsReviewHint')}>
            {t('import.needsReview')}
          </Tag>
          <ul style={{ margin: '2px 0 0', paddingInlineStart: 16, ...small }}>
            {review.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </div>
      )}
      {responsibilityText.length > 0 && (
        <Typography.Text type="secondary" style={small} data-testid="measure-clause">
          {t('import.clause')}：{responsibilityText.join('')}
        </Typography.Text>
      )}
      {conventions.map((convention) => (
        <Typography.Text key={convention} type="secondary" style={small} data-testid="measure-convention">
          {t('import.convention')}：{convention}
        </Typography.Text>
      ))}
    </div>
  );
}

/**
 * 完成时限 of one row: the phrase as the document writes it, the due date (yyyy-mm-dd, checked like the plan's
 * date) and 长期 (ongoing), which takes the date away.
 */
export function DeadlineEditor({
  measure,
  error,
  onChange,
}: {
  measure: Pick<DraftMeasure, 'number' | 'deadline'>;
  error?: string;
  onChange: (patch: Partial<Pick<DraftDeadline, 'due' | 'ongoing'>>) => void;
}) {
  const { t } = useI18n();
  const { deadline, number } = measure;
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      <Typography.Text type="secondary" style={small} data-testid="deadline-written">
        {deadline.text ? t('import.deadlineWritten', { text: deadline.text }) : t('import.deadlineNotStated')}
      </Typography.Text>
      <Input
        size="small"
        placeholder="yyyy-mm-dd"
        aria-label={t('import.deadlineLabel', { number })}
        value={deadline.due}
        disabled={deadline.ongoing}
        status={error ? 'error' : undefined}
        onChange={(e) => onChange({ due: e.target.value })}
      />
      {error && (
        <Typography.Text type="danger" style={small} role="alert">
          {error}
        </Typography.Text>
      )}
      <Checkbox checked={deadline.ongoing} aria-label={t('import.ongoingLabel', { number })} onChange={(e) => onChange({ ongoing: e.target.checked })}>
        {t('measure.ongoing')}
      </Checkbox>
    </Space>
  );
}

/** The document's notes on how its clauses read (`列第一位者为牵头单位`), once above the rows they were applied to. */
export function PlanConventions({ conventions }: { conventions: PlanPreview['conventions'] }) {
  const { t } = useI18n();
  if (conventions.length === 0) return null;
  return (
    <Alert
      type="info"
      showIcon
      title={t('import.conventions')}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 16 }} data-testid="plan-conventions">
          {conventions.map((c) => (
            <li key={c.text}>
              {c.text}
              {c.from !== null && <Typography.Text type="secondary"> · {t('import.conventionFrom', { number: c.from })}</Typography.Text>}
            </li>
          ))}
        </ul>
      }
    />
  );
}
