// When schedules run: one-offs, intervals (first run, missed runs skipped, until), daily wall-clock times in a time
// zone across daylight-saving changes; and the opt-out keywords.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstOccurrence, nextDailyAt, nextOccurrence } from '../../../src/hub/outbound/schedule-spec.js';
import { optOutSignal } from '../../../src/hub/shared/opt-out-keywords.js';
import { customerAddressFor } from '../../../src/hub/shared/customer-address.js';

const d = (s: string) => new Date(s);
const iso = (x: Date | null) => x?.toISOString() ?? null;

describe('schedule occurrences', () => {
  const now = d('2026-03-01T10:00:00.000Z');

  it('runs a one-off at its time, once; a time already past never runs', () => {
    assert.equal(
      iso(firstOccurrence({ type: 'once', at: '2026-03-01T12:00:00+01:00' }, now)),
      '2026-03-01T11:00:00.000Z',
    );
    assert.equal(firstOccurrence({ type: 'once', at: '2026-03-01T09:59:59Z' }, now), null);
    assert.equal(nextOccurrence({ type: 'once', at: '2026-03-01T11:00:00Z' }, d('2026-03-01T11:00:00Z'), now), null);
  });

  it('runs an interval from startAt (default: one interval from now), skipping runs missed while down, until its end', () => {
    assert.equal(
      iso(firstOccurrence({ type: 'interval', every: 15, unit: 'minutes' }, now)),
      '2026-03-01T10:15:00.000Z',
    );
    assert.equal(
      iso(firstOccurrence({ type: 'interval', every: 1, unit: 'days', startAt: '2026-03-02T08:00:00Z' }, now)),
      '2026-03-02T08:00:00.000Z',
    );
    // a start in the past: the next one on its rhythm
    assert.equal(
      iso(firstOccurrence({ type: 'interval', every: 2, unit: 'hours', startAt: '2026-03-01T05:30:00Z' }, now)),
      '2026-03-01T11:30:00.000Z',
    );
    const hourly = { type: 'interval', every: 1, unit: 'hours', until: '2026-03-01T18:00:00Z' } as const;
    assert.equal(
      iso(nextOccurrence(hourly, d('2026-03-01T10:00:00Z'), d('2026-03-01T10:00:00.005Z'))),
      '2026-03-01T11:00:00.000Z',
    );
    assert.equal(
      iso(nextOccurrence(hourly, d('2026-03-01T10:00:00Z'), d('2026-03-01T13:20:00Z'))),
      '2026-03-01T14:00:00.000Z',
    );
    assert.equal(nextOccurrence(hourly, d('2026-03-01T18:00:00Z'), d('2026-03-01T18:00:01Z')), null);
    assert.equal(firstOccurrence({ ...hourly, startAt: '2026-03-01T19:00:00Z' }, now), null);
  });

  it('runs daily at a wall-clock time in its time zone, across daylight-saving changes', () => {
    // Paris: UTC+1 in winter, UTC+2 from 29 March 2026 (clocks jump 02:00 → 03:00)
    assert.equal(iso(nextDailyAt('09:30', 'Europe/Paris', d('2026-03-27T12:00:00Z'))), '2026-03-28T08:30:00.000Z');
    assert.equal(iso(nextDailyAt('09:30', 'Europe/Paris', d('2026-03-28T08:30:00Z'))), '2026-03-29T07:30:00.000Z');
    assert.equal(
      iso(nextDailyAt('02:30', 'Europe/Paris', d('2026-03-28T12:00:00Z'))),
      '2026-03-29T01:30:00.000Z',
      'a time the change skips runs an hour later on the wall clock',
    );
    assert.equal(
      iso(nextDailyAt('09:30', 'America/New_York', d('2026-11-01T12:00:00Z'))),
      '2026-11-01T14:30:00.000Z',
      'New York falls back on 1 November',
    );
    assert.equal(iso(nextDailyAt('00:00', 'UTC', d('2026-12-31T23:59:59Z'))), '2027-01-01T00:00:00.000Z');
    const daily = { type: 'daily', time: '10:00' } as const;
    assert.equal(iso(firstOccurrence(daily, now)), '2026-03-01T10:00:00.000Z', 'due right now counts');
    assert.equal(
      iso(nextOccurrence(daily, d('2026-03-01T10:00:00Z'), d('2026-03-04T11:00:00Z'))),
      '2026-03-05T10:00:00.000Z',
    );
  });
});

describe('opt-out keywords', () => {
  it('reads the whole message as one keyword; the provider’s signal wins', () => {
    for (const text of ['STOP', 'stop', ' Stop! ', 'STOPALL', 'unsubscribe.', 'Cancel', 'END', 'quit'])
      assert.equal(optOutSignal(text)?.optedOut, true, text);
    for (const text of ['START', 'unstop', 'Yes']) assert.equal(optOutSignal(text)?.optedOut, false, text);
    for (const text of ['please stop', 'stop it', 'yes please', '', 'STOP STOP'])
      assert.equal(optOutSignal(text), null, text);
    assert.deepEqual(optOutSignal('Arrêtez', 'STOP', 'twilio'), { optedOut: true, keyword: 'STOP', source: 'twilio' });
    assert.deepEqual(optOutSignal('stop', 'HELP', 'twilio'), { optedOut: true, keyword: 'STOP', source: 'inbound' });
  });

  it('writes customers’ numbers as each provider does', () => {
    assert.equal(customerAddressFor('telesign', '+1 (555) 123-4567'), '15551234567');
    assert.equal(customerAddressFor('twilio', '1 555 123 4567'), '+15551234567');
    assert.equal(customerAddressFor('twilio', '0033 6 12 34 56 78'), '+33612345678');
    assert.equal(customerAddressFor('twilio', 'whatsapp:+15551234567'), '+15551234567');
    for (const bad of ['', 'abc', '+123', '+1234567890123456', '555-CALL-NOW'])
      assert.equal(customerAddressFor('twilio', bad), null, bad);
  });
});
