import { Select } from 'antd';
import { useMemo } from 'react';
import type { AgencyListItem } from '../../lib/api';
import { AgencySelect } from '../AgencySelect';

/**
 * One agency of the directory as a form field whose value is the agency's id (what commands carry).
 * `id` comes from Form.Item, so the label names the field for screen readers and tests.
 */
export function AgencyField({
  agencies,
  value,
  onChange,
  id,
  exclude = [],
  placeholder,
  loading,
}: {
  agencies: readonly AgencyListItem[];
  value?: number | null;
  onChange?: (agencyId: number) => void;
  id?: string;
  exclude?: readonly number[];
  placeholder?: string;
  loading?: boolean;
}) {
  const code = value == null ? null : (agencies.find((a) => a.id === value)?.code ?? null);
  const filter = useMemo(() => (exclude.length === 0 ? undefined : (a: AgencyListItem) => !exclude.includes(a.id)), [exclude]);
  return (
    <AgencySelect
      id={id}
      agencies={agencies}
      value={code}
      onChange={(agency) => onChange?.(agency.id)}
      filter={filter}
      placeholder={placeholder}
      loading={loading}
      style={{ width: '100%' }}
    />
  );
}

interface Option {
  value: number;
  label: string;
  search: string;
}

/** Several agencies (需要协调的单位, 责任单位) as a form field of agency ids, searchable by name, short name or code. */
export function AgenciesField({
  agencies,
  value,
  onChange,
  id,
  placeholder,
  loading,
}: {
  agencies: readonly AgencyListItem[];
  value?: number[];
  onChange?: (agencyIds: number[]) => void;
  id?: string;
  placeholder?: string;
  loading?: boolean;
}) {
  const options = useMemo<Option[]>(() => agencies.map((a) => ({ value: a.id, label: a.name, search: [a.name, ...a.shortNames, a.code].join(' ').toLowerCase() })), [agencies]);
  return (
    <Select<number[], Option>
      id={id}
      mode="multiple"
      value={value ?? []}
      onChange={(ids) => onChange?.(ids)}
      options={options}
      placeholder={placeholder}
      loading={loading}
      showSearch={{ filterOption: (input, option) => !!option && option.search.includes(input.trim().toLowerCase()) }}
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
    />
  );
}
