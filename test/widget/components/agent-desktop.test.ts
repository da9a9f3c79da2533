import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/widget/components/agent-desktop/agent-desktop.js';
import type { AgentDesktop } from '../../../src/widget/components/agent-desktop/agent-desktop.component.js';
import type { ConnectionChangeEvent } from '../../../src/widget/events/connection-change-event.js';
import { takeLitWarnings } from '../support/lit-warnings.js';
import { customerNumber, realHub, type TestOrganisation } from '../support/real-hub.js';

const child = <T extends Element>(el: AgentDesktop, selector: string) => el.shadowRoot!.querySelector<T>(selector)!;
const inner = <T extends Element>(host: Element, selector: string) => host.shadowRoot!.querySelector<T>(selector)!;

describe('<agent-desktop>', () => {
  afterEach(() => {
    expect(takeLitWarnings()).to.deep.equal([]);
  });

  it('is accessible and composes the inbox, view, composer and connection state', async () => {
    const el = await fixture<AgentDesktop>(html`<agent-desktop no-cache></agent-desktop>`);
    for (const tag of ['conversation-inbox', 'conversation-view', 'message-composer', 'connection-status']) {
      expect(el.shadowRoot!.querySelector(tag), tag).to.not.equal(null);
    }
    expect(el.store.getState().connection.state).to.equal('disconnected');
    await expect(el).to.be.accessible();
  });

  it('puts the inbox beside the conversation when wide and above it when narrow', async () => {
    const wide = await fixture<AgentDesktop>(html`<agent-desktop no-cache style="width: 1000px"></agent-desktop>`);
    let inbox = child(wide, 'conversation-inbox').getBoundingClientRect();
    let view = child(wide, 'conversation-view').getBoundingClientRect();
    expect(inbox.right).to.be.at.most(view.left + 1);
    expect(Math.abs(inbox.top - view.top)).to.be.below(2);

    const narrow = await fixture<AgentDesktop>(html`<agent-desktop no-cache style="width: 360px"></agent-desktop>`);
    inbox = child(narrow, 'conversation-inbox').getBoundingClientRect();
    view = child(narrow, 'conversation-view').getBoundingClientRect();
    expect(inbox.bottom).to.be.at.most(view.top + 1);
    expect(inbox.width).to.be.closeTo(view.width, 2);
  });

  it('uses the host font through --ad-font-family', async () => {
    const el = await fixture<AgentDesktop>(html`<agent-desktop no-cache style="--ad-font-family: 'Courier New', monospace"></agent-desktop>`);
    const composer = child(el, 'message-composer');
    expect(getComputedStyle(inner(composer, 'textarea')).fontFamily).to.contain('Courier New');
  });

  describe('with the real hub', () => {
    let org: TestOrganisation;
    let hubUrl: string;
    let aliceToken: string;
    /** Grace wrote twice (c1, the newest activity), after another customer wrote once (c2). */
    let grace: string;
    let c1: string;

    beforeEach(async () => {
      org = await realHub.organisation();
      hubUrl = await realHub.url();
      aliceToken = await org.token('alice');
      grace = customerNumber();
      await org.text(customerNumber(), 'Do you ship to Norway?');
      c1 = (await org.text(grace, 'Hello <b>there</b>')).conversationId;
      await org.text(grace, 'Anyone?');
    });

    const token = () => aliceToken;

    it('connects with accessTokenFactory, tells the host, and shows live data', async () => {
      const changes: string[] = [];
      const el = await fixture<AgentDesktop>(html`
        <agent-desktop
          no-cache
          hub-url=${hubUrl}
          .accessTokenFactory=${token}
          @ad-connection-change=${(e: ConnectionChangeEvent) => changes.push(`${e.detail.previous}>${e.detail.state}`)}
        ></agent-desktop>
      `);
      await waitUntil(() => el.store.getState().conversationsSource === 'live', 'live', { timeout: 5000 });
      expect(changes).to.deep.equal(['disconnected>connecting', 'connecting>connected']);
      await el.updateComplete;
      expect(child(el, '[part="agent"]').textContent).to.equal(org.displayName('alice'));
      const inbox = child(el, 'conversation-inbox');
      await (inbox as LitElement).updateComplete;
      expect(inner(inbox, '[role="listbox"]').querySelectorAll('[role="option"]').length).to.equal(2);
      await expect(el).to.be.accessible();
    });

    it('gets its token from token-url', async () => {
      const el = await fixture<AgentDesktop>(html`
        <agent-desktop no-cache hub-url=${hubUrl} token-url=${org.tokenUrl('bob')}></agent-desktop>
      `);
      await waitUntil(() => el.store.getState().identity !== null, 'identity', { timeout: 5000 });
      expect(el.store.getState().connection.state).to.equal('connected');
      expect(el.store.getState().identity).to.include({ agentId: 'bob', organisationId: org.id });
      await el.updateComplete;
      expect(child(el, '[part="agent"]').textContent).to.equal(org.displayName('bob'));
    });

    it('lets an agent pick a conversation with the keyboard, read it and reply; the host hears every step', async () => {
      const heard: string[] = [];
      const el = await fixture<AgentDesktop>(html`
        <agent-desktop
          no-cache
          hub-url=${hubUrl}
          .accessTokenFactory=${token}
          @ad-conversation-select=${() => heard.push('select')}
          @ad-message-send=${() => heard.push('send')}
        ></agent-desktop>
      `);
      await waitUntil(() => el.store.getState().conversationsSource === 'live', 'live', { timeout: 5000 });
      const inbox = child(el, 'conversation-inbox') as LitElement;
      await inbox.updateComplete;
      inner<HTMLElement>(inbox, '[role="listbox"]').focus();
      await sendKeys({ press: 'Enter' });
      expect(heard).to.deep.equal(['select']);
      expect(el.store.getState().selectedConversationId).to.equal(c1);

      const view = child(el, 'conversation-view') as LitElement;
      await waitUntil(() => view.shadowRoot!.querySelectorAll('[part="bubble"]').length === 2, 'messages', { timeout: 5000 });
      expect(view.shadowRoot!.querySelector('[part="bubble"]')!.textContent).to.equal('Hello <b>there</b>');

      const composer = child(el, 'message-composer') as LitElement;
      await composer.updateComplete;
      inner<HTMLTextAreaElement>(composer, 'textarea').focus();
      await sendKeys({ type: 'Yes, how can I help?' });
      await sendKeys({ press: 'Enter' });
      expect(heard).to.deep.equal(['select', 'send']);
      await waitUntil(() => view.shadowRoot!.querySelectorAll('[part="bubble"]').length === 3, 'reply shown', { timeout: 5000 });
      expect(inner<HTMLTextAreaElement>(composer, 'textarea').value).to.equal('');
      await expect(el).to.be.accessible();
      // The customer's phone got it, through TeleSign.
      const received = async () => (await org.phone(grace)).thread.filter((m) => m.direction === 'received').map((m) => m.text);
      await waitUntil(async () => (await received()).length > 0, 'text received', { timeout: 5000 });
      expect(await received()).to.deep.equal(['Yes, how can I help?']);
    });

    it('shows errors to the agent, tells the host, and lets the agent dismiss them', async () => {
      const errors: string[] = [];
      const el = await fixture<AgentDesktop>(html`
        <agent-desktop no-cache hub-url=${hubUrl} .accessTokenFactory=${token} @ad-error=${(e: CustomEvent) => errors.push(e.detail.code)}></agent-desktop>
      `);
      await waitUntil(() => el.store.getState().conversationsSource === 'live', 'live', { timeout: 5000 });
      const stale = crypto.randomUUID(); // the host opens a conversation this hub does not have (a stale link)
      el.selectConversation(stale);
      await waitUntil(() => el.shadowRoot!.querySelector('.alert') !== null, 'alert shown', { timeout: 5000 });
      expect(errors).to.deep.equal(['not_found']);
      expect(child(el, '.alert').textContent).to.contain('That conversation no longer exists').and.contain(`No conversation ${stale}.`);
      await expect(el).to.be.accessible();
      child<HTMLButtonElement>(el, '.alert button').click();
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('.alert')).to.equal(null);
    });

    it('disconnects when it leaves the page', async () => {
      const el = await fixture<AgentDesktop>(html`<agent-desktop no-cache hub-url=${hubUrl} .accessTokenFactory=${token}></agent-desktop>`);
      await waitUntil(() => el.store.getState().connection.state === 'connected', 'connected', { timeout: 5000 });
      expect(await org.connectedAgents()).to.deep.equal(['alice']);
      el.remove();
      await waitUntil(() => el.store.getState().connection.state === 'disconnected', 'disconnected', { timeout: 5000 });
      await waitUntil(async () => (await org.connectedAgents()).length === 0, 'hub connection closed', { timeout: 5000 });
    });
  });
});

type LitElement = HTMLElement & { updateComplete: Promise<boolean> };
