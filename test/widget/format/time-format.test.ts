import { expect } from '@open-wc/testing';
import { messageTime, relativeTime } from '../../../src/widget/format/time-format.js';

describe('time formatting', () => {
  const now = new Date(2025, 2, 10, 15, 30, 0);

  it('says how long ago the last activity was', () => {
    expect(relativeTime(new Date(2025, 2, 10, 15, 29, 40).toISOString(), now)).to.equal('just now');
    expect(relativeTime(new Date(2025, 2, 10, 15, 25).toISOString(), now)).to.equal('5 minutes ago');
    expect(relativeTime(new Date(2025, 2, 7, 15, 30).toISOString(), now)).to.equal('3 days ago');
    expect(relativeTime('not a date', now)).to.equal('');
  });

  it('shows message times compactly: time today, day and time this year, with the year before', () => {
    expect(messageTime(new Date(2025, 2, 10, 9, 5).toISOString(), now)).to.equal('09:05');
    expect(messageTime(new Date(2025, 0, 3, 18, 45).toISOString(), now)).to.equal('3 Jan 18:45');
    expect(messageTime(new Date(2024, 11, 24, 7, 0).toISOString(), now)).to.equal('24 Dec 2024 07:00');
  });
});
