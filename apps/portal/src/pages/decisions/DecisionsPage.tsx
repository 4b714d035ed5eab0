import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Select, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useRef, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { CountPill } from '../../components/inbox/CountPill';
import { AgencyField } from '../../components/measure/AgencyField';
import { CommandDialog } from '../../components/measure/command';
import { ApprovalField, ChoiceField, DecisionCommentField, DecisionField, OptionalTextField } from '../../components/measure/DialogFields';
import type { Outputs } from '../../lib/api';
import { localizeMessage } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { formatChinaDateTime } from '../../lib/relativeTime';
import { usePageTitle } from '../../lib/title';
import { useTRPC } from '../../lib/trpc';
import { dueDateOf } from '../measure/format';
import { useDeskCommand } from './deskCommand';
import { kpiLines } from './kpis';

type Pending = Outputs['decision']['pending'];
type Decline = Pending['declines'][number];
type Transfer = Pending['transfers'][number];
type Extension = Pending['extensions'][number];
type Closure = Pending['closures'][number];
type Kind = 'decline' | 'transfer' | 'extension' | 'closure';
const KINDS: Kind[] = ['decline', 'transfer', 'extension', 'closure'];

/** Which dialog is open, on what. */
type Open = { kind: 'decline'; row: Decline } | { kind: 'transfer'; row: Transfer } | { kind: 'extension'; row: Extension } | { kind: 'closure'; row: Closure } | null;

/** A deadline as a date when it holds to the end of a China day, else to the minute (policies counted in seconds or hours). */
function dueLabel(value: unknown): string {
  const iso = value as string;
  const time = Date.parse(iso);
  return new Date(time + 8 * 3_600_000).toISOString().slice(11, 16) === '00:00' ? dueDateOf(iso) : formatChinaDateTime(iso);
}

const parseKind = (value: string | null): Kind | 'all' => (KINDS.includes(value as Kind) ? (value as Kind) : 'all');

