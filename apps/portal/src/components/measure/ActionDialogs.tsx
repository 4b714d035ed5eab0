import { useQuery } from '@tanstack/react-query';
import { Alert, Form, Input, InputNumber, Select, Typography } from 'antd';
import { useRef, type ReactNode } from 'react';
import type { MeasureAction } from '@liandong/domain/measure';
import { useI18n } from '../../lib/i18n';
import { useTRPC } from '../../lib/trpc';
import { chinaDateOf, cycleNo, deadlineOf, dueDateOf } from '../../pages/measure/format';
import type { MeasurePageData, PageKpi } from '../../pages/measure/view';
import { AgencyField } from './AgencyField';
import { CommandDialog, useMeasureCommand } from './command';
import { AgenciesChoiceField, ApprovalField, ChoiceField, DateField, DecisionCommentField, DecisionField, OptionalTextField, RequiredTextField, useRules, type Directory } from './DialogFields';
import { ReportContentView } from './ReportContent';

type Of<T extends MeasureAction['type']> = Extract<MeasureAction, { type: T }>;

/** The commands with a form of their own (accept and acknowledge are one click; the report has its drawer). */
export type DialogAction = Exclude<MeasureAction, { type: 'acceptAssignment' | 'acknowledgeEscalation' | 'submitReport' }>;

interface DialogsProps {
  page: MeasurePageData;
  /** The action whose form is open, or null. */
  action: DialogAction | null;
  onClose: () => void;
  names: ReadonlyMap<number, string>;
  kpis: readonly PageKpi[];
  /** Whether the signed-in person acts as the plan's coordinator (a manual escalation then starts yellow). */
  asCoordinator: boolean;
  /** Whether a form the person may open names agencies of the directory (转办, 改派, 需协调事项). */
  namesAgencies: boolean;
}

/**
 * The last action of a type while its dialog is open or closing: the dialog keeps its content through the
 * closing animation, and focus goes back to the button that opened it.
 */
function useShown<T extends DialogAction['type']>(action: DialogAction | null, type: T): { open: boolean; shown: Of<T> | null } {
  const last = useRef<Of<T> | null>(null);
  const open = action?.type === type;
  if (open) last.current = action as Of<T>;
  return { open, shown: last.current };
}

const DAY_MS = 86_400_000;
/** Typing narrows a choice of the measure's agencies by name. */
const byLabel = { filterOption: (input: string, option?: { label?: unknown }) => String(option?.label ?? '').includes(input.trim()) };
const tomorrow = () => chinaDateOf(Date.now() + DAY_MS);

/** Every command form of the measure page; at most one is open. */
export function MeasureDialogs(props: DialogsProps) {
  const trpc = useTRPC();
  // The directory loads as soon as the person may open a form that names another agency, so it is there when they type.
  const agencies = useQuery({ ...trpc.agency.list.queryOptions({}), enabled: props.namesAgencies, staleTime: 10 * 60_000 });
  const directory = { agencies: agencies.data ?? [], loading: agencies.isLoading };
  return (
    <>
      <DeclineDialog {...props} />
      <TransferDialog {...props} directory={directory} />
      <ArbitrateDialog {...props} directory={directory} />
      <DecideTransferDialog {...props} />
      <CreateSubtaskDialog {...props} />
      <CompleteSubtaskDialog {...props} />
      <ReviewDialog {...props} />
      <EscalateDialog {...props} />
      <ResolveEscalationDialog {...props} />
      <RaiseIssueDialog {...props} directory={directory} />
      <TriageIssueDialog {...props} directory={directory} />
      <ResolveIssueDialog {...props} />
      <ExtensionDialog {...props} />
      <DecideExtensionDialog {...props} />
      <ApplyClosureDialog {...props} />
      <DecideClosureDialog {...props} />
      <WithdrawDialog {...props} />
      <ReinstateDialog {...props} />
    </>
  );
}

function Intro({ children }: { children: ReactNode }) {
  return <Typography.Paragraph type="secondary">{children}</Typography.Paragraph>;
}

// ---- the officer's own assignment -----------------------------------------------------

