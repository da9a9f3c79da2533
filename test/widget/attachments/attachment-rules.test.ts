import { expect } from '@open-wc/testing';
import { MAX_ATTACHMENT_BYTES } from '../../../src/protocol/limits.js';
import { channelAllowsAttachments, checkFiles } from '../../../src/widget/attachments/attachment-rules.js';

const file = (name: string, type: string, size = 10) => new File([new Uint8Array(size)], name, { type });

describe('attachment rules', () => {
  it("follows the conversation's channel setting from the hub", () => {
    expect(channelAllowsAttachments({ agentAttachments: true })).to.equal(true);
    expect(channelAllowsAttachments({ agentAttachments: false })).to.equal(false);
    expect(channelAllowsAttachments(null)).to.equal(false);
  });

  it('accepts allowed types up to the size limit', () => {
    const ok = [file('a.jpg', 'image/jpeg'), file('b.pdf', 'application/pdf', MAX_ATTACHMENT_BYTES)];
    expect(checkFiles(0, ok)).to.deep.equal({ accepted: ok, refused: [] });
  });

  it('refuses, with a reason naming the file, other types, files too large, empty files and more than five', () => {
    const big = file('huge.mp4', 'video/mp4', MAX_ATTACHMENT_BYTES + 1);
    const { accepted, refused } = checkFiles(3, [
      file('notes.txt', 'text/plain'),
      big,
      file('empty.png', 'image/png', 0),
      file('one.png', 'image/png'),
      file('two.png', 'image/png'),
      file('three.png', 'image/png'),
      file('mystery', ''),
    ]);
    expect(accepted.map((f) => f.name)).to.deep.equal(['one.png', 'two.png']);
    expect(refused).to.have.length(5);
    expect(refused[0])
      .to.contain('“notes.txt”')
      .and.contain('text/plain')
      .and.contain('cannot be sent')
      .and.contain('PDF');
    expect(refused[1]).to.contain('“huge.mp4”').and.contain('5 MB');
    expect(refused[2]).to.contain('“empty.png” is empty');
    expect(refused[3]).to.contain('“three.png”').and.contain('at most 5 files');
    expect(refused[4]).to.contain('“mystery”').and.contain('unknown type');
  });
});
