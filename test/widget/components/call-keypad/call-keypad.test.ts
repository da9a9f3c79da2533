import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import '../../../../src/widget/components/call-keypad/call-keypad.js';
import { deepActiveElement } from '../../../../src/widget/utilities/deep-active-element.js';
import { mount, text } from '../../support/dom.js';
import { fakeActions } from '../../support/fake-actions.js';
import { takeLitWarnings } from '../../support/lit-warnings.js';
import { hubRefusal } from '../../support/refusal.js';

/** Touch-tones as the hub takes them: each answers when the test says (`answer()`), in any order. */
function tones() {
  const waiting: Array<() => void> = [];
  const sendDtmf = sinon.spy(
    (_request: { callId: string; digits: string }) =>
      new Promise<never>((resolve) => waiting.push(resolve as () => void)),
  );
  return { sendDtmf, answer: () => waiting.shift()?.() };
}

async function mountKeypad(sendDtmf: (request: { callId: string; digits: string }) => Promise<unknown>) {
  const el = await mount('ad-call-keypad', { callId: 'c1', actions: fakeActions({ sendDtmf: sendDtmf as never }) });
  const $ = (selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector)!;
  const keys = () => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="key"]')];
  return { el, $, keys, sent: () => text($('[part~="sent"]')) };
}

describe('<ad-call-keypad>', () => {
  afterEach(() => {
    sinon.restore();
    expect(takeLitWarnings()).to.deep.equal([]);
  });

  it('shows the twelve keys in a group named "Keypad"; focus() puts the focus on "1"; accessible', async () => {
    const { el, $, keys, sent } = await mountKeypad(tones().sendDtmf);
    expect($('[part~="base"]').getAttribute('role')).to.equal('group');
    expect($('[part~="base"]').getAttribute('aria-label')).to.equal('Keypad');
    expect(keys().map((k) => text(k))).to.deep.equal(['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#']);
    expect(sent()).to.equal('Press or type digits, * and #.');
    el.focus();
    await waitUntil(() => deepActiveElement() === keys()[0], 'the focus on "1"');
    await expect(el).to.be.accessible();
  });

  it('sends pressed and typed tones one after another, in order, and shows what was sent', async () => {
    const { sendDtmf, answer } = tones();
    const { el, keys, sent } = await mountKeypad(sendDtmf);
    keys()[0].focus();
    await sendKeys({ press: 'Enter' }); // "1"
    await sendKeys({ type: '9#' }); // typed anywhere in the keypad
    await sendKeys({ press: 'a' }); // not a tone: nothing
    await el.updateComplete;
    expect(sent()).to.equal('Sent: 19#');
    // The next tone goes only once the hub has taken the one before.
    await waitUntil(() => sendDtmf.callCount === 1, 'the first tone');
    expect(sendDtmf.firstCall.args[0]).to.deep.equal({ callId: 'c1', digits: '1' });
    answer();
    await waitUntil(() => sendDtmf.callCount === 2, 'the second tone');
    answer();
    await waitUntil(() => sendDtmf.callCount === 3, 'the third tone');
    expect(sendDtmf.getCalls().map((c) => c.args[0].digits)).to.deep.equal(['1', '9', '#']);
  });

  it('shows why a tone was refused, and goes on with the next', async () => {
    const sendDtmf = sinon.stub();
    sendDtmf.onFirstCall().rejects(hubRefusal('call_not_connected', 'The call is on hold.'));
    sendDtmf.resolves(undefined);
    const { el, $, keys } = await mountKeypad(sendDtmf);
    keys()[4].click();
    keys()[5].click();
    await waitUntil(
      () => !$('[part~="error"]').hidden && sendDtmf.callCount === 2,
      'the refusal shown, the next tone sent',
    );
    expect(text($('[part~="error"]'))).to.equal(
      'That only works while you are talking with the caller. (The call is on hold.)',
    );
    expect($('[part~="error"]').getAttribute('role')).to.equal('alert');
    await expect(el).to.be.accessible();
  });

  it('starts afresh for another call', async () => {
    const { el, keys, sent } = await mountKeypad(sinon.stub().resolves(undefined));
    keys()[0].click();
    await el.updateComplete;
    expect(sent()).to.equal('Sent: 1');
    el.callId = 'c2';
    await el.updateComplete;
    expect(sent()).to.equal('Press or type digits, * and #.');
  });
});
