// The inbound ("mo_sms") field names for the sender's number and the text are NOT verified against
// TeleSign's documentation (see protocols.md); these tests pin the shapes the parser reads so a change
// to that assumption is made knowingly, in src/hub/channels/telesign/telesign-callbacks.ts only.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CallbackFormatError,
  parseTeleSignCallback,
  statusForCode,
} from '../../../../src/hub/channels/telesign/telesign-callbacks.js';

const ref = '0123456789ABCDEF0123456789ABCDEF';

describe('TeleSign callbacks', () => {
  it('reads an inbound message in the shape our simulator sends', () => {
    const parsed = parseTeleSignCallback({
      reference_id: ref,
      subresource: 'mo_sms',
      submit_timestamp: '2026-11-21T10:00:00Z',
      errors: [],
      phone_number: '+1 (555) 123-4567',
      user_response: { sender_id: '18005550199', mo_message: 'My parcel is late' },
    });
    assert.deepEqual(parsed, {
      kind: 'inbound',
      referenceId: ref,
      from: '15551234567',
      to: '18005550199',
      text: 'My parcel is late',
      receivedAt: new Date('2026-11-21T10:00:00Z'),
    });
  });

  it('reads the plausible alternative inbound shape (mo_sms object, sub_resource spelling)', () => {
    const parsed = parseTeleSignCallback({
      reference_id: ref,
      sub_resource: 'mo_sms',
      mo_sms: { phone_number: '15551234567', to: '18005550199', message: 'hi' },
    });
    assert.equal(parsed.kind, 'inbound');
    assert.equal((parsed as { text: string }).text, 'hi');
    assert.equal((parsed as { to: string }).to, '18005550199');
  });

  it('names the missing field of an inbound message', () => {
    assert.throws(
      () =>
        parseTeleSignCallback({
          reference_id: ref,
          subresource: 'mo_sms',
          user_response: { sender_id: '18005550199', mo_message: 'x' },
        }),
      (error: unknown) => error instanceof CallbackFormatError && error.field === 'phone_number',
    );
  });

  it('reads delivery reports and maps their codes', () => {
    const parsed = parseTeleSignCallback({
      reference_id: ref,
      sub_resource: 'sms',
      status: { code: 200, description: 'Delivered to handset', updated_on: 'x' },
    });
    assert.deepEqual(parsed, {
      kind: 'delivery-report',
      referenceId: ref,
      code: 200,
      description: 'Delivered to handset',
      status: 'delivered',
    });
    assert.equal(statusForCode(203), 'sent');
    assert.equal(statusForCode(290), 'sent');
    for (const code of [207, 210, 211, 220, 221, 222, 229, 230, 231, 233, 238])
      assert.equal(statusForCode(code), 'failed', String(code));
    assert.equal(statusForCode(250), null);
  });

  it('refuses bodies that are neither', () => {
    assert.throws(() => parseTeleSignCallback([]), CallbackFormatError);
    assert.throws(() => parseTeleSignCallback({ hello: 'world' }), /neither|not an inbound/);
  });
});
