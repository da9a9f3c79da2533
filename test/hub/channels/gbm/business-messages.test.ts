// Google's Business Messages against the real hub: the verification handshake, X-Goog-Signature, retried
// deliveries, text and image messages with their context, typing and live-agent requests, receipts, and replies
// through the API with a HUMAN representative and a cached service-account token.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { HubConnection } from '@microsoft/signalr';
import { sendGbmMessage, sendGbmTypingStatus } from '../../../../demo/simulated-gbm-customer.js';
import { gbmSignature, verifyGbmSignature } from '../../../../src/hub/channels/gbm/gbm-signature.js';
import {
  BUSINESS_MESSAGES_SCOPE,
  ServiceAccountTokenSource,
} from '../../../../src/hub/channels/gbm/google-service-account-token.js';
import { invoke, nextEvent } from '../../support/hub-client.js';
import type { ConversationSummary } from '../../../../src/protocol/payloads.js';
import { CONTOSO_GBM_AGENT, GBM_ACCOUNT, startTestHub, type TestHub } from '../../support/test-hub.js';

describe('Business Messages signature', () => {
  const body =
    '{"requestId":"r1","conversationId":"c1","agent":"brands/b/agents/a","message":{"messageId":"m1","text":"hi"}}';
  it('is base64(HMAC-SHA512(client token, raw body)) and is checked in full', () => {
    const signature = gbmSignature('token-123', body);
    assert.equal(signature.length, 88, 'a SHA-512 digest in base64');
    assert.equal(verifyGbmSignature('token-123', signature, body), true);
    assert.equal(verifyGbmSignature('token-123', signature, body.replace('hi', 'ho')), false, 'tampered body');
    assert.equal(verifyGbmSignature('another-token', signature, body), false, 'wrong token');
    assert.equal(verifyGbmSignature('token-123', undefined, body), false);
  });
});

