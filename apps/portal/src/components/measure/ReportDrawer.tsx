import { Alert, App, Button, Drawer, Form, Input, InputNumber, Radio, Space, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { prefillReport, sentReport, type ReportDraft } from '@liandong/domain/measure';
import type { Kpi } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { useTRPC } from '../../lib/trpc';
import { cycleNo, formatInstant, formatTarget } from '../../pages/measure/format';
import { clearDraft, draftSent, saveDraft, startingReport, type PrefillSource } from '../../pages/measure/reportDraft';
import type { PreviousReport } from '../../pages/measure/view';
import { CommandErrors, useCommandForm, useMeasureCommand } from './command';

const PROGRESS = ['on_track', 'at_risk', 'blocked', 'done'] as const;

interface Values {
  content: ReportDraft;
}

export interface ReportTarget {
  agencyId: number;
  agencyName: string;
  cycleIndex: number;
  kind: 'partner' | 'combined';
  /** The report was returned for revision: it is submitted again. */
  returned: boolean;
}

/**
 * The report form (进展报告 / 合并报告) for one agency and cycle, in a drawer: prefilled from the unsent draft
 * or the agency's last report as the server holds it (`previous`), saved on this device as it is written, submitted once.
 */
export function ReportDrawer({
  measureId,
  target,
  kpis,
  previous,
  onClose,
}: {
  measureId: string;
  target: ReportTarget | null;
  kpis: readonly Kpi[];
  previous: PreviousReport | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const open = target !== null;
  const title = target ? t(target.kind === 'combined' ? 'mp.report.titleCombined' : 'mp.report.title', { n: cycleNo(target.cycleIndex), agency: target.agencyName }) : '';
  return (
    <Drawer open={open} onClose={onClose} title={title} size={720} destroyOnHidden mask={{ closable: false }}>
      {/* The form starts with a line per KPI of the measure, from the agency's last report. */}
      {target && <ReportForm key={`${target.agencyId}:${target.cycleIndex}`} measureId={measureId} target={target} kpis={kpis} previous={previous} onClose={onClose} />}
    </Drawer>
  );
}

function ReportForm({ measureId, target, kpis, previous, onClose }: { measureId: string; target: ReportTarget; kpis: readonly Kpi[]; previous: PreviousReport | null; onClose: () => void }) {
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { agencyId, cycleIndex } = target;
  const metrics = useMemo(() => kpis.map((k) => k.metric), [kpis]);
  const kpiOf = useMemo(() => new Map(kpis.map((k) => [k.metric.trim(), k])), [kpis]);
  const [start] = useState(() => startingReport(window.localStorage, measureId, agencyId, cycleIndex, previous, (from) => prefillReport(from, metrics)));
  const [source, setSource] = useState<PrefillSource>(start.source);
  // The server's `content.kpiValues.<i>` is the i-th value sent; empty lines are not sent.
  const sentLines = useRef<number[]>([]);

  const submit = useMeasureCommand(measureId, trpc.measure.submitReport.mutationOptions());
  const { onOk, errors } = useCommandForm<Values>({
    form,
    open: true,
    doneText: t('mp.report.done'),
    confirm: () => t('mp.report.confirm'),
    onDone: onClose,
    send: async (values, requestId) => {
      const { content, kpiLines } = sentReport(values.content);
      sentLines.current = kpiLines;
      await submit.mutateAsync({ measureId, agencyId, cycleIndex, content, requestId });
      draftSent(window.localStorage, measureId, agencyId, cycleIndex);
    },
    formField: (field) => field.replace(/^content\.kpiValues[.[](\d+)\]?/, (_, i: string) => `content.kpiValues.${sentLines.current[Number(i)] ?? i}`),
  });

  const saveNow = () => {
    const content = form.getFieldValue('content') as ReportDraft | undefined;
    if (content) saveDraft(window.localStorage, measureId, agencyId, cycleIndex, { ...content, percentDone: content.percentDone ?? 0 });
  };

  const sourceNote =
    source.kind === 'draft'
      ? t('mp.report.fromDraft', { time: formatInstant(source.savedAt, lang) })
      : source.kind === 'last'
        ? t('mp.report.fromLast', { n: cycleNo(source.cycleIndex) })
        : t('mp.report.fromEmpty');

  return (
    <Space orientation="vertical" size="medium" style={{ width: '100%' }}>
      {target.returned && <Alert type="warning" showIcon title={t('mp.report.returnedNote')} />}
      <Alert type="info" showIcon title={sourceNote} description={t('mp.report.draftNote')} data-testid="report-prefill-note" />
      <CommandErrors errors={errors} />
      <Form<Values>
        form={form}
        name="report"
        layout="vertical"
        initialValues={{ content: start.draft }}
        disabled={submit.isPending}
        onValuesChange={saveNow}
        aria-label={t('mp.report.form')}
      >
        <Form.Item name={['content', 'progressStatus']} label={t('mp.report.progressStatus')} rules={[{ required: true, message: t('mp.requiredChoice', { field: t('mp.report.progressStatus') }) }]}>
          <Radio.Group optionType="button" buttonStyle="solid" options={PROGRESS.map((p) => ({ value: p, label: t(`mp.progress.${p}`) }))} />
        </Form.Item>
        <Form.Item
          name={['content', 'percentDone']}
          label={t('mp.report.percentDone')}
          rules={[{ required: true, type: 'integer', min: 0, max: 100, message: t('mp.required', { field: t('mp.report.percentDone') }) }]}
        >
          <InputNumber min={0} max={100} precision={0} step={5} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item label={t('mp.report.kpis')} extra={t('mp.report.kpiBlankHint')}>
          <Form.List name={['content', 'kpiValues']}>
            {(fields, { add, remove }) => (
              <Space orientation="vertical" size="small" style={{ width: '100%' }}>
                {fields.length === 0 && <Typography.Text type="secondary">{t('mp.report.kpisEmpty')}</Typography.Text>}
                {fields.map((field) => {
                  const metric = ((form.getFieldValue(['content', 'kpiValues', field.name, 'metric']) as string | undefined) ?? '').trim();
                  const measureKpi = kpiOf.get(metric);
                  return (
                    <div key={field.key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }} data-testid="report-kpi-row">
                      {measureKpi ? (
                        <div style={{ flex: 1, minWidth: 0, paddingTop: 4 }}>
                          <Typography.Text strong>{metric}</Typography.Text>
                          <br />
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {t('mp.report.kpiTarget', { target: formatTarget(measureKpi, lang) })}
                          </Typography.Text>
                        </div>
                      ) : (
                        <Form.Item
                          name={[field.name, 'metric']}
                          style={{ flex: 1, marginBottom: 0 }}
                          rules={[{ required: true, whitespace: true, message: t('mp.required', { field: t('mp.report.kpiMetric') }) }]}
                        >
                          <Input aria-label={t('mp.report.kpiMetric')} placeholder={t('mp.report.kpiMetric')} maxLength={500} />
                        </Form.Item>
                      )}
                      <Form.Item name={[field.name, 'value']} style={{ marginBottom: 0 }}>
                        <InputNumber aria-label={t('mp.report.kpiValue', { metric: metric || t('mp.report.kpiMetric') })} suffix={measureKpi?.unit || undefined} style={{ width: 200 }} />
                      </Form.Item>
                      {!measureKpi && (
                        <Button onClick={() => remove(field.name)} aria-label={t('mp.report.removeKpi', { metric: metric || '' })}>
                          ✕
                        </Button>
                      )}
                    </div>
                  );
                })}
                <Button type="dashed" onClick={() => add({ metric: '', value: null })}>
                  + {t('mp.report.addKpi')}
                </Button>
              </Space>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name={['content', 'summary']} label={t('mp.report.summary')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={20_000} />
        </Form.Item>
        <Form.Item name={['content', 'problems']} label={t('mp.report.problems')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={20_000} />
        </Form.Item>
        <Form.Item name={['content', 'supportRequested']} label={t('mp.report.supportRequested')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={20_000} />
        </Form.Item>
        <Space wrap>
          <Button type="primary" loading={submit.isPending} onClick={() => void onOk()} data-testid="report-submit">
            {t('mp.report.submit')}
          </Button>
          <Button onClick={onClose} disabled={submit.isPending}>
            {t('cancel')}
          </Button>
          <Button
            type="link"
            disabled={submit.isPending}
            onClick={() => {
              clearDraft(window.localStorage, measureId, agencyId, cycleIndex);
              const fresh = startingReport(window.localStorage, measureId, agencyId, cycleIndex, previous, (from) => prefillReport(from, metrics));
              form.setFieldsValue({ content: fresh.draft });
              setSource(fresh.source);
              void message.info(t('mp.report.discarded'));
            }}
          >
            {t('mp.report.discardDraft')}
          </Button>
        </Space>
      </Form>
    </Space>
  );
}
