import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Row, Select, Skeleton, Space, Switch, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { CommandDialog } from '../../components/measure/command';
import { AgenciesChoiceField, DateField, RequiredTextField } from '../../components/measure/DialogFields';
import type { Outputs } from '../../lib/api';
import { localizeMessage } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { formatChinaDateTime } from '../../lib/relativeTime';
import { usePageTitle } from '../../lib/title';
import { useTRPC } from '../../lib/trpc';
import { useDeskCommand } from '../decisions/deskCommand';
import { chinaDateOf, deadlineOf, dueDateOf } from '../measure/format';

type Board = Outputs['issue']['board'];
type Issue = Board['columns']['open'][number];
type Column = 'open' | 'triaged' | 'resolved';
const COLUMNS: Column[] = ['open', 'triaged', 'resolved'];
type Open = { action: 'triage' | 'respond' | 'resolve'; issue: Issue } | null;

const DAY_MS = 86_400_000;
const iso = (value: unknown) => value as string;

/** 联动事项: the coordination-issue board, raised → triaged (answers from each agency) → resolved. */
export function IssuesPage() {
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const planId = params.get('plan') ?? undefined;
  const overdueOnly = params.get('overdue') === '1';
  usePageTitle(t('iss.title'));

  const plans = useQuery(trpc.plan.list.queryOptions());
  const board = useQuery(trpc.issue.board.queryOptions({ ...(planId ? { planId } : {}), ...(overdueOnly ? { overdueOnly: true } : {}), limit: 100 }));
  const [open, setOpen] = useState<Open>(null);

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined) next.delete(key);
    else next.set(key, value);
    setParams(next, { replace: true });
  };

  return (
    <Space orientation="vertical" size="medium" style={{ width: '100%' }}>
      <div style={{ display: 'flex', alignItems: 'baseline', gap: 16, flexWrap: 'wrap' }}>
        <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>
          {t('iss.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('iss.intro')}</Typography.Text>
        {board.data && board.data.overdue > 0 && (
          <Tag color="red" data-testid="issues-overdue-count">
            {t('iss.overdueCount', { n: board.data.overdue })}
          </Tag>
        )}
      </div>
      <div role="search" aria-label={t('iss.filters')} style={{ display: 'flex', gap: 12, alignItems: 'center', flexWrap: 'wrap' }}>
        <label htmlFor="iss-plan">{t('iss.plan')}</label>
        <Select
          id="iss-plan"
          aria-label={t('iss.plan')}
          style={{ minWidth: 280 }}
          allowClear
          placeholder={t('iss.allPlans')}
          value={planId}
          loading={plans.isLoading}
          options={(plans.data ?? []).map((p) => ({ value: p.id, label: p.title }))}
          onChange={(value: string | undefined) => setParam('plan', value)}
        />
        <label style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}>
          <Switch checked={overdueOnly} onChange={(on) => setParam('overdue', on ? '1' : undefined)} aria-label={t('iss.overdueOnly')} />
          {t('iss.overdueOnly')}
        </label>
      </div>
      {board.error && (
        <Alert
          type="error"
          showIcon
          title={t('iss.loadFailed')}
          description={localizeMessage(board.error.message, lang)}
          action={
            <Button size="small" onClick={() => void board.refetch()}>
              {t('iss.retry')}
            </Button>
          }
        />
      )}
      {board.isPending && !board.isError ? (
        <Skeleton active title={false} paragraph={{ rows: 6 }} aria-busy aria-label={t('loading')} />
      ) : board.data ? (
        <Row gutter={[16, 16]}>
          {COLUMNS.map((column) => {
            const issues = board.data.columns[column];
            const label = t('iss.columnLabel', { column: t(`iss.column.${column}`), n: board.data.counts[column] });
            return (
              <Col key={column} xs={24} lg={8}>
                <section aria-label={label} data-testid={`issues-column-${column}`}>
                  <Typography.Title level={2} style={{ fontSize: 16 }}>
                    {label}
                  </Typography.Title>
                  <Space orientation="vertical" size="small" style={{ width: '100%' }}>
                    {issues.length === 0 && <Typography.Text type="secondary">{t('iss.empty')}</Typography.Text>}
                    {issues.map((issue) => (
                      <IssueCard key={issue.id} issue={issue} onAction={(action) => setOpen({ action, issue })} />
                    ))}
                    {board.data.counts[column] > issues.length && <Typography.Text type="secondary">{t('iss.more', { n: board.data.counts[column] - issues.length })}</Typography.Text>}
                  </Space>
                </section>
              </Col>
            );
          })}
        </Row>
      ) : null}
      <TriageDialog open={open?.action === 'triage' ? open.issue : null} onClose={() => setOpen(null)} />
      <RespondDialog open={open?.action === 'respond' ? open.issue : null} onClose={() => setOpen(null)} />
      <ResolveDialog open={open?.action === 'resolve' ? open.issue : null} onClose={() => setOpen(null)} />
    </Space>
  );
}

