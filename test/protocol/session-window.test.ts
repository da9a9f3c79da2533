import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sessionWindow } from '../../src/protocol/session-window.js';

const lastInboundAt = '2026-11-20T10:00:00.000Z';
const at = (iso: string) => new Date(iso);

describe("WhatsApp's 24-hour session window", () => {
  it('is open up to 23:59:59.999 after the customer’s last message and closed from 24:00:00', () => {
    const whatsapp = { channel: 'whatsapp' as const, lastInboundAt };
    assert.equal(sessionWindow(whatsapp, at('2026-11-20T10:00:00.000Z')).open, true);
    assert.equal(sessionWindow(whatsapp, at('2026-11-21T09:59:59.000Z')).open, true, '23:59:59');
    assert.equal(sessionWindow(whatsapp, at('2026-11-21T09:59:59.999Z')).open, true);
    assert.equal(sessionWindow(whatsapp, at('2026-11-21T10:00:00.000Z')).open, false, '24:00:00');
    assert.equal(sessionWindow(whatsapp, at('2026-11-23T10:00:00.000Z')).open, false);
    assert.equal(
      sessionWindow(whatsapp, at('2026-11-20T12:00:00.000Z')).endsAt?.toISOString(),
      '2026-11-21T10:00:00.000Z',
    );
  });

  it('is closed when the customer never wrote, and does not apply to SMS', () => {
    assert.deepEqual(sessionWindow({ channel: 'whatsapp', lastInboundAt: null }, new Date()), {
      applies: true,
      open: false,
      endsAt: null,
    });
    assert.deepEqual(sessionWindow({ channel: 'sms', lastInboundAt }, at('2030-01-01T00:00:00Z')), {
      applies: false,
      open: true,
      endsAt: null,
    });
  });
});
