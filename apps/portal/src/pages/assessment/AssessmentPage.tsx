import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Drawer, Empty, Form, InputNumber, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { useMemo, useState, type HTMLAttributes } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ASSESSMENT_RULES, DEFAULT_ASSESSMENT_RULES, type AssessmentRules } from '@liandong/domain/assessment';
import { CommandDialog } from '../../components/measure/command';
import type { Outputs } from '../../lib/api';
import { useMe } from '../../lib/auth';
import { useI18n } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages';
import { formatChinaDateTime } from '../../lib/relativeTime';
import { usePageTitle } from '../../lib/title';
import { useTRPC } from '../../lib/trpc';
import { useDownload } from '../../components/useDownload';
import { LedgerExportButton } from './LedgerExportButton';
import { periodChoices, periodFromUrl, periodLabel, signedPoints } from './periods';

type RankingRow = Outputs['assessment']['ranking']['rows'][number];
type Line = Outputs['assessment']['explain']['lines'][number];
type Rule = (typeof ASSESSMENT_RULES)[number];

const ruleKey = (rule: Line['rule']) => `assessment.rule.${rule}` as MessageKey;
const LEVEL_COLOR: Partial<Record<Rule, string>> = { blueEscalation: 'blue', yellowEscalation: 'gold', redEscalation: 'red' };

