import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import { DEFAULT_CALL_DISPOSITIONS, MAX_WRAP_UP_NOTES_CHARACTERS } from '../../../../src/protocol/calls.js';
import '../../../../src/widget/components/call-wrap-up/call-wrap-up.js';
import { DesktopStore } from '../../../../src/widget/state/desktop-store.js';
import { deepActiveElement } from '../../../../src/widget/utilities/deep-active-element.js';
import { mount, text } from '../../support/dom.js';
import { fakeActions } from '../../support/fake-actions.js';
import { takeLitWarnings } from '../../support/lit-warnings.js';
import { hubRefusal } from '../../support/refusal.js';
import { ANSWERED_AT, inWrapUp, S, storeWith } from '../softphone-panel/softphone-harness.js';

async function mountWrapUp(
  completeWrapUp: (request: { callId: string; notes: string; disposition: string }) => Promise<unknown>,
  store = storeWith(inWrapUp(ANSWERED_AT + 60 * S)),
) {
  const el = await mount('ad-call-wrap-up', {
    callId: 'c1',
    store,
    actions: fakeActions({ completeWrapUp: completeWrapUp as never }),
  });
  const part = <T extends HTMLElement = HTMLButtonElement>(name: string) =>
    el.shadowRoot!.querySelector<T>(`[part~="${name}"]`)!;
  const reason = () => el.shadowRoot!.getElementById(part('complete-button').getAttribute('aria-describedby')!)!;
  return { el, part, reason };
}

describe('<ad-call-wrap-up>', () => {
  afterEach(() => {
    sinon.restore();
    expect(takeLitWarnings()).to.deep.equal([]);
  });

  it("notes and the organisation's dispositions; Complete waits for a disposition and says so; accessible", async () => {
    const { el, part, reason } = await mountWrapUp(sinon.stub().resolves(undefined));
    expect(part('base').getAttribute('aria-label')).to.equal('Wrap-up');
    expect(part<HTMLTextAreaElement>('notes').maxLength).to.equal(MAX_WRAP_UP_NOTES_CHARACTERS);
    expect([...part<HTMLSelectElement>('disposition').options].map((o) => text(o))).to.deep.equal([
      'Choose…',
      'Resolved',
      'Follow-up needed',
    ]);
    expect(part('complete-button').disabled).to.equal(true);
    expect(text(reason())).to.equal('Choose a disposition to complete the wrap-up.');
    expect(reason().hidden).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('completes from the keyboard with the notes and the disposition', async () => {
    const completeWrapUp = sinon.stub().resolves(undefined);
    const { el, part, reason } = await mountWrapUp(completeWrapUp);
    el.focus();
    await waitUntil(() => deepActiveElement() === part('notes'), 'the focus on the notes');
    await sendKeys({ type: 'Customer will call back' });
    await sendKeys({ press: 'Tab' });
    expect(deepActiveElement()).to.equal(part('disposition'));
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await waitUntil(() => !part('complete-button').disabled, 'Complete enabled');
    expect(reason().hidden).to.equal(true);
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => completeWrapUp.called, 'completed');
    expect(completeWrapUp.firstCall.args[0]).to.deep.equal({
      callId: 'c1',
      notes: 'Customer will call back',
      disposition: 'follow_up',
    });
  });

  it("shows the hub's refusal", async () => {
    const { el, part } = await mountWrapUp(() =>
      Promise.reject(hubRefusal('illegal_call_transition', 'The wrap-up is over.')),
    );
    const select = part<HTMLSelectElement>('disposition');
    select.value = 'resolved';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    part('complete-button').click();
    await waitUntil(() => !part('error').hidden, 'the refusal shown');
    expect(text(part('error'))).to.contain('The wrap-up is over.');
    expect(part('error').getAttribute('role')).to.equal('alert');
    await expect(el).to.be.accessible();
  });

  it('offers the default dispositions before the hub has sent the voice settings, and starts afresh for another call', async () => {
    const store = new DesktopStore();
    store.putCall(inWrapUp(ANSWERED_AT + 60 * S));
    const { el, part } = await mountWrapUp(sinon.stub().resolves(undefined), store);
    expect([...part<HTMLSelectElement>('disposition').options].slice(1).map((o) => o.value)).to.deep.equal(
      DEFAULT_CALL_DISPOSITIONS.map((d) => d.id),
    );
    part<HTMLTextAreaElement>('notes').value = 'Left a message';
    part<HTMLTextAreaElement>('notes').dispatchEvent(new Event('input'));
    await el.updateComplete;
    el.callId = 'c2';
    await el.updateComplete;
    expect(part<HTMLTextAreaElement>('notes').value).to.equal('');
  });
});
