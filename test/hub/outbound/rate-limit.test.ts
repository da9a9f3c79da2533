// 30,000 send requests per organisation per clock hour, counted in the store: the 30,000th passes, the 30,001st
// is a 429 whose Retry-After is exact to the second (time injected), the count survives a restart, and the next
// hour starts afresh. The counter is seeded close to the limit in the store; the requests are real.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MAX_OUTBOUND_REQUESTS_PER_HOUR, type OutboundConfiguration } from '../../../src/protocol/outbound.js';
import type { HttpErrorBody } from '../../../src/protocol/payloads.js';
import {
  CONTOSO_WHATSAPP,
  FABRIKAM_API_KEY,
  FABRIKAM_NUMBER,
  startTestHub,
  type TestHub,
} from '../support/test-hub.js';

const clock = {
  time: new Date('2026-11-20T10:20:00.000Z'),
  now() {
    return new Date(this.time);
  },
};
const HOUR_START = new Date('2026-11-20T10:00:00.000Z');
const contact = {
  tocontactid: '+15550400000',
  channelid: 'whatsapp',
  option: false,
  CustomerName: 'Jane',
  CaseName: 'CAS-1',
};

async function seedCount(t: TestHub, orgId: string, count: number, windowStart = HOUR_START): Promise<void> {
  await t.hub.db.query(
    `INSERT INTO api_rate_counters (org_id, bucket, window_start, count) VALUES ($1, 'outbound', $2, $3)
     ON CONFLICT (org_id, bucket, window_start) DO UPDATE SET count = EXCLUDED.count`,
    [orgId, windowStart, count],
  );
}

async function counted(t: TestHub, orgId = 'contoso'): Promise<number> {
  const { rows } = await t.hub.db.query<{ count: number }>(
    `SELECT count FROM api_rate_counters WHERE org_id = $1 AND window_start = $2`,
    [orgId, HOUR_START],
  );
  return rows[0]?.count ?? 0;
}

describe('outbound request limit: 30,000 per organisation per hour', () => {
  it('passes the 30,000th request, refuses the 30,001st with an exact Retry-After, keeps the count over a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'outbound-rate-'));
    let t = await startTestHub({ clock, config: { dataDir } });
    try {
      const created = await t.api<OutboundConfiguration>('POST', '/api/outbound/configurations', {
        name: 'Limit',
        showOnTimeline: false,
        channelType: 'whatsapp',
        channelNumber: CONTOSO_WHATSAPP,
        templateName: 'delivery_update',
      });
      const send = (body: unknown = { ContactList: [contact] }, apiKey?: string) =>
        t.api('POST', `/api/outbound/${created.body.id}/send`, body, apiKey ? { apiKey } : {});

      // real requests count one each; refused ones (401, 400) are not counted
      for (let i = 0; i < 3; i++) assert.equal((await send()).status, 200);
      assert.equal((await send(undefined, 'not-a-key-0000000000')).status, 401);
      assert.equal((await send({ ContactList: Array.from({ length: 101 }, () => contact) })).status, 400);
      assert.equal(await counted(t), 3);
      const third = await send();
      assert.equal(third.headers.get('x-ratelimit-limit'), '30000');
      assert.equal(third.headers.get('x-ratelimit-remaining'), String(MAX_OUTBOUND_REQUESTS_PER_HOUR - 4));
      assert.equal(third.headers.get('x-ratelimit-reset'), String(Date.parse('2026-11-20T11:00:00.000Z') / 1000));

      await seedCount(t, 'contoso', MAX_OUTBOUND_REQUESTS_PER_HOUR - 2);
      assert.equal((await send()).status, 200, 'the 29,999th');
      const last = await send();
      assert.equal(last.status, 200, 'the 30,000th');
      assert.equal(last.headers.get('x-ratelimit-remaining'), '0');
      await t.close();

      // a restart keeps the count
      t = await startTestHub({ clock, config: { dataDir } });
      const over = await t.api<HttpErrorBody>('POST', `/api/outbound/${created.body.id}/send`, {
        ContactList: [contact],
      });
      assert.equal(over.status, 429, 'the 30,001st');
      assert.equal(over.body.error, 'rate_limited');
      assert.match(
        over.body.message,
        /At most 30,000 send requests per organisation per hour; the next is accepted in 2400 s \(2026-11-20T11:00:00\.000Z\)/,
      );
      assert.equal(over.headers.get('retry-after'), '2400', '10:20:00 → 11:00:00');
      assert.equal(over.headers.get('x-ratelimit-remaining'), '0');
      assert.equal(await counted(t), MAX_OUTBOUND_REQUESTS_PER_HOUR, 'a refused request is not counted');
      // events are send requests too
      const event = await t.api('POST', '/api/events/case-created', { ContactList: [contact] });
      assert.equal(event.status, 429);

      clock.time = new Date('2026-11-20T10:59:59.001Z');
      assert.equal(
        (await t.api('POST', `/api/outbound/${created.body.id}/send`, { ContactList: [contact] })).headers.get(
          'retry-after',
        ),
        '1',
        'rounded up',
      );
      clock.time = new Date('2026-11-20T10:59:58.000Z');
      assert.equal(
        (await t.api('POST', `/api/outbound/${created.body.id}/send`, { ContactList: [contact] })).headers.get(
          'retry-after',
        ),
        '2',
      );

      // another organisation has its own count
      const fabrikam = await t.api<OutboundConfiguration>(
        'POST',
        '/api/outbound/configurations',
        {
          name: 'Fabrikam',
          showOnTimeline: false,
          channelType: 'sms',
          channelNumber: FABRIKAM_NUMBER,
          templateName: 'x',
        },
        { apiKey: FABRIKAM_API_KEY },
      );
      assert.equal(fabrikam.status, 400, 'Fabrikam has no templates');
      const theirs = await t.api(
        'POST',
        `/api/outbound/${created.body.id}/send`,
        { ContactList: [contact] },
        { apiKey: FABRIKAM_API_KEY },
      );
      assert.equal(theirs.status, 404, 'not limited, and not theirs');

      // the next hour starts afresh
      clock.time = new Date('2026-11-20T11:00:00.000Z');
      const fresh = await t.api('POST', `/api/outbound/${created.body.id}/send`, { ContactList: [contact] });
      assert.equal(fresh.status, 200);
      assert.equal(fresh.headers.get('x-ratelimit-remaining'), String(MAX_OUTBOUND_REQUESTS_PER_HOUR - 1));
    } finally {
      await t.close();
      clock.time = new Date('2026-11-20T10:20:00.000Z');
    }
  });
});
