// Outbound messages meeting conversations: an event (case-created) sends through the configurations mapped to it;
// the customer's reply is an inbound conversation routed to a connected agent, whose timeline shows the outbound
// message; an agent starts a conversation with a template (startConversation).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { HubConnection } from '@microsoft/signalr';
import { invoke, nextEvent, refusal } from '../support/hub-client.js';
import type { OutboundConfiguration, OutboundEventResult, OutboundSendResult } from '../../../src/protocol/outbound.js';
import type { HttpErrorBody } from '../../../src/protocol/payloads.js';
import type { HubConfigInput } from '../../../src/hub/config/config-schema.js';
import { CONTOSO_NUMBER, CONTOSO_WHATSAPP, startTestHub, testConfig, type TestHub } from '../support/test-hub.js';

const clock = {
  time: new Date('2026-11-20T10:00:00.000Z'),
  now() {
    return new Date(this.time);
  },
};

const organisations = testConfig().organisations.map((o) =>
  o.id === 'contoso'
    ? { ...o, outbound: { events: { 'case-created': ['Case created WhatsApp', 'case created sms', 'Never created'] } } }
    : o,
) as HubConfigInput['organisations'];

describe('outbound events, replies and the timeline', () => {
  let t: TestHub;
  let alice: HubConnection;
  let whatsapp: OutboundConfiguration;
  let sms: OutboundConfiguration;
  const jane = '+15550600001';
  const sam = '15550600002';

  before(async () => {
    t = await startTestHub({ clock, config: { organisations } });
    whatsapp = (
      await t.api<OutboundConfiguration>('POST', '/api/outbound/configurations', {
        name: 'Case created WhatsApp',
        showOnTimeline: true,
        channelType: 'whatsapp',
        channelNumber: CONTOSO_WHATSAPP,
        templateName: 'delivery_update',
      })
    ).body;
    sms = (
      await t.api<OutboundConfiguration>('POST', '/api/outbound/configurations', {
        name: 'Case created SMS',
        showOnTimeline: false,
        channelType: 'sms',
        channelNumber: CONTOSO_NUMBER,
        templateName: 'plain_notice',
      })
    ).body;
    alice = await t.connect('alice');
  });
  after(() => t.close());

  const caseCreated = (eventId: string) =>
    t.api<OutboundEventResult>('POST', '/api/events/case-created', {
      eventId,
      ContactList: [
        {
          tocontactid: jane,
          channelid: 'whatsapp',
          option: true,
          locale: 'en-GB',
          CustomerName: 'Jane',
          CaseName: 'CAS-01042',
          contextitems: { DeliveryDay: 'Friday' },
          entityrelationshipname: 'incident_outbound_messages',
        },
        {
          tocontactid: sam,
          channelid: 'sms',
          option: true,
          CustomerName: 'Sam',
          CaseName: 'CAS-01043',
          contextitems: { 1: 'Sam', 2: 'CAS-01043' },
        },
        {
          tocontactid: '+15550600003',
          channelid: 'whatsapp',
          option: true,
          configurationid: sms.id,
          CustomerName: 'X',
          CaseName: 'Y',
        },
      ],
    });

  it('sends an event through every configuration mapped to it, each contact on its channel', async () => {
    const answer = await caseCreated('case-1');
    assert.equal(answer.status, 200);
    assert.equal(answer.body.event, 'case-created');
    assert.equal(answer.body.eventId, 'case-1');
    assert.deepEqual(
      answer.body.results.map((r) => [r.configurationName, r.contacts.map((c) => [c.index, c.status])]),
      [
        ['Case created WhatsApp', [[0, 'sent']]],
        ['Case created SMS', [[1, 'sent']]],
      ],
    );
    assert.deepEqual(
      answer.body.unmatched.map((u) => u.index),
      [2],
    );
    assert.deepEqual(answer.body.missingConfigurations, ['Never created']);
    const atTwilio = await t.twilio.waitForMessage((m) => m.to === `whatsapp:${jane}`);
    assert.equal(atTwilio.contentSid, 'HX' + '1'.repeat(32));
    assert.equal((await t.standIn.waitForMessage((m) => m.to === sam)).text, 'Hi Sam, your case CAS-01043 is closed.');

    // the same event again (a retry) sends nothing more
    const retry = await caseCreated('case-1');
    assert.ok(retry.body.results.every((r) => r.contacts.every((c) => c.duplicate === true)));
    assert.equal(t.twilio.messagesTo(`whatsapp:${jane}`).length, 1);
    assert.equal(t.standIn.messagesTo(sam).length, 1);

    const unmapped = await t.api<HttpErrorBody>('POST', '/api/events/case-closed', {
      ContactList: [{ tocontactid: jane }],
    });
    assert.equal(unmapped.status, 404);
    assert.match(unmapped.body.message, /No outbound configuration is mapped to event "case-closed"/);
  });

  it('routes the customer’s reply to a connected agent, whose timeline shows the outbound message', async () => {
    const assigned = nextEvent(
      alice,
      'conversationUpdated',
      (c) => c.customerAddress === jane && c.assignedAgentId === 'alice',
    );
    const added = nextEvent(alice, 'messageAdded', (m) => m.text === 'Friday is fine, thanks');
    assert.equal((await t.whatsapp(jane, 'Friday is fine, thanks')).status, 200);
    const conversation = await assigned;
    await added;
    assert.equal(conversation.status, 'active');
    const activities = await invoke(alice, 'getOutboundActivities', conversation.id);
    assert.equal(activities.length, 1);
    const [activity] = activities;
    assert.equal(activity.conversationId, conversation.id);
    assert.equal(activity.text, 'Hi Jane, an update on CAS-01042: it arrives Friday.');
    assert.deepEqual(
      [
        activity.configurationName,
        activity.trigger,
        activity.templateName,
        activity.language,
        activity.customerName,
        activity.caseName,
        activity.entityRelationshipName,
        activity.sentAt,
      ],
      [
        'Case created WhatsApp',
        'event',
        'delivery_update',
        'en',
        'Jane',
        'CAS-01042',
        'incident_outbound_messages',
        '2026-11-20T10:00:00.000Z',
      ],
    );
    assert.ok(['sent', 'delivered', 'read'].includes(activity.status));
    // the message list itself is the conversation's, numbered from 1
    const messages = await invoke(alice, 'getMessages', { conversationId: conversation.id, afterSeq: 0 });
    assert.deepEqual(
      messages.map((m) => [m.seq, m.text]),
      [[1, 'Friday is fine, thanks']],
    );

    // show-on-timeline off leaves no activity
    const smsAssigned = nextEvent(alice, 'conversationUpdated', (c) => c.customerAddress === sam);
    await t.sms(sam, 'Why was it closed?');
    const smsConversation = await smsAssigned;
    assert.deepEqual(await invoke(alice, 'getOutboundActivities', smsConversation.id), []);

    // another agent may not read it; a supervisor may
    const bob = await t.connect('bob');
    assert.equal((await refusal(invoke(bob, 'getOutboundActivities', conversation.id))).code, 'not_assigned');
    const supervisor = await t.connect('sam');
    assert.equal((await invoke(supervisor, 'getOutboundActivities', conversation.id)).length, 1);
    const fiona = await t.connect('fiona', { organisationId: 'fabrikam' });
    assert.equal((await refusal(invoke(fiona, 'getOutboundActivities', conversation.id))).code, 'not_found');
  });

  it('pushes a new activity to the agent of a conversation that exists', async () => {
    const pushed = nextEvent(alice, 'outboundActivityAdded', (a) => a.customerAddress === jane);
    const sent = await t.api<OutboundSendResult>('POST', `/api/outbound/${whatsapp.id}/send`, {
      ContactList: [
        {
          tocontactid: jane,
          channelid: 'whatsapp',
          option: true,
          locale: 'fr',
          CustomerName: 'Jane',
          CaseName: 'CAS-01042',
          contextitems: { DeliveryDay: 'samedi' },
        },
      ],
    });
    assert.equal(sent.body.contacts[0].status, 'sent');
    const activity = await pushed;
    assert.equal(activity.text, 'Bonjour Jane, du nouveau pour CAS-01042 : arrivée samedi.');
    assert.equal(activity.trigger, 'api');
    const conversations = await invoke(alice, 'getConversations');
    assert.equal(activity.conversationId, conversations.find((c) => c.customerAddress === jane)!.id);
  });

  describe('startConversation', () => {
    const start = (connection: HubConnection, request: Record<string, unknown>) =>
      invoke(connection, 'startConversation', {
        clientMessageId: randomUUID(),
        channel: 'whatsapp',
        customerAddress: '+1 555 060 0010',
        templateName: 'delivery_update',
        language: 'fr',
        values: { CustomerName: 'Lea', CaseName: 'CAS-2000', DeliveryDay: 'lundi' },
        ...request,
      });

    it('opens a conversation assigned to the agent with a template, by ContentSid, and the reply joins it', async () => {
      const clientMessageId = randomUUID();
      const result = await start(alice, { clientMessageId, customerName: 'Léa Martin', customerLocale: 'fr-FR' });
      assert.deepEqual(
        [
          result.conversation.status,
          result.conversation.assignedAgentId,
          result.conversation.customerAddress,
          result.conversation.channelAddress,
          result.conversation.customerName,
          result.conversation.lastInboundAt,
        ],
        ['active', 'alice', '+15550600010', CONTOSO_WHATSAPP, 'Léa Martin', null],
      );
      assert.deepEqual(
        [result.message.seq, result.message.templateName, result.message.agentId, result.message.text],
        [1, 'delivery_update', 'alice', 'Bonjour Lea, du nouveau pour CAS-2000 : arrivée lundi.'],
      );
      const atTwilio = await t.twilio.waitForMessage((m) => m.to === 'whatsapp:+15550600010');
      assert.equal(atTwilio.contentSid, 'HX' + '2'.repeat(32));
      assert.deepEqual(atTwilio.contentVariables, { 1: 'Lea', 2: 'CAS-2000', 3: 'lundi' });
      // the same clientMessageId again: the same answer, nothing sent
      const again = await start(alice, { clientMessageId });
      assert.equal(again.message.id, result.message.id);
      await t.hub.service.drain(); // every send under way has reached Twilio
      assert.equal(t.twilio.messagesTo('whatsapp:+15550600010').length, 1);
      // the customer's reply is in the same conversation, still with Alice
      const reply = nextEvent(alice, 'messageAdded', (m) => m.text === 'Lundi ça me va');
      await t.whatsapp('+15550600010', 'Lundi ça me va');
      const message = await reply;
      assert.equal(message.conversationId, result.conversation.id);
      assert.equal(message.seq, 2);
    });

    it('re-opens the customer’s resolved conversation for the agent', async () => {
      const first = await start(alice, { customerAddress: '+15550600011' });
      await invoke(alice, 'closeConversation', first.conversation.id);
      const bob = await t.connect('bob');
      const second = await start(bob, { customerAddress: '+15550600011' });
      assert.equal(second.conversation.id, first.conversation.id);
      assert.deepEqual(
        [second.conversation.status, second.conversation.assignedAgentId, second.message.seq],
        ['active', 'bob', 2],
      );
      // while Bob works it, Alice cannot take it over
      assert.equal((await refusal(start(alice, { customerAddress: '+15550600011' }))).code, 'not_assigned');
    });

    it('refuses a customer who opted out, a bad number, an unknown channel and a missing value, opening nothing', async () => {
      await t.sms('15550600012', 'STOP');
      const optedOut = await refusal(
        start(alice, {
          channel: 'sms',
          customerAddress: '+15550600012',
          templateName: 'plain_notice',
          language: 'en',
          values: { 1: 'a', 2: 'b' },
        }),
      );
      assert.equal(optedOut.code, 'customer_opted_out');
      assert.match(optedOut.message, /opt back in by sending START/);
      assert.equal((await refusal(start(alice, { customerAddress: 'nobody' }))).code, 'invalid_request');
      assert.equal((await refusal(start(alice, { channelAddress: '+19999999999' }))).code, 'not_found');
      assert.equal((await refusal(start(alice, { channel: 'gbm' }))).code, 'invalid_request');
      const missing = await refusal(start(alice, { customerAddress: '+15550600013', values: { CustomerName: 'Lea' } }));
      assert.equal(missing.code, 'template_value_missing');
      const { rows } = await t.hub.db.query(
        `SELECT 1 FROM conversations WHERE customer_address IN ('+15550600013', '15550600012') AND last_seq = 0`,
      );
      assert.equal(rows.length, 0);
    });
  });
});
