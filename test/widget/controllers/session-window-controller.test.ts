import { expect } from '@open-wc/testing';
import { sessionWindowView } from '../../../src/widget/controllers/session-window-controller.js';

const lastInboundAt = '2026-03-02T09:15:00.000Z';
const at = (ms: number) => new Date(Date.parse(lastInboundAt) + ms);
const s = 1000;
const h = 3600 * s;
const whatsapp = { channel: 'whatsapp' as const, lastInboundAt };

describe('sessionWindowView', () => {
  it('is open for 24 hours after the customer last wrote: 23:59:59 inside, 24:00:00 and after outside', () => {
    expect(sessionWindowView(whatsapp, at(0))).to.include({ phase: 'open', remainingMs: 24 * h });
    expect(sessionWindowView(whatsapp, at(24 * h - s))).to.include({ phase: 'closing', remainingMs: s });
    expect(sessionWindowView(whatsapp, at(24 * h))).to.include({ phase: 'closed', remainingMs: 0 });
    expect(sessionWindowView(whatsapp, at(24 * h + 1))).to.include({ phase: 'closed' });
    expect(sessionWindowView(whatsapp, at(30 * 24 * h)).endsAt!.toISOString()).to.equal('2026-03-03T09:15:00.000Z');
  });

  it('warns in the last hour', () => {
    expect(sessionWindowView(whatsapp, at(23 * h - 1)).phase).to.equal('open');
    expect(sessionWindowView(whatsapp, at(23 * h)).phase).to.equal('closing');
  });

  it('is closed when the customer never wrote, and does not apply to SMS', () => {
    expect(sessionWindowView({ channel: 'whatsapp', lastInboundAt: null }, at(0))).to.include({
      phase: 'closed',
      endsAt: null,
    });
    expect(sessionWindowView({ channel: 'sms', lastInboundAt }, at(48 * h)).phase).to.equal('none');
    expect(sessionWindowView(null, at(0)).phase).to.equal('none');
  });
});
