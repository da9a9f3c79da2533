// The outbound parts that concurrency can break, on a real PostgreSQL server (PGlite has one connection and runs
// transactions one after another, so it never shows these races): retries racing on one idempotency key, requests
// racing for the hour's last slots, and two hubs polling the same schedules.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  MAX_OUTBOUND_REQUESTS_PER_HOUR,
  type OutboundConfiguration,
  type OutboundSchedule,
  type OutboundSendResult,
} from '../../../src/protocol/outbound.js';
import { postgresMissingReason, startPostgres, type PostgresServer } from '../support/postgres-server.js';
import { CONTOSO_WHATSAPP, startTestHub, type TestHub } from '../support/test-hub.js';
import { waitUntil } from '../support/wait.js';

const server = await startPostgres();
const T0 = Date.parse('2026-11-20T10:20:00.000Z');
const clock = {
  time: new Date(T0),
  now() {
    return new Date(this.time);
  },
};
const contact = (n: string) => ({
  tocontactid: n,
  channelid: 'whatsapp',
  option: true,
  CustomerName: 'Jane',
  CaseName: 'CAS-1',
  contextitems: { DeliveryDay: 'today' },
});

describe('outbound on a PostgreSQL server', { skip: server ? false : postgresMissingReason }, () => {
  let a: TestHub;
  let b: TestHub;
  let configuration: OutboundConfiguration;
  before(async () => {
    const config = { databaseUrl: (server as PostgresServer).url, schedules: { pollIntervalMs: 20 } };
    a = await startTestHub({ clock, config });
    b = await startTestHub({ clock, config });
    configuration = (
      await a.api<OutboundConfiguration>('POST', '/api/outbound/configurations', {
        name: 'On PostgreSQL',
        showOnTimeline: true,
        channelType: 'whatsapp',
        channelNumber: CONTOSO_WHATSAPP,
        templateName: 'delivery_update',
      })
    ).body;
  });
  after(async () => {
    await a?.close();
    await b?.close();
    server?.stop();
  });

  const sentTo = (number: string) =>
    a.twilio.messagesTo(`whatsapp:${number}`).length + b.twilio.messagesTo(`whatsapp:${number}`).length;

  it('sends once when retries with one idempotency key race on two hubs', async () => {
    const list = [contact('+15550700001'), contact('+15550700002'), contact('+15550700001')];
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? a : b).api<OutboundSendResult>('POST', `/api/outbound/${configuration.id}/send`, {
          ContactList: list,
          requestId: 'race-1',
        }),
      ),
    );
    assert.deepEqual(new Set(answers.map((x) => x.status)), new Set([200]));
    const fresh = answers.flatMap((x) => x.body.contacts).filter((c) => !c.duplicate);
    assert.equal(fresh.length, 2, 'one first attempt per number');
    // 'sent' is answered once Twilio took the message: every send is at the stand-in by now
    assert.ok(answers.flatMap((x) => x.body.contacts).every((c) => c.status === 'sent'));
    assert.equal(sentTo('+15550700001'), 1);
    assert.equal(sentTo('+15550700002'), 1);
  });

  it('lets exactly the hour’s remaining requests through when many race for them', async () => {
    await a.hub.db.query(
      `INSERT INTO api_rate_counters (org_id, bucket, window_start, count) VALUES ('contoso', 'outbound', $1, $2)
       ON CONFLICT (org_id, bucket, window_start) DO UPDATE SET count = EXCLUDED.count`,
      [new Date('2026-11-20T10:00:00.000Z'), MAX_OUTBOUND_REQUESTS_PER_HOUR - 10],
    );
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        (i % 2 ? a : b).api('POST', `/api/outbound/${configuration.id}/send`, {
          ContactList: [{ ...contact('+15550700003'), option: false }],
        }),
      ),
    );
    assert.equal(answers.filter((x) => x.status === 200).length, 10);
    assert.equal(answers.filter((x) => x.status === 429).length, 15);
    assert.ok(answers.filter((x) => x.status === 429).every((x) => x.headers.get('retry-after') === '2400'));
  });

  it('runs each occurrence of a schedule once while two hubs poll it', async () => {
    const created = await a.api<OutboundSchedule>('POST', `/api/outbound/${configuration.id}/schedules`, {
      schedule: { type: 'interval', every: 1, unit: 'minutes', startAt: '2026-11-20T10:21:00Z' },
      ContactList: [contact('+15550700010'), contact('+15550700011')],
    });
    assert.equal(created.status, 201);
    for (let minute = 1; minute <= 5; minute++) {
      clock.time = new Date(T0 + minute * 60_000);
      await waitUntil(
        () => sentTo('+15550700010') === minute && sentTo('+15550700011') === minute,
        `occurrence ${minute}`,
      );
      // both hubs look again (a pass awaits its sends): had the occurrence been claimed twice, it would show now
      for (const hub of [a, b]) for (let pass = 0; pass < 2; pass++) await hub.hub.scheduler.tick();
      assert.equal(sentTo('+15550700010'), minute);
    }
    assert.ok(
      a.twilio.messagesTo('whatsapp:+15550700010').length > 0 ||
        b.twilio.messagesTo('whatsapp:+15550700010').length > 0,
    );
    const schedule = await b.api<OutboundSchedule>('GET', `/api/outbound/schedules/${created.body.id}`);
    assert.equal(schedule.body.runCount, 5);
    assert.equal(schedule.body.nextRunAt, '2026-11-20T10:26:00.000Z');
  });
});
