// Twilio form bodies whose parameter names are also Object.prototype's (__proto__, constructor): the signature
// covers every parameter exactly as sent, so a valid request is accepted and an appended one is refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import twilio from 'twilio';
import { inboundWhatsAppParams, newMessageSid } from '../../../demo/simulated-whatsapp-customer.js';
import { CONTOSO_WHATSAPP, TWILIO, startTestHub, type TestHub } from '../support/test-hub.js';

describe('Twilio form bodies with prototype-named parameters', () => {
  let t: TestHub;
  before(async () => {
    t = await startTestHub();
  });
  after(() => t.close());

  const post = (entries: Array<[string, string]>, signature: string) =>
    fetch(`${t.url}/webhooks/twilio`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(entries).toString(),
    });
  const entriesOf = (text: string): Array<[string, string]> =>
    Object.entries(
      inboundWhatsAppParams({
        hubUrl: t.url,
        ...TWILIO,
        from: '+15550300001',
        to: CONTOSO_WHATSAPP,
        text,
        messageSid: newMessageSid(),
      }),
    );
  /** What Twilio's own library signs for these parameters (Object.fromEntries keeps __proto__ as an own key). */
  const signed = (entries: Array<[string, string]>) =>
    twilio.getExpectedTwilioSignature(
      TWILIO.authToken,
      `${t.hub.publicUrl}/webhooks/twilio`,
      Object.fromEntries(entries),
    );

  it('accepts a validly signed request with __proto__ and constructor parameters', async () => {
    const entries: Array<[string, string]> = [...entriesOf('proto names'), ['__proto__', 'x'], ['constructor', 'y']];
    const answer = await post(entries, signed(entries));
    assert.equal(answer.status, 200, await answer.text());
  });

  it('refuses a signed request with __proto__ (or constructor, or toString) appended', async () => {
    for (const name of ['__proto__', 'constructor', 'toString']) {
      const entries = entriesOf(`appended ${name}`);
      const answer = await post([...entries, [name, 'x']], signed(entries));
      assert.equal(answer.status, 401, `${name}: ${await answer.text()}`);
    }
  });
});