function DeclineDialog({ page, action, onClose }: DialogsProps) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { open, shown } = useShown(action, 'declineAssignment');
  const command = useMeasureCommand(page.id, trpc.measure.declineAssignment.mutationOptions());
  return (
    <CommandDialog<{ reason: string }>
      name="decline"
      open={open}
      onClose={onClose}
      title={t('mp.decline.title')}
      okText={t('mp.decline.ok')}
      danger
      pending={command.isPending}
      doneText={t('mp.decline.done')}
      confirm={() => t('mp.decline.confirm')}
      intro={<Intro>{t('mp.decline.intro')}</Intro>}
      send={(v, requestId) => command.mutateAsync({ measureId: page.id, agencyId: shown!.agencyId, reason: v.reason, requestId })}
    >
      <RequiredTextField name="reason" label={t('mp.decline.reason')} placeholder={t('mp.decline.reasonHint')} />
    </CommandDialog>
  );
}

function TransferDialog({ page, action, onClose, directory }: DialogsProps & { directory: Directory }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { open, shown } = useShown(action, 'requestTransfer');
  const command = useMeasureCommand(page.id, trpc.measure.requestTransfer.mutationOptions());
  const onMeasure = page.assignments.map((a) => a.agencyId);
  return (
    <CommandDialog<{ toAgencyId: number; reason: string }>
      name="transfer"
      open={open}
      onClose={onClose}
      title={t('mp.transfer.title')}
      okText={t('mp.transfer.ok')}
      pending={command.isPending}
      doneText={t('mp.transfer.done')}
      intro={<Intro>{t('mp.transfer.intro')}</Intro>}
      send={(v, requestId) => command.mutateAsync({ measureId: page.id, agencyId: shown!.agencyId, toAgencyId: v.toAgencyId, reason: v.reason, requestId })}
    >
      <ChoiceField name="toAgencyId" label={t('mp.transfer.to')}>
        <AgencyField agencies={directory.agencies} loading={directory.loading} exclude={onMeasure} placeholder={t('mp.pickAgency')} />
      </ChoiceField>
      <RequiredTextField name="reason" label={t('mp.transfer.reason')} />
    </CommandDialog>
  );
}

// ---- the coordinator's decisions on assignments -----------------------------------------

function ArbitrateDialog({ page, action, onClose, names, directory }: DialogsProps & { directory: Directory }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { open, shown } = useShown(action, 'arbitrateDecline');
  const command = useMeasureCommand(page.id, trpc.measure.arbitrateDecline.mutationOptions());
  const declined = page.assignments.find((a) => a.agencyId === shown?.agencyId);
  const onMeasure = page.assignments.map((a) => a.agencyId);
  return (
    <CommandDialog<{ decision: 'reassign' | 'insist'; reassignToAgencyId?: number; comment?: string }>
      name="arbitrate"
      open={open}
      onClose={onClose}
      title={t('mp.arbitrate.title', { agency: names.get(shown?.agencyId ?? 0) ?? '' })}
      okText={t('mp.arbitrate.ok')}
      pending={command.isPending}
      doneText={t('mp.arbitrate.done')}
      confirm={() => t('mp.arbitrate.confirm')}
      intro={declined?.declineReason ? <Alert type="info" showIcon title={t('mp.declineReason', { reason: declined.declineReason })} style={{ marginBottom: 16 }} /> : null}
      initialValues={{ decision: 'insist' }}
      send={(v, requestId) =>
        command.mutateAsync({
          measureId: page.id,
          agencyId: shown!.agencyId,
          decision: v.decision,
          ...(v.decision === 'reassign' ? { reassignToAgencyId: v.reassignToAgencyId } : {}),
          comment: v.comment ?? '',
          requestId,
        })
      }
    >
      <DecisionField
        label={t('mp.arbitrate.decision')}
        options={[
          { value: 'insist', label: t('mp.arbitrate.insist') },
          { value: 'reassign', label: t('mp.arbitrate.reassign') },
        ]}
      />
      <Form.Item noStyle dependencies={['decision']}>
        {({ getFieldValue }) =>
          getFieldValue('decision') === 'reassign' ? (
            <ChoiceField name="reassignToAgencyId" label={t('mp.arbitrate.to')}>
              <AgencyField agencies={directory.agencies} loading={directory.loading} exclude={onMeasure} placeholder={t('mp.pickAgency')} />
            </ChoiceField>
          ) : null
        }
      </Form.Item>
      <OptionalTextField label={t('mp.field.commentOptional')} max={500} />
    </CommandDialog>
  );
}

