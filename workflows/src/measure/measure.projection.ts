import { sql, type Transaction } from 'kysely';
import type { AssignmentUpdate, Database } from '@liandong/db';
import type { MeasureEvent } from './measure.events';

type Trx = Transaction<Database>;

/** The subject an audit event is about: the thing an auditor would look up. */
export function auditSubject(event: MeasureEvent, measureId: string): { subjectType: string; subjectId: string } {
  switch (event.type) {
    case 'report.submitted':
    case 'report.accepted':
    case 'report.returned':
      return { subjectType: 'report', subjectId: event.reportId };
    case 'escalation.raised':
    case 'escalation.climbed':
    case 'escalation.acknowledged':
    case 'escalation.resolved':
      return { subjectType: 'escalation', subjectId: event.escalationId };
    case 'issue.raised':
    case 'issue.triaged':
    case 'issue.responded':
    case 'issue.resolved':
      return { subjectType: 'coordination_issue', subjectId: event.issueId };
    case 'extension.requested':
    case 'extension.approved':
    case 'extension.rejected':
      return { subjectType: 'extension_request', subjectId: event.extensionId };
    case 'subtask.created':
    case 'subtask.due_moved':
    case 'subtask.reassigned':
    case 'subtask.completed':
      return { subjectType: 'subtask', subjectId: event.subtaskId };
    case 'assignment.accepted':
    case 'assignment.declined':
    case 'assignment.decline_overruled':
    case 'assignment.transfer_requested':
    case 'assignment.transfer_rejected':
    case 'reminder.sent':
    case 'cycle.missed':
      return { subjectType: 'assignment', subjectId: `${measureId}/${event.agencyId}` };
    case 'assignment.reassigned':
      return { subjectType: 'assignment', subjectId: `${measureId}/${event.fromAgencyId}` };
    default:
      return { subjectType: 'measure', subjectId: measureId };
  }
}

/** A short zh-CN line for the in-app notification of an event. */
export function notificationText(event: MeasureEvent): string {
  switch (event.type) {
    case 'measure.started':
      return '新的督办事项已分配给本单位，请及时接收';
    case 'measure.withdrawn':
      return `方案修订：本事项已撤销，暂停报送和督办（${event.reason}）`;
    case 'measure.reinstated':
      return '方案修订：本事项已恢复，请按新的截止时间报送';
    case 'assignment.accepted':
      return '配合单位已接收任务';
    case 'assignment.declined':
      return `有单位退回了任务：${event.reason}`;
    case 'assignment.decline_overruled':
      return `协调办维持原分工，请接收任务：${event.comment}`;
    case 'assignment.reassigned':
      return '任务已改派';
    case 'assignment.transfer_requested':
      return `有单位申请转办：${event.reason}`;
    case 'assignment.transfer_rejected':
      return `转办申请未获批准：${event.comment}`;
    case 'subtask.created':
      return `牵头单位交办了子任务：${event.title}`;
    case 'subtask.completed':
      return `子任务已完成：${event.note}`;
    case 'subtask.reassigned':
      return '任务改派：子任务已转由本单位承办';
    case 'report.submitted':
      return event.kind === 'combined' ? '牵头单位已提交汇总报告' : '配合单位已提交进展报告，请审核';
    case 'report.accepted':
      return '进展报告已通过审核';
    case 'report.returned':
      return `进展报告被退回修改：${event.comment}`;
    case 'reminder.sent':
      return `催办：本期进展报告将于 ${event.dueAt} 到期`;
    case 'escalation.raised':
      return `${levelName(event.level)}：${event.reason}`;
    case 'escalation.climbed':
      return `督办升级为${levelName(event.level)}`;
    case 'escalation.acknowledged':
      return '协调办已受理督办事项';
    case 'escalation.resolved':
      return `督办事项已办结：${event.decision}`;
    case 'issue.raised':
      return `新的跨部门协调事项：${event.title}`;
    case 'issue.triaged':
      return '协调办已指定本单位协助处理协调事项';
    case 'issue.responded':
      return `协调事项有新的回复：${event.response.length > 100 ? `${event.response.slice(0, 100)}…` : event.response}`;
    case 'issue.resolved':
      return `协调事项已解决：${event.resolution}`;
    case 'extension.requested':
      return `延期申请：${event.reason}`;
    case 'extension.approved':
      return `延期申请已批准，新的截止时间 ${event.dueAt}`;
    case 'extension.rejected':
      return `延期申请未获批准：${event.comment}`;
    case 'closure.requested':
      return '牵头单位申请办结，请审核';
    case 'closure.approved':
      return '事项已销号';
    case 'closure.returned':
      return `办结申请被退回：${event.comment}`;
    case 'cycle.missed':
      return `第 ${event.cycleIndex + 1} 期进展报告未按期报送`;
    case 'deadlines.recomputed':
      return '节假日安排调整，截止时间已重新计算';
    case 'assignments.synced':
      return '方案修订：本单位的督办任务已调整';
    default:
      return event.type;
  }
}

