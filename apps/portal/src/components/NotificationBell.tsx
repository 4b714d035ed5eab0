import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Popover, Spin } from 'antd';
import { lazy, Suspense, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useMe } from '../lib/auth';
import { useI18n } from '../lib/i18n';
import { useTRPC } from '../lib/trpc';
import { CountPill } from './inbox/CountPill';
import { badgeText, NOTIFICATION_PAGE, UNREAD_POLL_MS, type NotificationItem } from './inbox/notifications';

// The list loads on first use (or when the pointer or focus reaches the bell): it is not part of the first screen.
const loadPanel = () => import('./inbox/NotificationPanel');
const NotificationPanel = lazy(async () => ({ default: (await loadPanel()).NotificationPanel }));

function BellIcon() {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden focusable="false">
      <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
      <path d="M13.73 21a2 2 0 0 1-3.46 0" />
    </svg>
  );
}

/**
 * The bell in the header: the agency's unread notifications (站内提醒), polled while the page is visible;
 * a click opens the recent ones, and opening one marks it read and goes to its measure.
 */
export function NotificationBell() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const me = useMe();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const containerRef = useRef<HTMLSpanElement>(null);
  // An auditor reads and changes nothing: the API refuses marking read.
  const readOnly = me.roles.includes('auditor');

  const unread = useQuery({ ...trpc.notification.unreadCount.queryOptions(), refetchInterval: UNREAD_POLL_MS });
  const list = useInfiniteQuery({
    ...trpc.notification.list.infiniteQueryOptions({ limit: NOTIFICATION_PAGE }, { getNextPageParam: (page) => page.next ?? undefined }),
    enabled: open,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.notification.pathKey() });
  const markRead = useMutation(trpc.notification.markRead.mutationOptions({ onSettled: () => void refresh() }));

  // A new notification means something happened to the agency's work: the list and the inbox show it at once.
  const count = unread.data?.unread;
  const seen = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (count === undefined) return;
    if (seen.current !== undefined && count > seen.current) {
      void queryClient.invalidateQueries({ queryKey: trpc.notification.list.pathKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.inbox.pathKey() });
    }
    seen.current = count;
  }, [count, queryClient, trpc]);

  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  };
  const onPanelKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      close(true);
    }
  };
  const openItem = (item: NotificationItem) => {
    if (!item.readAt && !readOnly) markRead.mutate({ ids: [item.id] });
    close(false);
  };

  const n = count ?? 0;
  const label = n > 0 ? t('bell.labelUnread', { n: badgeText(n)! }) : t('bell.label');

  return (
    <span ref={containerRef} style={{ position: 'relative', display: 'inline-flex' }}>
      <Popover
        open={open}
        onOpenChange={setOpen}
        trigger="click"
        placement="bottomRight"
        arrow={false}
        // Inside the header, right after the button, so Tab moves from the bell into the list.
        getPopupContainer={() => containerRef.current ?? document.body}
        styles={{ container: { padding: 0 } }}
        content={
          <Suspense
            fallback={
              <div style={{ width: 380, padding: 32, textAlign: 'center' }}>
                <Spin />
              </div>
            }
          >
            <NotificationPanel
              open={open}
              items={list.data?.pages.flatMap((page) => page.items) ?? []}
              isPending={list.isPending}
              error={list.error}
              unread={n}
              readOnly={readOnly}
              hasMore={list.hasNextPage}
              loadingMore={list.isFetchingNextPage}
              markingAll={markRead.isPending && markRead.variables?.ids === 'all'}
              onLoadMore={() => void list.fetchNextPage()}
              onRetry={() => void list.refetch()}
              onMarkAll={() => markRead.mutate({ ids: 'all' })}
              onOpenItem={openItem}
              onKeyDown={onPanelKeyDown}
            />
          </Suspense>
        }
      >
        <span style={{ position: 'relative', display: 'inline-flex' }}>
          <Button
            ref={buttonRef}
            type="text"
            aria-label={label}
            title={label}
            aria-haspopup="dialog"
            aria-expanded={open}
            data-testid="notification-bell"
            onPointerEnter={() => void loadPanel()}
            onFocus={() => void loadPanel()}
            icon={<BellIcon />}
            style={{ color: '#fff' }}
          />
          {/* The count is in the button's name already; the pill is for the eye. */}
          {n > 0 && <CountPill n={badgeText(n)!} tone="danger" hidden style={{ position: 'absolute', top: -6, insetInlineEnd: -8, pointerEvents: 'none', boxShadow: '0 0 0 1px #001529' }} />}
        </span>
      </Popover>
    </span>
  );
}