function DecideTransferDialog({ page, action, onClose, names }: DialogsProps) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { open, shown } = useShown(action, 'decideTransfer');
  const command = useMeasureCommand(page.id, trpc.measure.decideTransfer.mutationOptions());
  const from = names.get(shown?.agencyId ?? 0) ?? '';
  const to = names.get(shown?.toAgencyId ?? 0) ?? '';
  return (
    <CommandDialog<{ decision: 'approve' | 'reject'; comment?: string }>
      name="decideTransfer"
      open={open}
      onClose={onClose}
      title={t('mp.decideTransfer.title', { from, to })}
      okText={t('mp.decideTransfer.ok')}
      pending={command.isPending}
      doneText={t('mp.decideTransfer.done')}
      confirm={() => t('mp.decideTransfer.confirm')}
      intro={shown && !shown.mayApprove ? <Alert type="warning" showIcon title={t('mp.decideTransfer.cannotApprove', { to })} style={{ marginBottom: 16 }} /> : null}
      initialValues={shown && !shown.mayApprove ? { decision: 'reject' } : {}}
      send={(v, requestId) => command.mutateAsync({ measureId: page.id, agencyId: shown!.agencyId, approve: v.decision === 'approve', comment: v.comment ?? '', requestId })}
    >
      <ApprovalField mayApprove={!!shown?.mayApprove} />
      <OptionalTextField label={t('mp.field.commentOptional')} max={500} />
    </CommandDialog>
  );
}

// ---- subtasks (分解/交办) ---------------------------------------------------------------

function CreateSubtaskDialog({ page, action, onClose, names }: DialogsProps) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { open, shown } = useShown(action, 'createSubtask');
  const command = useMeasureCommand(page.id, trpc.measure.createSubtask.mutationOptions());
  const options = (shown?.assigneeAgencyIds ?? []).map((id) => ({ value: id, label: names.get(id) ?? `#${id}` }));
  return (
    <CommandDialog<{ title: string; assigneeAgencyId: number; dueAt: string }>
      name="createSubtask"
      open={open}
      onClose={onClose}
      title={t('mp.createSubtask.title')}
      okText={t('mp.createSubtask.ok')}
      pending={command.isPending}
      doneText={t('mp.createSubtask.done')}
      initialValues={options.length === 1 ? { assigneeAgencyId: options[0]!.value } : {}}
      send={(v, requestId) => command.mutateAsync({ measureId: page.id, assigneeAgencyId: v.assigneeAgencyId, title: v.title, dueAt: deadlineOf(v.dueAt), requestId })}
    >
      <RequiredTextField name="title" label={t('mp.createSubtask.task')} minRows={2} />
      <ChoiceField name="assigneeAgencyId" label={t('mp.createSubtask.assignee')}>
        <Select options={options} placeholder={t('mp.pickAgency')} showSearch={byLabel} />
      </ChoiceField>
      <DateField name="dueAt" label={t('mp.createSubtask.due')} min={tomorrow()} />
    </CommandDialog>
  );
}

function CompleteSubtaskDialog({ page, action, onClose }: DialogsProps) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { open, shown } = useShown(action, 'completeSubtask');
  const command = useMeasureCommand(page.id, trpc.measure.completeSubtask.mutationOptions());
  const task = page.subtasks.find((s) => s.id === shown?.subtaskId)?.title ?? '';
  return (
    <CommandDialog<{ note?: string }>
      name="completeSubtask"
      open={open}
      onClose={onClose}
      title={t('mp.completeSubtask.title', { task })}
      okText={t('mp.completeSubtask.ok')}
      pending={command.isPending}
      doneText={t('mp.completeSubtask.done')}
      send={(v, requestId) => command.mutateAsync({ measureId: page.id, subtaskId: shown!.subtaskId, note: v.note ?? '', requestId })}
    >
      <OptionalTextField name="note" label={t('mp.completeSubtask.note')} max={20_000} minRows={3} />
    </CommandDialog>
  );
}

