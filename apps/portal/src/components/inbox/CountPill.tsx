import type { CSSProperties } from 'react';

const base: CSSProperties = {
  display: 'inline-block',
  minWidth: 20,
  height: 20,
  padding: '0 6px',
  borderRadius: 10,
  fontSize: 12,
  lineHeight: '20px',
  textAlign: 'center',
  color: '#fff',
  fontWeight: 500,
  boxSizing: 'border-box',
};

/**
 * A count in a pill, read as plain text (`待接收 16`): antd's Badge animates each digit in a span of its
 * own, which screen readers and accessible names then spell out digit by digit.
 */
export function CountPill({ n, tone = 'info', style, hidden = false }: { n: number | string; tone?: 'info' | 'danger'; style?: CSSProperties; hidden?: boolean }) {
  return (
    <span aria-hidden={hidden || undefined} data-count={n} style={{ ...base, background: tone === 'danger' ? '#cf1322' : '#1668dc', ...style }}>
      {n}
    </span>
  );
}
