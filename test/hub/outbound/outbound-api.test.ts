// The outbound API against the real hub and the provider stand-ins: configurations (validation, ids, organisations
// kept apart), sends within the 100-contact limit, consent and opt-out, locale fallback, placeholders, WhatsApp by
// ContentSid, SMS by TeleSign, and retries that never send twice.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OutboundConfiguration, OutboundContact, OutboundSendResult } from '../../../src/protocol/outbound.js';
import {
  CONTOSO_NUMBER,
  CONTOSO_TWILIO_SMS,
  CONTOSO_WHATSAPP,
  FABRIKAM_API_KEY,
  TWILIO,
  startTestHub,
  type TestHub,
} from '../support/test-hub.js';
import type { HttpErrorBody } from '../../../src/protocol/payloads.js';
import { waitUntil } from '../support/wait.js';

const clock = {
  time: new Date('2026-11-20T10:00:00.000Z'),
  now() {
    return new Date(this.time);
  },
};

const contact = (tocontactid: string, extra: Record<string, unknown> = {}): OutboundContact => ({
  tocontactid,
  channelid: 'whatsapp',
  option: true,
  CustomerName: 'Jane',
  CaseName: 'CAS-01042',
  contextitems: { DeliveryDay: 'Friday' },
  ...extra,
});

