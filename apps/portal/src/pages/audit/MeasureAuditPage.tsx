import { useQuery } from '@tanstack/react-query';
import { Button, Col, Descriptions, Empty, Result, Row, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { apiFailure, localizeMessage } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages';
import { useMediaQuery } from '../../lib/useMediaQuery';
import { usePageTitle } from '../../lib/title';
import { useTRPC } from '../../lib/trpc';
import { ForbiddenPage } from '../errors/ForbiddenPage';
import { NotFoundPage } from '../errors/NotFoundPage';
import {
  auditEventAnchor,
  auditEventsByHistory,
  historyAnchor,
  historyLink,
  parseTimelineAnchor,
  runNumbers,
  type HistoryRun,
  type MeasureAuditTimeline,
  type TimelineAuditEvent,
} from './history';
import { ActionLabel, actionTone, Actor, Instant, JsonDetails, LongId } from './parts';
import { historyDownloadHref, measureLogHref } from './query';

/** 措施审计: a measure's audit events beside the raw Temporal history of every run of its workflow. */
export function MeasureAuditPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const timeline = useQuery(trpc.audit.timeline.queryOptions({ measureId: id }));
  usePageTitle(timeline.data ? `${t('audit.timeline.title')} · ${timeline.data.number} ${timeline.data.title}` : t('audit.timeline.title'));

  if (timeline.isPending) {
    return (
      <div aria-busy="true" aria-label={t('loading')} data-testid="audit-timeline-loading">
        <Skeleton active title={{ width: '50%' }} paragraph={{ rows: 2 }} />
        <Skeleton active paragraph={{ rows: 8 }} />
      </div>
    );
  }
  if (timeline.isError) {
    const code = apiFailure(timeline.error).code;
    if (code === 'FORBIDDEN') return <ForbiddenPage detail={t('audit.forbidden')} />;
    if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') return <NotFoundPage detail={t('audit.timeline.notFound')} />;
    return (
      <Result
        status="error"
        title={t('error.load')}
        subTitle={localizeMessage(timeline.error.message, lang)}
        extra={
          <Button type="primary" loading={timeline.isFetching} onClick={() => void timeline.refetch()}>
            {t('retry')}
          </Button>
        }
      />
    );
  }
  return <TimelineView data={timeline.data} />;
}

const RUN_STATUS_COLOR: Record<string, string> = { RUNNING: 'processing', COMPLETED: 'green', CONTINUED_AS_NEW: 'default', FAILED: 'red', TERMINATED: 'red', TIMED_OUT: 'red', CANCELLED: 'gold' };
const RUN_STATUS_WORDS: Record<string, MessageKey> = {
  RUNNING: 'audit.run.RUNNING',
  COMPLETED: 'audit.run.COMPLETED',
  CONTINUED_AS_NEW: 'audit.run.CONTINUED_AS_NEW',
  FAILED: 'audit.run.FAILED',
  TERMINATED: 'audit.run.TERMINATED',
  TIMED_OUT: 'audit.run.TIMED_OUT',
  CANCELLED: 'audit.run.CANCELLED',
};

function TimelineView({ data }: { data: MeasureAuditTimeline }) {
  const { t } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  // Side by side from 992 px, where each column scrolls on its own; stacked below.
  const wide = useMediaQuery('(min-width: 992px)');
  const numbers = useMemo(() => runNumbers(data.runs), [data.runs]);
  const backLinks = useMemo(() => auditEventsByHistory(data.events), [data.events]);
  const target = useMemo(() => parseTimelineAnchor(location.hash, data), [location.hash, data]);

  // A link (or a shared URL) names an event by fragment: bring it into view on its side and mark it. Following
  // the same link again (after scrolling away) brings it back, hence the count of visits.
  const [visits, setVisits] = useState(0);
  useEffect(() => {
    if (!target) return;
    const element = document.getElementById(target);
    element?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    element?.focus({ preventScroll: true });
  }, [target, visits]);
  const goTo = (anchor: string) => {
    setVisits((n) => n + 1);
    void navigate({ search: location.search, hash: anchor }, { replace: true });
  };

  const column = wide ? { maxHeight: 'calc(100vh - 260px)', overflow: 'auto', paddingInlineEnd: 8 } : {};

  return (
    <Space orientation="vertical" size="medium" style={{ width: '100%' }}>
      <div>
        <Link to="/audit">← {t('audit.title')}</Link>
        <Typography.Title level={1} style={{ margin: '8px 0 0', fontSize: 22 }} data-testid="audit-timeline-title">
          {t('audit.timeline.title')} · <span data-testid="measure-number">{data.number}</span> {data.title}
        </Typography.Title>
      </div>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          { key: 'plan', label: t('audit.timeline.plan'), children: <Link to={`/plans/${encodeURIComponent(data.planId)}`}>{data.planTitle}</Link> },
          { key: 'workflow', label: t('audit.timeline.workflow'), children: <Typography.Text copyable data-testid="audit-workflow-id">{data.workflowId}</Typography.Text> },
          { key: 'counts', label: t('audit.timeline.counts'), children: t('audit.timeline.countsValue', { events: data.events.length, runs: data.runs.length }) },
        ]}
      />
      <Space wrap>
        <Button href={historyDownloadHref(data.measureId)} download data-testid="audit-history-download">
          {t('audit.timeline.download')}
        </Button>
        <Link to={measureLogHref(data.measureId)}>{t('audit.timeline.inLog')}</Link>
        <Link to={`/measures/${encodeURIComponent(data.measureId)}`}>{t('audit.timeline.measurePage')}</Link>
      </Space>

      <Row gutter={[24, 24]}>
        <Col xs={24} lg={12}>
          <section aria-labelledby="audit-events-title" data-testid="audit-timeline-events">
            <Typography.Title level={2} id="audit-events-title" style={{ fontSize: 16 }}>
              {t('audit.timeline.events', { n: data.events.length })}
            </Typography.Title>
            <div style={column}>
              {data.events.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('audit.timeline.noEvents')} />
              ) : (
                <Timeline
                  items={data.events.map((event) => ({
                    key: event.id,
                    color: actionTone(event.action),
                    content: <AuditEventItem event={event} data={data} numbers={numbers} marked={target === auditEventAnchor(event.id)} onHistory={goTo} />,
                  }))}
                />
              )}
            </div>
          </section>
        </Col>
        <Col xs={24} lg={12}>
          <section aria-labelledby="audit-history-title" data-testid="audit-timeline-history">
            <Typography.Title level={2} id="audit-history-title" style={{ fontSize: 16 }}>
              {t('audit.timeline.history', { n: data.runs.length })}
            </Typography.Title>
            <div style={column}>
              {data.runs.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('audit.timeline.noRuns')} />
              ) : (
                data.runs.map((run) => <RunSection key={run.runId} run={run} number={numbers.get(run.runId)!} backLinks={backLinks} target={target} onAuditEvent={goTo} />)
              )}
            </div>
          </section>
        </Col>
      </Row>
    </Space>
  );
}

