import type { ReactNode } from 'react';

/** One labelled filter of a list page: a visible label tied to its control (`id` is the control's id). */
export function Filter({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
      <label htmlFor={id} style={{ fontSize: 12, color: 'rgba(0,0,0,0.65)' }}>
        {label}
      </label>
      {children}
    </div>
  );
}