// ---- reports ----------------------------------------------------------------------------

function ReviewDialog({ page, action, onClose, names, kpis }: DialogsProps) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { open, shown } = useShown(action, 'reviewReport');
  const command = useMeasureCommand(page.id, trpc.measure.reviewReport.mutationOptions());
  const duty = [...page.cycle.duties, ...page.carried].find((d) => d.agencyId === shown?.agencyId && d.cycleIndex === shown?.cycleIndex);
  return (
    <CommandDialog<{ decision: 'accept' | 'return'; comment?: string }>
      name="review"
      open={open}
      onClose={onClose}
      title={t('mp.review.title', { agency: names.get(shown?.agencyId ?? 0) ?? '', n: cycleNo(shown?.cycleIndex ?? 0) })}
      okText={t('mp.review.ok')}
      pending={command.isPending}
      doneText={t('mp.review.done')}
      confirm={(v) => t(v.decision === 'return' ? 'mp.review.confirmReturn' : 'mp.review.confirmAccept')}
      intro={
        shown && duty?.report ? (
          <>
            <Intro>
              {t('mp.review.about', { kind: t(shown.kind === 'combined' ? 'mp.report.kind.combined' : 'mp.report.kind.partner'), revision: duty.report.revision })}
              {duty.report.late ? ` · ${t('mp.report.late')}` : ''}
            </Intro>
            {/* The lead judges what was written: the report under review, in full. */}
            <div style={{ marginBottom: 16 }}>
              <ReportContentView report={duty.report} kpis={kpis} label={t('mp.content.underReview')} />
            </div>
          </>
        ) : null
      }
      send={(v, requestId) => command.mutateAsync({ measureId: page.id, agencyId: shown!.agencyId, cycleIndex: shown!.cycleIndex, decision: v.decision, comment: v.comment ?? '', requestId })}
    >
      <DecisionField
        label={t('mp.review.decision')}
        options={[
          { value: 'accept', label: t('mp.review.accept') },
          { value: 'return', label: t('mp.review.return') },
        ]}
      />
      <DecisionCommentField label={t('mp.review.comment')} extra={t('mp.review.commentHint')} requiredOn="return" max={20_000} minRows={3} />
    </CommandDialog>
  );
}

// ---- escalations ------------------------------------------------------------------------

function EscalateDialog({ page, action, onClose, names, asCoordinator }: DialogsProps) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { open, shown } = useShown(action, 'escalate');
  const command = useMeasureCommand(page.id, trpc.measure.escalate.mutationOptions());
  const WHOLE = 0;
  const options = [{ value: WHOLE, label: t('mp.escalation.wholeMeasure') }, ...(shown?.agencyIds ?? []).map((id) => ({ value: id, label: names.get(id) ?? `#${id}` }))];
  return (
    <CommandDialog<{ agencyId: number; reason: string }>
      name="escalate"
      open={open}
      onClose={onClose}
      title={t('mp.escalate.title')}
      okText={t('mp.escalate.ok')}
      pending={command.isPending}
      doneText={t('mp.escalate.done')}
      confirm={() => t('mp.escalate.confirm')}
      intro={<Intro>{t(asCoordinator ? 'mp.escalate.levelCoordinator' : 'mp.escalate.levelLead')}</Intro>}
      initialValues={{ agencyId: WHOLE }}
      send={(v, requestId) => command.mutateAsync({ measureId: page.id, agencyId: v.agencyId === WHOLE ? null : v.agencyId, reason: v.reason, requestId })}
    >
      <ChoiceField name="agencyId" label={t('mp.escalate.target')}>
        <Select options={options} showSearch={byLabel} />
      </ChoiceField>
      <RequiredTextField name="reason" label={t('mp.escalate.reason')} max={20_000} />
    </CommandDialog>
  );
}

