import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, Row, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { AgencySelect } from '../../components/AgencySelect';
import { KpiList } from '../../components/KpiList';
import type { AgencyListItem, PlanConfirmResult, PlanPreview } from '../../lib/api';
import { apiFailure, localizeMessage, type FieldError } from '../../lib/errors';
import { useI18n, type MessageKey } from '../../lib/i18n';
import { useTRPC } from '../../lib/trpc';
import { DiffView } from './DiffView';
import {
  addAgency,
  chooseAgency,
  districtsOf,
  removeName,
  toConfirmInput,
  unresolvedCount,
  updateDeadline,
  updateMeasure,
  validateDraft,
  type Draft,
  type DraftMeasure,
  type DraftMeta,
  type Problem,
} from './draft';
import { DeadlineEditor, MeasureNotes, PlanConventions } from './MeasureNotes';
import { NameFixDialog, NameList, type FixTarget } from './NameFix';

export interface ImportReviewProps {
  preview: PlanPreview;
  draft: Draft;
  onDraftChange: (draft: Draft) => void;
  agencies: readonly AgencyListItem[];
  agenciesLoading: boolean;
  /** Set for a coordinator who is not an admin: the only agency they may name as the plan's coordinator. */
  ownAgencyCode: string | null;
  onJurisdictionChange: (code: string) => void;
  rereading: boolean;
  onRestart: () => void;
}

const isGovernment = (a: AgencyListItem) => a.kind === 'government';

const META_LABELS: Partial<Record<string, MessageKey>> = {
  title: 'field.title',
  issuer: 'field.issuer',
  documentNumber: 'field.documentNumber',
  issuedOn: 'field.issuedOn',
  coordinatorAgencyCode: 'field.coordinatorCode',
  jurisdictionCode: 'field.jurisdictionCode',
  reportingPolicy: 'field.reportingPolicy',
};
const MEASURE_LABELS: Partial<Record<string, MessageKey>> = {
  number: 'measure.number',
  title: 'field.title',
  body: 'field.body',
  leadCodes: 'field.leads',
  partnerCodes: 'field.partners',
  allDistricts: 'field.allDistricts',
  kpis: 'field.kpis',
  deadline: 'field.deadline',
};

