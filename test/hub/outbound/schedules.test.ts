// Scheduled sends against the real hub with a file data folder, restarted in between: a one-off and a recurring
// schedule each send exactly once per occurrence, an occurrence left half done by a stopped hub is finished
// without sending twice, and the schedule API validates what it stores. Time is injected.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { OutboundConfiguration, OutboundSchedule } from '../../../src/protocol/outbound.js';
import type { HttpErrorBody } from '../../../src/protocol/payloads.js';
import { findConfiguration } from '../../../src/hub/store/outbound.js';
import { CONTOSO_WHATSAPP, FABRIKAM_API_KEY, startTestHub, type TestHub } from '../support/test-hub.js';
import { waitUntil } from '../support/wait.js';

const T0 = Date.parse('2026-11-20T10:00:00.000Z');
const HOUR = 3_600_000;
const clock = {
  time: new Date(T0),
  now() {
    return new Date(this.time);
  },
};
const at = (ms: number) => (clock.time = new Date(T0 + ms));
const contact = (n: string) => ({
  tocontactid: n,
  channelid: 'whatsapp',
  option: true,
  CustomerName: 'Jane',
  CaseName: 'CAS-1',
  contextitems: { DeliveryDay: 'today' },
});

/**
 * Two scheduler passes, the second begun now: had anything been due, it would have been sent (a pass awaits its
 * sends). How these tests see that nothing else is sent.
 */
async function settle(t: TestHub): Promise<void> {
  await t.hub.scheduler.tick();
  await t.hub.scheduler.tick();
}

async function hubOn(dataDir: string): Promise<TestHub> {
  return startTestHub({ clock, config: { dataDir, schedules: { pollIntervalMs: 25 } } });
}

async function whatsappConfiguration(t: TestHub): Promise<OutboundConfiguration> {
  const answer = await t.api<OutboundConfiguration>('POST', '/api/outbound/configurations', {
    name: `Scheduled ${Math.random()}`,
    showOnTimeline: true,
    channelType: 'whatsapp',
    channelNumber: CONTOSO_WHATSAPP,
    templateName: 'delivery_update',
  });
  assert.equal(answer.status, 201);
  return answer.body;
}

const sentTo = (t: TestHub, number: string) => t.twilio.messagesTo(`whatsapp:${number}`).length;

