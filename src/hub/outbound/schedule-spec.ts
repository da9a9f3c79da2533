/**
 * When a scheduled send runs: once at an instant, every N minutes/hours/days, or daily at a wall-clock time in an
 * IANA time zone (default UTC). Occurrences missed while no hub ran are not replayed one by one: the latest due
 * occurrence runs once, and the next one is the first still in the future.
 */
import { z } from 'zod';
import type { OutboundScheduleSpec } from '../../protocol/outbound.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const UNIT_MS = { minutes: MINUTE, hours: HOUR, days: DAY } as const;

const instant = z.iso.datetime({
  offset: true,
  message: 'must be an ISO-8601 time with a zone, e.g. 2026-11-20T09:00:00Z',
});

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const scheduleSpecSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('once'), at: instant }),
  z
    .object({
      type: z.literal('interval'),
      every: z.number().int().positive(),
      unit: z.enum(['minutes', 'hours', 'days']),
      startAt: instant.optional(),
      until: instant.optional(),
    })
    .refine((s) => s.every * UNIT_MS[s.unit] >= 60_000 && s.every * UNIT_MS[s.unit] <= 366 * DAY, {
      message: 'the interval must be between 1 minute and 366 days',
      path: ['every'],
    }),
  z.object({
    type: z.literal('daily'),
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour clock)'),
    timeZone: z.string().refine(validTimeZone, 'must be an IANA time zone, e.g. Europe/Paris').optional(),
    until: instant.optional(),
  }),
]);

/** The first occurrence of a new schedule, or null when it would never run (then the caller refuses it). */
export function firstOccurrence(spec: OutboundScheduleSpec, now: Date): Date | null {
  switch (spec.type) {
    case 'once': {
      const at = new Date(spec.at);
      return at.getTime() >= now.getTime() ? at : null;
    }
    case 'interval': {
      const every = spec.every * UNIT_MS[spec.unit];
      const start = spec.startAt ? new Date(spec.startAt) : new Date(now.getTime() + every);
      const first =
        start.getTime() >= now.getTime()
          ? start
          : new Date(start.getTime() + Math.ceil((now.getTime() - start.getTime()) / every) * every);
      return withinUntil(spec.until, first);
    }
    case 'daily':
      return withinUntil(spec.until, nextDailyAt(spec.time, spec.timeZone ?? 'UTC', new Date(now.getTime() - 1)));
  }
}

/** The occurrence after `occurrence` that is still ahead of `now`; null when there is none (one-off, or past `until`). */
export function nextOccurrence(spec: OutboundScheduleSpec, occurrence: Date, now: Date): Date | null {
  switch (spec.type) {
    case 'once':
      return null;
    case 'interval': {
      const every = spec.every * UNIT_MS[spec.unit];
      const steps = Math.max(1, Math.floor((now.getTime() - occurrence.getTime()) / every) + 1);
      return withinUntil(spec.until, new Date(occurrence.getTime() + steps * every));
    }
    case 'daily': {
      const after = new Date(Math.max(occurrence.getTime(), now.getTime()));
      return withinUntil(spec.until, nextDailyAt(spec.time, spec.timeZone ?? 'UTC', after));
    }
  }
}

function withinUntil(until: string | undefined, at: Date): Date | null {
  return until && at.getTime() > Date.parse(until) ? null : at;
}

/** The first instant strictly after `after` when the clock in `timeZone` shows `time` (HH:MM). */
export function nextDailyAt(time: string, timeZone: string, after: Date): Date {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const local = localParts(after, timeZone);
  for (let dayOffset = 0; dayOffset < 3; dayOffset++) {
    const candidate = zonedInstant(local.year, local.month, local.day + dayOffset, hour, minute, timeZone);
    if (candidate.getTime() > after.getTime()) return candidate;
  }
  return zonedInstant(local.year, local.month, local.day + 3, hour, minute, timeZone);
}

function localParts(
  at: Date,
  timeZone: string,
): { year: number; month: number; day: number; hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  })
    .formatToParts(at)
    .reduce<Record<string, number>>(
      (all, p) => (p.type === 'literal' ? all : { ...all, [p.type]: Number(p.value) }),
      {},
    );
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute };
}

/** Milliseconds the zone's clock is ahead of UTC at that instant. */
function zoneOffset(at: Date, timeZone: string): number {
  const p = localParts(at, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(at.getTime() / MINUTE) * MINUTE;
}

/** The instant the zone's clock shows that date and time (a time skipped by a DST change lands an hour later). */
function zonedInstant(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const first = asUtc - zoneOffset(new Date(asUtc), timeZone);
  const second = asUtc - zoneOffset(new Date(first), timeZone);
  return new Date(second);
}
