import { differenceInSeconds } from 'date-fns/differenceInSeconds';
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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
