import { Select } from 'antd';
import { useMemo, type CSSProperties } from 'react';
import type { AgencyListItem } from '../lib/api';

interface AgencyOption {
  value: string;
  label: string;
  /** Name, short names and code: what typing may match. */
  search: string;
}

export interface AgencySelectProps {
  agencies: readonly AgencyListItem[];
  value: string | null;
  onChange: (agency: AgencyListItem) => void;
  /** Limits the choice, e.g. to governments for a jurisdiction. */
  filter?: (agency: AgencyListItem) => boolean;
  id?: string;
  ariaLabel?: string;
  placeholder?: string;
  autoFocus?: boolean;
  disabled?: boolean;
  loading?: boolean;
  status?: 'error';
  style?: CSSProperties;
}

/** A searchable choice of one agency from the directory (by name, short name or code). */
export function AgencySelect({ agencies, value, onChange, filter, id, ariaLabel, placeholder, autoFocus, disabled, loading, status, style }: AgencySelectProps) {
  const options = useMemo<AgencyOption[]>(
    () =>
      agencies
        .filter((a) => !filter || filter(a))
        .map((a) => ({ value: a.code, label: a.name, search: [a.name, ...a.shortNames, a.code].join(' ').toLowerCase() })),
    [agencies, filter],
  );
  return (
    <Select<string, AgencyOption>
      id={id}
      aria-label={ariaLabel}
      placeholder={placeholder}
      autoFocus={autoFocus}
      disabled={disabled}
      loading={loading}
      status={status}
      style={style}
      value={value ?? undefined}
      options={options}
      showSearch={{ filterOption: (input, option) => !!option && option.search.includes(input.trim().toLowerCase()) }}
      onChange={(code) => {
        const agency = agencies.find((a) => a.code === code);
        if (agency) onChange(agency);
      }}
      popupMatchSelectWidth={false}
    />
  );
}
