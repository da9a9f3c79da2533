import { differenceInSeconds } from 'date-fns/differenceInSeconds';
import { formatDuration } from 'date-fns/formatDuration';
import type { Duration } from 'date-fns';
import { formatDistanceStrict } from 'date-fns/formatDistanceStrict';
import { isSameDay } from 'date-fns/isSameDay';
import { isSameYear } from 'date-fns/isSameYear';
import { lightFormat } from 'date-fns/lightFormat';

/** "just now", "5 minutes ago", "3 days ago": the inbox's last-activity time. */
export function relativeTime(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  // Recent, or "in the future" because the hub's clock is ahead of this computer's.
  if (differenceInSeconds(now, date) < 45) return 'just now';
  return formatDistanceStrict(date, now, { addSuffix: true });
}

/** A message's time: "14:05" today, "3 Mar 14:05" this year, "3 Mar 2024 14:05" before. */
export function messageTime(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  if (isSameDay(date, now)) return lightFormat(date, 'HH:mm');
  const day = `${date.getDate()} ${MONTHS[date.getMonth()]}`;
  if (isSameYear(date, now)) return `${day} ${lightFormat(date, 'HH:mm')}`;
  return `${day} ${date.getFullYear()} ${lightFormat(date, 'HH:mm')}`;
}

/** Full date and time for a tooltip: "2025-03-03 14:05:09". */
export function fullTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : lightFormat(date, 'yyyy-MM-dd HH:mm:ss');
}

const SHORT_UNITS: Record<string, string> = { xHours: 'h', xMinutes: 'min', xSeconds: 's' };
/** date-fns locale part for compact durations: "5 h 12 min", "9 min 5 s". */
const shortDurations = { formatDistance: (token: string, count: number) => `${count} ${SHORT_UNITS[token] ?? ''}`.trim() };

/**
 * A countdown, compact: "5 h 12 min" from an hour up, "42 min" above ten minutes (whole minutes, rounded down),
 * then "9 min 5 s" and "42 s" (seconds rounded up, so the last second reads "1 s", never "0 s").
 */
export function timeLeft(ms: number): string {
  const wholeMinutes = ms > COUNTDOWN_SECONDS_MS;
  const total = wholeMinutes ? Math.floor(ms / 60_000) * 60 : Math.max(0, Math.ceil(ms / 1000));
  const duration = { hours: Math.floor(total / 3600), minutes: Math.floor((total % 3600) / 60), seconds: total % 60 };
  const format: Array<keyof Duration> = wholeMinutes ? ['hours', 'minutes'] : ['minutes', 'seconds'];
  return formatDuration(duration, { format, locale: shortDurations }) || '0 s';
}

/** Within this much of its end, a countdown shows seconds. */
export const COUNTDOWN_SECONDS_MS = 10 * 60 * 1000;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
