import { expect } from '@open-wc/testing';
import { BackoffRetryPolicy } from '../../../src/widget/hub/retry-policy.js';

const context = (previousRetryCount: number) => ({
  previousRetryCount,
  elapsedMilliseconds: previousRetryCount * 10_000,
  retryReason: new Error('lost'),
});

describe('BackoffRetryPolicy', () => {
  it('never gives up: a number for every retry, even after days of failures', () => {
    const policy = new BackoffRetryPolicy();
    for (let retry = 0; retry < 10_000; retry++) {
      const delay = policy.nextRetryDelayInMilliseconds({
        previousRetryCount: retry,
        elapsedMilliseconds: retry * 30_000,
        retryReason: new Error('down'),
      });
      expect(delay, `retry ${retry}`).to.be.a('number');
      expect(Number.isFinite(delay), `retry ${retry} finite`).to.equal(true);
      expect(delay).to.be.at.least(0);
      expect(delay).to.be.at.most(30_000);
    }
  });

  it('retries fast the first time', () => {
    const policy = new BackoffRetryPolicy({ random: () => 0.999 });
    expect(policy.nextRetryDelayInMilliseconds(context(0))).to.be.below(250);
  });

  it('doubles the ceiling per failure up to the 30 s cap', () => {
    const policy = new BackoffRetryPolicy();
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => policy.ceilingFor(n))).to.deep.equal([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('uses full jitter: anywhere between 0 and the ceiling', () => {
    const low = new BackoffRetryPolicy({ random: () => 0 });
    const high = new BackoffRetryPolicy({ random: () => 0.9999 });
    expect(low.nextRetryDelayInMilliseconds(context(6))).to.equal(0);
    expect(high.nextRetryDelayInMilliseconds(context(6))).to.be.within(29_990, 30_000);
    expect(high.nextRetryDelayInMilliseconds(context(3))).to.be.within(3_990, 4_000);
  });

  it('spreads delays randomly with the real random source', () => {
    const policy = new BackoffRetryPolicy();
    const delays = new Set(Array.from({ length: 20 }, () => policy.nextRetryDelayInMilliseconds(context(8))));
    expect(delays.size).to.be.greaterThan(10);
  });
});
