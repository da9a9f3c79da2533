// POST /webhooks/telesign over real HTTP: signatures, de-duplication, bad input, and a hub that keeps serving.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inboundSmsBody, newReferenceId } from '../../../../demo/simulated-customer.js';
import { teleSignAuthorizationHeader } from '../../../../src/hub/channels/telesign/telesign-signature.js';
import { CONTOSO_NUMBER, TELESIGN, startTestHub, type TestHub } from '../../support/test-hub.js';

describe('TeleSign webhook', () => {
  let t: TestHub;
  before(async () => {
    t = await startTestHub();
  });
  after(() => t.close());

  const post = (body: string, headers: Record<string, string>) =>
    fetch(`${t.url}/webhooks/telesign`, { method: 'POST', headers, body });
  const signed = (body: string) => ({
    'content-type': 'application/json',
    authorization: teleSignAuthorizationHeader(TELESIGN.customerId, TELESIGN.apiKey, body),
  });
  const messageCount = async () =>
    Number((await t.hub.db.query<{ n: number }>('SELECT count(*)::int AS n FROM messages')).rows[0].n);

  it('accepts a signed inbound message, commits it and answers with its ids', async () => {
    const answer = await t.sms('15551234567', 'My parcel is late');
    assert.equal(answer.status, 200);
    assert.equal(answer.body.status, 'accepted');
    const { rows } = await t.hub.db.query<{ body: string; seq: number; org_id: string }>(
      'SELECT body, seq, org_id FROM messages WHERE id = $1',
      [answer.body.messageId],
    );
    assert.deepEqual(rows[0], { body: 'My parcel is late', seq: 1, org_id: 'contoso' });
  });

  it('never stores a retried delivery twice', async () => {
    const referenceId = newReferenceId();
    const first = await t.sms('15550001111', 'Hello?', { referenceId });
    const before = await messageCount();
    const again = await t.sms('15550001111', 'Hello?', { referenceId });
    assert.equal(again.status, 200);
    assert.equal(again.body.status, 'duplicate');
    assert.equal(again.body.messageId, first.body.messageId);
    assert.equal(await messageCount(), before);
  });

  it('rejects a forged, tampered or unsigned callback with 401 and stores nothing', async () => {
    const body = inboundSmsBody('15550002222', CONTOSO_NUMBER, 'forged', newReferenceId());
    const before = await messageCount();
    const forged = await post(body, {
      'content-type': 'application/json',
      authorization: teleSignAuthorizationHeader(TELESIGN.customerId, Buffer.from('wrong').toString('base64'), body),
    });
    assert.equal(forged.status, 401);
    assert.equal((await forged.json()).error, 'invalid_signature');
    const tampered = await post(body.replace('forged', 'tampered'), signed(body));
    assert.equal(tampered.status, 401);
    const unsigned = await post(body, { 'content-type': 'application/json' });
    assert.equal(unsigned.status, 401);
    assert.match((await unsigned.json()).message, /missing Authorization/);
    assert.equal(await messageCount(), before);
  });

  it('answers bad input with a 4xx JSON body naming the problem', async () => {
    const wrongType = await post('a=b', { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(wrongType.status, 415);
    assert.equal((await wrongType.json()).error, 'unsupported_media_type');

    const notJson = '{"reference_id": ';
    const malformed = await post(notJson, signed(notJson));
    assert.equal(malformed.status, 400);
    assert.equal((await malformed.json()).error, 'invalid_json');

    const huge = JSON.stringify({ padding: 'x'.repeat(100_000) });
    const tooLarge = await post(huge, signed(huge));
    assert.equal(tooLarge.status, 413);
    assert.equal((await tooLarge.json()).error, 'payload_too_large');

    // a customer's long message is kept (the 1600 limit is for what agents send): test/hub/hostile/inbound-text.test.ts
    const long = await t.sms('15550003333', 'x'.repeat(1601));
    assert.equal(long.status, 200);

    const unknownNumber = await t.sms('15550003333', 'hi', { to: '19999999999' });
    assert.equal(unknownNumber.status, 404);
    assert.equal(unknownNumber.body.error, 'unknown_number');

    const incomplete = JSON.stringify({
      reference_id: newReferenceId(),
      subresource: 'mo_sms',
      user_response: { sender_id: CONTOSO_NUMBER, mo_message: 'x' },
    });
    const missing = await post(incomplete, signed(incomplete));
    assert.equal(missing.status, 400);
    assert.deepEqual(Object.keys(await missing.json()).sort(), ['error', 'field', 'message']);

    const neither = JSON.stringify({ hello: 'world' });
    assert.equal((await post(neither, signed(neither))).status, 400);
  });

  it('keeps serving after bad input', async () => {
    const answer = await t.sms('15551234567', 'Still there?');
    assert.equal(answer.status, 200);
    const health = await fetch(`${t.url}/healthz`);
    assert.deepEqual(await health.json(), { status: 'ok' });
  });

  it('holds a delivery report for an unknown message id and answers 200 (TeleSign would retry otherwise)', async () => {
    const body = JSON.stringify({
      reference_id: newReferenceId(),
      status: { code: 200, description: 'Delivered to handset' },
    });
    const response = await post(body, signed(body));
    assert.equal(response.status, 200);
    assert.equal((await response.json()).status, 'held');
  });

  it('answers unknown routes with a JSON 404', async () => {
    const response = await fetch(`${t.url}/nope`);
    assert.equal(response.status, 404);
    assert.equal((await response.json()).error, 'not_found');
  });
});
