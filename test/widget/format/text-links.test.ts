import { expect } from '@open-wc/testing';
import { splitTextLinks } from '../../../src/widget/format/text-links.js';

describe('splitTextLinks', () => {
  it('finds http and https links and trims trailing punctuation', () => {
    expect(splitTextLinks('See https://example.com/a?b=1, or http://x.org.')).to.deep.equal([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: ', or ' },
      { kind: 'link', text: 'http://x.org', href: 'http://x.org/' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('never links other schemes', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'JAVASCRIPT://%0aalert(1)', 'ftp://x.org']) {
      expect(
        splitTextLinks(text).every((part) => part.kind === 'text'),
        text,
      ).to.equal(true);
    }
  });

  it('keeps plain text as it is', () => {
    expect(splitTextLinks('<img src=x onerror=alert(1)>')).to.deep.equal([
      { kind: 'text', text: '<img src=x onerror=alert(1)>' },
    ]);
    expect(splitTextLinks('')).to.deep.equal([]);
  });
});