function ResolveEscalationDialog({ page, action, onClose }: DialogsProps) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { open, shown } = useShown(action, 'resolveEscalation');
  const command = useMeasureCommand(page.id, trpc.measure.resolveEscalation.mutationOptions());
  return (
    <CommandDialog<{ decision: string }>
      name="resolveEscalation"
      open={open}
      onClose={onClose}
      title={t('mp.resolveEscalation.title')}
      okText={t('mp.resolveEscalation.ok')}
      pending={command.isPending}
      doneText={t('mp.resolveEscalation.done')}
      confirm={() => t('mp.resolveEscalation.confirm')}
      send={(v, requestId) => command.mutateAsync({ measureId: page.id, escalationId: shown!.escalationId, decision: v.decision, requestId })}
    >
      <RequiredTextField name="decision" label={t('mp.resolveEscalation.decision')} max={20_000} />
    </CommandDialog>
  );
}

// ---- coordination issues (需协调事项) -------------------------------------------------------

function RaiseIssueDialog({ page, action, onClose, directory }: DialogsProps & { directory: Directory }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const rules = useRules();
  const { open } = useShown(action, 'raiseIssue');
  const command = useMeasureCommand(page.id, trpc.measure.raiseIssue.mutationOptions());
  return (
    <CommandDialog<{ title: string; description?: string; neededAgencyIds: number[] }>
      name="raiseIssue"
      open={open}
      onClose={onClose}
      title={t('mp.raiseIssue.title')}
      okText={t('mp.raiseIssue.ok')}
      pending={command.isPending}
      doneText={t('mp.raiseIssue.done')}
      intro={<Intro>{t('mp.raiseIssue.intro')}</Intro>}
      send={(v, requestId) => command.mutateAsync({ measureId: page.id, title: v.title, description: v.description ?? '', neededAgencyIds: v.neededAgencyIds, requestId })}
    >
      <Form.Item name="title" label={t('mp.raiseIssue.issueTitle')} rules={rules.text(t('mp.raiseIssue.issueTitle'))}>
        <Input maxLength={500} />
      </Form.Item>
      <OptionalTextField name="description" label={t('mp.raiseIssue.description')} max={20_000} minRows={3} />
      <AgenciesChoiceField name="neededAgencyIds" label={t('mp.raiseIssue.needed')} directory={directory} />
    </CommandDialog>
  );
}

function TriageIssueDialog({ page, action, onClose, directory }: DialogsProps & { directory: Directory }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { open, shown } = useShown(action, 'triageIssue');
  const command = useMeasureCommand(page.id, trpc.measure.triageIssue.mutationOptions());
  return (
    <CommandDialog<{ responderAgencyIds: number[]; dueAt: string }>
      name="triageIssue"
      open={open}
      onClose={onClose}
      title={t('mp.triage.title')}
      okText={t('mp.triage.ok')}
      pending={command.isPending}
      doneText={t('mp.triage.done')}
      send={(v, requestId) => command.mutateAsync({ measureId: page.id, issueId: shown!.issueId, responderAgencyIds: v.responderAgencyIds, dueAt: deadlineOf(v.dueAt), requestId })}
    >
      <AgenciesChoiceField name="responderAgencyIds" label={t('mp.triage.responders')} directory={directory} />
      <DateField name="dueAt" label={t('mp.triage.due')} min={tomorrow()} />
    </CommandDialog>
  );
}

function ResolveIssueDialog({ page, action, onClose }: DialogsProps) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { open, shown } = useShown(action, 'resolveIssue');
  const command = useMeasureCommand(page.id, trpc.measure.resolveIssue.mutationOptions());
  return (
    <CommandDialog<{ resolution: string }>
      name="resolveIssue"
      open={open}
      onClose={onClose}
      title={t('mp.resolveIssue.title')}
      okText={t('mp.resolveIssue.ok')}
      pending={command.isPending}
      doneText={t('mp.resolveIssue.done')}
      confirm={() => t('mp.resolveIssue.confirm')}
      send={(v, requestId) => command.mutateAsync({ measureId: page.id, issueId: shown!.issueId, resolution: v.resolution, requestId })}
    >
      <RequiredTextField name="resolution" label={t('mp.resolveIssue.resolution')} max={20_000} />
    </CommandDialog>
  );
}