function IssueCard({ issue, onAction }: { issue: Issue; onAction: (action: 'triage' | 'respond' | 'resolve') => void }) {
  const { t } = useI18n();
  const action = (key: 'triage' | 'respond' | 'resolve', primary = false) => (
    <Button key={key} size="small" type={primary ? 'primary' : 'default'} aria-label={t('iss.actionLabel', { action: t(`iss.action.${key}`), title: issue.title })} onClick={() => onAction(key)}>
      {t(`iss.action.${key}`)}
    </Button>
  );
  const actions = [issue.mayRespond && action('respond', true), issue.mayTriage && action('triage', issue.status === 'open'), issue.mayResolve && action('resolve')].filter(Boolean);
  return (
    <Card
      size="small"
      data-testid="issue-card"
      data-status={issue.status}
      aria-label={issue.title}
      title={
        <span style={{ whiteSpace: 'normal' }}>
          {issue.overdue && (
            <Tag color="red" data-testid="issue-overdue">
              {t('iss.overdue')}
            </Tag>
          )}
          {issue.title}
        </span>
      }
      actions={actions.length > 0 ? [<Space key="a">{actions}</Space>] : undefined}
    >
      <Space orientation="vertical" size={2} style={{ width: '100%' }}>
        <Link to={`/measures/${issue.measureId}`}>
          <Typography.Text type="secondary">{issue.measureNumber}</Typography.Text> {issue.measureTitle}
        </Link>
        {issue.description && <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ marginBottom: 0 }}>{issue.description}</Typography.Paragraph>}
        <Typography.Text type="secondary">{t('iss.raisedBy', { agency: issue.raisedBy.name, time: formatChinaDateTime(iso(issue.raisedAt)) })}</Typography.Text>
        {issue.neededAgencies.length > 0 && <Typography.Text type="secondary">{t('iss.needed', { agencies: issue.neededAgencies.map((a) => a.name).join('、') })}</Typography.Text>}
        {issue.dueAt && <Typography.Text type={issue.overdue ? 'danger' : 'secondary'}>{t('iss.due', { date: dueDateOf(iso(issue.dueAt)) })}</Typography.Text>}
        {issue.responders.length > 0 && (
          <ul aria-label={t('iss.responders')} style={{ margin: '4px 0 0', paddingInlineStart: 16 }}>
            {issue.responders.map((r) => (
              <li key={r.agencyId} data-testid="issue-responder">
                {r.name}
                {!r.named && <Typography.Text type="secondary">{t('iss.notNamed')}</Typography.Text>}{' '}
                <Tag color={r.answered ? (r.latest?.late ? 'orange' : 'green') : 'default'}>{t(r.answered ? (r.latest?.late ? 'iss.late' : 'iss.answered') : 'iss.waiting')}</Tag>
                {r.latest && (
                  <div>
                    <Typography.Text>{r.latest.response}</Typography.Text>{' '}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.latest.revision > 1 ? `${t('iss.revision', { n: r.latest.revision })} · ` : ''}
                      {formatChinaDateTime(iso(r.latest.respondedAt))}
                    </Typography.Text>
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
        {issue.resolution && <Typography.Text>{t('iss.resolution', { text: issue.resolution })}</Typography.Text>}
      </Space>
    </Card>
  );
}

function useLast<T>(value: T | null): T | null {
  const last = useRef<T | null>(null);
  if (value) last.current = value;
  return last.current;
}

function TriageDialog({ open, onClose }: { open: Issue | null; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const issue = useLast(open);
  const command = useDeskCommand(trpc.measure.triageIssue.mutationOptions());
  const agencies = useQuery({ ...trpc.agency.list.queryOptions({}), enabled: open !== null, staleTime: 10 * 60_000 });
  const named = issue ? (issue.responders.some((r) => r.named) ? issue.responders.filter((r) => r.named) : issue.neededAgencies).map((a) => a.agencyId) : [];
  return (
    <CommandDialog<{ responderAgencyIds: number[]; dueAt: string }>
      name="issueTriage"
      open={open !== null}
      onClose={onClose}
      title={t('iss.triage.title', { title: issue?.title ?? '' })}
      okText={t('iss.triage.ok')}
      pending={command.isPending}
      doneText={t('iss.triage.done')}
      initialValues={{ responderAgencyIds: named, ...(issue?.dueAt ? { dueAt: dueDateOf(iso(issue.dueAt)) } : {}) }}
      send={(v, requestId) => command.mutateAsync({ measureId: issue!.measureId, issueId: issue!.id, responderAgencyIds: v.responderAgencyIds, dueAt: deadlineOf(v.dueAt), requestId })}
    >
      <AgenciesChoiceField name="responderAgencyIds" label={t('iss.triage.responders')} directory={{ agencies: agencies.data ?? [], loading: agencies.isLoading }} />
      <DateField name="dueAt" label={t('iss.triage.due')} min={chinaDateOf(Date.now() + DAY_MS)} />
    </CommandDialog>
  );
}

function RespondDialog({ open, onClose }: { open: Issue | null; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const issue = useLast(open);
  const command = useDeskCommand(trpc.measure.respondIssue.mutationOptions());
  return (
    <CommandDialog<{ response: string }>
      name="issueRespond"
      open={open !== null}
      onClose={onClose}
      title={t('iss.respond.title', { title: issue?.title ?? '' })}
      okText={t('iss.respond.ok')}
      pending={command.isPending}
      doneText={t('iss.respond.done')}
      intro={issue?.description ? <Typography.Paragraph type="secondary">{issue.description}</Typography.Paragraph> : null}
      send={(v, requestId) => command.mutateAsync({ measureId: issue!.measureId, issueId: issue!.id, response: v.response, requestId })}
    >
      <RequiredTextField name="response" label={t('iss.respond.response')} max={20_000} minRows={4} />
    </CommandDialog>
  );
}

function ResolveDialog({ open, onClose }: { open: Issue | null; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const issue = useLast(open);
  const command = useDeskCommand(trpc.measure.resolveIssue.mutationOptions());
  const waiting = issue?.waitingFor ?? [];
  return (
    <CommandDialog<{ resolution: string }>
      name="issueResolve"
      open={open !== null}
      onClose={onClose}
      title={t('iss.resolve.title', { title: issue?.title ?? '' })}
      okText={t('iss.resolve.ok')}
      pending={command.isPending}
      doneText={t('iss.resolve.done')}
      confirm={() => t('iss.resolve.confirm')}
      intro={waiting.length > 0 ? <Alert type="warning" showIcon title={t('iss.resolve.waiting', { agencies: waiting.map((a) => a.name).join('、') })} style={{ marginBottom: 16 }} /> : null}
      send={(v, requestId) => command.mutateAsync({ measureId: issue!.measureId, issueId: issue!.id, resolution: v.resolution, requestId })}
    >
      <RequiredTextField name="resolution" label={t('iss.resolve.resolution')} max={20_000} />
    </CommandDialog>
  );
}
