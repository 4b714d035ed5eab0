import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { findAction, type MeasureAction } from '@liandong/domain/measure';
import { useI18n } from '../../lib/i18n';
import { cycleNo, dueDateOf, formatInstant, formatPeriod } from '../../pages/measure/format';
import { HISTORY_CYCLES, roleOf, type MeasurePageData, type PageDuty, type PastReport } from '../../pages/measure/view';
import { ReportStateTags, ReportStatusTag, tagStyle } from './MeasureTags';
import { ReportContentView } from './ReportContent';

/**
 * The reporting cycles (报送周期): the current one with each unit's report and due date, earlier cycles
 * still open (a report awaiting review, returned, or still owed), and earlier cycles' reports. Each report opens
 * to what the unit wrote and what its reviewer said. Reviews happen here.
 */
export function ReportsSection({
  page,
  actions,
  ownAgencyId,
  waitingFor,
  now,
  onAction,
}: {
  page: MeasurePageData;
  actions: MeasureAction[];
  ownAgencyId: number;
  /** Partners the signed-in lead's combined report still waits for; empty otherwise. */
  waitingFor: string[];
  now: number;
  onAction: (action: MeasureAction) => void;
}) {
  const { t, lang } = useI18n();
  const { cycle } = page;
  // A duty's row opens to the report the unit sent (its last revision) and the review comment.
  const expandable = {
    rowExpandable: (d: PageDuty) => d.report !== null,
    expandedRowRender: (d: PageDuty) =>
      d.report && <ReportContentView report={d.report} kpis={page.kpis} label={t('mp.content.label', { agency: d.name, n: cycleNo(d.cycleIndex) })} />,
  };
  const columns = [
    {
      title: t('mp.col.agency'),
      key: 'agency',
      render: (_: unknown, d: PageDuty) => (
        <span>
          {d.name}
          {d.agencyId === ownAgencyId && (
            <Tag color="blue" style={{ marginInlineStart: 8 }}>
              {t('mp.ownAgency')}
            </Tag>
          )}
        </span>
      ),
    },
    {
      title: t('mp.col.report'),
      key: 'kind',
      render: (_: unknown, d: PageDuty) => {
        const role = roleOf(page, d.agencyId);
        return role ? t(role === 'lead' ? 'mp.report.kind.combined' : 'mp.report.kind.partner') : '—';
      },
    },
    { title: t('mp.col.due'), key: 'due', render: (_: unknown, d: PageDuty) => dueDateOf(d.dueAt) },
    { title: t('mp.col.status'), key: 'status', render: (_: unknown, d: PageDuty) => <ReportStateTags duty={d} now={now} /> },
    {
      title: t('mp.col.actions'),
      key: 'actions',
      render: (_: unknown, d: PageDuty) => {
        const review = findAction(actions, 'reviewReport', { agencyId: d.agencyId, cycleIndex: d.cycleIndex });
        if (!review) return <span aria-hidden>—</span>;
        return (
          <Button size="small" type="primary" onClick={() => onAction(review)} aria-label={t('mp.review.title', { agency: d.name, n: cycleNo(d.cycleIndex) })}>
            {t('mp.action.review')}
          </Button>
        );
      },
    },
  ];
  const rowProps = (d: PageDuty) => ({ 'data-testid': `duty-${d.cycleIndex}-${d.agencyId}` }) as HTMLAttributes<HTMLElement>;
  // What waits on the reader first (a report to review), then its own agency, the lead, and reports in before those still owed.
  const rank = (d: PageDuty) =>
    findAction(actions, 'reviewReport', { agencyId: d.agencyId, cycleIndex: d.cycleIndex }) ? 0 : d.agencyId === ownAgencyId ? 1 : roleOf(page, d.agencyId) === 'lead' ? 2 : d.report ? 3 : 4;
  const ordered = (duties: PageDuty[]) => [...duties].sort((a, b) => rank(a) - rank(b) || a.cycleIndex - b.cycleIndex);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {waitingFor.length > 0 && <Alert type="info" showIcon title={t('mp.combined.waits', { names: waitingFor.join('、') })} data-testid="combined-waits" />}
      <Card
        size="small"
        title={
          <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
            {t('mp.cycle.title', { n: cycleNo(cycle.index), period: formatPeriod(cycle.periodStart, cycle.periodEnd) })}
          </Typography.Title>
        }
        extra={
          <Space size="medium" wrap>
            <Typography.Text strong>{t('mp.cycle.due', { date: dueDateOf(cycle.dueAt) })}</Typography.Text>
            <Typography.Text type="secondary">{t('mp.cycle.closes', { date: dueDateOf(cycle.closesAt) })}</Typography.Text>
          </Space>
        }
        data-testid="current-cycle"
      >
        <Table<PageDuty>
          rowKey={(d) => `${d.cycleIndex}:${d.agencyId}`}
          size="small"
          dataSource={ordered(cycle.duties)}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={columns}
          onRow={rowProps}
          expandable={expandable}
        />
      </Card>
      <section aria-labelledby="measure-carried" data-testid="carried">
        <Typography.Title level={2} id="measure-carried" style={{ fontSize: 16 }}>
          {t('mp.carried')}
        </Typography.Title>
        <Table<PageDuty>
          rowKey={(d) => `${d.cycleIndex}:${d.agencyId}`}
          size="small"
          dataSource={ordered(page.carried)}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('mp.carried.empty') }}
          columns={[{ title: t('mp.col.cycle'), key: 'cycle', render: (_: unknown, d: PageDuty) => t('mp.cycle', { n: cycleNo(d.cycleIndex) }) }, ...columns]}
          onRow={rowProps}
          expandable={expandable}
        />
      </section>
      <section aria-labelledby="measure-history" data-testid="report-history">
        <Typography.Title level={2} id="measure-history" style={{ fontSize: 16 }}>
          {t('mp.history')}
        </Typography.Title>
        {page.history.length > 0 && (
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('mp.history.note', { n: HISTORY_CYCLES })}
          </Typography.Paragraph>
        )}
        <Table<PastReport>
          rowKey={(h) => `${h.cycleIndex}:${h.agency.agencyId}:${h.kind}`}
          size="small"
          dataSource={page.history}
          pagination={page.history.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('mp.history.empty') }}
          columns={[
            {
              title: t('mp.col.cycle'),
              key: 'cycle',
              render: (_: unknown, h: PastReport) => (
                <span>
                  {t('mp.cycle', { n: cycleNo(h.cycleIndex) })}
                  <br />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatPeriod(h.periodStart, h.periodEnd)}
                  </Typography.Text>
                </span>
              ),
            },
            { title: t('mp.col.agency'), key: 'agency', render: (_: unknown, h: PastReport) => h.agency.name },
            { title: t('mp.col.report'), key: 'kind', render: (_: unknown, h: PastReport) => t(h.kind === 'combined' ? 'mp.report.kind.combined' : 'mp.report.kind.partner') },
            {
              title: t('mp.col.status'),
              key: 'status',
              render: (_: unknown, h: PastReport) => (
                <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
                  <ReportStatusTag status={h.status} />
                  {h.revision > 1 && <Tag style={{ marginInlineEnd: 0 }}>{t('mp.report.revision', { n: h.revision })}</Tag>}
                  {h.late && (
                    <Tag color="orange" style={tagStyle('orange')}>
                      {t('mp.report.late')}
                    </Tag>
                  )}
                </span>
              ),
            },
            { title: t('mp.col.submittedAt'), key: 'submittedAt', render: (_: unknown, h: PastReport) => formatInstant(h.submittedAt, lang) },
          ]}
          expandable={{
            expandedRowRender: (h: PastReport) => <ReportContentView report={h} kpis={page.kpis} label={t('mp.content.label', { agency: h.agency.name, n: cycleNo(h.cycleIndex) })} />,
          }}
        />
      </section>
    </Space>
  );
}