/** 待决事项: what waits for the coordinator's decision, by kind, each decided with the measure's own command. */
export function DecisionsPage() {
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const kind = parseKind(params.get('kind'));
  const planId = params.get('plan') ?? undefined;
  usePageTitle(t('dec.title'));

  const plans = useQuery(trpc.plan.list.queryOptions());
  const pending = useQuery(trpc.decision.pending.queryOptions({ ...(planId ? { planId } : {}), ...(kind === 'all' ? {} : { kind }), limit: 100 }));
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined) next.delete(key);
    else next.set(key, value);
    setParams(next, { replace: true });
  };

  const data = pending.data;
  const total = data ? KINDS.reduce((n, k) => n + data.counts[k], 0) : undefined;
  const may = data?.mayDecide ?? false;
  const measureCell = (r: { measureId: string; measureNumber: string; measureTitle: string; planTitle: string }) => (
    <Space orientation="vertical" size={0}>
      <Link to={`/measures/${r.measureId}`}>
        <Typography.Text type="secondary">{r.measureNumber}</Typography.Text> {r.measureTitle}
      </Link>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {r.planTitle}
      </Typography.Text>
    </Space>
  );
  const agencyCell = (name: string, role: 'lead' | 'partner' | null) => (
    <span>
      {name}
      {role && <Typography.Text type="secondary">（{t(`dec.role.${role}`)}）</Typography.Text>}
    </span>
  );
  const actionButton = (label: string, target: string, onClick: () => void) =>
    may ? (
      <Button size="small" type="primary" aria-label={t('dec.actionLabel', { action: label, measure: target, agency: '' }).trim()} onClick={onClick}>
        {label}
      </Button>
    ) : null;
  const since = (iso: string) => formatChinaDateTime(iso);

  const sections: Record<Kind, ReactNode> = {
    decline: (
      <Table<Decline>
        rowKey={(r) => `${r.measureId}:${r.agencyId}`}
        aria-label={t('dec.section.decline')}
        size="middle"
        pagination={false}
        dataSource={data?.declines ?? []}
        onRow={() => ({ 'data-testid': 'decision-decline' }) as never}
        columns={[
          { title: t('dec.col.measure'), key: 'm', render: (_, r) => measureCell(r) },
          { title: t('dec.col.agency'), key: 'a', width: 200, render: (_, r) => agencyCell(r.agencyName, r.role) },
          { title: t('dec.col.reason'), key: 'r', render: (_, r) => r.reason },
          { title: t('dec.col.since'), key: 's', width: 160, render: (_, r) => since(r.since as unknown as string) },
          { title: t('dec.col.actions'), key: 'x', width: 100, render: (_, r) => actionButton(t('dec.action.arbitrate'), `${r.measureNumber} ${r.agencyName}`, () => setOpen({ kind: 'decline', row: r })) },
        ]}
      />
    ),
    transfer: (
      <Table<Transfer>
        rowKey={(r) => `${r.measureId}:${r.agencyId}`}
        aria-label={t('dec.section.transfer')}
        size="middle"
        pagination={false}
        dataSource={data?.transfers ?? []}
        onRow={() => ({ 'data-testid': 'decision-transfer' }) as never}
        columns={[
          { title: t('dec.col.measure'), key: 'm', render: (_, r) => measureCell(r) },
          { title: t('dec.col.agency'), key: 'a', width: 200, render: (_, r) => agencyCell(r.agencyName, r.role) },
          { title: t('dec.col.to'), key: 'to', width: 180, render: (_, r) => r.toAgencyName },
          { title: t('dec.col.since'), key: 's', width: 160, render: (_, r) => since(r.since as unknown as string) },
          { title: t('dec.col.actions'), key: 'x', width: 100, render: (_, r) => actionButton(t('dec.action.decide'), `${r.measureNumber} ${r.agencyName}`, () => setOpen({ kind: 'transfer', row: r })) },
        ]}
      />
    ),
    extension: (
      <Table<Extension>
        rowKey={(r) => r.extensionId}
        aria-label={t('dec.section.extension')}
        size="middle"
        pagination={false}
        dataSource={data?.extensions ?? []}
        onRow={() => ({ 'data-testid': 'decision-extension' }) as never}
        columns={[
          { title: t('dec.col.measure'), key: 'm', render: (_, r) => measureCell(r) },
          { title: t('dec.col.agency'), key: 'a', width: 200, render: (_, r) => agencyCell(r.agencyName, r.role) },
          { title: t('dec.col.due'), key: 'd', width: 210, render: (_, r) => `${dueLabel(r.currentDueAt)} → ${dueLabel(r.requestedDueAt)}` },
          { title: t('dec.col.reason'), key: 'r', render: (_, r) => r.reason },
          { title: t('dec.col.actions'), key: 'x', width: 100, render: (_, r) => actionButton(t('dec.action.decide'), `${r.measureNumber} ${r.agencyName}`, () => setOpen({ kind: 'extension', row: r })) },
        ]}
      />
    ),
    closure: (
      <Table<Closure>
        rowKey={(r) => r.closureId}
        aria-label={t('dec.section.closure')}
        size="middle"
        pagination={false}
        dataSource={data?.closures ?? []}
        onRow={() => ({ 'data-testid': 'decision-closure' }) as never}
        columns={[
          { title: t('dec.col.measure'), key: 'm', render: (_, r) => measureCell(r) },
          { title: t('dec.col.evidence'), key: 'e', render: (_, r) => <Typography.Paragraph ellipsis={{ rows: 3, expandable: true }} style={{ marginBottom: 0 }}>{r.evidence}</Typography.Paragraph> },
          {
            title: t('dec.col.kpis'),
            key: 'k',
            width: 260,
            render: (_, r) => <KpiList lines={kpiLines(r.targets, r.finalKpis)} />,
          },
          { title: t('dec.col.since'), key: 's', width: 160, render: (_, r) => since(r.requestedAt as unknown as string) },
          { title: t('dec.col.actions'), key: 'x', width: 100, render: (_, r) => actionButton(t('dec.action.review'), r.measureNumber, () => setOpen({ kind: 'closure', row: r })) },
        ]}
      />
    ),
  };

  const tabLabel = (label: string, n: number | undefined) => (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
      {label}
      {n !== undefined && n > 0 && <CountPill n={n} tone="info" />}
    </span>
  );
  const shownKinds = kind === 'all' ? KINDS.filter((k) => (data?.counts[k] ?? 0) > 0) : [kind];
  const body = (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {data && total === 0 && <Typography.Text type="secondary">{t('dec.empty')}</Typography.Text>}
      {data &&
        shownKinds.map((k) => {
          const shown = { decline: data.declines, transfer: data.transfers, extension: data.extensions, closure: data.closures }[k].length;
          return (
            <Card key={k} size="small" title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t(`dec.section.${k}`)}</Typography.Title>} data-testid={`decisions-${k}`}>
              {sections[k]}
              {data.counts[k] > shown && <Typography.Text type="secondary">{t('dec.more', { n: data.counts[k] - shown })}</Typography.Text>}
            </Card>
          );
        })}
    </Space>
  );

  return (
    <Space orientation="vertical" size="medium" style={{ width: '100%' }}>
      <div style={{ display: 'flex', alignItems: 'baseline', gap: 16, flexWrap: 'wrap' }}>
        <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>
          {t('dec.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('dec.intro')}</Typography.Text>
      </div>
      <div role="search" aria-label={t('dec.filters')} style={{ display: 'flex', gap: 12, alignItems: 'center', flexWrap: 'wrap' }}>
        <label htmlFor="dec-plan">{t('dec.plan')}</label>
        <Select
          id="dec-plan"
          aria-label={t('dec.plan')}
          style={{ minWidth: 280 }}
          allowClear
          placeholder={t('dec.allPlans')}
          value={planId}
          loading={plans.isLoading}
          options={(plans.data ?? []).map((p) => ({ value: p.id, label: p.title }))}
          onChange={(value: string | undefined) => setParam('plan', value)}
        />
      </div>
      {data && !data.mayDecide && <Alert type="info" showIcon title={t('dec.readOnly')} />}
      {pending.error && (
        <Alert
          type="error"
          showIcon
          title={t('dec.loadFailed')}
          description={localizeMessage(pending.error.message, lang)}
          action={
            <Button size="small" onClick={() => void pending.refetch()}>
              {t('dec.retry')}
            </Button>
          }
        />
      )}
      {pending.isPending && !pending.isError ? (
        <Skeleton active title={false} paragraph={{ rows: 6 }} aria-busy aria-label={t('loading')} />
      ) : (
        <Tabs
          aria-label={t('dec.kinds')}
          activeKey={kind}
          onChange={(key) => setParam('kind', key === 'all' ? undefined : key)}
          items={[
            { key: 'all', label: tabLabel(t('dec.kind.all'), total), children: kind === 'all' ? body : null },
            ...KINDS.map((k) => ({ key: k, label: tabLabel(t(`dec.kind.${k}`), data?.counts[k]), children: kind === k ? body : null })),
          ]}
        />
      )}
      <ArbitrateDialog open={open?.kind === 'decline' ? open.row : null} onClose={close} />
      <TransferDialog open={open?.kind === 'transfer' ? open.row : null} onClose={close} />
      <ExtensionDialog open={open?.kind === 'extension' ? open.row : null} onClose={close} />
      <ClosureDialog open={open?.kind === 'closure' ? open.row : null} onClose={close} />
    </Space>
  );
}

function KpiList({ lines }: { lines: ReturnType<typeof kpiLines> }) {
  const { t } = useI18n();
  if (lines.length === 0) return <Typography.Text type="secondary">{t('dec.closure.noKpis')}</Typography.Text>;
  return (
    <ul style={{ margin: 0, paddingInlineStart: 16 }} aria-label={t('dec.closure.kpis')}>
      {lines.map((l) => (
        <li key={l.metric}>
          {l.metric}：{l.final ?? '—'}
          {!Number.isNaN(l.target) && (
            <Typography.Text type="secondary">
              {' '}
              / {l.comparator === '=' ? '' : l.comparator}
              {l.target}
              {l.unit}
            </Typography.Text>
          )}{' '}
          {l.met !== null && <Tag color={l.met ? 'green' : 'orange'}>{t(l.met ? 'dec.closure.kpi.yes' : 'dec.closure.kpi.no')}</Tag>}
        </li>
      ))}
    </ul>
  );
}

/** The last row a dialog showed, so it keeps its content while closing. */
function useLast<T>(row: T | null): T | null {
  const last = useRef<T | null>(null);
  if (row) last.current = row;
  return last.current;
}

function ArbitrateDialog({ open, onClose }: { open: Decline | null; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const row = useLast(open);
  const command = useDeskCommand(trpc.measure.arbitrateDecline.mutationOptions());
  const agencies = useQuery({ ...trpc.agency.list.queryOptions({}), enabled: open !== null, staleTime: 10 * 60_000 });
  return (
    <CommandDialog<{ decision: 'reassign' | 'insist'; reassignToAgencyId?: number; comment?: string }>
      name="decArbitrate"
      open={open !== null}
      onClose={onClose}
      title={t('dec.arbitrate.title', { agency: row?.agencyName ?? '', measure: row?.measureNumber ?? '' })}
      okText={t('dec.arbitrate.ok')}
      pending={command.isPending}
      doneText={t('dec.arbitrate.done')}
      confirm={() => t('dec.arbitrate.confirm')}
      intro={row?.reason ? <Alert type="info" showIcon title={t('dec.reason', { reason: row.reason })} style={{ marginBottom: 16 }} /> : null}
      initialValues={{ decision: 'insist' }}
      send={(v, requestId) =>
        command.mutateAsync({
          measureId: row!.measureId,
          agencyId: row!.agencyId,
          decision: v.decision,
          ...(v.decision === 'reassign' ? { reassignToAgencyId: v.reassignToAgencyId } : {}),
          comment: v.comment ?? '',
          requestId,
        })
      }
    >
      <DecisionField
        label={t('dec.arbitrate.decision')}
        options={[
          { value: 'insist', label: t('dec.arbitrate.insist') },
          { value: 'reassign', label: t('dec.arbitrate.reassign') },
        ]}
      />
      <Form.Item noStyle dependencies={['decision']}>
        {({ getFieldValue }) =>
          getFieldValue('decision') === 'reassign' ? (
            <ChoiceField name="reassignToAgencyId" label={t('dec.arbitrate.to')}>
              <AgencyField agencies={agencies.data ?? []} loading={agencies.isLoading} exclude={row ? [row.agencyId] : []} />
            </ChoiceField>
          ) : null
        }
      </Form.Item>
      <OptionalTextField label={t('dec.commentOptional')} max={500} />
    </CommandDialog>
  );
}

function TransferDialog({ open, onClose }: { open: Transfer | null; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const row = useLast(open);
  const command = useDeskCommand(trpc.measure.decideTransfer.mutationOptions());
  return (
    <CommandDialog<{ decision: 'approve' | 'reject'; comment?: string }>
      name="decTransfer"
      open={open !== null}
      onClose={onClose}
      title={t('dec.transfer.title', { from: row?.agencyName ?? '', to: row?.toAgencyName ?? '', measure: row?.measureNumber ?? '' })}
      okText={t('dec.transfer.ok')}
      pending={command.isPending}
      doneText={t('dec.transfer.done')}
      confirm={() => t('dec.transfer.confirm')}
      intro={row && !row.mayApprove ? <Alert type="warning" showIcon title={t('dec.transfer.cannotApprove', { to: row.toAgencyName })} style={{ marginBottom: 16 }} /> : null}
      initialValues={row && !row.mayApprove ? { decision: 'reject' } : {}}
      send={(v, requestId) => command.mutateAsync({ measureId: row!.measureId, agencyId: row!.agencyId, approve: v.decision === 'approve', comment: v.comment ?? '', requestId })}
    >
      <ApprovalField mayApprove={!!row?.mayApprove} />
      <OptionalTextField label={t('dec.commentOptional')} max={500} />
    </CommandDialog>
  );
}

function ExtensionDialog({ open, onClose }: { open: Extension | null; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const row = useLast(open);
  const command = useDeskCommand(trpc.measure.decideExtension.mutationOptions());
  return (
    <CommandDialog<{ decision: 'approve' | 'reject'; comment?: string }>
      name="decExtension"
      open={open !== null}
      onClose={onClose}
      title={t('dec.extension.title', { agency: row?.agencyName ?? '', measure: row?.measureNumber ?? '' })}
      okText={t('dec.extension.ok')}
      pending={command.isPending}
      doneText={t('dec.extension.done')}
      confirm={() => t('dec.extension.confirm')}
      intro={
        row ? (
          <Typography.Paragraph type="secondary">
            {t('dec.extension.about', { from: dueLabel(row.currentDueAt), to: dueLabel(row.requestedDueAt) })}
            <br />
            {t('dec.reason', { reason: row.reason })}
          </Typography.Paragraph>
        ) : null
      }
      send={(v, requestId) => command.mutateAsync({ measureId: row!.measureId, extensionId: row!.extensionId, approve: v.decision === 'approve', comment: v.comment ?? '', requestId })}
    >
      <ApprovalField mayApprove />
      <OptionalTextField label={t('dec.commentOptional')} max={20_000} />
    </CommandDialog>
  );
}

function ClosureDialog({ open, onClose }: { open: Closure | null; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const row = useLast(open);
  const command = useDeskCommand(trpc.measure.decideClosure.mutationOptions());
  return (
    <CommandDialog<{ decision: 'approve' | 'reject'; comment?: string }>
      name="decClosure"
      open={open !== null}
      onClose={onClose}
      title={t('dec.closure.title', { measure: row ? `${row.measureNumber} ${row.measureTitle}` : '' })}
      okText={t('dec.closure.ok')}
      pending={command.isPending}
      doneText={t('dec.closure.done')}
      confirm={(v) => t(v.decision === 'approve' ? 'dec.closure.confirmApprove' : 'dec.closure.confirmReject')}
      intro={
        row ? (
          <section aria-label={t('dec.closure.evidence')} style={{ marginBottom: 16 }}>
            <Typography.Title level={3} style={{ fontSize: 14 }}>
              {t('dec.closure.evidence')}
            </Typography.Title>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="closure-evidence">
              {row.evidence}
            </Typography.Paragraph>
            <Typography.Title level={3} style={{ fontSize: 14 }}>
              {t('dec.closure.kpis')}
            </Typography.Title>
            <KpiTable lines={kpiLines(row.targets, row.finalKpis)} />
          </section>
        ) : null
      }
      send={(v, requestId) => command.mutateAsync({ measureId: row!.measureId, approve: v.decision === 'approve', comment: v.comment ?? '', requestId })}
    >
      <DecisionField
        label={t('dec.decision')}
        options={[
          { value: 'approve', label: t('dec.closure.approve') },
          { value: 'reject', label: t('dec.closure.reject') },
        ]}
      />
      <DecisionCommentField label={t('dec.comment')} extra={t('dec.closure.commentHint')} requiredOn="reject" max={20_000} minRows={2} />
    </CommandDialog>
  );
}

function KpiTable({ lines }: { lines: ReturnType<typeof kpiLines> }) {
  const { t } = useI18n();
  if (lines.length === 0) return <Typography.Text type="secondary">{t('dec.closure.noKpis')}</Typography.Text>;
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="metric"
      aria-label={t('dec.closure.kpis')}
      data-testid="closure-kpis"
      dataSource={lines}
      columns={[
        { title: t('dec.closure.kpi.metric'), dataIndex: 'metric' },
        { title: t('dec.closure.kpi.final'), key: 'final', render: (_, l) => l.final ?? t('dec.closure.kpi.unknown') },
        { title: t('dec.closure.kpi.target'), key: 'target', render: (_, l) => (Number.isNaN(l.target) ? '—' : `${l.comparator === '=' ? '' : l.comparator}${l.target}${l.unit}`) },
        {
          title: t('dec.closure.kpi.met'),
          key: 'met',
          render: (_, l) => (l.met === null ? '—' : <Tag color={l.met ? 'green' : 'orange'}>{t(l.met ? 'dec.closure.kpi.yes' : 'dec.closure.kpi.no')}</Tag>),
        },
      ]}
    />
  );
}
