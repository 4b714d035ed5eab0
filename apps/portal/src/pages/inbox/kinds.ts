import type { MessageKey } from '../../lib/messages';
import type { InboxItem, InboxKind } from './types';

interface KindInfo {
  /** The tab and the row's tag: what is asked of the agency. */
  label: MessageKey;
  color: string;
  /** How the other unit in the item is named (the partner whose report awaits review…); none when it is the agency itself. */
  otherAgency: MessageKey | null;
}

/** Every kind the API returns, in the order of the tabs: one's own duties first, then what one decides for others. */
export const INBOX_KINDS_INFO = {
  'assignment.pending': { label: 'inbox.kind.assignment.pending', color: 'geekblue', otherAgency: null },
  'report.due': { label: 'inbox.kind.report.due', color: 'blue', otherAgency: null },
  'report.returned': { label: 'inbox.kind.report.returned', color: 'volcano', otherAgency: null },
  'report.review': { label: 'inbox.kind.report.review', color: 'purple', otherAgency: 'inbox.agency.partner' },
  'subtask.open': { label: 'inbox.kind.subtask.open', color: 'cyan', otherAgency: 'inbox.agency.assignedBy' },
  'extension.pending': { label: 'inbox.kind.extension.pending', color: 'gold', otherAgency: 'inbox.agency.requester' },
  'transfer.pending': { label: 'inbox.kind.transfer.pending', color: 'magenta', otherAgency: 'inbox.agency.requester' },
  'decline.pending': { label: 'inbox.kind.decline.pending', color: 'red', otherAgency: 'inbox.agency.decliner' },
  'notice.unsigned': { label: 'inbox.kind.notice.unsigned', color: 'orange', otherAgency: 'inbox.agency.issuer' },
  'notice.unanswered': { label: 'inbox.kind.notice.unanswered', color: 'orange', otherAgency: 'inbox.agency.issuer' },
} as const satisfies Record<InboxKind, KindInfo>;

export const INBOX_KINDS = Object.keys(INBOX_KINDS_INFO) as InboxKind[];

/** The tab the inbox shows: every kind, or one. */
export type KindFilter = InboxKind | 'all';

export function isInboxKind(value: unknown): value is InboxKind {
  return typeof value === 'string' && Object.hasOwn(INBOX_KINDS_INFO, value);
}

/** The `?kind=` of the inbox URL; anything unknown shows every kind. */
export function parseKindFilter(search: URLSearchParams): KindFilter {
  const kind = search.get('kind');
  return isInboxKind(kind) ? kind : 'all';
}

/**
 * The tabs to show: all, then each kind with something waiting, and the chosen kind even when it has
 * nothing (so the tab the URL names does not vanish under the reader).
 */
export function visibleKinds(byKind: Partial<Record<InboxKind, number>> | undefined, chosen: KindFilter): InboxKind[] {
  return INBOX_KINDS.filter((kind) => (byKind?.[kind] ?? 0) > 0 || kind === chosen);
}

/**
 * Where to act on an item: the measure page. The item travels in the link's state, so the page may open
 * the right part, while the plain address keeps working when shared.
 */
export function itemLink(item: Pick<InboxItem, 'measureId' | 'kind' | 'refId'>): { to: string; state: { inbox: { kind: InboxKind; refId: string } } } {
  // A supervision notice (督办单) is signed for and answered on its own page.
  if (item.kind === 'notice.unsigned' || item.kind === 'notice.unanswered') return { to: `/supervision/notices/${encodeURIComponent(item.refId)}`, state: { inbox: { kind: item.kind, refId: item.refId } } };
  return { to: `/measures/${encodeURIComponent(item.measureId)}`, state: { inbox: { kind: item.kind, refId: item.refId } } };
}

/**
 * The inbox pages through every kind at once; when one kind is shown, the next page is fetched by itself
 * while fewer of that kind are loaded than wait in all and than fill a screen.
 */
export function shouldLoadMoreOfKind(options: { loadedOfKind: number; totalOfKind: number; hasNextPage: boolean; isFetching: boolean; screenful?: number }): boolean {
  const { loadedOfKind, totalOfKind, hasNextPage, isFetching, screenful = 20 } = options;
  return hasNextPage && !isFetching && loadedOfKind < totalOfKind && loadedOfKind < screenful;
}