const secondary = { color: 'rgba(0,0,0,0.45)' } as const;
const markedStyle = { background: '#fffbe6', outline: '2px solid #faad14', borderRadius: 4 } as const;

function AuditEventItem({ event, data, numbers, marked, onHistory }: { event: TimelineAuditEvent; data: MeasureAuditTimeline; numbers: Map<string, number>; marked: boolean; onHistory: (anchor: string) => void }) {
  const { t } = useI18n();
  const link = historyLink(event, data.runs, numbers);
  return (
    <div id={auditEventAnchor(event.id)} tabIndex={-1} data-testid="audit-timeline-event" data-event-id={event.id} data-action={event.action} style={{ padding: 4, ...(marked ? markedStyle : {}) }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        #{event.id} · <Instant iso={event.occurredAt} />
      </Typography.Text>
      <div>
        <ActionLabel action={event.action} />
      </div>
      <div>
        <Actor actor={event.actor} actorName={event.actorName} />
        {event.actorAgencyName && <Typography.Text type="secondary"> · {event.actorAgencyName}</Typography.Text>}
      </div>
      {link &&
        (link.present ? (
          <Button type="link" size="small" style={{ padding: 0 }} data-testid="audit-history-link" data-anchor={link.anchor} onClick={() => onHistory(link.anchor)}>
            {t('audit.timeline.historyLink', { id: link.eventId, run: link.runNumber ?? '?', runId: link.runId.slice(0, 8) })}
          </Button>
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('audit.timeline.historyGone', { id: link.eventId, runId: link.runId })}
          </Typography.Text>
        ))}
      <JsonDetails summary={t('audit.detail.payload')} value={event.payload} />
    </div>
  );
}

function RunSection({ run, number, backLinks, target, onAuditEvent }: { run: HistoryRun; number: number; backLinks: Map<string, number[]>; target: string | null; onAuditEvent: (anchor: string) => void }) {
  const { t } = useI18n();
  const words = RUN_STATUS_WORDS[run.status];
  return (
    <section aria-label={t('audit.run.title', { n: number })} data-testid="audit-run" data-run-id={run.runId} style={{ marginBottom: 24 }}>
      <div style={{ paddingBottom: 4, borderBottom: '1px solid rgba(0,0,0,0.06)' }}>
        <Space wrap size={6}>
          <Typography.Text strong>{t('audit.run.title', { n: number })}</Typography.Text>
          <Tag color={RUN_STATUS_COLOR[run.status] ?? 'default'}>{words ? `${t(words)} · ${run.status}` : run.status}</Tag>
          <LongId value={run.runId} />
        </Space>
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('audit.run.started')} <Instant iso={run.startTime} />
            {run.closeTime && (
              <>
                {' '}
                · {t('audit.run.closed')} <Instant iso={run.closeTime} />
              </>
            )}{' '}
            · {t('audit.run.events', { n: run.events.length })}
          </Typography.Text>
        </div>
      </div>
      <ol style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {run.events.map((event) => {
          const anchor = historyAnchor({ runId: run.runId, eventId: event.eventId });
          const recorded = backLinks.get(anchor) ?? [];
          return (
            <li
              key={event.eventId}
              id={anchor}
              tabIndex={-1}
              data-testid="history-event"
              data-event-id={event.eventId}
              data-marked={target === anchor || undefined}
              style={{ padding: '4px 6px', borderBottom: '1px solid rgba(0,0,0,0.04)', ...(target === anchor ? markedStyle : {}) }}
            >
              {/* Plain elements: a run holds thousands of events, and antd's Typography per cell would slow the page. */}
              <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', gap: 8 }}>
                <span style={{ ...secondary, fontVariantNumeric: 'tabular-nums' }}>#{event.eventId}</span>
                <code>{event.eventType}</code>
                <span style={{ ...secondary, fontSize: 12 }}>
                  <Instant iso={event.eventTime} />
                </span>
                {recorded.map((id) => (
                  <Button key={id} type="link" size="small" style={{ padding: 0, height: 'auto' }} data-testid="history-audit-link" onClick={() => onAuditEvent(auditEventAnchor(id))}>
                    {t('audit.timeline.recorded', { id })}
                  </Button>
                ))}
              </div>
              <JsonDetails summary={t('audit.timeline.attributes')} value={event.attributes} />
            </li>
          );
        })}
      </ol>
    </section>
  );
}
