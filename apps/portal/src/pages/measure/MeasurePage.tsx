import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Result, Skeleton, Space, Tabs, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { combinedReportWaitsFor, measureActions, type MeasureAction } from '@liandong/domain/measure';
import { Deadline } from '../../components/Deadline';
import { ActionButtons, TodoSummary, type TabKey } from '../../components/measure/ActionBar';
import { MeasureDialogs, type DialogAction } from '../../components/measure/ActionDialogs';
import { TrafficLightTag, MeasureStatusTag } from '../../components/measure/MeasureTags';
import { OverviewSection } from '../../components/measure/OverviewSection';
import { ReportDrawer, type ReportTarget } from '../../components/measure/ReportDrawer';
import { ReportsSection } from '../../components/measure/ReportsSection';
import { SupervisionSection } from '../../components/measure/SupervisionSection';
import { TimelineSection } from '../../components/measure/TimelineSection';
import { UnitsSection } from '../../components/measure/UnitsSection';
import { AUDIT_ROLES, mayOpen } from '../../lib/access';
import { useMe } from '../../lib/auth';
import { apiFailure, localizeMessage } from '../../lib/errors';
import { formatReportingPolicy } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { usePageTitle } from '../../lib/title';
import { useTRPC } from '../../lib/trpc';
import { ForbiddenPage } from '../errors/ForbiddenPage';
import { NotFoundPage } from '../errors/NotFoundPage';
import { cycleNo, dueDateOf, formatPeriod } from './format';
import { actionViewOf, agencyNamesOf, previousReportOf, trafficLight, type MeasurePageData } from './view';

const TABS: readonly TabKey[] = ['overview', 'units', 'reports', 'supervision', 'timeline'];
/** Forms that choose agencies from the directory. */
const DIRECTORY_ACTIONS: readonly MeasureAction['type'][] = ['requestTransfer', 'arbitrateDecline', 'raiseIssue', 'triageIssue'];

/** The measure page (措施详情): what the measure is, who works on it, its cycles, its escalations, and the actions. */
export function MeasurePage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const measure = useQuery(trpc.measure.get.queryOptions({ measureId: id }));
  usePageTitle(measure.data ? `${measure.data.number} ${measure.data.title}` : undefined);

  if (measure.isPending) {
    return (
      <div aria-busy="true" aria-label={t('loading')} data-testid="measure-loading">
        <Skeleton active title={{ width: '50%' }} paragraph={{ rows: 3 }} />
        <Skeleton active paragraph={{ rows: 6 }} />
      </div>
    );
  }
  if (measure.isError) {
    const code = apiFailure(measure.error).code;
    // Someone the measure does not involve learns nothing of it, not even its title.
    if (code === 'FORBIDDEN') return <ForbiddenPage detail={t('mp.forbidden')} />;
    if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') return <NotFoundPage detail={t('mp.notFound')} />;
    return (
      <Result
        status="error"
        title={t('mp.loadFailed')}
        subTitle={localizeMessage(measure.error.message, lang)}
        extra={
          <Button type="primary" loading={measure.isFetching} onClick={() => void measure.refetch()}>
            {t('retry')}
          </Button>
        }
      />
    );
  }
  return <MeasureDetail page={measure.data} />;
}

