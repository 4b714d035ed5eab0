import { Space, Tag, Typography } from 'antd';
import { findAction, type MeasureAction } from '@liandong/domain/measure';
import { useI18n } from '../../lib/i18n';
import { useTRPC } from '../../lib/trpc';
import { cycleNo, dueDateOf } from '../../pages/measure/format';
import type { MeasurePageData, PageEscalation } from '../../pages/measure/view';
import { CommandButton } from './CommandButton';
import { useMeasureCommand } from './command';
import { EscalationLevelTag, tagStyle } from './MeasureTags';
import { ActionButton, none, TableSection } from './TableSection';

type Issue = MeasurePageData['issues'][number];
type Extension = MeasurePageData['extensions'][number];

/** Escalations (督办), coordination issues (需协调事项) and extension requests (延期申请), with the decisions on them. */
export function SupervisionSection({ page, actions, onAction }: { page: MeasurePageData; actions: MeasureAction[]; onAction: (action: MeasureAction) => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const acknowledge = useMeasureCommand(page.id, trpc.measure.acknowledgeEscalation.mutationOptions());
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <TableSection<PageEscalation>
        id="measure-escalations"
        testId="escalations"
        title={t('mp.escalations')}
        rowKey="id"
        dataSource={page.escalations}
        emptyText={t('mp.escalations.empty')}
        columns={[
          { title: t('mp.col.level'), key: 'level', render: (_, e) => <EscalationLevelTag level={e.level} /> },
          { title: t('mp.col.kind'), key: 'kind', render: (_, e) => t(e.kind === 'overdue' ? 'mp.escalation.overdue' : 'mp.escalation.manual') },
          { title: t('mp.col.target'), key: 'target', render: (_, e) => e.agency?.name ?? t('mp.escalation.wholeMeasure') },
          { title: t('mp.col.reason'), key: 'reason', render: (_, e) => (e.reason ? <span style={{ whiteSpace: 'pre-wrap' }}>{e.reason}</span> : none) },
          { title: t('mp.col.cycle'), key: 'cycle', render: (_, e) => (e.cycleIndex === null ? none : t('mp.cycle', { n: cycleNo(e.cycleIndex) })) },
          { title: t('mp.col.status'), key: 'status', render: (_, e) => <Tag color={e.status === 'open' ? 'gold' : 'processing'} style={tagStyle(e.status === 'open' ? 'gold' : 'processing')}>{t(e.status === 'open' ? 'mp.escalation.open' : 'mp.escalation.acknowledged')}</Tag> },
          {
            title: t('mp.col.actions'),
            key: 'actions',
            render: (_, e) => {
              const ack = findAction(actions, 'acknowledgeEscalation', { escalationId: e.id });
              const resolve = findAction(actions, 'resolveEscalation', { escalationId: e.id });
              if (ack) {
                return (
                  <CommandButton
                    size="small"
                    type="primary"
                    pending={acknowledge.isPending && acknowledge.variables?.escalationId === e.id}
                    doneText={t('mp.acknowledge.done')}
                    send={(requestId) => acknowledge.mutateAsync({ measureId: page.id, escalationId: e.id, requestId })}
                  >
                    {t('mp.action.acknowledge')}
                  </CommandButton>
                );
              }
              return resolve ? <ActionButton action={resolve} onAction={onAction} label={t('mp.action.resolveEscalation')} /> : none;
            },
          },
        ]}
      />

      <TableSection<Issue>
        id="measure-issues"
        testId="issues"
        title={t('mp.issues')}
        rowKey="id"
        dataSource={page.issues}
        emptyText={t('mp.issues.empty')}
        columns={[
          {
            title: t('mp.col.issue'),
            key: 'issue',
            render: (_, i) =>
              i.title ? (
                <div style={{ maxWidth: 420 }}>
                  <Typography.Text strong>{i.title}</Typography.Text>
                  {i.description && (
                    <Typography.Paragraph type="secondary" style={{ margin: 0, whiteSpace: 'pre-wrap' }} ellipsis={{ rows: 3, expandable: 'collapsible' }}>
                      {i.description}
                    </Typography.Paragraph>
                  )}
                </div>
              ) : (
                none
              ),
          },
          { title: t('mp.col.raisedBy'), key: 'raisedBy', render: (_, i) => i.raisedBy.name },
          { title: t('mp.col.neededAgencies'), key: 'needed', render: (_, i) => (i.neededAgencies.length > 0 ? i.neededAgencies.map((a) => a.name).join('、') : none) },
          { title: t('mp.col.responders'), key: 'responders', render: (_, i) => (i.responders.length > 0 ? i.responders.map((a) => a.name).join('、') : none) },
          { title: t('mp.col.issueDue'), key: 'due', render: (_, i) => (i.dueAt ? dueDateOf(i.dueAt) : none) },
          { title: t('mp.col.status'), key: 'status', render: (_, i) => <Tag color={i.status === 'open' ? 'gold' : 'processing'} style={tagStyle(i.status === 'open' ? 'gold' : 'processing')}>{t(i.status === 'open' ? 'mp.issue.open' : 'mp.issue.triaged')}</Tag> },
          {
            title: t('mp.col.actions'),
            key: 'actions',
            render: (_, i) => {
              const triage = findAction(actions, 'triageIssue', { issueId: i.id });
              const resolve = findAction(actions, 'resolveIssue', { issueId: i.id });
              if (!triage && !resolve) return none;
              return (
                <Space size="small">
                  {resolve && <ActionButton action={resolve} onAction={onAction} label={t('mp.action.resolveIssue')} />}
                  {triage && <ActionButton action={triage} onAction={onAction} label={t(i.status === 'open' ? 'mp.action.triage' : 'mp.action.retriage')} type={i.status === 'open' ? 'primary' : 'default'} />}
                </Space>
              );
            },
          },
        ]}
      />

      <TableSection<Extension>
        id="measure-extensions"
        testId="extensions"
        title={t('mp.extensions')}
        rowKey="id"
        dataSource={page.extensions}
        emptyText={t('mp.extensions.empty')}
        columns={[
          { title: t('mp.col.agency'), key: 'agency', render: (_, e) => e.agency.name },
          { title: t('mp.col.cycle'), key: 'cycle', render: (_, e) => t('mp.cycle', { n: cycleNo(e.cycleIndex) }) },
          { title: t('mp.col.requestedDue'), key: 'requestedDue', render: (_, e) => dueDateOf(e.requestedDueAt) },
          {
            title: t('mp.col.actions'),
            key: 'actions',
            render: (_, e) => {
              const decide = findAction(actions, 'decideExtension', { extensionId: e.id });
              return decide ? <ActionButton action={decide} onAction={onAction} label={t('mp.action.decideExtension')} ariaLabel={t('mp.decideExtension.title', { agency: e.agency.name })} /> : none;
            },
          },
        ]}
      />
    </Space>
  );
}
