import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import { MAX_TRANSFER_NOTE_CHARACTERS, type ConversationTransferTargets } from '../../../../src/protocol/routing.js';
import type { DesktopActions } from '../../../../src/widget/desktop/desktop-actions.js';
import { conversation } from '../../support/data.js';
import { fakeActions } from '../../support/fake-actions.js';
import { takeLitWarnings } from '../../support/lit-warnings.js';
import { hubRefusal } from '../../support/refusal.js';
import { TransferDialogHarness } from './transfer-dialog-harness.js';

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

function conversationActions() {
  return {
    getConversationTransferTargets: sinon.spy((_conversationId: string) => Promise.resolve(TARGETS)),
    transferConversation: sinon.spy((_request: object) =>
      Promise.resolve(conversation({ id: 'c1', status: 'open', assignedAgentId: null })),
    ),
  };
}

/** The dialog (for `attributes`) after an opener button, opened from that button: the focus goes back there. */
async function open(
  actions: Partial<DesktopActions>,
  attributes: Record<string, string> = { 'conversation-id': 'c1' },
) {
  const wrapper = await fixture<HTMLDivElement>(html`<div><button id="opener">Transfer</button></div>`);
  const el = document.createElement('ad-transfer-dialog');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  el.actions = fakeActions(actions);
  wrapper.append(el);
  const opener = wrapper.querySelector<HTMLButtonElement>('#opener')!;
  opener.focus();
  await el.show();
  await el.updateComplete;
  return { el, opener, dialog: new TransferDialogHarness(el) };
}

describe('<ad-transfer-dialog>', () => {
  afterEach(() => {
    sinon.restore();
    expect(takeLitWarnings()).to.deep.equal([]);
  });

  describe('a conversation (conversation-id)', () => {
    it('opens as a modal with the queues, then the agents and their presence (those who cannot take it disabled); accessible', async () => {
      const actions = conversationActions();
      const { el, dialog } = await open(actions);
      expect(dialog.dialog.open).to.equal(true);
      expect(dialog.dialog.matches(':modal')).to.equal(true);
      expect(dialog.title).to.equal('Transfer the conversation');
      expect(actions.getConversationTransferTargets.calledOnceWithExactly('c1')).to.equal(true); // judged for this conversation
      expect(dialog.options).to.deep.equal([
        ['', 'Choose…', false],
        ['queueId:general', 'General', false],
        ['queueId:billing', 'Billing', false],
        ['agentId:bob', 'Bob Brown · Available', false],
        ['agentId:carol', 'Carol King · Do not disturb (cannot take it now)', true],
      ]);
      expect(dialog.note!.maxLength).to.equal(MAX_TRANSFER_NOTE_CHARACTERS);
      await expect(el).to.be.accessible();
    });

    it('transfers to an agent with a note, closes, and gives the focus back', async () => {
      const actions = conversationActions();
      const { opener, dialog } = await open(actions);
      await dialog.transfer('agentId:bob', '  Wants a refund, order 42  ');
      await waitUntil(() => !dialog.dialog.open, 'closed');
      expect(
        actions.transferConversation.calledOnceWith({
          conversationId: 'c1',
          note: 'Wants a refund, order 42',
          agentId: 'bob',
        }),
      ).to.equal(true);
      expect(document.activeElement).to.equal(opener);
    });

    it('transfers to a queue', async () => {
      const actions = conversationActions();
      const { dialog } = await open(actions);
      await dialog.transfer('queueId:billing');
      await waitUntil(() => actions.transferConversation.called, 'transferred');
      expect(
        actions.transferConversation.calledOnceWith({ conversationId: 'c1', note: '', queueId: 'billing' }),
      ).to.equal(true);
    });

    it('sends nothing until a queue or an agent is chosen (the browser says the choice is required)', async () => {
      const actions = conversationActions();
      const { dialog } = await open(actions);
      dialog.submitButton.click();
      await dialog.el.updateComplete;
      expect(dialog.select.validity.valueMissing).to.equal(true);
      expect(actions.transferConversation.called).to.equal(false);
      expect(dialog.dialog.open).to.equal(true);
    });

    it('shows a refusal in the dialog, which stays open', async () => {
      const actions = {
        ...conversationActions(),
        transferConversation: () => Promise.reject(hubRefusal('agent_unavailable', 'Bob Brown is away.')),
      };
      const { el, dialog } = await open(actions);
      await dialog.transfer('agentId:bob');
      await waitUntil(() => !dialog.error.hidden, 'the refusal shown');
      expect(dialog.error.getAttribute('role')).to.equal('alert');
      expect(dialog.error.textContent).to.contain('Bob Brown is away.');
      expect(dialog.dialog.open).to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('shows why the choices could not load', async () => {
      const { dialog } = await open({
        getConversationTransferTargets: () => Promise.reject(hubRefusal('hub_unreachable', 'x')),
      });
      expect(dialog.error.textContent).to.contain('Not connected to the hub');
      expect(dialog.options).to.deep.equal([['', 'Choose…', false]]);
    });

    it('closes with Escape or Cancel, giving the focus back', async () => {
      const { el, opener, dialog } = await open(conversationActions());
      dialog.select.focus();
      await sendKeys({ press: 'Escape' });
      await waitUntil(
        () => !dialog.dialog.open && document.activeElement === opener,
        'closed with Escape, the focus back',
      );

      await el.show();
      dialog.cancelButton.click();
      await waitUntil(
        () => !dialog.dialog.open && document.activeElement === opener,
        'closed with Cancel, the focus back',
      );
    });
  });

  describe('a call (call-id)', () => {
    function callActions() {
      return {
        getTransferTargets: sinon.spy(() =>
          Promise.resolve({
            queues: [{ id: 'support', name: 'Customer support' }],
            agents: [
              { agentId: 'bob', displayName: 'Bob Brown', available: true },
              { agentId: 'carol', displayName: 'Carol King', available: false },
            ],
          }),
        ),
        transferCall: sinon.spy((_request: object) => Promise.resolve(undefined as never)),
      };
    }

    it('lists the queues and the connected agents (busy ones disabled), with no note; accessible', async () => {
      const { el, dialog } = await open(callActions(), { 'call-id': 'call-7' });
      expect(dialog.title).to.equal('Transfer the call');
      expect(dialog.options.slice(1)).to.deep.equal([
        ['queueId:support', 'Customer support', false],
        ['agentId:bob', 'Bob Brown', false],
        ['agentId:carol', 'Carol King (busy)', true],
      ]);
      expect(dialog.note).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('transfers the call to a queue or an agent and closes', async () => {
      const actions = callActions();
      const { dialog } = await open(actions, { 'call-id': 'call-7' });
      await dialog.transfer('queueId:support');
      await waitUntil(() => !dialog.dialog.open, 'closed');
      expect(actions.transferCall.calledOnceWithExactly({ callId: 'call-7', queueId: 'support' })).to.equal(true);
    });
  });
});