function MeasureDetail({ page }: { page: MeasurePageData }) {
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const me = useMe();
  const [search, setSearch] = useSearchParams();
  const [dialog, setDialog] = useState<DialogAction | null>(null);
  const [report, setReport] = useState<ReportTarget | null>(null);
  // A button that did its work may be gone (接收 after accepting): focus then goes to the heading, not the page's start.
  const heading = useRef<HTMLHeadingElement>(null);
  const keepFocus = useCallback(() => {
    window.setTimeout(() => {
      if (document.activeElement === document.body) heading.current?.focus();
    }, 400);
  }, []);
  useEffect(keepFocus, [page, keepFocus]);

  // The plan only adds its reporting policy to the header; the measure's KPIs come with the page.
  const plan = useQuery({ ...trpc.plan.get.queryOptions({ id: page.plan?.id ?? '' }), enabled: page.plan !== null, staleTime: 5 * 60_000 });
  const kpis = page.kpis;

  // Deadlines and the rules are judged as of the data's arrival, so a re-render does not reshuffle buttons.
  const now = useMemo(() => Date.now(), [page]);
  const view = useMemo(() => actionViewOf(page), [page]);
  // The decision core's own rules say what this person may do now; the server still judges each command.
  const actions = useMemo(() => measureActions(view, me, now), [view, me, now]);
  const names = useMemo(() => agencyNamesOf(page), [page]);
  const nameOf = (agencyId: number) => names.get(agencyId) ?? `#${agencyId}`;

  // A lead officer who still owes the combined report hears whom it waits for.
  const ownDuty = page.cycle.duties.find((d) => d.agencyId === me.agency.id);
  const leadOwes = page.assignments.some((a) => a.agencyId === me.agency.id && a.role === 'lead') && ownDuty !== undefined && (ownDuty.report === null || ownDuty.report.status === 'returned');
  const waitingFor = leadOwes && me.roles.includes('officer') && !me.roles.includes('auditor') ? combinedReportWaitsFor(view, page.cycle.index).map(nameOf) : [];

  const tabParam = search.get('tab') as TabKey | null;
  const tab: TabKey = tabParam && TABS.includes(tabParam) ? tabParam : 'overview';
  const setTab = (key: TabKey) =>
    setSearch(
      (params) => {
        params.set('tab', key);
        return params;
      },
      { replace: true },
    );

  const onAction = (action: MeasureAction) => {
    if (action.type === 'submitReport') {
      const duty = [...page.cycle.duties, ...page.carried].find((d) => d.agencyId === action.agencyId && d.cycleIndex === action.cycleIndex);
      setReport({ agencyId: action.agencyId, agencyName: nameOf(action.agencyId), cycleIndex: action.cycleIndex, kind: action.kind, returned: duty?.report?.status === 'returned' });
      return;
    }
    if (action.type === 'acceptAssignment' || action.type === 'acknowledgeEscalation') return;
    setDialog(action);
  };

  const light = trafficLight(page.escalations);
  const readOnly = me.roles.includes('auditor');

  return (
    <Space orientation="vertical" size="medium" style={{ width: '100%' }}>
      <div>
        <Link to="/measures">← {t('mp.back')}</Link>
        <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap', marginTop: 8 }} data-testid="measure-header">
          <Typography.Title level={1} style={{ margin: 0, fontSize: 22, outline: 'none' }} ref={heading} tabIndex={-1}>
            <span data-testid="measure-number">{page.number}</span> {page.title}
          </Typography.Title>
          <MeasureStatusTag status={page.status} />
          <TrafficLightTag level={light} />
          {/* 审计视图: the measure's audit events beside its raw workflow history, for auditors and admins. */}
          {mayOpen(me.roles, AUDIT_ROLES) && (
            <Link to={`/audit/measures/${encodeURIComponent(page.id)}`} data-testid="measure-audit-link">
              {t('audit.measureLink')}
            </Link>
          )}
        </div>
      </div>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          {
            key: 'plan',
            label: t('mp.plan'),
            children: page.plan ? (
              <Link to={`/plans/${page.plan.id}`}>
                {page.plan.title ?? '—'}
                {page.plan.documentNumber ? `（${page.plan.documentNumber}）` : ''}
              </Link>
            ) : (
              '—'
            ),
          },
          { key: 'coordinator', label: t('mp.coordinator'), children: page.coordinator.name },
          {
            key: 'deadline',
            label: t('measure.deadline'),
            children: <Deadline due={page.dueOn} ongoing={page.ongoing} text={page.deadlineText} overdue={page.overdue} />,
          },
          ...(page.section ? [{ key: 'section', label: t('mp.section'), children: page.section }] : []),
          {
            key: 'cycle',
            label: t('mp.cycleNow'),
            children: t('mp.cycleSummary', { n: cycleNo(page.cycle.index), period: formatPeriod(page.cycle.periodStart, page.cycle.periodEnd), due: dueDateOf(page.cycle.dueAt) }),
          },
          ...(plan.data ? [{ key: 'policy', label: t('plan.reportingPolicy'), children: formatReportingPolicy(plan.data.reportingPolicy, lang) }] : []),
        ]}
      />
      {page.status === 'closed' && <Alert type="success" showIcon title={t('mp.closedNote')} />}
      {page.status === 'withdrawn' && <Alert type="warning" showIcon title={t('mp.withdrawnNote')} />}

      <ActionButtons page={page} actions={actions} readOnly={readOnly} onAction={onAction} />
      <TodoSummary actions={actions} onGo={setTab} />

      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key as TabKey)}
        aria-label={t('mp.tabs')}
        items={[
          { key: 'overview', label: t('mp.tab.overview'), children: <OverviewSection page={page} /> },
          { key: 'units', label: `${t('mp.tab.units')} (${page.assignments.length})`, children: <UnitsSection page={page} actions={actions} ownAgencyId={me.agency.id} onAction={onAction} /> },
          { key: 'reports', label: t('mp.tab.reports'), children: <ReportsSection page={page} actions={actions} ownAgencyId={me.agency.id} waitingFor={waitingFor} now={now} onAction={onAction} /> },
          {
            key: 'supervision',
            label: `${t('mp.tab.supervision')} (${page.escalations.length + page.issues.length + page.extensions.length})`,
            children: <SupervisionSection page={page} actions={actions} onAction={onAction} />,
          },
          { key: 'timeline', label: t('mp.tab.timeline'), children: <TimelineSection page={page} /> },
        ]}
      />

      <MeasureDialogs
        page={page}
        action={dialog}
        onClose={() => {
          setDialog(null);
          keepFocus();
        }} names={names} kpis={kpis} asCoordinator={me.roles.includes('coordinator') && me.agency.id === page.coordinator.agencyId}
        namesAgencies={actions.some((a) => DIRECTORY_ACTIONS.includes(a.type))}
      />
      <ReportDrawer
        measureId={page.id}
        target={report}
        kpis={kpis}
        previous={report ? previousReportOf(page, report.agencyId, me.agency.id) : null}
        onClose={() => {
          setReport(null);
          keepFocus();
        }}
      />
    </Space>
  );
}
