import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Input, Select, Space, Tag } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { AgencySelect } from '../../components/AgencySelect';
import { useI18n } from '../../lib/i18n';
import { useTRPC } from '../../lib/trpc';
import { actionOptions, type ActionOption } from './actions';
import { hasAuditFilters, minuteFromPicker, type AuditFilters, type AuditQuery } from './query';
import { Filter } from '../../components/Filter';

/** The picker shows China wall-clock minutes; the URL keeps them as `2026-01-01T08:30`. */
const PICKER_FORMAT = 'YYYY-MM-DD HH:mm';

/**
 * The audit log's filters (time range in China time, agency, actor, action, plan, measure), all kept in the URL.
 * `measureName` names the filtered measure when the page has seen it.
 */
export function AuditFilterBar({ query, measureName, onChange, onClear }: { query: AuditQuery; measureName: string | null; onChange: (changes: Partial<AuditFilters>) => void; onClear: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const plans = useQuery(trpc.plan.list.queryOptions());
  const agencies = useQuery(trpc.agency.list.queryOptions());
  const actions = useQuery(trpc.audit.actions.queryOptions());
  const agencyCode = useMemo(() => agencies.data?.find((a) => a.id === query.agencyId)?.code ?? null, [agencies.data, query.agencyId]);
  const options = useMemo(() => actionOptions(actions.data ?? [], t, query.action), [actions.data, t, query.action]);

  return (
    <div role="group" aria-label={t('audit.filters')} style={{ display: 'flex', gap: 16, flexWrap: 'wrap', alignItems: 'flex-end' }}>
      <Filter id="audit-range" label={t('audit.filter.time')}>
        <DatePicker.RangePicker
          id={{ start: 'audit-range', end: 'audit-range-end' }}
          data-testid="audit-range"
          showTime={{ format: 'HH:mm' }}
          format={PICKER_FORMAT}
          allowEmpty={[true, true]}
          placeholder={[t('audit.filter.from'), t('audit.filter.to')]}
          value={[query.from ? dayjs(query.from) : null, query.to ? dayjs(query.to) : null]}
          onChange={(_, [from, to]) => onChange({ from: minuteFromPicker(from), to: minuteFromPicker(to) })}
        />
      </Filter>
      <Filter id="audit-agency" label={t('audit.filter.agency')}>
        <Space.Compact>
          <AgencySelect
            id="audit-agency"
            agencies={agencies.data ?? []}
            loading={agencies.isPending}
            value={agencyCode}
            placeholder={t('audit.filter.allAgencies')}
            style={{ width: 220 }}
            onChange={(agency) => onChange({ agencyId: agency.id })}
          />
          {query.agencyId !== undefined && (
            <Button onClick={() => onChange({ agencyId: undefined })} aria-label={t('audit.filter.clearAgency')}>
              ×
            </Button>
          )}
        </Space.Compact>
      </Filter>
      <Filter id="audit-actor" label={t('audit.filter.actor')}>
        <Input.Search
          id="audit-actor"
          // A new URL (clear-all, back) puts its actor in the box.
          key={query.actor ?? ''}
          defaultValue={query.actor}
          placeholder={t('audit.filter.actorPlaceholder')}
          allowClear
          maxLength={200}
          style={{ width: 200 }}
          onSearch={(value) => onChange({ actor: value.trim() || undefined })}
        />
      </Filter>
      <Filter id="audit-action" label={t('audit.filter.action')}>
        <Select<string, ActionOption>
          id="audit-action"
          style={{ width: 280 }}
          allowClear
          placeholder={t('audit.filter.allActions')}
          value={query.action}
          loading={actions.isPending}
          options={options}
          showSearch={{ filterOption: (input, option) => !!option && option.search.includes(input.trim().toLowerCase()) }}
          popupMatchSelectWidth={false}
          onChange={(action: string | undefined) => onChange({ action })}
        />
      </Filter>
      <Filter id="audit-plan" label={t('audit.filter.plan')}>
        <Select
          id="audit-plan"
          style={{ width: 280 }}
          allowClear
          placeholder={t('audit.filter.allPlans')}
          value={query.planId}
          loading={plans.isPending}
          options={(plans.data ?? []).map((p) => ({ value: p.id, label: p.title }))}
          showSearch={{ optionFilterProp: 'label' }}
          popupMatchSelectWidth={false}
          onChange={(planId: string | undefined) => onChange({ planId })}
        />
      </Filter>
      {query.measureId && (
        <Space size={4} style={{ marginBottom: 6 }}>
          <Tag closable onClose={() => onChange({ measureId: undefined })} closeIcon={<span aria-label={t('audit.filter.clearMeasure')}>×</span>} data-testid="audit-measure-filter">
            {t('audit.filter.measure', { measure: measureName ?? query.measureId })}
          </Tag>
          <Link to={`/audit/measures/${encodeURIComponent(query.measureId)}`}>{t('audit.timeline.open')}</Link>
        </Space>
      )}
      {hasAuditFilters(query) && (
        <Button type="link" onClick={onClear} data-testid="audit-clear">
          {t('audit.filter.clear')}
        </Button>
      )}
    </div>
  );
}
