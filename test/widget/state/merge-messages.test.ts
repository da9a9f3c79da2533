import { expect } from '@open-wc/testing';
import { catchUpAfterSeq, contiguousSeq, mergeMessages } from '../../../src/widget/state/merge-messages.js';
import { message } from '../support/data.js';

describe('mergeMessages', () => {
  it('merges without duplicates and sorts by seq', () => {
    const held = [message({ conversationId: 'c', seq: 1 }), message({ conversationId: 'c', seq: 2 })];
    const page = [message({ conversationId: 'c', seq: 3 }), message({ conversationId: 'c', seq: 2 })];
    const merged = mergeMessages(held, [page[0], page[1]]);
    expect(merged.map((m) => m.seq)).to.deep.equal([1, 2, 3]);
  });

  it('returns the same array when nothing changed', () => {
    const held = [message({ conversationId: 'c', seq: 1 })];
    expect(mergeMessages(held, [{ ...held[0] }])).to.equal(held);
  });

  it('keeps the later version of a message (a stale page never undoes a delivery update)', () => {
    const sent = message({
      conversationId: 'c',
      seq: 1,
      direction: 'outbound',
      status: 'sent',
      updatedAt: '2025-01-01T10:00:00Z',
    });
    const delivered = { ...sent, status: 'delivered' as const, updatedAt: '2025-01-01T10:00:05Z' };
    expect(mergeMessages([delivered], [sent])[0].status).to.equal('delivered');
    expect(mergeMessages([sent], [delivered])[0].status).to.equal('delivered');
  });
});

describe('contiguousSeq and catchUpAfterSeq', () => {
  const seqs = (...list: number[]) => list.map((seq) => message({ conversationId: 'c', seq }));

  it('is the end of the run from seq 1', () => {
    expect(contiguousSeq([])).to.equal(0);
    expect(contiguousSeq(seqs(1, 2, 3))).to.equal(3);
    expect(contiguousSeq(seqs(1, 2, 4, 5))).to.equal(2);
    expect(contiguousSeq(seqs(2, 3))).to.equal(0);
  });

  it('resumes before the first agent message still in flight', () => {
    const list = [
      message({ conversationId: 'c', seq: 1 }),
      message({ conversationId: 'c', seq: 2, direction: 'outbound', status: 'delivered' }),
      message({ conversationId: 'c', seq: 3, direction: 'outbound', status: 'sent' }),
      message({ conversationId: 'c', seq: 4 }),
    ];
    expect(catchUpAfterSeq(list)).to.equal(2);
    expect(catchUpAfterSeq(seqs(1, 2, 3))).to.equal(3);
  });
});
