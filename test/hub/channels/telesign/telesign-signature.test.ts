import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  signTeleSignCallback,
  teleSignAuthorizationHeader,
  verifyTeleSignCallback,
} from '../../../../src/hub/channels/telesign/telesign-signature.js';

const account = {
  customerId: 'FFFFFFFF-EEEE-DDDD-1234-AB1234567890',
  apiKey: Buffer.from('a secret key of the account').toString('base64'),
};
const body =
  '{"reference_id":"0123456789ABCDEF0123456789ABCDEF","status":{"code":200,"description":"Delivered to handset"}}';

describe('TeleSign callback signature', () => {
  it('is base64(HMAC-SHA256(base64-decoded API key, raw body)), computed independently here', () => {
    const expected = createHmac('sha256', Buffer.from('a secret key of the account'))
      .update(body, 'utf8')
      .digest('base64');
    assert.equal(signTeleSignCallback(account.apiKey, body), expected);
    assert.equal(
      teleSignAuthorizationHeader(account.customerId, account.apiKey, body),
      `TSA ${account.customerId}:${expected}`,
    );
  });

  it('accepts a correctly signed body', () => {
    assert.deepEqual(
      verifyTeleSignCallback(teleSignAuthorizationHeader(account.customerId, account.apiKey, body), body, account),
      { ok: true },
    );
  });

  it('rejects a tampered body', () => {
    const header = teleSignAuthorizationHeader(account.customerId, account.apiKey, body);
    const result = verifyTeleSignCallback(header, body.replace('200', '210'), account);
    assert.equal(result.ok, false);
  });

  it('rejects a signature made with another key', () => {
    const header = teleSignAuthorizationHeader(account.customerId, Buffer.from('another key').toString('base64'), body);
    assert.equal(verifyTeleSignCallback(header, body, account).ok, false);
  });

  it('rejects another customer id even with a valid signature over the body', () => {
    const header = teleSignAuthorizationHeader('00000000-0000-0000-0000-000000000000', account.apiKey, body);
    assert.equal(verifyTeleSignCallback(header, body, account).ok, false);
  });

  it('rejects a missing or malformed header with a reason', () => {
    assert.deepEqual(verifyTeleSignCallback(undefined, body, account), {
      ok: false,
      reason: 'missing Authorization header',
    });
    const malformed = verifyTeleSignCallback('Basic abc', body, account);
    assert.equal(malformed.ok, false);
    assert.match((malformed as { reason: string }).reason, /TSA/);
  });
});
