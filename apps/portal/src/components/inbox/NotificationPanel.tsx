import { Alert, Button, Empty, Spin, Typography } from 'antd';
import { useEffect, useRef, type CSSProperties, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import { localizeMessage } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { formatChinaDateTime, formatTimeAgo } from '../../lib/relativeTime';
import { notificationLink, notificationTitle, type NotificationItem } from './notifications';

export interface NotificationPanelProps {
  open: boolean;
  items: NotificationItem[];
  isPending: boolean;
  error: { message: string } | null;
  unread: number;
  readOnly: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  markingAll: boolean;
  onLoadMore: () => void;
  onRetry: () => void;
  onMarkAll: () => void;
  onOpenItem: (item: NotificationItem) => void;
  onKeyDown: (event: KeyboardEvent) => void;
}

const entryStyle: CSSProperties = {
  display: 'grid',
  gridTemplateColumns: '8px 1fr auto',
  columnGap: 8,
  rowGap: 2,
  width: '100%',
  padding: '10px 16px',
  textAlign: 'start',
  color: 'inherit',
  background: 'none',
  border: 'none',
  font: 'inherit',
  lineHeight: 1.5,
  cursor: 'pointer',
};
const clamp = (lines: number): CSSProperties => ({ display: '-webkit-box', WebkitLineClamp: lines, WebkitBoxOrient: 'vertical', overflow: 'hidden', gridColumn: '2 / 4' });

function Entry({ item, onOpen }: { item: NotificationItem; onOpen: () => void }) {
  const { t, lang } = useI18n();
  const unread = item.readAt === null;
  const to = notificationLink(item);
  const body = (
    <>
      <span
        aria-hidden
        style={{ width: 8, height: 8, marginTop: 7, borderRadius: '50%', background: unread ? '#1677ff' : 'transparent' }}
      />
      <span style={{ fontWeight: unread ? 600 : 400 }}>
        {t(notificationTitle(item.kind))}
        {unread && <span style={srOnly}>{` · ${t('bell.unread')}`}</span>}
      </span>
      <span style={{ color: 'rgba(0,0,0,0.55)', fontSize: 12, whiteSpace: 'nowrap' }} title={formatChinaDateTime(item.createdAt)}>
        {formatTimeAgo(item.createdAt, new Date(), lang)}
      </span>
      <span lang="zh-CN" style={{ ...clamp(2), color: 'rgba(0,0,0,0.75)' }}>
        {item.message}
      </span>
      {item.measureNumber !== null && (
        <span style={{ ...clamp(1), color: 'rgba(0,0,0,0.55)', fontSize: 12 }}>
          {t('bell.measure', { number: item.measureNumber })}
          {item.measureTitle ? ` · ${item.measureTitle}` : ''}
        </span>
      )}
    </>
  );
  return to ? (
    <Link to={to} onClick={onOpen} style={entryStyle} data-testid="notification-item" data-unread={unread}>
      {body}
    </Link>
  ) : (
    <button type="button" onClick={onOpen} style={entryStyle} data-testid="notification-item" data-unread={unread}>
      {body}
    </button>
  );
}

/** Visually hidden, read by screen readers. */
const srOnly: CSSProperties = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' };

/** The bell's list: recent notifications, newest first, unread ones marked, with "mark all as read". */
export function NotificationPanel(props: NotificationPanelProps) {
  const { t, lang } = useI18n();
  const { open, items, isPending, error, unread, readOnly, hasMore, loadingMore, markingAll } = props;
  const panelRef = useRef<HTMLDivElement>(null);

  // Opening moves the focus into the list (keyboard users land where they can act); Escape gives it back.
  useEffect(() => {
    if (!open) return;
    const id = requestAnimationFrame(() => panelRef.current?.focus());
    return () => cancelAnimationFrame(id);
  }, [open]);

  return (
    <div
      ref={panelRef}
      role="dialog"
      aria-label={t('bell.title')}
      tabIndex={-1}
      onKeyDown={props.onKeyDown}
      data-testid="notification-panel"
      style={{ width: 380, maxWidth: 'calc(100vw - 32px)', lineHeight: 1.5, outline: 'none' }}
    >
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '12px 16px', borderBottom: '1px solid rgba(5,5,5,0.06)' }}>
        <Typography.Title level={2} style={{ margin: 0, fontSize: 16, flex: 1 }}>
          {t('bell.title')}
        </Typography.Title>
        {!readOnly && (
          <Button size="small" type="link" disabled={unread === 0} loading={markingAll} onClick={props.onMarkAll} data-testid="notification-mark-all">
            {t('bell.markAll')}
          </Button>
        )}
      </div>
      {isPending && !error ? (
        <div style={{ display: 'grid', placeItems: 'center', padding: 32 }}>
          <Spin description={t('loading')} />
        </div>
      ) : error ? (
        <div style={{ padding: 16 }}>
          <Alert
            type="error"
            showIcon
            title={t('bell.loadFailed')}
            description={localizeMessage(error.message, lang)}
            action={
              <Button size="small" onClick={props.onRetry}>
                {t('retry')}
              </Button>
            }
          />
        </div>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('bell.empty')} style={{ padding: '16px 0' }} />
      ) : (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0, maxHeight: 420, overflowY: 'auto' }} data-testid="notification-list">
          {items.map((item) => (
            <li key={item.id} style={{ borderBottom: '1px solid rgba(5,5,5,0.06)' }}>
              <Entry item={item} onOpen={() => props.onOpenItem(item)} />
            </li>
          ))}
        </ul>
      )}
      {hasMore && (
        <div style={{ padding: 8, textAlign: 'center' }}>
          <Button type="link" size="small" loading={loadingMore} onClick={props.onLoadMore}>
            {t('bell.loadMore')}
          </Button>
        </div>
      )}
    </div>
  );
}
