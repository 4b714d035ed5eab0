import { translate, type Lang } from './messages';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const chinaDateTime = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** China time as `2026-12-01 10:05:09`, cut to the minute unless `seconds`; an unreadable input as it came. */
function formatChina(iso: string, seconds: boolean): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const parts = Object.fromEntries(chinaDateTime.formatToParts(new Date(time)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}${seconds ? `:${parts.second}` : ''}`;
}

/** An instant as China time, `2026-12-01 10:05`: deadlines and records are kept in China's day. */
export const formatChinaDateTime = (iso: string): string => formatChina(iso, false);

/** To the second, `2026-12-01 10:05:09`: an audit record is read by the second. */
export const formatChinaSeconds = (iso: string): string => formatChina(iso, true);

/**
 * How long ago, for lists of recent things: `刚刚`, `5 分钟前`, `3 小时前`, `2 天前`; after a week the
 * China date and time, since "30 days ago" says less than the date.
 */
export function formatTimeAgo(iso: string, now: Date, lang: Lang): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const ago = now.getTime() - time;
  if (ago < MINUTE) return translate(lang, 'time.justNow');
  if (ago >= 7 * DAY) return formatChinaDateTime(iso);
  const format = new Intl.RelativeTimeFormat(lang, { numeric: 'always' });
  if (ago < HOUR) return format.format(-Math.floor(ago / MINUTE), 'minute');
  if (ago < DAY) return format.format(-Math.floor(ago / HOUR), 'hour');
  return format.format(-Math.floor(ago / DAY), 'day');
}
