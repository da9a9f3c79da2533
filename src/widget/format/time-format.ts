// Only date-fns functions that need no locale: its locale tables would cost more than the widget's whole budget
// allows for them, and the widget's words are its own anyway.
import { differenceInCalendarMonths } from 'date-fns/differenceInCalendarMonths';
import { differenceInSeconds } from 'date-fns/differenceInSeconds';
import { isSameDay } from 'date-fns/isSameDay';
import { isSameYear } from 'date-fns/isSameYear';
import { lightFormat } from 'date-fns/lightFormat';

/** "just now", "5 minutes ago", "3 days ago": the inbox's last-activity time. */
export function relativeTime(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  // Recent, or "in the future" because the hub's clock is ahead of this computer's.
  const seconds = differenceInSeconds(now, date);
  if (seconds < 45) return 'just now';
  const count = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'} ago`;
  if (seconds < 3600) return count(Math.max(1, Math.round(seconds / 60)), 'minute');
  if (seconds < 86_400) return count(Math.round(seconds / 3600), 'hour');
  const months = differenceInCalendarMonths(now, date);
  if (seconds < 30 * 86_400 || months < 1) return count(Math.round(seconds / 86_400), 'day');
  return months < 12 ? count(months, 'month') : count(Math.floor(months / 12), 'year');
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

/**
 * A countdown, compact: "5 h 12 min" from an hour up, "42 min" above ten minutes (whole minutes, rounded down),
 * then "9 min 5 s" and "42 s" (seconds rounded up, so the last second reads "1 s", never "0 s").
 */
export function timeLeft(ms: number): string {
  const wholeMinutes = ms > COUNTDOWN_SECONDS_MS;
  const total = wholeMinutes ? Math.floor(ms / 60_000) * 60 : Math.max(0, Math.ceil(ms / 1000));
  const parts: Array<[number, string]> = wholeMinutes
    ? [
        [Math.floor(total / 3600), 'h'],
        [Math.floor((total % 3600) / 60), 'min'],
      ]
    : [
        [Math.floor(total / 60), 'min'],
        [total % 60, 's'],
      ];
  return (
    parts
      .filter(([n]) => n > 0)
      .map(([n, unit]) => `${n} ${unit}`)
      .join(' ') || '0 s'
  );
}

/** Within this much of its end, a countdown shows seconds. */
export const COUNTDOWN_SECONDS_MS = 10 * 60 * 1000;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A call's timer: "0:07", "12:34", "1:02:03" (whole seconds, rounded down; never negative). */
export function callClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  const minutes = Math.floor(total / 60) % 60;
  const hours = Math.floor(total / 3600);
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(total % 60)}` : `${minutes}:${pad(total % 60)}`;
}

/** How long something has waited, compact: "0 m", "3 m", "75 m" (whole minutes, rounded down, never negative). */
export function waitTime(ms: number): string {
  return `${Math.max(0, Math.floor(ms / 60_000))} m`;
}
