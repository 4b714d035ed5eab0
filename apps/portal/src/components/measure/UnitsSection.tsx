import { Space, Tag, Typography } from 'antd';
import { findAction, type MeasureAction } from '@liandong/domain/measure';
import { useI18n } from '../../lib/i18n';
import { dueDateOf } from '../../pages/measure/format';
import type { MeasurePageData, PageAssignment } from '../../pages/measure/view';
import { AssignmentStatusTag, tagStyle } from './MeasureTags';
import { ActionButton, none, TableSection } from './TableSection';

type Subtask = MeasurePageData['subtasks'][number];

/** Leads and partners with their assignment state, and the subtasks a lead handed out (分解/交办). */
export function UnitsSection({ page, actions, ownAgencyId, onAction }: { page: MeasurePageData; actions: MeasureAction[]; ownAgencyId: number; onAction: (action: MeasureAction) => void }) {
  const { t } = useI18n();
  // What waits on the reader first (a decline to arbitrate, a transfer to decide), then its own agency, the leads, the partners.
  const rank = (a: PageAssignment) =>
    findAction(actions, 'arbitrateDecline', { agencyId: a.agencyId }) || findAction(actions, 'decideTransfer', { agencyId: a.agencyId }) ? 0 : a.agencyId === ownAgencyId ? 1 : a.role === 'lead' ? 2 : 3;
  const ordered = [...page.assignments].sort((a, b) => rank(a) - rank(b));
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <TableSection<PageAssignment>
        id="measure-assignments"
        testId="assignments"
        title={t('mp.assignments')}
        rowKey="agencyId"
        dataSource={ordered}
        columns={[
          {
            title: t('mp.col.agency'),
            key: 'agency',
            render: (_, a) => (
              <span data-testid={`assignment-${a.agencyId}`}>
                {a.name}
                {a.agencyId === ownAgencyId && (
                  <Tag color="blue" style={{ marginInlineStart: 8 }}>
                    {t('mp.ownAgency')}
                  </Tag>
                )}
              </span>
            ),
          },
          { title: t('mp.col.role'), key: 'role', render: (_, a) => t(a.role === 'lead' ? 'mp.role.lead' : 'mp.role.partner') },
          { title: t('mp.col.status'), key: 'status', render: (_, a) => <AssignmentStatusTag status={a.status} /> },
          {
            title: t('mp.col.note'),
            key: 'note',
            render: (_, a) =>
              a.declineReason ? (
                <Typography.Text style={{ maxWidth: 360, display: 'inline-block', whiteSpace: 'pre-wrap' }}>{t('mp.declineReason', { reason: a.declineReason })}</Typography.Text>
              ) : a.transferTo ? (
                t('mp.transferTo', { name: a.transferTo.name })
              ) : (
                none
              ),
          },
          {
            title: t('mp.col.actions'),
            key: 'actions',
            render: (_, a) => {
              const arbitrate = findAction(actions, 'arbitrateDecline', { agencyId: a.agencyId });
              const decide = findAction(actions, 'decideTransfer', { agencyId: a.agencyId });
              if (!arbitrate && !decide) return none;
              return (
                <Space size="small">
                  {arbitrate && <ActionButton action={arbitrate} onAction={onAction} label={t('mp.action.arbitrate')} ariaLabel={`${t('mp.action.arbitrate')} ${a.name}`} />}
                  {decide && <ActionButton action={decide} onAction={onAction} label={t('mp.action.decideTransfer')} ariaLabel={`${t('mp.action.decideTransfer')} ${a.name}`} />}
                </Space>
              );
            },
          },
        ]}
      />
      <TableSection<Subtask>
        id="measure-subtasks"
        testId="subtasks"
        title={t('mp.subtasks')}
        rowKey="id"
        dataSource={page.subtasks}
        emptyText={t('mp.subtasks.empty')}
        columns={[
          { title: t('mp.col.subtask'), dataIndex: 'title', key: 'title', render: (title: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{title}</span> },
          { title: t('mp.col.assignee'), key: 'assignee', render: (_, s) => s.assignee.name },
          { title: t('mp.col.due'), key: 'due', render: (_, s) => dueDateOf(s.dueAt) },
          { title: t('mp.col.status'), key: 'status', render: (_, s) => <Tag color={s.status === 'done' ? 'success' : 'processing'} style={tagStyle(s.status === 'done' ? 'success' : 'processing')}>{t(s.status === 'done' ? 'mp.subtask.done' : 'mp.subtask.open')}</Tag> },
          {
            title: t('mp.col.actions'),
            key: 'actions',
            render: (_, s) => {
              const complete = findAction(actions, 'completeSubtask', { subtaskId: s.id });
              return complete ? <ActionButton action={complete} onAction={onAction} label={t('mp.action.completeSubtask')} ariaLabel={`${t('mp.action.completeSubtask')}：${s.title}`} /> : none;
            },
          },
        ]}
      />
    </Space>
  );
}