describe('Business Messages conversation', () => {
  let t: TestHub;
  let alice: HubConnection;
  const conversationId = `conv-${randomUUID()}`;
  let summary: ConversationSummary;
  const customer = () => ({
    hubUrl: t.url,
    clientToken: GBM_ACCOUNT.clientToken,
    agent: CONTOSO_GBM_AGENT,
    conversationId,
    displayName: 'Jean Dupont',
    locale: 'fr',
    placeId: 'ChIJplace123',
  });

  before(async () => {
    t = await startTestHub();
    alice = await t.connect('alice');
  });
  after(() => t.close());

  it('answers Google’s verification with the secret, only for our client token', async () => {
    const verify = (clientToken: string) =>
      fetch(`${t.url}/webhooks/gbm`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientToken, secret: 'the-secret-42' }),
      });
    const ok = await verify(GBM_ACCOUNT.clientToken);
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), 'the-secret-42');
    const wrong = await verify('not-our-token');
    assert.equal(wrong.status, 401);
    assert.equal((await wrong.json()).error, 'invalid_signature');
  });

  it('brings a text message to the agent with the customer’s name, locale and context', async () => {
    const assigned = nextEvent(alice, 'conversationUpdated', (c) => c.customerAddress === conversationId);
    const answer = await sendGbmMessage({ ...customer(), text: 'Bonjour, mon colis ?' });
    assert.equal(answer.status, 200);
    summary = await assigned;
    assert.equal(summary.channel, 'gbm');
    assert.equal(summary.channelAddress, CONTOSO_GBM_AGENT);
    assert.equal(summary.customerName, 'Jean Dupont');
    assert.equal(summary.customerLocale, 'fr');
    const { rows } = await t.hub.db.query<{ channel_context: { placeId: string; entryPoint: string } }>(
      'SELECT channel_context FROM conversations WHERE id = $1',
      [summary.id],
    );
    assert.equal(rows[0].channel_context.placeId, 'ChIJplace123', 'context kept for routing rules');
    assert.equal(rows[0].channel_context.entryPoint, 'PLACESHEET');
  });

  it('shows an image message as an attachment', async () => {
    const added = nextEvent(alice, 'messageAdded', (m) => m.attachments.length === 1);
    await sendGbmMessage({ ...customer(), imageUrl: 'https://storage.googleapis.com/business-messages/photo.jpg' });
    assert.equal((await added).attachments[0].url, 'https://storage.googleapis.com/business-messages/photo.jpg');
  });

  it('ignores a delivery Google retries (same requestId), and a repeated messageId', async () => {
    const requestId = randomUUID();
    const messageId = randomUUID();
    await sendGbmMessage({ ...customer(), requestId, messageId, text: 'once' });
    const again = await sendGbmMessage({ ...customer(), requestId, messageId, text: 'once' });
    assert.equal(again.status, 200);
    assert.equal(again.body.status, 'duplicate');
    await sendGbmMessage({ ...customer(), messageId, text: 'once' }); // a new requestId for the same message
    const { rows } = await t.hub.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM messages WHERE provider = 'google' AND provider_message_id = $1",
      [messageId],
    );
    assert.equal(rows[0].n, 1);
  });

  it('tells the agent the customer is typing, and that they asked for a person', async () => {
    const typing = nextEvent(alice, 'customerActivity', (a) => a.isTyping === true);
    await sendGbmTypingStatus({ ...customer(), isTyping: true });
    assert.equal((await typing).conversationId, summary.id);
    const liveAgent = nextEvent(alice, 'customerActivity', (a) => a.requestedLiveAgent);
    await sendGbmTypingStatus({ ...customer(), requestedLiveAgent: true });
    await liveAgent;
  });

  it('replies as a HUMAN representative named after the agent; receipts move it to delivered and read', async () => {
    const clientMessageId = randomUUID();
    const read = nextEvent(
      alice,
      'messageUpdated',
      (m) => m.clientMessageId === clientMessageId && m.status === 'read',
    );
    const sent = await invoke(alice, 'sendMessage', {
      conversationId: summary.id,
      clientMessageId,
      text: 'Je regarde tout de suite.',
    });
    const atGoogle = await t.gbm.waitForMessage((m) => m.text === 'Je regarde tout de suite.');
    assert.equal(atGoogle.conversationId, conversationId);
    assert.equal(atGoogle.messageId, sent.id, 'our message id, so receipts map back');
    assert.deepEqual(atGoogle.representative, { representativeType: 'HUMAN', displayName: 'alice' });
    await read;
  });

  it('sends the agent’s typing state to Google', async () => {
    await invoke(alice, 'setTyping', summary.id, true);
    await invoke(alice, 'setTyping', summary.id, false);
    assert.deepEqual(
      t.gbm.events.filter((e) => e.conversationId === conversationId).map((e) => e.eventType),
      ['TYPING_STARTED', 'TYPING_STOPPED'],
    );
  });

  it('reuses one service-account token across sends', async () => {
    for (const text of ['one', 'two'])
      await invoke(alice, 'sendMessage', { conversationId: summary.id, clientMessageId: randomUUID(), text });
    await t.gbm.waitForMessage((m) => m.text === 'two');
    assert.equal(t.gbm.tokensIssued, 1);
  });

  it('rejects forged, unsigned and malformed webhooks, and unknown agents', async () => {
    const post = (body: string, signature?: string) =>
      fetch(`${t.url}/webhooks/gbm`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(signature ? { 'x-goog-signature': signature } : {}) },
        body,
      });
    const body = JSON.stringify({
      requestId: randomUUID(),
      conversationId,
      agent: CONTOSO_GBM_AGENT,
      message: { messageId: randomUUID(), text: 'forged' },
    });
    assert.equal((await post(body, gbmSignature('wrong-token', body))).status, 401);
    assert.equal((await post(body)).status, 401);
    assert.equal(
      (await post(body.replace('forged', 'tampered'), gbmSignature(GBM_ACCOUNT.clientToken, body))).status,
      401,
    );
    const malformed = JSON.stringify({
      requestId: 'x',
      conversationId,
      agent: 'not-an-agent',
      message: { messageId: 'm', text: 'x' },
    });
    const bad = await post(malformed, gbmSignature(GBM_ACCOUNT.clientToken, malformed));
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).field, 'agent');
    const elsewhere = JSON.stringify({
      requestId: randomUUID(),
      conversationId,
      agent: 'brands/other/agents/x',
      message: { messageId: 'm', text: 'x' },
    });
    assert.equal((await post(elsewhere, gbmSignature(GBM_ACCOUNT.clientToken, elsewhere))).status, 404);
  });
});

describe('Google service-account tokens', () => {
  it('are cached until a minute before they expire, then renewed; concurrent callers share one request', async () => {
    const t = await startTestHub();
    try {
      const clock = {
        time: Date.now(),
        now() {
          return new Date(this.time);
        },
      };
      const source = new ServiceAccountTokenSource(
        { client_email: GBM_ACCOUNT.clientEmail, private_key: GBM_ACCOUNT.privateKey, token_uri: t.gbm.tokenUri },
        BUSINESS_MESSAGES_SCOPE,
        clock,
      );
      const [a, b] = await Promise.all([source.token(), source.token()]);
      assert.equal(a, b);
      assert.equal(source.requests, 1);
      clock.time += 58 * 60_000;
      assert.equal(await source.token(), a, 'still valid for two more minutes');
      clock.time += 60_000;
      assert.notEqual(await source.token(), a, 'renewed within the last minute');
      assert.equal(source.requests, 2);
      const forged = new ServiceAccountTokenSource(
        {
          client_email: 'someone-else@example.iam.gserviceaccount.com',
          private_key: GBM_ACCOUNT.privateKey,
          token_uri: t.gbm.tokenUri,
        },
        BUSINESS_MESSAGES_SCOPE,
        clock,
      );
      await assert.rejects(forged.token(), /invalid_grant|400/);
    } finally {
      await t.close();
    }
  });
});