// ---- extensions (延期) ---------------------------------------------------------------------

function ExtensionDialog({ page, action, onClose }: DialogsProps) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { open, shown } = useShown(action, 'requestExtension');
  const command = useMeasureCommand(page.id, trpc.measure.requestExtension.mutationOptions());
  const duty = page.cycle.duties.find((d) => d.agencyId === shown?.agencyId);
  const due = duty ? dueDateOf(duty.dueAt) : '';
  // Later than the due date, and due before the cycle closes.
  const min = duty ? chinaDateOf(Math.max(Date.parse(duty.dueAt), Date.now()) + 1) : undefined;
  // The new due date must fall before the cycle closes: the last day allowed is the one before its close.
  const max = dueDateOf(new Date(Date.parse(page.cycle.closesAt) - DAY_MS).toISOString());
  return (
    <CommandDialog<{ requestedDueAt: string; reason: string }>
      name="extension"
      open={open}
      onClose={onClose}
      title={t('mp.extension.title', { n: cycleNo(shown?.cycleIndex ?? page.cycle.index) })}
      okText={t('mp.extension.ok')}
      pending={command.isPending}
      doneText={t('mp.extension.done')}
      intro={<Intro>{t('mp.extension.current', { date: due, closes: dueDateOf(page.cycle.closesAt) })}</Intro>}
      send={(v, requestId) => command.mutateAsync({ measureId: page.id, agencyId: shown!.agencyId, requestedDueAt: deadlineOf(v.requestedDueAt), reason: v.reason, requestId })}
    >
      <DateField name="requestedDueAt" label={t('mp.extension.date')} min={min} max={max} />
      <RequiredTextField name="reason" label={t('mp.extension.reason')} />
    </CommandDialog>
  );
}

function DecideExtensionDialog({ page, action, onClose, names }: DialogsProps) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { open, shown } = useShown(action, 'decideExtension');
  const command = useMeasureCommand(page.id, trpc.measure.decideExtension.mutationOptions());
  const request = page.extensions.find((e) => e.id === shown?.extensionId);
  return (
    <CommandDialog<{ decision: 'approve' | 'reject'; comment?: string }>
      name="decideExtension"
      open={open}
      onClose={onClose}
      title={t('mp.decideExtension.title', { agency: names.get(shown?.agencyId ?? 0) ?? '' })}
      okText={t('mp.decideExtension.ok')}
      pending={command.isPending}
      doneText={t('mp.decideExtension.done')}
      confirm={() => t('mp.decideExtension.confirm')}
      intro={
        <>
          {request && <Intro>{t('mp.decideExtension.about', { n: cycleNo(request.cycleIndex), date: dueDateOf(request.requestedDueAt) })}</Intro>}
          {shown && !shown.mayApprove && <Alert type="warning" showIcon title={t('mp.decideExtension.cannotApprove')} style={{ marginBottom: 16 }} />}
        </>
      }
      initialValues={shown && !shown.mayApprove ? { decision: 'reject' } : {}}
      send={(v, requestId) => command.mutateAsync({ measureId: page.id, extensionId: shown!.extensionId, approve: v.decision === 'approve', comment: v.comment ?? '', requestId })}
    >
      <ApprovalField mayApprove={!!shown?.mayApprove} />
      <OptionalTextField label={t('mp.field.commentOptional')} max={20_000} />
    </CommandDialog>
  );
}

// ---- closure (申请办结 / 销号) and withdrawal ----------------------------------------------------

