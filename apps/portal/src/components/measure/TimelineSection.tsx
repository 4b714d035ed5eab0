import { Alert, Empty, Space, Timeline, Typography } from 'antd';
import { useI18n } from '../../lib/i18n';
import { cycleNo, dueDateOf, formatInstant } from '../../pages/measure/format';
import { concernsOther, eventMessage, eventTone } from '../../pages/measure/timeline';
import type { MeasurePageData, TimelineEntry } from '../../pages/measure/view';
import { EscalationLevelTag } from './MeasureTags';
import { ProgressStatusTag } from './ReportContent';

/** One event: what happened, who did it (and for which agency), and what it concerned, in one or two lines. */
function EventLine({ entry }: { entry: TimelineEntry }) {
  const { t } = useI18n();
  const message = eventMessage(entry.action);
  const { summary: s, actor } = entry;
  const who = actor.system ? t('mp.timeline.system') : actor.agency ? t('mp.timeline.by', { name: actor.name, agency: actor.agency.name }) : actor.name;
  const details = [
    concernsOther(entry) && s.agency ? t('mp.timeline.concerns', { agency: s.agency.name }) : null,
    s.toAgency ? t('mp.timeline.to', { agency: s.toAgency.name }) : null,
    s.cycleIndex !== null ? t('mp.cycle', { n: cycleNo(s.cycleIndex) }) : null,
    s.kind ? t(s.kind === 'combined' ? 'mp.report.kind.combined' : 'mp.report.kind.partner') : null,
    s.revision !== null && s.revision > 1 ? t('mp.report.revision', { n: s.revision }) : null,
    s.percentDone !== null ? `${s.percentDone}%` : null,
    s.dueAt ? t('mp.timeline.due', { date: dueDateOf(s.dueAt) }) : null,
  ].filter((d): d is string => d !== null);
  return (
    <div>
      <div>
        <Typography.Text strong>{message ? t(message) : entry.action}</Typography.Text>
        <Typography.Text type="secondary"> · {who}</Typography.Text>
      </div>
      {(details.length > 0 || s.progressStatus || s.level) && (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center', marginTop: 2 }}>
          {s.progressStatus && <ProgressStatusTag status={s.progressStatus} />}
          {s.level && <EscalationLevelTag level={s.level} />}
          {details.length > 0 && <Typography.Text type="secondary">{details.join(' · ')}</Typography.Text>}
        </div>
      )}
      {s.text && <Typography.Paragraph style={{ margin: '2px 0 0', whiteSpace: 'pre-wrap' }}>“{s.text}”</Typography.Paragraph>}
    </div>
  );
}

/** Everything that happened on the measure, newest first, from its audit log (时间线). */
export function TimelineSection({ page }: { page: MeasurePageData }) {
  const { t, lang } = useI18n();
  return (
    <section aria-labelledby="measure-timeline-title" data-testid="measure-timeline">
      <Space orientation="vertical" size="medium" style={{ width: '100%' }}>
        <Typography.Title level={2} id="measure-timeline-title" style={{ fontSize: 16, margin: 0 }}>
          {t('mp.timeline')}
        </Typography.Title>
        {page.timeline.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mp.timeline.empty')} />
        ) : (
          <Timeline
            items={page.timeline.map((entry, i) => ({
              key: i,
              color: eventTone(entry.action),
              content: (
                <>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    <time dateTime={entry.at}>{formatInstant(entry.at, lang)}</time>
                  </Typography.Text>
                  <EventLine entry={entry} />
                </>
              ),
            }))}
          />
        )}
        {page.timelineHasMore && <Alert type="info" showIcon title={t('mp.timeline.more', { n: page.timeline.length })} />}
      </Space>
    </section>
  );
}