describe('scheduled outbound sends', () => {
  it('sends a one-off schedule once, at its time, after a restart, and never again', async () => {
    at(0);
    const dataDir = mkdtempSync(join(tmpdir(), 'outbound-once-'));
    let t = await hubOn(dataDir);
    try {
      const configuration = await whatsappConfiguration(t);
      const created = await t.api<OutboundSchedule>('POST', `/api/outbound/${configuration.id}/schedules`, {
        name: 'Weather delay notice',
        schedule: { type: 'once', at: '2026-11-20T11:00:00Z' },
        ContactList: [contact('+15550500001'), contact('+15550500002')],
      });
      assert.equal(created.status, 201);
      assert.equal(created.headers.get('location'), `/api/outbound/schedules/${created.body.id}`);
      assert.deepEqual(
        { next: created.body.nextRunAt, count: created.body.contactCount, runs: created.body.runCount },
        { next: '2026-11-20T11:00:00.000Z', count: 2, runs: 0 },
      );
      const scheduleId = created.body.id;
      at(HOUR - 1000);
      await settle(t);
      assert.equal(sentTo(t, '+15550500001'), 0, 'not before its time');
      await t.close();

      at(HOUR + 5 * 60_000); // the hub was down when it fell due
      t = await hubOn(dataDir);
      await waitUntil(() => sentTo(t, '+15550500001') === 1 && sentTo(t, '+15550500002') === 1, 'the one-off send');
      await settle(t);
      assert.equal(sentTo(t, '+15550500001'), 1);
      const done = await t.api<OutboundSchedule>('GET', `/api/outbound/schedules/${scheduleId}`);
      assert.equal(done.body.nextRunAt, null);
      assert.equal(done.body.runCount, 1);
      assert.equal(done.body.lastRunAt, '2026-11-20T11:00:00.000Z');
      assert.deepEqual(done.body.lastResult, {
        sent: 2,
        skipped_no_consent: 0,
        skipped_opted_out: 0,
        invalid: 0,
        failed: 0,
      });
      await t.close();

      at(3 * HOUR);
      t = await hubOn(dataDir);
      await settle(t);
      assert.equal(sentTo(t, '+15550500001'), 0, 'a second restart sends nothing');
      const { rows } = await t.hub.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbound_sends WHERE trigger_ref = $1`,
        [scheduleId],
      );
      assert.equal(rows[0].n, 2);
    } finally {
      await t.close();
    }
  });

  it('sends a recurring schedule once per occurrence across restarts, and catches up once after downtime', async () => {
    at(0);
    const dataDir = mkdtempSync(join(tmpdir(), 'outbound-recurring-'));
    let t = await hubOn(dataDir);
    const number = '+15550500010';
    let total = 0;
    try {
      const configuration = await whatsappConfiguration(t);
      const created = await t.api<OutboundSchedule>('POST', `/api/outbound/${configuration.id}/schedules`, {
        schedule: {
          type: 'interval',
          every: 1,
          unit: 'hours',
          startAt: '2026-11-20T11:00:00Z',
          until: '2026-11-21T00:00:00Z',
        },
        ContactList: [contact(number)],
      });
      assert.equal(created.body.nextRunAt, '2026-11-20T11:00:00.000Z');
      at(HOUR);
      await waitUntil(() => sentTo(t, number) === 1, 'occurrence 11:00');
      await settle(t);
      total += sentTo(t, number);
      await t.close();

      at(HOUR + 30 * 60_000); // restarted between occurrences: nothing is due
      t = await hubOn(dataDir);
      await settle(t);
      assert.equal(sentTo(t, number), 0, '11:00 is not sent again');
      at(2 * HOUR);
      await waitUntil(() => sentTo(t, number) === 1, 'occurrence 12:00');
      await settle(t);
      total += sentTo(t, number);
      await t.close();

      at(5 * HOUR + 30 * 60_000); // down from 12:00 to 15:30: 13:00, 14:00 and 15:00 were missed
      t = await hubOn(dataDir);
      await waitUntil(() => sentTo(t, number) === 1, 'the catch-up occurrence');
      await settle(t);
      total += sentTo(t, number);
      assert.equal(total, 3, 'one message per occurrence run, one for the missed ones');
      const now = await t.api<OutboundSchedule>('GET', `/api/outbound/schedules/${created.body.id}`);
      assert.deepEqual(
        [now.body.runCount, now.body.lastRunAt, now.body.nextRunAt],
        [3, '2026-11-20T13:00:00.000Z', '2026-11-20T16:00:00.000Z'],
      );

      at(14 * HOUR + 1); // past `until` (midnight): after this occurrence the schedule ends
      await waitUntil(
        async () =>
          (await t.api<OutboundSchedule>('GET', `/api/outbound/schedules/${created.body.id}`)).body.nextRunAt === null,
        'the schedule to end',
      );
      // deleting stops it; another organisation cannot see it
      assert.equal(
        (await t.api('GET', `/api/outbound/schedules/${created.body.id}`, undefined, { apiKey: FABRIKAM_API_KEY }))
          .status,
        404,
      );
      assert.equal((await t.api('DELETE', `/api/outbound/schedules/${created.body.id}`)).status, 204);
      assert.equal((await t.api('GET', `/api/outbound/schedules/${created.body.id}`)).status, 404);
    } finally {
      await t.close();
    }
  });

  it('finishes an occurrence a stopped hub left half done, without sending to anyone twice', async () => {
    at(0);
    const dataDir = mkdtempSync(join(tmpdir(), 'outbound-claimed-'));
    let t = await hubOn(dataDir);
    try {
      const configuration = await whatsappConfiguration(t);
      await t.hub.scheduler.close(); // this hub plays the one that stops mid-run: it claims and sends by hand
      const created = await t.api<OutboundSchedule>('POST', `/api/outbound/${configuration.id}/schedules`, {
        schedule: { type: 'once', at: '2026-11-20T10:30:00Z' },
        ContactList: [contact('+15550500020'), contact('+15550500021')],
      });
      at(HOUR / 2);
      const occurrence = new Date('2026-11-20T10:30:00.000Z');
      const { rows } = await t.hub.db.query<{ id: string }>(
        `UPDATE outbound_schedules SET running_occurrence = next_run_at, next_run_at = NULL, claimed_by = 'stopped-hub', claimed_until = $2
         WHERE id = $1 RETURNING id`,
        [created.body.id, new Date(T0 + HOUR / 2 + 600_000)],
      );
      assert.equal(rows.length, 1);
      const row = (await findConfiguration(t.hub.db, 'contoso', configuration.id))!;
      await t.hub.outbound.sendContacts(row, [{ raw: contact('+15550500020'), index: 0 }], {
        trigger: 'schedule',
        triggerRef: created.body.id,
        dedupePrefix: `schedule:${created.body.id}:${occurrence.toISOString()}`,
      });
      assert.equal(sentTo(t, '+15550500020'), 1);
      await t.close();

      at(HOUR / 2 + 5 * 60_000); // the claim still holds: nobody touches it
      t = await hubOn(dataDir);
      await settle(t);
      assert.equal(sentTo(t, '+15550500021'), 0);
      await t.close();

      at(HOUR / 2 + 11 * 60_000); // the claim ran out: the next hub finishes the occurrence
      t = await hubOn(dataDir);
      await waitUntil(() => sentTo(t, '+15550500021') === 1, 'the rest of the occurrence');
      await settle(t);
      assert.equal(sentTo(t, '+15550500020'), 0, 'the contact already sent is not sent again');
      const done = await t.api<OutboundSchedule>('GET', `/api/outbound/schedules/${created.body.id}`);
      assert.deepEqual([done.body.runCount, done.body.lastResult?.sent], [1, 2]);
    } finally {
      await t.close();
    }
  });

  it('validates a schedule before storing it', async () => {
    at(0);
    const t = await startTestHub({ clock });
    try {
      const configuration = await whatsappConfiguration(t);
      const post = <T>(body: unknown) => t.api<T>('POST', `/api/outbound/${configuration.id}/schedules`, body);
      const ok = {
        schedule: { type: 'daily', time: '09:30', timeZone: 'Europe/Paris' },
        ContactList: [contact('+15550500030')],
      };
      const daily = await post<OutboundSchedule>(ok);
      assert.equal(daily.status, 201);
      assert.equal(daily.body.nextRunAt, '2026-11-21T08:30:00.000Z', '09:30 in Paris is 08:30 UTC in November');
      const cases: Array<[unknown, string, string, RegExp]> = [
        [
          { ...ok, ContactList: Array.from({ length: 101 }, () => contact('+15550500031')) },
          'too_many_contacts',
          'ContactList',
          /at most 100/,
        ],
        [
          { ...ok, ContactList: [{ ...contact('+15550500031'), tocontactid: undefined }] },
          'invalid_request',
          'ContactList.0.tocontactid',
          /is required/,
        ],
        [
          { ...ok, ContactList: [{ ...contact('+15550500031'), channelid: 'sms' }] },
          'invalid_request',
          'ContactList.0.channelid',
          /sends on whatsapp/,
        ],
        [{ ...ok, schedule: { type: 'once', at: '2026-11-20T09:00:00Z' } }, 'invalid_request', 'schedule', /never run/],
        [{ ...ok, schedule: { type: 'once', at: 'tomorrow' } }, 'invalid_request', 'schedule.at', /ISO-8601/],
        [{ ...ok, schedule: { type: 'daily', time: '25:00' } }, 'invalid_request', 'schedule.time', /HH:MM/],
        [
          { ...ok, schedule: { type: 'daily', time: '09:00', timeZone: 'Mars/Olympus' } },
          'invalid_request',
          'schedule.timeZone',
          /IANA/,
        ],
        [
          { ...ok, schedule: { type: 'interval', every: 30, unit: 'seconds' } },
          'invalid_request',
          'schedule.unit',
          /minutes/,
        ],
        [{ ...ok, schedule: { type: 'weekly' } }, 'invalid_request', 'schedule.type', /.+/],
      ];
      for (const [body, error, field, message] of cases) {
        const answer = await post<HttpErrorBody>(body);
        assert.equal(answer.status, 400, JSON.stringify(body).slice(0, 200));
        assert.equal(answer.body.error, error);
        assert.equal(answer.body.field, field);
        assert.match(answer.body.message, message);
      }
      const list = await t.api<{ schedules: OutboundSchedule[] }>('GET', '/api/outbound/schedules');
      assert.equal(list.body.schedules.length, 1);
      assert.equal(
        (await t.api('POST', `/api/outbound/${configuration.id}/schedules`, ok, { apiKey: FABRIKAM_API_KEY })).status,
        404,
      );
      // deleting the configuration stops its schedules
      assert.equal((await t.api('DELETE', `/api/outbound/configurations/${configuration.id}`)).status, 204);
      assert.deepEqual((await t.api('GET', '/api/outbound/schedules')).body, { schedules: [] });
    } finally {
      await t.close();
    }
  });
});
