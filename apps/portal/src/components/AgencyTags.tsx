import { Tag } from 'antd';

/** Agencies as tags, by name; `—` when there are none. */
export function AgencyTags({ agencies }: { agencies: readonly { code: string; name: string }[] }) {
  if (agencies.length === 0) return <span aria-hidden>—</span>;
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
      {agencies.map((a) => (
        <Tag key={a.code} style={{ marginInlineEnd: 0 }}>
          {a.name}
        </Tag>
      ))}
    </span>
  );
}
