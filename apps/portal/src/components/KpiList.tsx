import { formatKpi } from '../lib/format';
import type { Kpi } from '../lib/api';
import { useI18n } from '../lib/i18n';

type KpiLike = Pick<Kpi, 'metric' | 'target' | 'unit' | 'comparator' | 'deadline'> & { text?: string };

/** Quantitative targets (量化指标), one per line, each with the clause it was read from on hover. */
export function KpiList({ kpis }: { kpis: readonly KpiLike[] }) {
  const { lang } = useI18n();
  if (kpis.length === 0) return <span aria-hidden>—</span>;
  return (
    <ul style={{ margin: 0, paddingInlineStart: 16 }}>
      {kpis.map((kpi, i) => (
        <li key={i} title={kpi.text}>
          {formatKpi(kpi, lang)}
        </li>
      ))}
    </ul>
  );
}