function levelName(level: 'blue' | 'yellow' | 'red'): string {
  return { blue: '蓝色预警（催办）', yellow: '黄色预警（督办单）', red: '红色预警（通报）' }[level];
}

/** Applies one event to the read model. Every write is keyed so that it cannot apply twice. */
export async function project(trx: Trx, measureId: string, event: MeasureEvent, at: Date, actor: string): Promise<void> {
  const setAssignment = (agencyId: number, values: AssignmentUpdate) =>
    trx.updateTable('assignments').set(values).where('measureId', '=', measureId).where('agencyId', '=', agencyId).execute();

  switch (event.type) {
    case 'measure.started':
      await trx.updateTable('measures').set({ cycleIndex: event.cycleIndex, cycleDueAt: new Date(event.dueAt), updatedAt: at }).where('id', '=', measureId).execute();
      await trx.updateTable('assignments').set({ dueAt: new Date(event.dueAt) }).where('measureId', '=', measureId).execute();
      return;
    case 'measure.withdrawn':
      await trx.updateTable('measures').set({ status: 'withdrawn', updatedAt: at }).where('id', '=', measureId).execute();
      return;
    case 'measure.reinstated':
      await trx.updateTable('measures').set({ status: event.status, cycleIndex: event.cycleIndex, cycleDueAt: new Date(event.dueAt), updatedAt: at }).where('id', '=', measureId).execute();
      await trx.updateTable('assignments').set({ dueAt: new Date(event.dueAt) }).where('measureId', '=', measureId).where('status', '!=', 'withdrawn').execute();
      return;
    case 'cycle.started':
      await trx.updateTable('measures').set({ cycleIndex: event.cycleIndex, cycleDueAt: new Date(event.dueAt), updatedAt: at }).where('id', '=', measureId).execute();
      // Open escalations outlive the cycle: the assignment keeps showing its level until they are resolved.
      await trx.updateTable('assignments').set({ dueAt: new Date(event.dueAt) }).where('measureId', '=', measureId).where('status', '!=', 'withdrawn').execute();
      return;
    case 'assignment.accepted':
      return void (await setAssignment(event.agencyId, { status: 'accepted', updatedAt: at }));
    case 'assignment.declined':
      return void (await setAssignment(event.agencyId, { status: 'declined', declineReason: event.reason, updatedAt: at }));
    case 'assignment.decline_overruled':
      return void (await setAssignment(event.agencyId, { status: 'pending', declineReason: null, updatedAt: at }));
    case 'assignment.transfer_requested':
      return void (await setAssignment(event.agencyId, { status: 'transfer_requested', transferToAgencyId: event.toAgencyId, updatedAt: at }));
    case 'assignment.transfer_rejected':
      return void (await setAssignment(event.agencyId, { status: 'accepted', transferToAgencyId: null, updatedAt: at }));
    case 'assignment.reassigned': {
      const from = await trx.selectFrom('assignments').select('dueAt').where('measureId', '=', measureId).where('agencyId', '=', event.fromAgencyId).executeTakeFirst();
      await setAssignment(event.fromAgencyId, { status: 'withdrawn', updatedAt: at });
      await trx
        .insertInto('assignments')
        .values({ measureId, agencyId: event.toAgencyId, role: event.role, status: 'pending', dueAt: from?.dueAt ?? null })
        .onConflict((oc) => oc.columns(['measureId', 'agencyId']).doUpdateSet({ status: 'pending', role: event.role, updatedAt: at }))
        .execute();
      if (event.role === 'lead') await trx.updateTable('measures').set({ leadAgencyId: event.toAgencyId, updatedAt: at }).where('id', '=', measureId).where('leadAgencyId', '=', event.fromAgencyId).execute();
      return;
    }
    case 'subtask.created':
      await trx
        .insertInto('subtasks')
        .values({ id: event.subtaskId, measureId, assigneeAgencyId: event.assigneeAgencyId, createdByAgencyId: event.createdByAgencyId, title: event.title, dueAt: new Date(event.dueAt), createdAt: at })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      return;
    case 'subtask.due_moved':
      await trx.updateTable('subtasks').set({ dueAt: new Date(event.dueAt) }).where('id', '=', event.subtaskId).execute();
      return;
    case 'subtask.reassigned':
      await trx.updateTable('subtasks').set({ assigneeAgencyId: event.assigneeAgencyId }).where('id', '=', event.subtaskId).execute();
      return;
    case 'subtask.completed':
      await trx.updateTable('subtasks').set({ status: 'done' }).where('id', '=', event.subtaskId).execute();
      return;
    case 'report.submitted':
      await trx
        .insertInto('reports')
        .values({
          id: event.reportId,
          measureId,
          agencyId: event.agencyId,
          cycleIndex: event.cycleIndex,
          kind: event.kind,
          revision: event.revision,
          progressStatus: event.content.progressStatus,
          percentDone: event.content.percentDone,
          kpiValues: JSON.stringify(event.content.kpiValues),
          summary: event.content.summary,
          problems: event.content.problems,
          supportRequested: event.content.supportRequested,
          late: event.late,
          submittedBy: actor,
          submittedAt: at,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      return;
    case 'report.accepted':
    case 'report.returned':
      await trx
        .updateTable('reports')
        .set({ status: event.type === 'report.accepted' ? 'accepted' : 'returned', reviewComment: event.comment, reviewedAt: at })
        .where('id', '=', event.reportId)
        .execute();
      return;
    case 'escalation.raised':
      await trx
        .insertInto('escalations')
        .values({ id: event.escalationId, measureId, agencyId: event.agencyId, cycleIndex: event.cycleIndex, kind: event.kind, level: event.level, reason: event.reason, raisedBy: actor, raisedAt: at })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      if (event.agencyId !== null) await setAssignment(event.agencyId, { escalationLevel: event.level });
      return;
    case 'escalation.climbed': {
      const row = await trx.updateTable('escalations').set({ level: event.level }).where('id', '=', event.escalationId).returning('agencyId').executeTakeFirst();
      if (row?.agencyId != null) await setAssignment(row.agencyId, { escalationLevel: event.level });
      return;
    }
    case 'escalation.acknowledged':
      await trx.updateTable('escalations').set({ status: 'acknowledged', acknowledgedAt: at }).where('id', '=', event.escalationId).execute();
      return;
    case 'escalation.resolved': {
      const row = await trx.updateTable('escalations').set({ status: 'resolved', resolvedAt: at, decision: event.decision }).where('id', '=', event.escalationId).returning('agencyId').executeTakeFirst();
      // The assignment shows the highest level still open on it.
      if (row?.agencyId != null) {
        const open = await trx
          .selectFrom('escalations')
          .select('level')
          .where('measureId', '=', measureId)
          .where('agencyId', '=', row.agencyId)
          .where('status', '!=', 'resolved')
          .execute();
        const highest = (['red', 'yellow', 'blue'] as const).find((l) => open.some((o) => o.level === l)) ?? null;
        await setAssignment(row.agencyId, { escalationLevel: highest });
      }
      return;
    }
    case 'issue.raised':
      await trx
        .insertInto('coordinationIssues')
        .values({ id: event.issueId, measureId, raisedByAgencyId: event.raisedByAgencyId, title: event.title, description: event.description, neededAgencyIds: event.neededAgencyIds, raisedAt: at })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      return;
    case 'issue.triaged':
      await trx.updateTable('coordinationIssues').set({ status: 'triaged', responderAgencyIds: event.responderAgencyIds, dueAt: new Date(event.dueAt) }).where('id', '=', event.issueId).execute();
      return;
    case 'issue.responded':
      // Every answer is kept; each agency's answers are numbered (revision) in the order they came.
      await trx
        .insertInto('issueResponses')
        .values((eb) => ({
          id: event.responseId,
          issueId: event.issueId,
          measureId,
          agencyId: event.agencyId,
          revision: eb
            .selectFrom('issueResponses')
            .select(sql<number>`coalesce(max(revision), 0) + 1`.as('next'))
            .where('issueId', '=', event.issueId)
            .where('agencyId', '=', event.agencyId),
          response: event.response,
          respondedBy: actor,
          respondedAt: at,
        }))
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      return;
    case 'issue.resolved':
      await trx.updateTable('coordinationIssues').set({ status: 'resolved', resolution: event.resolution, resolvedAt: at }).where('id', '=', event.issueId).execute();
      return;
    case 'extension.requested':
      await trx
        .insertInto('extensionRequests')
        .values({ id: event.extensionId, measureId, agencyId: event.agencyId, currentDueAt: new Date(event.currentDueAt), requestedDueAt: new Date(event.requestedDueAt), reason: event.reason, requestedAt: at })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      return;
    case 'extension.approved':
      await trx.updateTable('extensionRequests').set({ status: 'approved', decidedBy: actor, decidedAt: at, comment: event.comment }).where('id', '=', event.extensionId).execute();
      await setAssignment(event.agencyId, { dueAt: new Date(event.dueAt), escalationLevel: null });
      return;
    case 'extension.rejected':
      await trx.updateTable('extensionRequests').set({ status: 'rejected', decidedBy: actor, decidedAt: at, comment: event.comment }).where('id', '=', event.extensionId).execute();
      return;
    case 'closure.requested':
      await trx
        .insertInto('closureRequests')
        .values({ id: event.closureId, measureId, evidence: event.evidence, finalKpis: JSON.stringify(event.finalKpis), requestedAt: at })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      await trx.updateTable('measures').set({ status: 'closure_requested', updatedAt: at }).where('id', '=', measureId).execute();
      return;
    case 'closure.approved':
      await trx.updateTable('closureRequests').set({ status: 'approved', decidedAt: at, comment: event.comment }).where('id', '=', event.closureId).execute();
      await trx.updateTable('measures').set({ status: 'closed', closedAt: at, updatedAt: at }).where('id', '=', measureId).execute();
      return;
    case 'closure.returned':
      await trx.updateTable('closureRequests').set({ status: 'returned', decidedAt: at, comment: event.comment }).where('id', '=', event.closureId).execute();
      await trx.updateTable('measures').set({ status: 'active', updatedAt: at }).where('id', '=', measureId).execute();
      return;
    case 'assignments.synced':
      // The plan revision already wrote these rows; make sure they match, idempotently.
      for (const a of event.added) {
        await trx
          .insertInto('assignments')
          .values({ measureId, agencyId: a.agencyId, role: a.role, status: 'pending' })
          .onConflict((oc) => oc.columns(['measureId', 'agencyId']).doUpdateSet({ role: a.role, status: 'pending', updatedAt: at }))
          .execute();
      }
      for (const agencyId of event.withdrawn) await setAssignment(agencyId, { status: 'withdrawn', updatedAt: at });
      return;
    case 'deadlines.recomputed':
      for (const change of event.changes) await setAssignment(change.agencyId, { dueAt: new Date(change.to) });
      if (event.cycleDueAt) await trx.updateTable('measures').set({ cycleDueAt: new Date(event.cycleDueAt), updatedAt: at }).where('id', '=', measureId).execute();
      return;
    case 'reminder.sent':
    case 'cycle.missed':
      return; // audit and notification only
  }
}
