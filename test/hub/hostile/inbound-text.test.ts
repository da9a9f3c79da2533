// What customers send is kept, whatever it contains: long messages are stored whole (the 1600-character limit is
// for what agents send on SMS), NUL and lone surrogates are cleaned at the edge instead of failing the store, and
// oversized addresses are a 400 naming the field, never a 500 (a provider retries a 5xx until it gives up).
// Run on PGlite and on a real PostgreSQL server: both refuse NUL in text and jsonb.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { HubConnection } from '@microsoft/signalr';
import { sendGbmMessage } from '../../../demo/simulated-gbm-customer.js';
import { nextEvent } from '../support/hub-client.js';
import { postgresMissingReason, startPostgres } from '../support/postgres-server.js';
import { CONTOSO_GBM_AGENT, GBM_ACCOUNT, startTestHub, type TestHub } from '../support/test-hub.js';

const server = await startPostgres();

const stores: Array<{ name: string; databaseUrl: () => string | undefined; skip: string | false }> = [
  { name: 'PGlite', databaseUrl: () => undefined, skip: false },
  { name: 'PostgreSQL', databaseUrl: () => server?.url, skip: server ? false : postgresMissingReason },
];

after(() => server?.stop());

for (const store of stores) {
  describe(`hostile customer input on ${store.name}`, { skip: store.skip }, () => {
    let t: TestHub;
    let alice: HubConnection;
    before(async () => {
      const databaseUrl = store.databaseUrl();
      t = await startTestHub(databaseUrl ? { config: { databaseUrl } } : {});
      alice = await t.connect('alice');
    });
    after(() => t?.close());

    const gbm = (conversationId: string, extra: { text?: string; displayName?: string; locale?: string }) =>
      sendGbmMessage({
        hubUrl: t.url,
        clientToken: GBM_ACCOUNT.clientToken,
        agent: CONTOSO_GBM_AGENT,
        conversationId,
        ...extra,
      });

    describe('long customer messages are kept whole', () => {
      it('on SMS (TeleSign): 2,000 characters are stored and shown', async () => {
        const text = 'a'.repeat(1999) + 'Z';
        const shown = nextEvent(alice, 'messageAdded', (m) => m.text === text);
        const answer = await t.sms('15550100001', text);
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        assert.equal((await shown).text.length, 2000);
      });

      it('on WhatsApp (Twilio): 4,096 characters, WhatsApp’s own limit', async () => {
        const text = 'é'.repeat(4096);
        const shown = nextEvent(alice, 'messageAdded', (m) => m.text === text);
        assert.equal((await t.whatsapp('+15550100002', text)).status, 200);
        await shown;
      });

      it('on Business Messages: 3,072 characters and more', async () => {
        const text = 'b'.repeat(5000);
        const shown = nextEvent(alice, 'messageAdded', (m) => m.text === text);
        const answer = await gbm(`long-${randomUUID()}`, { text });
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        await shown;
      });
    });

    describe('NUL and lone surrogates are cleaned, and the message accepted', () => {
      it('NUL in an SMS text', async () => {
        const shown = nextEvent(alice, 'messageAdded', (m) => m.text === 'before after');
        const answer = await t.sms('15550100003', 'before\u0000 after');
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        await shown;
      });

      it('NUL in a WhatsApp text, profile name and media content type', async () => {
        const customer = '+15550100004';
        const assigned = nextEvent(alice, 'conversationUpdated', (c) => c.customerAddress === customer);
        const shown = nextEvent(alice, 'messageAdded', (m) => m.text === 'photo');
        const answer = await t.whatsapp(customer, 'pho\u0000to', {
          profileName: 'Jane\u0000 Doe',
          media: [{ url: `${t.hub.publicUrl}/media/example.jpg`, contentType: 'image/\u0000jpeg' }],
        });
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        assert.equal((await assigned).customerName, 'Jane Doe');
        assert.equal((await shown).attachments[0]?.contentType, 'image/jpeg');
      });

      it('NUL in a Business Messages text, display name and locale; a lone surrogate in the display name', async () => {
        const conversationId = `nul-${randomUUID()}`;
        const assigned = nextEvent(alice, 'conversationUpdated', (c) => c.customerAddress === conversationId);
        const answer = await gbm(conversationId, {
          text: 'hel\u0000lo',
          displayName: 'Jean\u0000 \ud800Dupont',
          locale: 'f\u0000r',
        });
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        const summary = await assigned;
        assert.equal(summary.customerName, 'Jean \ufffdDupont');
        assert.equal(summary.customerLocale, 'fr');
      });

      it('NUL in a call event and an IVR lookup', async () => {
        const arrived = await fetch(`${t.url}/api/calls/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer test-contoso-voice-key-0123456789' },
          body: JSON.stringify({
            event: 'arrived',
            interactionId: `nul\u0000-${randomUUID()}`,
            ani: '+1555\u00000100005',
            dnis: '',
            flowVariables: { note: 'a\u0000b' },
          }),
        });
        assert.equal(arrived.status, 200, await arrived.text());
        const lookup = await fetch(`${t.url}/api/ivr/lookup?ani=%2B1555%000100005&interactionId=x%00y`, {
          headers: { authorization: 'Bearer test-contoso-voice-key-0123456789' },
        });
        assert.equal(lookup.status, 200, await lookup.text());
      });
    });

    describe('oversized addresses are a 400 naming the field', () => {
      const long = '1'.repeat(5000);
      it('a TeleSign sender of thousands of digits', async () => {
        const answer = await t.sms(long, 'hi');
        assert.equal(answer.status, 400, JSON.stringify(answer.body));
        assert.equal(answer.body.field, 'phone_number');
      });

      it('a Twilio sender of thousands of digits', async () => {
        const answer = await t.whatsapp(`+${long}`, 'hi');
        assert.equal(answer.status, 400, JSON.stringify(answer.body));
        assert.match(JSON.stringify(answer.body), /"field":"From"/);
      });

      it('a Business Messages conversation id of thousands of characters', async () => {
        const answer = await gbm('c'.repeat(5000), { text: 'hi' });
        assert.equal(answer.status, 400, JSON.stringify(answer.body));
        assert.equal(answer.body.field, 'conversationId');
      });

      it('a call event’s caller number of thousands of digits', async () => {
        const answer = await fetch(`${t.url}/api/calls/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer test-contoso-voice-key-0123456789' },
          body: JSON.stringify({ event: 'arrived', interactionId: `long-${randomUUID()}`, ani: long, dnis: long }),
        });
        assert.equal(answer.status, 400, await answer.clone().text());
        assert.match(JSON.stringify(await answer.json()), /ani/);
      });
    });
  });
}
