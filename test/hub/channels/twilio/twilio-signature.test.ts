// Our X-Twilio-Signature check against the official `twilio` package's own functions, so the two never drift.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import twilio from 'twilio';
import { twilioSignature, verifyTwilioSignature } from '../../../../src/hub/channels/twilio/twilio-signature.js';

const token = '12345678901234567890123456789012';
const url = 'https://hub.example.com/webhooks/twilio';
const params = {
  MessageSid: 'SM' + 'f'.repeat(32),
  From: 'whatsapp:+15551234567',
  To: 'whatsapp:+14155550100',
  Body: 'Ça marche? 😀 & more=yes',
  NumMedia: '1',
  MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1',
  MediaContentType0: 'image/jpeg',
};

describe('Twilio signature', () => {
  it('computes what the official library computes, including repeated parameters', () => {
    assert.equal(twilioSignature(token, url, params), twilio.getExpectedTwilioSignature(token, url, params));
    const repeated = { ...params, MediaUrl: ['https://b.example/2', 'https://a.example/1', 'https://a.example/1'] };
    assert.equal(twilioSignature(token, url, repeated), twilio.getExpectedTwilioSignature(token, url, repeated));
  });

  it('accepts a request the official library signs', () => {
    const signature = twilio.getExpectedTwilioSignature(token, url, params);
    assert.equal(twilio.validateRequest(token, signature, url, params), true);
    assert.equal(verifyTwilioSignature(token, signature, url, params), true);
  });

  it('rejects a tampered body, a wrong URL, a wrong token and a missing signature, as the official library does', () => {
    const signature = twilio.getExpectedTwilioSignature(token, url, params);
    const tampered = { ...params, Body: 'Send me a refund' };
    assert.equal(twilio.validateRequest(token, signature, url, tampered), false);
    assert.equal(verifyTwilioSignature(token, signature, url, tampered), false);
    const otherUrl = 'https://evil.example.com/webhooks/twilio';
    assert.equal(twilio.validateRequest(token, signature, otherUrl, params), false);
    assert.equal(verifyTwilioSignature(token, signature, otherUrl, params), false);
    const otherToken = 'abcdefabcdefabcdefabcdefabcdefab';
    assert.equal(verifyTwilioSignature(otherToken, signature, url, params), false);
    assert.equal(verifyTwilioSignature(token, undefined, url, params), false);
    const extra = { ...params, Injected: 'x' };
    assert.equal(verifyTwilioSignature(token, signature, url, extra), false);
  });

  it('accepts the URL with or without its default port, like the official library', () => {
    const signedWithPort = twilio.getExpectedTwilioSignature(
      token,
      'https://hub.example.com:443/webhooks/twilio',
      params,
    );
    assert.equal(twilio.validateRequest(token, signedWithPort, url, params), true);
    assert.equal(verifyTwilioSignature(token, signedWithPort, url, params), true);
    const signedWithout = twilio.getExpectedTwilioSignature(token, url, params);
    assert.equal(
      verifyTwilioSignature(token, signedWithout, 'https://hub.example.com:443/webhooks/twilio', params),
      true,
    );
    const otherPort = twilio.getExpectedTwilioSignature(token, 'https://hub.example.com:8443/webhooks/twilio', params);
    assert.equal(verifyTwilioSignature(token, otherPort, url, params), false);
  });
});
