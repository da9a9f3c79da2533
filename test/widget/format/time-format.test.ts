import { expect } from '@open-wc/testing';
import { callClock, fullTime, messageTime, relativeTime, timeLeft } from '../../../src/widget/format/time-format.js';

describe('time formatting', () => {
  const now = new Date(2025, 2, 10, 15, 30, 0);

  it('says how long ago the last activity was', () => {
    expect(relativeTime(new Date(2025, 2, 10, 15, 29, 40).toISOString(), now)).to.equal('just now');
    expect(relativeTime(new Date(2025, 2, 10, 15, 25).toISOString(), now)).to.equal('5 minutes ago');
    expect(relativeTime(new Date(2025, 2, 7, 15, 30).toISOString(), now)).to.equal('3 days ago');
    expect(relativeTime('not a date', now)).to.equal('');
    expect(relativeTime(new Date(2025, 2, 10, 15, 29).toISOString(), now)).to.equal('1 minute ago');
    expect(relativeTime(new Date(2025, 2, 10, 13, 30).toISOString(), now)).to.equal('2 hours ago');
    expect(relativeTime(new Date(2025, 2, 9, 15, 30).toISOString(), now)).to.equal('1 day ago');
    expect(relativeTime(new Date(2024, 11, 10, 15, 30).toISOString(), now)).to.equal('3 months ago');
    expect(relativeTime(new Date(2022, 2, 10, 15, 30).toISOString(), now)).to.equal('3 years ago');
  });

  it('shows message times compactly: time today, day and time this year, with the year before', () => {
    expect(messageTime(new Date(2025, 2, 10, 9, 5).toISOString(), now)).to.equal('09:05');
    expect(messageTime(new Date(2025, 0, 3, 18, 45).toISOString(), now)).to.equal('3 Jan 18:45');
    expect(messageTime(new Date(2024, 11, 24, 7, 0).toISOString(), now)).to.equal('24 Dec 2024 07:00');
    expect(messageTime(new Date(2025, 2, 9, 23, 59).toISOString(), now)).to.equal('9 Mar 23:59'); // yesterday
    expect(messageTime(new Date(2024, 2, 10, 9, 5).toISOString(), now)).to.equal('10 Mar 2024 09:05'); // same day, a year ago
    expect(messageTime('not a date', now)).to.equal('');
  });

  it('gives the full local date and time for tooltips', () => {
    expect(fullTime(new Date(2025, 2, 3, 14, 5, 9).toISOString())).to.equal('2025-03-03 14:05:09');
    expect(fullTime(new Date(2024, 10, 28, 0, 0, 0).toISOString())).to.equal('2024-11-28 00:00:00');
    expect(fullTime('not a date')).to.equal('');
  });

  it('counts down compactly: hours and minutes, minutes, then minutes and seconds in the last ten minutes', () => {
    const s = 1000;
    const min = 60 * s;
    const h = 60 * min;
    expect(timeLeft(5 * h + 12 * min + 30 * s)).to.equal('5 h 12 min');
    expect(timeLeft(5 * h)).to.equal('5 h');
    expect(timeLeft(24 * h)).to.equal('24 h');
    expect(timeLeft(h - 1)).to.equal('59 min');
    expect(timeLeft(42 * min + 59 * s)).to.equal('42 min');
    expect(timeLeft(10 * min + 1)).to.equal('10 min');
    expect(timeLeft(10 * min)).to.equal('10 min');
    expect(timeLeft(9 * min + 5 * s)).to.equal('9 min 5 s');
    expect(timeLeft(9 * min + 4 * s + 1)).to.equal('9 min 5 s'); // seconds round up
    expect(timeLeft(42 * s)).to.equal('42 s');
    expect(timeLeft(1)).to.equal('1 s');
    expect(timeLeft(0)).to.equal('0 s');
  });

  it("shows a call's timer as m:ss, then h:mm:ss, never negative", () => {
    expect(callClock(0)).to.equal('0:00');
    expect(callClock(7_999)).to.equal('0:07');
    expect(callClock(12 * 60_000 + 34_000)).to.equal('12:34');
    expect(callClock(3_723_000)).to.equal('1:02:03');
    expect(callClock(-5_000)).to.equal('0:00'); // the hub's clock a little behind the answer time
  });
});