function ApplyClosureDialog({ page, action, onClose, kpis }: DialogsProps) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { open } = useShown(action, 'applyClosure');
  const command = useMeasureCommand(page.id, trpc.measure.applyClosure.mutationOptions());
  // The server names a refused value by its place among the values sent; the form by its KPI line.
  const sent = useRef<number[]>([]);
  return (
    <CommandDialog<{ evidence: string; finalKpis?: (number | null)[] }>
      name="applyClosure"
      open={open}
      onClose={onClose}
      title={t('mp.applyClosure.title')}
      okText={t('mp.applyClosure.ok')}
      pending={command.isPending}
      doneText={t('mp.applyClosure.done')}
      confirm={() => t('mp.applyClosure.confirm')}
      intro={<Intro>{t('mp.applyClosure.intro')}</Intro>}
      formField={(field) => field.replace(/^finalKpis[.[](\d+)\]?(\.value)?/, (_, i: string) => `finalKpis.${sent.current[Number(i)] ?? i}`)}
      send={(v, requestId) => {
        const lines = kpis.flatMap((k, i) => (typeof v.finalKpis?.[i] === 'number' ? [i] : []));
        sent.current = lines;
        return command.mutateAsync({ measureId: page.id, evidence: v.evidence, finalKpis: lines.map((i) => ({ metric: kpis[i]!.metric, value: v.finalKpis![i]! })), requestId });
      }}
    >
      <RequiredTextField name="evidence" label={t('mp.applyClosure.evidence')} max={20_000} minRows={4} />
      {kpis.length > 0 && (
        <Form.Item label={t('mp.applyClosure.finalKpis')} extra={t('mp.report.kpiBlankHint')}>
          {kpis.map((k, i) => (
            <Form.Item key={i} name={['finalKpis', i]} label={k.metric} style={{ marginBottom: 8 }}>
              <InputNumber style={{ width: 200 }} />
            </Form.Item>
          ))}
        </Form.Item>
      )}
    </CommandDialog>
  );
}

function DecideClosureDialog({ page, action, onClose }: DialogsProps) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { open } = useShown(action, 'decideClosure');
  const command = useMeasureCommand(page.id, trpc.measure.decideClosure.mutationOptions());
  return (
    <CommandDialog<{ decision: 'approve' | 'reject'; comment?: string }>
      name="decideClosure"
      open={open}
      onClose={onClose}
      title={t('mp.decideClosure.title')}
      okText={t('mp.decideClosure.ok')}
      pending={command.isPending}
      doneText={t('mp.decideClosure.done')}
      confirm={(v) => t(v.decision === 'approve' ? 'mp.decideClosure.confirmApprove' : 'mp.decideClosure.confirmReject')}
      send={(v, requestId) => command.mutateAsync({ measureId: page.id, approve: v.decision === 'approve', comment: v.comment ?? '', requestId })}
    >
      <DecisionField
        options={[
          { value: 'approve', label: t('mp.decideClosure.approve') },
          { value: 'reject', label: t('mp.decideClosure.reject') },
        ]}
      />
      <DecisionCommentField label={t('mp.field.comment')} extra={t('mp.decideClosure.commentHint')} requiredOn="reject" max={20_000} minRows={2} />
    </CommandDialog>
  );
}

function WithdrawDialog({ page, action, onClose }: DialogsProps) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { open } = useShown(action, 'withdrawMeasure');
  const command = useMeasureCommand(page.id, trpc.measure.withdrawMeasure.mutationOptions());
  return (
    <CommandDialog<{ reason: string }>
      name="withdraw"
      open={open}
      onClose={onClose}
      title={t('mp.withdraw.title')}
      okText={t('mp.withdraw.ok')}
      danger
      pending={command.isPending}
      doneText={t('mp.withdraw.done')}
      confirm={() => t('mp.withdraw.confirm')}
      send={(v, requestId) => command.mutateAsync({ measureId: page.id, reason: v.reason, requestId })}
    >
      <RequiredTextField name="reason" label={t('mp.withdraw.reason')} />
    </CommandDialog>
  );
}

function ReinstateDialog({ page, action, onClose }: DialogsProps) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { open } = useShown(action, 'reinstateMeasure');
  const command = useMeasureCommand(page.id, trpc.measure.reinstateMeasure.mutationOptions());
  return (
    <CommandDialog<{ comment?: string }>
      name="reinstate"
      open={open}
      onClose={onClose}
      title={t('mp.reinstate.title')}
      okText={t('mp.reinstate.ok')}
      pending={command.isPending}
      doneText={t('mp.reinstate.done')}
      send={(v, requestId) => command.mutateAsync({ measureId: page.id, comment: v.comment ?? '', requestId })}
    >
      <OptionalTextField label={t('mp.reinstate.comment')} max={20_000} />
    </CommandDialog>
  );
}
