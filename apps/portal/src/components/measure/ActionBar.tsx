import { Alert, Button, Space, Typography } from 'antd';
import type { MeasureAction } from '@liandong/domain/measure';
import { useI18n, type MessageKey } from '../../lib/i18n';
import { useTRPC } from '../../lib/trpc';
import type { MeasurePageData } from '../../pages/measure/view';
import { CommandButton } from './CommandButton';
import { useMeasureCommand } from './command';
import { cycleNo } from '../../pages/measure/format';

export type TabKey = 'overview' | 'units' | 'reports' | 'supervision' | 'timeline';

/** Actions on the measure as a whole or on the person's own assignment, in the order a person meets them. */
const BAR_ORDER: MeasureAction['type'][] = [
  'acceptAssignment',
  'submitReport',
  'declineAssignment',
  'requestTransfer',
  'requestExtension',
  'raiseIssue',
  'createSubtask',
  'escalate',
  'applyClosure',
  'decideClosure',
  'reinstateMeasure',
  'withdrawMeasure',
];

const LABEL: Partial<Record<MeasureAction['type'], MessageKey>> = {
  declineAssignment: 'mp.action.decline',
  requestTransfer: 'mp.action.transfer',
  requestExtension: 'mp.action.extension',
  raiseIssue: 'mp.action.raiseIssue',
  createSubtask: 'mp.action.createSubtask',
  escalate: 'mp.action.escalate',
  applyClosure: 'mp.action.applyClosure',
  decideClosure: 'mp.action.decideClosure',
  reinstateMeasure: 'mp.action.reinstate',
  withdrawMeasure: 'mp.action.withdraw',
};

/** The measure-level buttons, shown only for what the signed-in person may do now. */
export function ActionButtons({ page, actions, readOnly, onAction }: { page: MeasurePageData; actions: MeasureAction[]; readOnly: boolean; onAction: (action: MeasureAction) => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const accept = useMeasureCommand(page.id, trpc.measure.acceptAssignment.mutationOptions());
  const shown = actions.filter((a) => BAR_ORDER.includes(a.type)).sort((a, b) => BAR_ORDER.indexOf(a.type) - BAR_ORDER.indexOf(b.type));
  const duties = [...page.cycle.duties, ...page.carried];

  if (shown.length === 0) {
    return (
      <Typography.Text type="secondary" data-testid="measure-no-actions">
        {t(readOnly ? 'mp.readOnly' : 'mp.noActions')}
      </Typography.Text>
    );
  }
  return (
    <div role="group" aria-label={t('mp.actions')} data-testid="measure-actions">
      <Space wrap size="small">
        {shown.map((action) => {
          const key = `${action.type}:${'agencyId' in action ? action.agencyId : ''}:${'cycleIndex' in action ? action.cycleIndex : ''}`;
          if (action.type === 'acceptAssignment') {
            return (
              <CommandButton
                key={key}
                type="primary"
                pending={accept.isPending}
                doneText={t('mp.accept.done')}
                send={(requestId) => accept.mutateAsync({ measureId: page.id, agencyId: action.agencyId, requestId })}
              >
                {t('mp.action.accept')}
              </CommandButton>
            );
          }
          if (action.type === 'submitReport') {
            const returned = duties.find((d) => d.agencyId === action.agencyId && d.cycleIndex === action.cycleIndex)?.report?.status === 'returned';
            const label = returned ? t('mp.action.resubmit', { n: cycleNo(action.cycleIndex) }) : t(action.kind === 'combined' ? 'mp.action.combinedReport' : 'mp.action.report', { n: cycleNo(action.cycleIndex) });
            return (
              <Button key={key} type="primary" onClick={() => onAction(action)}>
                {label}
              </Button>
            );
          }
          const danger = action.type === 'declineAssignment' || action.type === 'withdrawMeasure';
          const primary = action.type === 'decideClosure';
          return (
            <Button key={key} danger={danger} type={primary ? 'primary' : 'default'} onClick={() => onAction(action)}>
              {t(LABEL[action.type]!)}
            </Button>
          );
        })}
      </Space>
    </div>
  );
}

/** What waits on the person further down the page (reviews, decisions, escalations), with a way there. */
export function TodoSummary({ actions, onGo }: { actions: MeasureAction[]; onGo: (tab: TabKey) => void }) {
  const { t } = useI18n();
  const count = (...types: MeasureAction['type'][]) => actions.filter((a) => types.includes(a.type)).length;
  const items: { key: MessageKey; n: number; tab: TabKey }[] = [
    { key: 'mp.todo.reviews' as const, n: count('reviewReport'), tab: 'reports' as const },
    { key: 'mp.todo.decisions' as const, n: count('arbitrateDecline', 'decideTransfer'), tab: 'units' as const },
    { key: 'mp.todo.subtasks' as const, n: count('completeSubtask'), tab: 'units' as const },
    { key: 'mp.todo.decisions' as const, n: count('decideExtension'), tab: 'supervision' as const },
    { key: 'mp.todo.escalations' as const, n: count('acknowledgeEscalation', 'resolveEscalation'), tab: 'supervision' as const },
    { key: 'mp.todo.issues' as const, n: new Set(actions.flatMap((a) => (a.type === 'resolveIssue' || a.type === 'triageIssue' ? [a.issueId] : []))).size, tab: 'supervision' as const },
  ].filter((i) => i.n > 0);
  if (items.length === 0) return null;
  return (
    <Alert
      type="info"
      showIcon
      data-testid="measure-todo"
      title={
        <Space orientation="vertical" size={2}>
          {items.map((item, i) => (
            <span key={i}>
              {t(item.key, { n: item.n })}{' '}
              <Button type="link" size="small" onClick={() => onGo(item.tab)} style={{ paddingInline: 4 }}>
                {t('mp.todo.go')}
              </Button>
            </span>
          ))}
        </Space>
      }
    />
  );
}