/** 考核: each unit of a plan scored and ranked for a month or quarter; a unit's score explained event by event. */
export function AssessmentPage() {
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const me = useMe();
  const queryClient = useQueryClient();
  const [searchParams, setSearchParams] = useSearchParams();
  const [now] = useState(() => new Date());
  const choices = useMemo(() => periodChoices(now), [now]);
  usePageTitle(t('assessment.title'));

  const plans = useQuery(trpc.plan.list.queryOptions());
  // A coordinator assesses the plans its agency coordinates; auditors and admins any plan.
  const assessable = useMemo(
    () => (plans.data ?? []).filter((p) => me.roles.includes('auditor') || me.roles.includes('admin') || p.coordinator.code === me.agency.code),
    [plans.data, me],
  );
  const planId = searchParams.get('plan') ?? assessable[0]?.id ?? '';
  const plan = assessable.find((p) => p.id === planId);
  const period = periodFromUrl(searchParams.get('period'), now);
  const agencyParam = Number(searchParams.get('agency'));
  const explainedAgency = Number.isInteger(agencyParam) && agencyParam > 0 ? agencyParam : null;

  const setParam = (changes: Record<string, string | null>) => {
    const params = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) params.delete(key);
      else params.set(key, value);
    }
    setSearchParams(params, { replace: true });
  };

  const ranking = useQuery({ ...trpc.assessment.ranking.queryOptions({ planId, period }), enabled: planId !== '' });
  const rules = useQuery({ ...trpc.assessment.rules.queryOptions({ planId }), enabled: planId !== '' });
  const explanation = useQuery({ ...trpc.assessment.explain.queryOptions({ planId, period, agencyId: explainedAgency ?? 1 }), enabled: planId !== '' && explainedAgency !== null });
  const { busy, download } = useDownload('assessment.exportFailed', 'assessment.exported');
  const [editing, setEditing] = useState(false);
  const mayEditRules = !me.roles.includes('auditor') && (me.roles.includes('admin') || (me.roles.includes('coordinator') && plan?.coordinator.code === me.agency.code));
  const setRules = useMutation(
    trpc.assessment.setRules.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.assessment.pathFilter());
      },
    }),
  );

  if (plans.isPending) return <Spin description={t('loading')} />;
  if (plans.isError) return <Alert type="error" showIcon title={t('error.load')} description={plans.error.message} />;

  const periodOptions = [
    { label: t('assessment.months'), title: t('assessment.months'), options: choices.months.map((key) => ({ value: key, label: periodLabel(key, lang) })) },
    { label: t('assessment.quarters'), title: t('assessment.quarters'), options: choices.quarters.map((key) => ({ value: key, label: periodLabel(key, lang) })) },
  ];
  if (!choices.months.includes(period) && !choices.quarters.includes(period)) periodOptions[0]!.options.unshift({ value: period, label: periodLabel(period, lang) });

  const countColumns = ASSESSMENT_RULES.map((rule) => ({
    title: t(ruleKey(rule)),
    key: rule,
    width: 90,
    align: 'right' as const,
    render: (_: unknown, row: RankingRow) => row.counts[rule] || <span aria-hidden>·</span>,
  }));

  return (
    <Space orientation="vertical" size="medium" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>
          {t('assessment.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('assessment.intro')}</Typography.Text>
      </div>

      {assessable.length === 0 ? (
        <Empty description={t('assessment.noPlans')} />
      ) : (
        <>
          <Space wrap size="middle" align="center">
            <label htmlFor="assessment-plan">{t('assessment.plan')}</label>
            <Select
              id="assessment-plan"
              aria-label={t('assessment.plan')}
              value={planId}
              style={{ minWidth: 320, maxWidth: 520 }}
              options={assessable.map((p) => ({ value: p.id, label: p.title }))}
              onChange={(value: string) => setParam({ plan: value, agency: null })}
            />
            <label htmlFor="assessment-period">{t('assessment.period')}</label>
            <Select id="assessment-period" aria-label={t('assessment.period')} value={period} style={{ width: 180 }} options={periodOptions} onChange={(value: string) => setParam({ period: value, agency: null })} />
            <Button
              type="primary"
              loading={busy}
              data-testid="assessment-export"
              onClick={() => void download(() => queryClient.fetchQuery({ ...trpc.assessment.export.queryOptions({ planId, period }), staleTime: 0, gcTime: 0 }))}
            >
              {t('assessment.export')}
            </Button>
            <LedgerExportButton planId={planId} />
            {mayEditRules && <Button onClick={() => setEditing(true)}>{t('assessment.rules.edit')}</Button>}
          </Space>

          {rules.data && (
            <Typography.Text type="secondary" data-testid="assessment-rules-origin">
              {t('assessment.rules')}：
              {rules.data.isDefault ? t('assessment.rules.isDefault') : t('assessment.rules.custom', { by: rules.data.updatedBy ?? '', at: rules.data.updatedAt ? formatChinaDateTime(rules.data.updatedAt) : '' })}
            </Typography.Text>
          )}

          {ranking.isError ? (
            <Alert type="error" showIcon title={t('error.load')} description={ranking.error.message} />
          ) : (
            <>
              <Space align="baseline" size="middle">
                <Typography.Title level={2} style={{ margin: 0, fontSize: 20 }}>
                  {t('assessment.ranking')} · {periodLabel(period, lang)}
                </Typography.Title>
                {ranking.data && <Typography.Text type="secondary">{t('assessment.count', { n: ranking.data.rows.length })}</Typography.Text>}
              </Space>
              <Table<RankingRow>
                rowKey="agencyId"
                aria-label={t('assessment.ranking')}
                data-testid="assessment-ranking"
                size="middle"
                loading={ranking.isFetching}
                dataSource={ranking.data?.rows ?? []}
                pagination={false}
                scroll={{ x: 1100 }}
                locale={{ emptyText: t('assessment.empty') }}
                onRow={(row) => ({ 'data-testid': 'assessment-row', 'data-agency': row.agencyId }) as HTMLAttributes<HTMLElement>}
                columns={[
                  { title: t('assessment.col.rank'), dataIndex: 'rank', key: 'rank', width: 70, align: 'right' },
                  {
                    title: t('assessment.col.agency'),
                    key: 'agency',
                    width: 220,
                    render: (_, row) => (
                      <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }} aria-label={t('assessment.explain', { agency: row.agencyName })} onClick={() => setParam({ agency: String(row.agencyId) })}>
                        {row.agencyName}
                      </Button>
                    ),
                  },
                  { title: t('assessment.col.score'), dataIndex: 'score', key: 'score', width: 90, align: 'right', render: (score: number) => <Typography.Text strong>{score}</Typography.Text> },
                  ...countColumns,
                ]}
              />
            </>
          )}
        </>
      )}

      <Drawer
        open={explainedAgency !== null}
        onClose={() => setParam({ agency: null })}
        size="large"
        title={explanation.data ? t('assessment.explain.title', { agency: explanation.data.agencyName, period: periodLabel(period, lang) }) : t('assessment.explain.table')}
        destroyOnHidden
      >
        {explanation.isPending ? (
          <Spin description={t('loading')} />
        ) : explanation.isError ? (
          <Alert type="error" showIcon title={t('error.load')} description={explanation.error.message} />
        ) : (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Descriptions size="small" column={1} items={[{ key: 'score', label: t('assessment.col.score'), children: <span data-testid="explain-score">{explanation.data.score}</span> }]} />
            <Table<Line>
              rowKey={(line, i) => `${line.rule}:${line.auditEventId ?? 'none'}:${i}`}
              aria-label={t('assessment.explain.table')}
              data-testid="assessment-explanation"
              size="small"
              pagination={false}
              dataSource={explanation.data.lines}
              onRow={() => ({ 'data-testid': 'explain-line' }) as HTMLAttributes<HTMLElement>}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>{t('assessment.explain.total')}</Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    <Typography.Text strong>{explanation.data.score}</Typography.Text>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} colSpan={4} />
                </Table.Summary.Row>
              )}
              columns={[
                {
                  title: t('assessment.line.item'),
                  key: 'item',
                  width: 130,
                  render: (_, line) => (LEVEL_COLOR[line.rule as Rule] ? <Tag color={LEVEL_COLOR[line.rule as Rule]}>{t(ruleKey(line.rule))}</Tag> : t(ruleKey(line.rule))),
                },
                { title: t('assessment.line.points'), key: 'points', width: 70, align: 'right', render: (_, line) => signedPoints(line.points, line.rule) },
                { title: t('assessment.line.time'), key: 'time', width: 140, render: (_, line) => (line.occurredAt ? formatChinaDateTime(line.occurredAt) : '—') },
                {
                  title: t('assessment.line.measure'),
                  key: 'measure',
                  render: (_, line) =>
                    line.measureId ? (
                      <Link to={`/measures/${line.measureId}`}>
                        <Typography.Text type="secondary">{line.measureNumber}</Typography.Text> {line.measureTitle}
                      </Link>
                    ) : (
                      '—'
                    ),
                },
                { title: t('assessment.line.detail'), dataIndex: 'detail', key: 'detail', width: 150 },
                {
                  title: t('assessment.line.audit'),
                  key: 'audit',
                  width: 90,
                  render: (_, line) => (line.auditEventId === null ? '—' : <Typography.Text code data-testid="audit-event-id">#{line.auditEventId}</Typography.Text>),
                },
              ]}
            />
          </Space>
        )}
      </Drawer>

      {editing && rules.data && (
        <CommandDialog<{ rules: Record<keyof AssessmentRules, number | null> }>
          open={editing}
          name="assessment-rules"
          title={t('assessment.rules.edit')}
          okText={t('assessment.rules.save')}
          doneText={t('assessment.rules.saved')}
          pending={setRules.isPending}
          onClose={() => setEditing(false)}
          initialValues={{ rules: rules.data.rules }}
          send={(values, requestId) => setRules.mutateAsync({ planId, rules: { ...values.rules, cap: values.rules.cap ?? null, floor: values.rules.floor ?? null }, requestId })}
        >
          {(form) => (
            <>
              {(['base', ...ASSESSMENT_RULES] as const).map((rule) => (
                <Form.Item key={rule} name={['rules', rule]} label={t(`assessment.rules.${rule}` as MessageKey)} rules={[{ required: true, type: 'number', min: 0, max: 1000, message: t('assessment.rules.points') }]}>
                  <InputNumber min={0} max={1000} step={0.5} precision={2} style={{ width: 160 }} />
                </Form.Item>
              ))}
              {(['cap', 'floor'] as const).map((rule) => (
                <Form.Item key={rule} name={['rules', rule]} label={t(`assessment.rules.${rule}`)} rules={[{ type: 'number', min: 0, max: 1000, message: t('assessment.rules.points') }]}>
                  <InputNumber min={0} max={1000} step={1} precision={2} style={{ width: 160 }} />
                </Form.Item>
              ))}
              <Button onClick={() => form.setFieldsValue({ rules: DEFAULT_ASSESSMENT_RULES })}>{t('assessment.rules.resetDefault')}</Button>
            </>
          )}
        </CommandDialog>
      )}
    </Space>
  );
}
