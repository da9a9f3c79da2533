// WhatsApp through Twilio against the real hub: signed webhooks with media, replies and status callbacks, the
// 24-hour window at its exact boundary (time injected), templates by ContentSid, agent attachments, and errors.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { HubConnection } from '@microsoft/signalr';
import { inboundWhatsAppParams, newMessageSid } from '../../../../demo/simulated-whatsapp-customer.js';
import { twilioSignature } from '../../../../src/hub/channels/twilio/twilio-signature.js';
import { invoke, nextEvent, refusal } from '../../support/hub-client.js';
import type { UploadedAttachment } from '../../../../src/protocol/payloads.js';
import { parcelPng } from '../../../../demo/sample-image.js';
import { CONTOSO_TWILIO_SMS, CONTOSO_WHATSAPP, TWILIO, startTestHub, type TestHub } from '../../support/test-hub.js';

/** A clock the test sets. */
const clock = {
  time: new Date('2026-11-20T10:00:00.000Z'),
  now() {
    return new Date(this.time);
  },
};
const HOUR = 3600_000;

describe('WhatsApp conversation', () => {
  let t: TestHub;
  let alice: HubConnection;
  let conversationId = '';
  const customer = '+15557654321';

  before(async () => {
    t = await startTestHub({ clock });
    alice = await t.connect('alice');
  });
  after(() => t.close());

  const send = (text: string, extra: Record<string, unknown> = {}) =>
    invoke(alice, 'sendMessage', { conversationId, clientMessageId: randomUUID(), text, ...extra });

  it('shows a customer’s photo as an attachment, with their WhatsApp profile name', async () => {
    const added = nextEvent(alice, 'messageAdded', (m) => m.text === 'Here is the damaged box');
    const assigned = nextEvent(alice, 'conversationUpdated', (c) => c.customerAddress === customer);
    const answer = await t.whatsapp(customer, 'Here is the damaged box', {
      profileName: 'Jane Doe',
      media: [{ url: `${t.hub.publicUrl}/media/example.jpg`, contentType: 'image/jpeg' }],
    });
    assert.equal(answer.status, 200);
    assert.match(String(answer.body.twiml), /<Response><\/Response>/);
    const message = await added;
    const conversation = await assigned;
    conversationId = conversation.id;
    assert.equal(conversation.channel, 'whatsapp');
    assert.equal(conversation.channelAddress, CONTOSO_WHATSAPP);
    assert.equal(conversation.customerName, 'Jane Doe');
    assert.deepEqual(message.attachments, [
      {
        url: `${t.hub.publicUrl}/media/example.jpg`,
        contentType: 'image/jpeg',
        name: 'attachment-1.jpg',
        sizeBytes: null,
      },
    ]);
  });

  it('stores a retried webhook (same MessageSid) once', async () => {
    const messageSid = newMessageSid();
    await t.whatsapp(customer, 'once', { messageSid });
    await t.whatsapp(customer, 'once', { messageSid });
    const { rows } = await t.hub.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM messages WHERE provider_message_id = $1',
      [messageSid],
    );
    assert.equal(rows[0].n, 1);
    clock.time = new Date('2026-11-20T10:00:00.000Z');
    await t.whatsapp(customer, 'window starts now');
  });

  it('sends free text inside the window and follows Twilio’s status callbacks to read', async () => {
    const clientMessageId = randomUUID();
    const read = nextEvent(
      alice,
      'messageUpdated',
      (m) => m.clientMessageId === clientMessageId && m.status === 'read',
    );
    await invoke(alice, 'sendMessage', { conversationId, clientMessageId, text: 'Sorry about that!' });
    const atTwilio = await t.twilio.waitForMessage((m) => m.body === 'Sorry about that!');
    assert.equal(atTwilio.to, `whatsapp:${customer}`);
    assert.equal(atTwilio.from, `whatsapp:${CONTOSO_WHATSAPP}`);
    assert.match(atTwilio.statusCallback ?? '', /\/webhooks\/twilio$/);
    await read;
  });

  it('allows free text at 23:59:59 and refuses it from 24:00:00 with session_window_closed', async () => {
    clock.time = new Date(Date.parse('2026-11-20T10:00:00.000Z') + 24 * HOUR - 1000);
    assert.equal((await send('Still in time')).status, 'pending');
    clock.time = new Date(Date.parse('2026-11-20T10:00:00.000Z') + 24 * HOUR);
    const refused = await refusal(send('Too late'));
    assert.equal(refused.code, 'session_window_closed');
    assert.match(refused.message, /only approved templates/);
    clock.time = new Date(Date.parse('2026-11-20T10:00:00.000Z') + 30 * HOUR);
    assert.equal((await refusal(send('Much too late'))).code, 'session_window_closed');
  });

  it('tells the widget the hub’s time, so its countdown follows the clock the hub enforces', async () => {
    assert.equal(await invoke(alice, 'getServerTime'), clock.now().toISOString());
  });

  it('lists the organisation’s templates', async () => {
    const templates = await invoke(alice, 'getTemplates');
    assert.deepEqual(
      templates.map((x) => x.name),
      ['delivery_update', 'plain_notice'],
    );
    assert.equal(templates[0].localizations[1].language, 'fr');
  });

  it('sends a template outside the window by ContentSid with ContentVariables', async () => {
    const sent = await invoke(alice, 'sendTemplate', {
      conversationId,
      clientMessageId: randomUUID(),
      templateName: 'delivery_update',
      language: 'fr',
      values: { CustomerName: 'Jane', CaseName: 'CAS-01042', DeliveryDay: 'vendredi' },
    });
    assert.equal(sent.text, 'Bonjour Jane, du nouveau pour CAS-01042 : arrivée vendredi.');
    assert.equal(sent.templateName, 'delivery_update');
    const atTwilio = await t.twilio.waitForMessage((m) => m.contentSid === 'HX' + '2'.repeat(32));
    assert.equal(atTwilio.body, null, 'templates go by ContentSid, not Body');
    assert.deepEqual(atTwilio.contentVariables, { 1: 'Jane', 2: 'CAS-01042', 3: 'vendredi' });
  });

  it('refuses a template with a missing value, an unknown template and an unknown language', async () => {
    const request = {
      conversationId,
      templateName: 'delivery_update',
      language: 'en',
      values: { CustomerName: 'Jane', CaseName: ' ' },
    };
    const missing = await refusal(invoke(alice, 'sendTemplate', { ...request, clientMessageId: randomUUID() }));
    assert.equal(missing.code, 'template_value_missing');
    assert.match(missing.message, /\{\{CaseName\}\}, \{\{DeliveryDay\}\}/);
    const unknown = await refusal(
      invoke(alice, 'sendTemplate', { ...request, templateName: 'nope', clientMessageId: randomUUID() }),
    );
    assert.equal(unknown.code, 'template_not_found');
    const language = await refusal(
      invoke(alice, 'sendTemplate', { ...request, language: 'de', clientMessageId: randomUUID() }),
    );
    assert.equal(language.code, 'invalid_request');
    assert.match(language.message, /no "de" version \(it has en, fr\)/);
  });

  it('re-opens the window the moment the customer writes again', async () => {
    await t.whatsapp(customer, 'Thanks, got it');
    assert.equal((await send('Great!')).status, 'pending');
  });

  it('maps Twilio’s error 63016 to session_window_closed on the message', async () => {
    t.twilio.outsideWindow.add(customer);
    const failed = nextEvent(alice, 'messageUpdated', (m) => m.text === 'Twilio says no' && m.status === 'failed');
    await send('Twilio says no');
    const message = await failed;
    assert.equal(message.errorCode, 'session_window_closed');
    assert.match(message.errorDetail ?? '', /63016/);
    t.twilio.outsideWindow.delete(customer);
  });

  it('sends an uploaded photo, which Twilio fetches from its signed URL', async () => {
    const token = await t.tokenFor('alice');
    const png = parcelPng();
    const upload = await fetch(`${t.url}/api/attachments?name=${encodeURIComponent('../box photo.png')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
      body: new Uint8Array(png),
    });
    assert.equal(upload.status, 201);
    const uploaded = (await upload.json()) as UploadedAttachment;
    assert.equal(uploaded.name, 'box photo.png', 'no path in the name');
    assert.equal(uploaded.sizeBytes, png.length);
    const sent = await send('', { attachmentIds: [uploaded.id] });
    assert.equal(sent.attachments[0].url, uploaded.url);
    const atTwilio = await t.twilio.waitForMessage((m) => m.media.length === 1);
    assert.equal(atTwilio.media[0].contentType, 'image/png');
    assert.equal(atTwilio.media[0].bytes, png.length);
    const forged = await fetch(uploaded.url.replace(/sig=[^&]+/, 'sig=forged'));
    assert.equal(forged.status, 404);
  });

  it('refuses uploads of the wrong type, too large, or without a token, and attachments on SMS', async () => {
    const token = await t.tokenFor('alice');
    const post = (body: Buffer, type: string, auth = `Bearer ${token}`) =>
      fetch(`${t.url}/api/attachments?name=x`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': type },
        body: new Uint8Array(body),
      });
    const exe = await post(Buffer.from('MZ'), 'application/x-msdownload');
    assert.equal(exe.status, 415);
    assert.equal((await exe.json()).error, 'attachment_type_not_allowed');
    const big = await post(Buffer.alloc(5 * 1024 * 1024 + 1), 'image/png');
    assert.equal(big.status, 413);
    assert.equal((await big.json()).error, 'attachment_too_large');
    assert.equal((await post(Buffer.from('x'), 'image/png', 'Bearer forged')).status, 401);

    const ok = (await (await post(parcelPng(), 'image/png')).json()) as UploadedAttachment;
    const smsConversation = nextEvent(alice, 'conversationUpdated', (c) => c.channel === 'sms');
    await t.sms('15557654321', 'SMS here');
    const sms = await smsConversation;
    const refused = await refusal(
      invoke(alice, 'sendMessage', {
        conversationId: sms.id,
        clientMessageId: randomUUID(),
        text: 'file',
        attachmentIds: [ok.id],
      }),
    );
    assert.equal(refused.code, 'attachments_not_allowed');
    const fiona = await t.connect('fiona', { organisationId: 'fabrikam' });
    assert.ok(fiona);
    const notTheirs = await refusal(send('x', { attachmentIds: [randomUUID()] }));
    assert.equal(notTheirs.code, 'not_found');
  });

  it('carries plain SMS through Twilio too: no window, no prefix, no agent files', async () => {
    const opened = nextEvent(alice, 'conversationUpdated', (c) => c.channelAddress === CONTOSO_TWILIO_SMS);
    assert.equal(
      (await t.whatsapp('+15550001234', 'SMS via Twilio', { to: CONTOSO_TWILIO_SMS, channel: 'sms' })).status,
      200,
    );
    const sms = await opened;
    assert.equal(sms.channel, 'sms');
    assert.equal(sms.agentAttachments, false);
    clock.time = new Date(clock.time.getTime() + 48 * HOUR);
    await invoke(alice, 'sendMessage', {
      conversationId: sms.id,
      clientMessageId: randomUUID(),
      text: 'Any time on SMS',
    });
    const atTwilio = await t.twilio.waitForMessage((m) => m.body === 'Any time on SMS');
    assert.equal(atTwilio.to, '+15550001234');
    assert.equal(atTwilio.from, CONTOSO_TWILIO_SMS);
  });

  it('rejects forged, unsigned and malformed Twilio webhooks', async () => {
    const url = `${t.hub.publicUrl}/webhooks/twilio`;
    const params = inboundWhatsAppParams({
      hubUrl: t.url,
      ...TWILIO,
      from: customer,
      to: CONTOSO_WHATSAPP,
      text: 'forged',
      messageSid: newMessageSid(),
    });
    const post = (body: Record<string, string>, signature?: string, type = 'application/x-www-form-urlencoded') =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': type, ...(signature ? { 'x-twilio-signature': signature } : {}) },
        body: new URLSearchParams(body),
      });
    const wrongToken = await post(params, twilioSignature('another-token-0000000000000000000', url, params));
    assert.equal(wrongToken.status, 401);
    assert.equal((await wrongToken.json()).error, 'invalid_signature');
    const wrongUrl = await post(
      params,
      twilioSignature(TWILIO.authToken, 'https://elsewhere.example/webhooks/twilio', params),
    );
    assert.equal(wrongUrl.status, 401);
    const tampered = await post({ ...params, Body: 'tampered' }, twilioSignature(TWILIO.authToken, url, params));
    assert.equal(tampered.status, 401);
    assert.equal((await post(params)).status, 401);
    const noSid = { ...params, MessageSid: 'nope', SmsSid: 'nope' };
    const malformed = await post(noSid, twilioSignature(TWILIO.authToken, url, noSid));
    assert.equal(malformed.status, 400);
    assert.equal((await malformed.json()).field, 'MessageSid');
    const json = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(json.status, 415);
    const { rows } = await t.hub.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM messages WHERE body IN ('forged', 'tampered')`,
    );
    assert.equal(rows[0].n, 0);
  });
});
