import { Tag, Tooltip, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useI18n } from '../../lib/i18n';
import { eventTone } from '../measure/timeline';
import { actionMessage, isRefusal } from './actions';
import { formatChinaSeconds, specialActor } from './format';
import { prettyJson } from './history';
import { abbreviate } from './verification';

/** A hash or id, shortened; the whole of it in the tooltip and on the copy button. */
export function LongId({ value, head = 8, tail = 4, testId }: { value: string | null; head?: number; tail?: number; testId?: string }) {
  if (value === null || value === '') return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Tooltip title={<span style={{ wordBreak: 'break-all' }}>{value}</span>}>
      <Typography.Text code copyable={{ text: value }} data-testid={testId} data-value={value} style={{ whiteSpace: 'nowrap' }}>
        {abbreviate(value, head, tail)}
      </Typography.Text>
    </Tooltip>
  );
}

/** An instant as China time to the second, with the instant itself for machines. */
export function Instant({ iso }: { iso: string }) {
  return <time dateTime={iso}>{formatChinaSeconds(iso)}</time>;
}

/** The action in words (where known) and as recorded, with refusals tagged 拒绝. */
export function ActionLabel({ action }: { action: string }) {
  const { t } = useI18n();
  const message = actionMessage(action);
  const refusal = isRefusal(action);
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', alignItems: 'baseline', gap: 6 }}>
      {refusal && (
        <Tag color="red" data-testid="audit-refusal" style={{ marginInlineEnd: 0 }}>
          {t('audit.refusal')}
        </Tag>
      )}
      {message && <span>{t(message)}</span>}
      <Typography.Text code type={message ? 'secondary' : undefined} style={{ fontSize: 12 }}>
        {action}
      </Typography.Text>
    </span>
  );
}

/** The dot colour of an action in a timeline: the measure page's tones, refusals red. */
export const actionTone = (action: string) => (isRefusal(action) ? 'red' : eventTone(action));

/** Who acted: the display name and the username, or the words for the system and for nobody signed in. */
export function Actor({ actor, actorName }: { actor: string; actorName: string | null }) {
  const { t } = useI18n();
  const special = specialActor(actor);
  const name = special ? t(special) : actorName;
  return (
    <span>
      {name && name !== actor && <span>{name} </span>}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {actor}
      </Typography.Text>
    </span>
  );
}

/**
 * JSON behind a disclosure, rendered only once opened: a measure's history holds thousands of events,
 * and most are never opened.
 */
export function JsonDetails({ summary, value, testId }: { summary: ReactNode; value: unknown; testId?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)} data-testid={testId}>
      <summary style={{ cursor: 'pointer', color: 'rgba(0,0,0,0.65)', fontSize: 12 }}>{summary}</summary>
      {open && <JsonBlock value={value} />}
    </details>
  );
}

export function JsonBlock({ value }: { value: unknown }) {
  return (
    <pre style={{ margin: '4px 0 0', padding: 8, background: 'rgba(0,0,0,0.03)', borderRadius: 4, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-word', maxHeight: 480, overflow: 'auto' }}>
      {prettyJson(value)}
    </pre>
  );
}