describe('outbound API', () => {
  let t: TestHub;
  let whatsapp: OutboundConfiguration;
  let sms: OutboundConfiguration;
  const send = (
    configurationId: string,
    ContactList: unknown[],
    options: { requestId?: string; apiKey?: string | null } = {},
  ) =>
    t.api<OutboundSendResult & { error?: string; message?: string; field?: string }>(
      'POST',
      `/api/outbound/${configurationId}/send`,
      { ContactList, ...(options.requestId ? { requestId: options.requestId } : {}) },
      options.apiKey !== undefined ? { apiKey: options.apiKey } : {},
    );

  before(async () => {
    t = await startTestHub({ clock });
  });
  after(() => t.close());

  describe('configurations', () => {
    it('saves one and answers 201 with its generated id', async () => {
      const created = await t.api<OutboundConfiguration>('POST', '/api/outbound/configurations', {
        name: 'Delivery delay',
        showOnTimeline: true,
        channelType: 'WhatsApp',
        channelNumber: CONTOSO_WHATSAPP,
        templateName: 'delivery_update',
      });
      assert.equal(created.status, 201);
      assert.match(created.body.id, /^[0-9a-f-]{36}$/);
      assert.equal(created.headers.get('location'), `/api/outbound/configurations/${created.body.id}`);
      assert.deepEqual(
        { ...created.body, id: 'x', createdAt: 'x', updatedAt: 'x' },
        {
          id: 'x',
          organisationId: 'contoso',
          name: 'Delivery delay',
          showOnTimeline: true,
          channelType: 'whatsapp',
          channelNumber: CONTOSO_WHATSAPP,
          templateName: 'delivery_update',
          createdAt: 'x',
          updatedAt: 'x',
        },
      );
      whatsapp = created.body;
      // the TeleSign number written another way is recognised and stored as configured
      const second = await t.api<OutboundConfiguration>('POST', '/api/outbound/configurations', {
        name: 'Case closed SMS',
        showOnTimeline: false,
        channelType: 'sms',
        channelNumber: '+1 (800) 555-0199',
        templateName: 'delivery_update',
      });
      assert.equal(second.status, 201);
      assert.equal(second.body.channelNumber, CONTOSO_NUMBER);
      sms = second.body;
    });

    it('lists, reads, replaces and deletes them', async () => {
      const list = await t.api<{ configurations: OutboundConfiguration[] }>('GET', '/api/outbound/configurations');
      assert.deepEqual(
        list.body.configurations.map((c) => c.name),
        ['Case closed SMS', 'Delivery delay'],
        'by name',
      );
      assert.equal(
        (await t.api<OutboundConfiguration>('GET', `/api/outbound/configurations/${sms.id}`)).body.templateName,
        'delivery_update',
      );
      const replaced = await t.api<OutboundConfiguration>('PUT', `/api/outbound/configurations/${sms.id}`, {
        name: 'Case closed SMS',
        showOnTimeline: false,
        channelType: 'sms',
        channelNumber: CONTOSO_NUMBER,
        templateName: 'plain_notice',
      });
      assert.equal(replaced.status, 200);
      assert.equal(replaced.body.templateName, 'plain_notice');
      const temporary = await t.api<OutboundConfiguration>('POST', '/api/outbound/configurations', {
        name: 'Temporary',
        showOnTimeline: false,
        channelType: 'sms',
        channelNumber: CONTOSO_TWILIO_SMS,
        templateName: 'plain_notice',
      });
      assert.equal(temporary.status, 201);
      assert.equal((await t.api('DELETE', `/api/outbound/configurations/${temporary.body.id}`)).status, 204);
      assert.equal((await t.api('GET', `/api/outbound/configurations/${temporary.body.id}`)).status, 404);
      assert.equal((await send(temporary.body.id, [contact('+15550000001')])).status, 404);
      // a deleted configuration's name is free again
      const again = await t.api<OutboundConfiguration>('POST', '/api/outbound/configurations', {
        name: 'Temporary',
        showOnTimeline: false,
        channelType: 'sms',
        channelNumber: CONTOSO_NUMBER,
        templateName: 'plain_notice',
      });
      assert.equal(again.status, 201);
      assert.equal((await t.api('DELETE', `/api/outbound/configurations/${again.body.id}`)).status, 204);
    });

    it('refuses a number that is not the organisation’s, an unknown or unapproved template, a duplicate name — naming the field', async () => {
      const base = {
        name: 'Bad',
        showOnTimeline: false,
        channelType: 'whatsapp',
        channelNumber: CONTOSO_WHATSAPP,
        templateName: 'delivery_update',
      };
      const cases: Array<[Record<string, unknown>, number, string, string, RegExp]> = [
        [
          { ...base, channelNumber: '+14155559999' },
          400,
          'invalid_request',
          'channelNumber',
          /not one of your whatsapp numbers \(\+14155550100\)/,
        ],
        [
          { ...base, channelType: 'sms', channelNumber: CONTOSO_WHATSAPP },
          400,
          'invalid_request',
          'channelNumber',
          /not one of your sms numbers/,
        ],
        [{ ...base, templateName: 'nope' }, 400, 'template_not_found', 'templateName', /no template "nope"/],
        [
          { ...base, templateName: 'plain_notice' },
          400,
          'invalid_request',
          'templateName',
          /no approved WhatsApp version \(contentSid\) for en/,
        ],
        [{ ...base, channelType: 'gbm' }, 400, 'invalid_request', 'channelType', /must be "sms" or "whatsapp"/],
        [
          { ...base, showOnTimeline: undefined },
          400,
          'invalid_request',
          'showOnTimeline',
          /showOnTimeline: is required/,
        ],
        [{ ...base, name: 'delivery DELAY' }, 409, 'conflict', 'name', /already called/],
      ];
      for (const [body, status, error, field, message] of cases) {
        const answer = await t.api<HttpErrorBody>('POST', '/api/outbound/configurations', body);
        assert.equal(answer.status, status, JSON.stringify(body));
        assert.equal(answer.body.error, error);
        assert.equal(answer.body.field, field);
        assert.match(answer.body.message, message);
      }
    });

    it('needs the organisation’s API key; another organisation’s key cannot see or use this one’s', async () => {
      const none = await t.api<HttpErrorBody>('GET', '/api/outbound/configurations', undefined, { apiKey: null });
      assert.equal(none.status, 401);
      assert.equal(none.body.error, 'unauthorized');
      assert.equal(
        (await t.api('GET', '/api/outbound/configurations', undefined, { apiKey: 'wrong-key-000000000000' })).status,
        401,
      );
      assert.equal((await send(whatsapp.id, [contact('+15550000001')], { apiKey: null })).status, 401);
      const agentToken = await t.tokenFor('alice');
      assert.equal((await send(whatsapp.id, [contact('+15550000001')], { apiKey: agentToken })).status, 401);
      const fabrikam = { apiKey: FABRIKAM_API_KEY };
      assert.deepEqual((await t.api('GET', '/api/outbound/configurations', undefined, fabrikam)).body, {
        configurations: [],
      });
      assert.equal(
        (await t.api('GET', `/api/outbound/configurations/${whatsapp.id}`, undefined, fabrikam)).status,
        404,
      );
      const theirs = await send(whatsapp.id, [contact('+15550000001')], fabrikam);
      assert.equal(theirs.status, 404);
      assert.equal(theirs.body.error, 'not_found');
      assert.equal(
        (await t.api('DELETE', `/api/outbound/configurations/${whatsapp.id}`, undefined, fabrikam)).status,
        404,
      );
      assert.equal(t.twilio.messagesTo('whatsapp:+15550000001').length, 0);
    });
  });

  describe('sending', () => {
    it('sends WhatsApp by ContentSid with ContentVariables filled from CustomerName, CaseName and context items', async () => {
      const answer = await send(whatsapp.id, [contact('+1 555 010 0001')]);
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body.summary, {
        sent: 1,
        skipped_no_consent: 0,
        skipped_opted_out: 0,
        invalid: 0,
        failed: 0,
      });
      const [result] = answer.body.contacts;
      assert.equal(result.status, 'sent');
      assert.equal(result.customerAddress, '+15550100001');
      assert.equal(result.language, 'en');
      assert.equal(result.messageStatus, 'sent');
      const atTwilio = await t.twilio.waitForMessage((m) => m.to === 'whatsapp:+15550100001');
      assert.equal(atTwilio.from, `whatsapp:${CONTOSO_WHATSAPP}`);
      assert.equal(atTwilio.contentSid, 'HX' + '1'.repeat(32));
      assert.equal(atTwilio.body, null, 'a template goes by ContentSid, not Body');
      assert.deepEqual(atTwilio.contentVariables, { 1: 'Jane', 2: 'CAS-01042', 3: 'Friday' });
      assert.match(atTwilio.statusCallback ?? '', /\/webhooks\/twilio$/);
    });

    it('picks the locale’s version: fr → French, fr-CA → French, de (missing) → the default language', async () => {
      const answer = await send(whatsapp.id, [
        contact('+15550100002', { locale: 'fr' }),
        contact('+15550100003', { locale: 'fr_CA' }),
        contact('+15550100004', { locale: 'de' }),
      ]);
      assert.deepEqual(
        answer.body.contacts.map((c) => [c.status, c.language]),
        [
          ['sent', 'fr'],
          ['sent', 'fr'],
          ['sent', 'en'],
        ],
      );
      assert.equal(
        (await t.twilio.waitForMessage((m) => m.to === 'whatsapp:+15550100002')).contentSid,
        'HX' + '2'.repeat(32),
      );
      assert.equal(
        (await t.twilio.waitForMessage((m) => m.to === 'whatsapp:+15550100003')).contentSid,
        'HX' + '2'.repeat(32),
      );
      assert.equal(
        (await t.twilio.waitForMessage((m) => m.to === 'whatsapp:+15550100004')).contentSid,
        'HX' + '1'.repeat(32),
      );
    });

    it('sends SMS through TeleSign with the filled text, numbered placeholders from context items', async () => {
      const answer = await send(sms.id, [
        contact('+1 555-010-0005', { channelid: 'SMS', contextitems: { 1: 'Jane', 2: 'CAS-7' } }),
      ]);
      assert.equal(answer.body.contacts[0].status, 'sent');
      assert.equal(answer.body.contacts[0].customerAddress, '15550100005', 'TeleSign numbers are digits only');
      const atTeleSign = await t.standIn.waitForMessage((m) => m.to === '15550100005');
      assert.equal(atTeleSign.text, 'Hi Jane, your case CAS-7 is closed.');
      assert.equal(atTeleSign.from, CONTOSO_NUMBER);
      assert.equal(atTeleSign.externalId, answer.body.contacts[0].messageId);
      // the delivery report reaches the outbound message like any agent message
      const status = async () =>
        (
          await t.hub.db.query<{ status: string }>('SELECT status FROM messages WHERE id = $1', [
            answer.body.contacts[0].messageId,
          ])
        ).rows[0].status;
      await waitUntil(async () => (await status()) === 'delivered', 'the delivery report');
    });

    it('skips a contact without consent and reports every contact’s outcome in order', async () => {
      const answer = await send(whatsapp.id, [
        contact('+15550100006', { option: false }),
        contact('+15550100007', { optin: 'true', option: undefined }),
        contact('+15550100008', { option: 'no' }),
      ]);
      assert.deepEqual(
        answer.body.contacts.map((c) => [c.index, c.status]),
        [
          [0, 'skipped_no_consent'],
          [1, 'sent'],
          [2, 'skipped_no_consent'],
        ],
      );
      assert.match(answer.body.contacts[0].message!, /not agreed/);
      assert.equal(t.twilio.messagesTo('whatsapp:+15550100006').length, 0);
      assert.equal(t.twilio.messagesTo('whatsapp:+15550100008').length, 0);
    });

    it('reports a contact with a missing value invalid, naming the placeholder, and sends the others', async () => {
      const answer = await send(whatsapp.id, [
        contact('+15550100009', { contextitems: {} }),
        contact('+15550100010', { contextitems: { DeliveryDay: '  ' } }),
        contact('+15550100011'),
      ]);
      assert.deepEqual(
        answer.body.contacts.map((c) => [c.status, c.field, c.errorCode]),
        [
          ['invalid', 'contextitems.DeliveryDay', 'template_value_missing'],
          ['invalid', 'contextitems.DeliveryDay', 'template_value_missing'],
          ['sent', undefined, undefined],
        ],
      );
      assert.match(answer.body.contacts[0].message!, /\{\{DeliveryDay\}\} has no value/);
      assert.equal(t.twilio.messagesTo('whatsapp:+15550100009').length, 0);
    });

    it('reports malformed contacts invalid with their field', async () => {
      const answer = await send(whatsapp.id, [
        { ...contact('+15550100012'), CustomerName: undefined },
        { ...contact('+15550100013'), CaseName: '' },
        contact('not a number'),
        contact('+15550100014', { channelid: 'sms' }),
        contact('+15550100015', { channelid: 'fax' }),
        { ...contact('+15550100016'), option: undefined },
        contact('+15550100017', { configurationid: sms.id }),
        'just text',
      ]);
      assert.equal(answer.status, 200);
      assert.deepEqual(
        answer.body.contacts.map((c) => [c.status, c.field]),
        [
          ['invalid', 'CustomerName'],
          ['invalid', 'CaseName'],
          ['invalid', 'tocontactid'],
          ['invalid', 'channelid'],
          ['invalid', 'channelid'],
          ['invalid', 'option'],
          ['invalid', 'configurationid'],
          ['invalid', 'contact'],
        ],
      );
      assert.match(answer.body.contacts[3].message!, /sends on whatsapp, not sms/);
      assert.equal(answer.body.summary.invalid, 8);
    });

    it('takes exactly 100 contacts and refuses 101 with 400 too_many_contacts, sending nothing', async () => {
      const hundred = Array.from({ length: 100 }, (_, i) =>
        contact(`+1555020${String(i).padStart(4, '0')}`, { option: i % 2 === 0 }),
      );
      const ok = await send(whatsapp.id, hundred);
      assert.equal(ok.status, 200);
      assert.equal(ok.body.contacts.length, 100);
      assert.deepEqual(ok.body.summary, {
        sent: 50,
        skipped_no_consent: 50,
        skipped_opted_out: 0,
        invalid: 0,
        failed: 0,
      });
      const before = t.twilio.messages.length;
      const tooMany = await send(whatsapp.id, [...hundred, contact('+15550300000')]);
      assert.equal(tooMany.status, 400);
      assert.equal(tooMany.body.error, 'too_many_contacts');
      assert.equal(tooMany.body.field, 'ContactList');
      assert.match(tooMany.body.message!, /at most 100 contacts; this one has 101/);
      assert.equal(t.twilio.messages.length, before);
      const empty = await send(whatsapp.id, []);
      assert.equal(empty.status, 400);
      assert.equal(empty.body.error, 'invalid_request');
    });

    it('never sends twice for a retried request (same requestId or Idempotency-Key)', async () => {
      const list = [contact('+15550100020'), contact('+15550100021', { option: false })];
      const first = await send(whatsapp.id, list, { requestId: 'crm-batch-42' });
      const retry = await send(whatsapp.id, list, { requestId: 'crm-batch-42' });
      assert.deepEqual(
        retry.body.contacts.map((c) => [c.status, c.messageId, c.duplicate]),
        [
          ['sent', first.body.contacts[0].messageId, true],
          ['skipped_no_consent', undefined, undefined],
        ],
      );
      const byHeader = await t.api<OutboundSendResult>(
        'POST',
        `/api/outbound/${whatsapp.id}/send`,
        { ContactList: list },
        { headers: { 'idempotency-key': 'crm-batch-42' } },
      );
      assert.equal(byHeader.body.contacts[0].duplicate, true);
      // concurrent retries, and the same number twice in one list, send once too
      const racing = await Promise.all(
        Array.from({ length: 4 }, () =>
          send(whatsapp.id, [contact('+15550100022'), contact('+1 555 010 0022')], { requestId: 'crm-batch-43' }),
        ),
      );
      assert.equal(racing.flatMap((r) => r.body.contacts).filter((c) => !c.duplicate).length, 1);
      // a send is answered once Twilio took it: nothing is still on its way
      assert.equal(t.twilio.messagesTo('whatsapp:+15550100020').length, 1);
      assert.equal(t.twilio.messagesTo('whatsapp:+15550100022').length, 1);
      // without a key, each request is a new send
      await send(whatsapp.id, [contact('+15550100020')]);
      assert.equal(t.twilio.messagesTo('whatsapp:+15550100020').length, 2);
    });

    it('reports a provider’s refusal: unsubscribed (Twilio 21610) as opted out, unreachable as failed', async () => {
      t.twilio.unsubscribed.add('+15550100031');
      const refused = await send(whatsapp.id, [contact('+15550100031')]);
      assert.equal(
        refused.body.contacts[0].status,
        'skipped_opted_out',
        'Twilio 21610 means the customer unsubscribed',
      );
      assert.equal(refused.body.contacts[0].errorCode, 'customer_opted_out');
      t.twilio.unsubscribed.delete('+15550100031');
      const next = await send(whatsapp.id, [contact('+15550100031')]);
      assert.equal(next.body.contacts[0].status, 'skipped_opted_out', 'remembered until the customer writes START');
      const unreachable = await startTestHub({
        clock,
        config: { twilio: { ...TWILIO, baseUrl: 'http://127.0.0.1:9' } },
      });
      try {
        const created = await unreachable.api<OutboundConfiguration>('POST', '/api/outbound/configurations', {
          name: 'WA',
          showOnTimeline: false,
          channelType: 'whatsapp',
          channelNumber: CONTOSO_WHATSAPP,
          templateName: 'delivery_update',
        });
        const failed = await unreachable.api<OutboundSendResult>('POST', `/api/outbound/${created.body.id}/send`, {
          ContactList: [contact('+15550100032')],
        });
        assert.equal(failed.body.contacts[0].status, 'failed');
        assert.equal(failed.body.contacts[0].errorCode, 'provider_unreachable');
        assert.match(failed.body.contacts[0].message!, /Twilio unreachable/);
        assert.equal(failed.body.summary.failed, 1);
      } finally {
        await unreachable.close();
      }
    });
  });

  describe('opt-out', () => {
    it('skips a customer who texted STOP, and sends again after START', async () => {
      assert.equal((await t.sms('15550100040', 'STOP')).status, 200);
      const smsContact = contact('15550100040', { channelid: 'sms', contextitems: { 1: 'Jane', 2: 'CAS-1' } });
      const skipped = await send(sms.id, [smsContact]);
      assert.equal(skipped.body.contacts[0].status, 'skipped_opted_out');
      assert.match(skipped.body.contacts[0].message!, /opted out of SMS from 18005550199/);
      assert.equal(t.standIn.messagesTo('15550100040').length, 0);
      // the keyword is still a message the agents see
      const { rows } = await t.hub.db.query<{ body: string }>(
        `SELECT m.body FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.customer_address = '15550100040'`,
      );
      assert.deepEqual(
        rows.map((r) => r.body),
        ['STOP'],
      );
      // only that number: the same customer on WhatsApp is not opted out
      assert.equal((await send(whatsapp.id, [contact('+15550100040')])).body.contacts[0].status, 'sent');
      await t.sms('15550100040', 'start');
      assert.equal((await send(sms.id, [smsContact])).body.contacts[0].status, 'sent');
      assert.equal(t.standIn.messagesTo('15550100040').length, 1);
    });

    it('reads STOPALL, UNSUBSCRIBE, CANCEL, END and QUIT (any case, trailing punctuation), not a sentence', async () => {
      const numbers = ['15550100041', '15550100042', '15550100043', '15550100044', '15550100045', '15550100046'];
      const texts = ['stopall', 'Unsubscribe', ' cancel ', 'END.', 'quit!', 'please stop texting me about this'];
      for (const [i, text] of texts.entries()) await t.sms(numbers[i], text);
      const answer = await send(
        sms.id,
        numbers.map((n) => contact(n, { channelid: 'sms', contextitems: { 1: 'a', 2: 'b' } })),
      );
      assert.deepEqual(
        answer.body.contacts.map((c) => c.status),
        [
          'skipped_opted_out',
          'skipped_opted_out',
          'skipped_opted_out',
          'skipped_opted_out',
          'skipped_opted_out',
          'sent',
        ],
      );
    });

    it('follows Twilio’s OptOutType on WhatsApp, and UNSTOP / YES opt back in', async () => {
      await t.whatsapp('+15550100050', 'Arrêtez', { optOutType: 'STOP' });
      assert.equal((await send(whatsapp.id, [contact('+15550100050')])).body.contacts[0].status, 'skipped_opted_out');
      await t.whatsapp('+15550100050', 'unstop');
      assert.equal((await send(whatsapp.id, [contact('+15550100050')])).body.contacts[0].status, 'sent');
      await t.whatsapp('+15550100050', 'STOP');
      assert.equal((await send(whatsapp.id, [contact('+15550100050')])).body.contacts[0].status, 'skipped_opted_out');
      await t.whatsapp('+15550100050', 'Yes');
      assert.equal((await send(whatsapp.id, [contact('+15550100050')])).body.contacts[0].status, 'sent');
    });
  });
});
