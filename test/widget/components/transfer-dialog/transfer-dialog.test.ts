import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import '../../../../src/widget/components/transfer-dialog/transfer-dialog.js';
import type { TransferDialog } from '../../../../src/widget/components/transfer-dialog/transfer-dialog.component.js';
import type { DesktopActions } from '../../../../src/widget/desktop/desktop-actions.js';
import { HubRequestError } from '../../../../src/widget/hub/hub-request-error.js';
import { MAX_TRANSFER_NOTE_CHARACTERS, type ConversationTransferTargets } from '../../../../src/protocol/routing.js';
import { conversation } from '../../support/data.js';
import { takeLitWarnings } from '../../support/lit-warnings.js';

const TARGETS: ConversationTransferTargets = {
  queues: [
    { id: 'general', name: 'General' },
    { id: 'billing', name: 'Billing' },
  ],
  agents: [
    { agentId: 'bob', displayName: 'Bob Brown', presence: 'available', canTakeWork: true },
    { agentId: 'carol', displayName: 'Carol King', presence: 'dnd', canTakeWork: false },
  ],
};

function fakeActions() {
  return {
    getConversationTransferTargets: sinon.spy(() => Promise.resolve(TARGETS)),
    transferConversation: sinon.spy((_request: object) => Promise.resolve(conversation({ id: 'c1', status: 'open', assignedAgentId: null }))),
  };
}

async function mount<A extends object = ReturnType<typeof fakeActions>>(actions: A = fakeActions() as A) {
  const opener = await fixture<HTMLDivElement>(html`<div>
    <button id="opener">Transfer</button>
    <ad-transfer-dialog conversation-id="c1" .actions=${actions as unknown as DesktopActions}></ad-transfer-dialog>
  </div>`);
  const el = opener.querySelector('ad-transfer-dialog')!;
  const button = opener.querySelector<HTMLButtonElement>('#opener')!;
  button.focus();
  await el.show();
  await el.updateComplete;
  return { el, button, actions };
}

const $ = <T extends Element>(el: TransferDialog, selector: string) => el.shadowRoot!.querySelector<T>(selector)!;
const dialog = (el: TransferDialog) => $<HTMLDialogElement>(el, 'dialog');

async function settle(el: TransferDialog) {
  await new Promise((resolve) => setTimeout(resolve));
  await el.updateComplete;
}

describe('<ad-transfer-dialog>', () => {
  afterEach(() => {
    sinon.restore();
    expect(takeLitWarnings()).to.deep.equal([]);
  });

  it('opens as a modal with the queues, then the agents and their presence (those who cannot take it disabled); accessible', async () => {
    const { el } = await mount();
    expect(dialog(el).open).to.equal(true);
    expect(dialog(el).matches(':modal')).to.equal(true);
    const options = [...$<HTMLSelectElement>(el, 'select').options].map((o) => [o.value, o.textContent!.replace(/\s+/g, ' ').trim(), o.disabled]);
    expect(options).to.deep.equal([
      ['', 'Choose…', false],
      ['queueId:general', 'General', false],
      ['queueId:billing', 'Billing', false],
      ['agentId:bob', 'Bob Brown · Available', false],
      ['agentId:carol', 'Carol King · Do not disturb (cannot take it now)', true],
    ]);
    expect($<HTMLTextAreaElement>(el, 'textarea').maxLength).to.equal(MAX_TRANSFER_NOTE_CHARACTERS);
    await expect(el).to.be.accessible();
  });

  it('transfers to an agent with a note, closes, and gives the focus back', async () => {
    const { el, button, actions } = await mount();
    $<HTMLSelectElement>(el, 'select').value = 'agentId:bob';
    $<HTMLTextAreaElement>(el, 'textarea').value = '  Wants a refund, order 42  ';
    $<HTMLButtonElement>(el, '[part~="submit-button"]').click();
    await settle(el);
    expect(actions.transferConversation.calledOnceWith({ conversationId: 'c1', note: 'Wants a refund, order 42', agentId: 'bob' })).to.equal(true);
    expect(dialog(el).open).to.equal(false);
    expect(document.activeElement).to.equal(button);
  });

  it('transfers to a queue', async () => {
    const { el, actions } = await mount();
    $<HTMLSelectElement>(el, 'select').value = 'queueId:billing';
    $<HTMLButtonElement>(el, '[part~="submit-button"]').click();
    await settle(el);
    expect(actions.transferConversation.calledOnceWith({ conversationId: 'c1', note: '', queueId: 'billing' })).to.equal(true);
  });

  it('sends nothing until a queue or an agent is chosen', async () => {
    const { el, actions } = await mount();
    $<HTMLButtonElement>(el, '[part~="submit-button"]').click();
    await settle(el);
    expect(actions.transferConversation.called).to.equal(false);
    expect(dialog(el).open).to.equal(true);
  });

  it('shows a refusal in the dialog, which stays open', async () => {
    const actions = fakeActions();
    actions.transferConversation = sinon.spy((_request: object) => Promise.reject(new HubRequestError('agent_unavailable', 'Bob Brown is away.')));
    const { el } = await mount(actions);
    $<HTMLSelectElement>(el, 'select').value = 'agentId:bob';
    $<HTMLButtonElement>(el, '[part~="submit-button"]').click();
    await settle(el);
    const error = $<HTMLElement>(el, '[part~="error"]');
    expect(error.hidden).to.equal(false);
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.contain('Bob Brown is away.');
    expect(dialog(el).open).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('shows why the choices could not load', async () => {
    const { el } = await mount({ getConversationTransferTargets: () => Promise.reject(new HubRequestError('hub_unreachable', 'x')) });
    expect($<HTMLElement>(el, '[part~="error"]').textContent).to.contain('Not connected to the hub');
    expect($<HTMLSelectElement>(el, 'select').options.length).to.equal(1);
  });

  it('closes with Escape or Cancel, giving the focus back', async () => {
    const { el, button } = await mount();
    $<HTMLSelectElement>(el, 'select').focus();
    await sendKeys({ press: 'Escape' });
    await settle(el);
    expect(dialog(el).open).to.equal(false);
    expect(document.activeElement).to.equal(button);

    await el.show();
    [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Cancel')!.click();
    await settle(el);
    expect(dialog(el).open).to.equal(false);
    expect(document.activeElement).to.equal(button);
  });
});
