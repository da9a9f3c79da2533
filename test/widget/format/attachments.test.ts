import { expect } from '@open-wc/testing';
import { attachmentView, fileSize, fileTypeLabel } from '../../../src/widget/format/attachments.js';

describe('attachment formatting', () => {
  it('gives file sizes the way file managers do', () => {
    expect(fileSize(820)).to.equal('820 B');
    expect(fileSize(12 * 1024 + 100)).to.equal('12 KB');
    expect(fileSize(1.45 * 1024 * 1024)).to.equal('1.4 MB');
    expect(fileSize(5 * 1024 * 1024)).to.equal('5 MB');
    expect(fileSize(12.6 * 1024 * 1024)).to.equal('13 MB');
  });

  it('names common types and shows others as they are', () => {
    expect(fileTypeLabel('application/pdf')).to.equal('PDF');
    expect(fileTypeLabel('image/jpeg; charset=binary')).to.equal('JPEG image');
    expect(fileTypeLabel('application/zip')).to.equal('application/zip');
    expect(fileTypeLabel('')).to.equal('Unknown type');
  });

  it('shows images inline and other files as links, only for http(s) URLs', () => {
    const base = { name: 'photo.png', contentType: 'image/png', sizeBytes: 2048 };
    expect(attachmentView({ ...base, url: 'https://media.example/p.png' })).to.deep.equal({
      kind: 'image',
      href: 'https://media.example/p.png',
      name: 'photo.png',
      details: 'PNG image, 2 KB',
    });
    expect(
      attachmentView({
        ...base,
        url: 'http://media.example/a.pdf',
        name: 'a.pdf',
        contentType: 'application/pdf',
        sizeBytes: null,
      }),
    ).to.deep.equal({
      kind: 'link',
      href: 'http://media.example/a.pdf',
      name: 'a.pdf',
      details: 'PDF',
    });
    for (const url of [
      'javascript:alert(1)',
      'data:image/png;base64,AAAA',
      'vbscript:x',
      '/relative.png',
      'blob:https://x/1',
    ]) {
      expect(attachmentView({ ...base, url }).kind, url).to.equal('unavailable');
    }
    expect(attachmentView({ ...base, url: 'https://x.example/1', name: '' }).name).to.equal('Attachment');
  });
});