/** The import preview under review: plan meta, the measures with every name resolved or flagged, then confirm. */
export function ImportReview(props: ImportReviewProps) {
  const { preview, draft, agencies, ownAgencyCode } = props;
  const { lang, t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [fixing, setFixing] = useState<FixTarget | null>(null);
  const [showProblems, setShowProblems] = useState(false);

  const confirm = useMutation(
    trpc.plan.confirm.mutationOptions({
      onSuccess: (result: PlanConfirmResult) => {
        void message.success(
          result.created ? t('import.created', { n: result.measureCount }) : result.changes > 0 ? t('import.updated', { n: result.changes }) : t('import.unchanged'),
        );
        void queryClient.invalidateQueries({ queryKey: trpc.plan.list.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.plan.get.queryKey({ id: result.planId }) });
        void navigate(`/plans/${result.planId}`);
      },
    }),
  );

  const change = (next: Draft) => {
    if (confirm.isError) confirm.reset();
    props.onDraftChange(next);
  };
  const setMeta = (patch: Partial<DraftMeta>) => change({ ...draft, meta: { ...draft.meta, ...patch } });

  const unresolved = unresolvedCount(draft);
  const problems = validateDraft(draft, { ownAgencyCode });
  const failure = confirm.isError ? apiFailure(confirm.error) : null;
  const serverFields: FieldError[] = failure?.fields ?? [];
  const names = useMemo(() => new Map(agencies.map((a) => [a.code, a.name])), [agencies]);
  const nameOf = (code: string) => names.get(code) ?? code;
  const districts = useMemo(() => districtsOf(draft.jurisdictionCode, agencies), [draft.jurisdictionCode, agencies]);

  const problemText = (p: Problem) => t(p.key, p.vars);
  /** The message for a field (or anything under it): the server's, else the client's once the person tried to confirm. */
  const errorFor = (field: string): string | undefined => {
    const server = serverFields.find((f) => f.field === field || f.field.startsWith(`${field}.`));
    if (server) return server.message;
    const problem = showProblems ? problems.find((p) => p.field === field) : undefined;
    return problem && problemText(problem);
  };
  /** A server field path as a person reads it: `measures.1.leadCodes.0` → `序号 2 · 牵头单位`. */
  const fieldLabel = (path: string): string => {
    const parts = path.split('.');
    if (parts[0] === 'meta' && parts[1]) {
      const key = META_LABELS[parts[1]];
      return key ? t(key) : path;
    }
    if (parts[0] === 'measures' && parts[1] !== undefined) {
      const measure = draft.measures[Number(parts[1])];
      const key = parts[2] ? MEASURE_LABELS[parts[2]] : undefined;
      return [measure ? `${t('measure.number')} ${measure.number}` : path, key ? t(key) : null].filter(Boolean).join(' · ');
    }
    return path;
  };
  // A deadline's errors show in its own cell (DeadlineEditor), not under the title.
  const underTitle = (index: number, field: string) => field.startsWith(`measures.${index}.`) && !field.startsWith(`measures.${index}.deadline`);
  const rowErrors = (index: number): string[] => [
    ...serverFields.filter((f) => underTitle(index, f.field)).map((f) => `${fieldLabel(f.field)}: ${f.message}`),
    ...(showProblems ? problems.filter((p) => underTitle(index, p.field) && !p.field.endsWith('.unresolved')).map(problemText) : []),
  ];

  const onConfirm = () => {
    setShowProblems(true);
    if (problems.length > 0) return;
    confirm.mutate(toConfirmInput(draft));
  };

  const coordinatorHint = ownAgencyCode
    ? t('import.coordinatorOwn')
    : preview.coordinator && preview.coordinator.code === draft.coordinatorCode
      ? t(`import.coordinatorHint.${preview.coordinator.reason}`)
      : undefined;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 16 }}>
        <Typography.Title level={2} style={{ margin: 0, fontSize: 20 }}>
          {t('import.review')}
        </Typography.Title>
        <span style={{ flex: 1 }} />
        <Button onClick={props.onRestart}>{t('import.restart')}</Button>
      </div>

      {preview.existing && <DiffView existing={preview.existing} nameOf={nameOf} />}
      {preview.warnings.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t('import.warnings')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 16 }}>
              {preview.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          }
        />
      )}

      <Card title={<h3 style={{ margin: 0, fontSize: 16 }}>{t('import.meta')}</h3>}>
        <Form layout="vertical" component="div">
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              <Form.Item label={t('plan.title')} htmlFor="plan-title" required validateStatus={errorFor('meta.title') ? 'error' : undefined} help={errorFor('meta.title')}>
                <Input id="plan-title" maxLength={300} value={draft.meta.title} onChange={(e) => setMeta({ title: e.target.value })} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item label={t('plan.documentNumber')} htmlFor="plan-document-number" validateStatus={errorFor('meta.documentNumber') ? 'error' : undefined} help={errorFor('meta.documentNumber')}>
                <Input id="plan-document-number" maxLength={100} value={draft.meta.documentNumber} onChange={(e) => setMeta({ documentNumber: e.target.value })} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item label={t('plan.issuedOn')} htmlFor="plan-issued-on" validateStatus={errorFor('meta.issuedOn') ? 'error' : undefined} help={errorFor('meta.issuedOn')}>
                <Input id="plan-issued-on" placeholder="yyyy-mm-dd" value={draft.meta.issuedOn} onChange={(e) => setMeta({ issuedOn: e.target.value })} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={8}>
              <Form.Item label={t('plan.issuer')} htmlFor="plan-issuer" validateStatus={errorFor('meta.issuer') ? 'error' : undefined} help={errorFor('meta.issuer')}>
                <Input id="plan-issuer" maxLength={100} value={draft.meta.issuer} onChange={(e) => setMeta({ issuer: e.target.value })} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item
                label={t('plan.jurisdiction')}
                htmlFor="plan-jurisdiction"
                validateStatus={errorFor('meta.jurisdictionCode') ? 'error' : undefined}
                help={errorFor('meta.jurisdictionCode')}
                extra={`${t('import.jurisdictionHint')}${preview.jurisdiction?.guessed && preview.jurisdiction.code === draft.jurisdictionCode ? ` · ${t('import.jurisdictionGuessed')}` : ''}`}
              >
                <AgencySelect
                  id="plan-jurisdiction"
                  agencies={agencies}
                  loading={props.agenciesLoading || props.rereading}
                  disabled={props.rereading}
                  filter={isGovernment}
                  value={draft.jurisdictionCode}
                  placeholder={t('import.pickAgency')}
                  onChange={(agency) => agency.code !== draft.jurisdictionCode && props.onJurisdictionChange(agency.code)}
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item
                label={t('plan.coordinator')}
                htmlFor="plan-coordinator"
                required
                validateStatus={errorFor('meta.coordinatorAgencyCode') ? 'error' : undefined}
                help={errorFor('meta.coordinatorAgencyCode')}
                extra={coordinatorHint}
              >
                <AgencySelect
                  id="plan-coordinator"
                  agencies={agencies}
                  loading={props.agenciesLoading}
                  disabled={ownAgencyCode !== null}
                  value={draft.coordinatorCode}
                  placeholder={t('import.pickAgency')}
                  status={errorFor('meta.coordinatorAgencyCode') ? 'error' : undefined}
                  onChange={(agency) => change({ ...draft, coordinatorCode: agency.code })}
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Col>
          </Row>
        </Form>
        {preview.planKpis.length > 0 && (
          <div>
            <Typography.Text strong>{t('import.planKpis')}</Typography.Text>
            <KpiList kpis={preview.planKpis} />
          </div>
        )}
      </Card>

      <PlanConventions conventions={preview.conventions} />

      <Card
        title={
          <h3 style={{ margin: 0, fontSize: 16 }}>
            {t('measures.title')} · {t('measures.count', { n: draft.measures.length })}
          </h3>
        }
        styles={{ body: { padding: 0 } }}
      >
        <Table<DraftMeasure>
          rowKey="id"
          size="small"
          dataSource={draft.measures}
          pagination={false}
          scroll={{ x: 1500 }}
          // Unknown names (red) must be fixed before confirming; a reading to check (待核, gold) need not be.
          onRow={(m) =>
            unresolvedCount(m) > 0
              ? { style: { background: '#fff2f0' }, 'data-unresolved': 'true' }
              : m.review.length > 0
                ? { style: { background: '#fffbe6' }, 'data-review': 'true' }
                : {}
          }
          columns={[
            { title: t('measure.number'), dataIndex: 'number', key: 'number', width: 72 },
            {
              title: t('measure.title'),
              key: 'title',
              width: 320,
              render: (_, m, index) => {
                const errors = rowErrors(index);
                return (
                  <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                    {m.section && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {m.section}
                      </Typography.Text>
                    )}
                    <Input.TextArea
                      aria-label={t('import.measureTitle', { number: m.number })}
                      autoSize={{ minRows: 1, maxRows: 4 }}
                      maxLength={500}
                      value={m.title}
                      status={errorFor(`measures.${index}.title`) ? 'error' : undefined}
                      onChange={(e) => change(updateMeasure(draft, m.id, { title: e.target.value }))}
                    />
                    <MeasureNotes measure={m} />
                    {errors.map((e) => (
                      <Typography.Text key={e} type="danger" role="alert">
                        {e}
                      </Typography.Text>
                    ))}
                  </Space>
                );
              },
            },
            {
              title: t('measure.leads'),
              key: 'leads',
              width: 220,
              render: (_, m) => <NameList measureId={m.id} list="leads" agencies={m.leads} groups={m.groups} onOpen={setFixing} />,
            },
            {
              title: t('measure.partners'),
              key: 'partners',
              width: 320,
              render: (_, m) => <NameList measureId={m.id} list="partners" agencies={m.partners} groups={m.groups} onOpen={setFixing} />,
            },
            {
              title: t('measure.allDistricts'),
              key: 'allDistricts',
              width: 120,
              render: (_, m) => (
                <Checkbox
                  checked={m.allDistricts}
                  aria-label={t('import.allDistrictsLabel', { number: m.number })}
                  onChange={(e) => change(updateMeasure(draft, m.id, { allDistricts: e.target.checked }))}
                >
                  {m.allDistricts && districts.length > 0 ? `(${districts.length})` : null}
                </Checkbox>
              ),
            },
            {
              title: t('measure.deadline'),
              key: 'deadline',
              width: 190,
              render: (_, m, index) => (
                <DeadlineEditor
                  measure={m}
                  error={errorFor(`measures.${index}.deadline`) ?? errorFor(`measures.${index}.deadline.due`)}
                  onChange={(patch) => change(updateDeadline(draft, m.id, patch))}
                />
              ),
            },
            { title: t('measure.kpis'), key: 'kpis', width: 240, render: (_, m) => <KpiList kpis={m.kpis} /> },
          ]}
        />
      </Card>

      <div
        style={{
          position: 'sticky',
          bottom: 0,
          zIndex: 10,
          background: '#fff',
          padding: '12px 16px',
          boxShadow: '0 -2px 8px rgba(0,0,0,0.08)',
          borderRadius: 8,
        }}
      >
        <Space orientation="vertical" size="small" style={{ width: '100%' }}>
          {showProblems && problems.filter((p) => !p.field.endsWith('.unresolved')).length > 0 && (
            <Alert
              type="error"
              showIcon
              title={t('import.fixErrors')}
              description={
                <ul style={{ margin: 0, paddingInlineStart: 16 }}>
                  {problems
                    .filter((p) => !p.field.endsWith('.unresolved'))
                    .map((p) => (
                      <li key={p.field}>{problemText(p)}</li>
                    ))}
                </ul>
              }
            />
          )}
          {failure && (
            <Alert
              type="error"
              showIcon
              title={t('import.confirmFailed')}
              description={
                failure.fields.length > 0 ? (
                  <ul style={{ margin: 0, paddingInlineStart: 16 }}>
                    {failure.fields.map((f) => (
                      <li key={f.field}>
                        {fieldLabel(f.field)}: {f.message}
                      </li>
                    ))}
                  </ul>
                ) : (
                  localizeMessage(failure.message, lang)
                )
              }
            />
          )}
          <div style={{ display: 'flex', alignItems: 'center', gap: 16 }}>
            <Typography.Text type={unresolved > 0 ? 'danger' : 'success'} strong role="status" data-testid="unresolved-count">
              {unresolved > 0 ? `⚠ ${t('import.unresolved', { n: unresolved })}` : `✓ ${t('import.allResolved')}`}
            </Typography.Text>
            <span style={{ flex: 1 }} />
            <Button type="primary" size="large" disabled={unresolved > 0 || props.rereading} loading={confirm.isPending} onClick={onConfirm}>
              {preview.existing ? t('import.update') : t('import.confirm')}
            </Button>
          </div>
        </Space>
      </div>

      <NameFixDialog
        target={fixing}
        draft={draft}
        agencies={agencies}
        agenciesLoading={props.agenciesLoading}
        onClose={() => setFixing(null)}
        onRemove={(ref) => {
          change(removeName(draft, ref));
          setFixing(null);
        }}
        onChoose={(target, choice, everywhere) => {
          change(
            target.mode === 'fix' ? chooseAgency(draft, target.ref, choice, { everywhere }) : addAgency(draft, target.measureId, target.list, choice),
          );
          setFixing(null);
        }}
      />
    </Space>
  );
}
