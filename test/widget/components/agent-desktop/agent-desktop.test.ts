import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../../src/widget/components/agent-desktop/agent-desktop.js';
import type { AgentDesktop } from '../../../../src/widget/components/agent-desktop/agent-desktop.component.js';
import type { TemplatePicker } from '../../../../src/widget/components/template-picker/template-picker.component.js';
import type { ConnectionChangeEvent } from '../../../../src/widget/events/connection-change-event.js';
import { conversation } from '../../support/data.js';
import { takeLitWarnings } from '../../support/lit-warnings.js';
import { customerNumber, realHub, type TestOrganisation } from '../../support/real-hub.js';
import { child } from './agent-desktop-harness.js';

/** A real (tiny) PNG: 1×1 transparent pixel. */
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='),
  (c) => c.charCodeAt(0),
);

describe('<ad-desktop>', () => {
  afterEach(() => {
    expect(takeLitWarnings()).to.deep.equal([]);
  });

  it('is accessible and composes the inbox, view, composer and connection state', async () => {
    const el = await fixture<AgentDesktop>(html`<ad-desktop no-cache></ad-desktop>`);
    for (const tag of [
      'ad-conversation-inbox',
      'ad-conversation-view',
      'ad-message-composer',
      'ad-connection-status',
    ]) {
      expect(el.shadowRoot!.querySelector(tag), tag).to.not.equal(null);
    }
    expect(el.store.getState().connection.state).to.equal('disconnected');
    await expect(el).to.be.accessible();
  });

  it('puts the inbox beside the conversation when wide and above it when narrow', async () => {
    const wide = await fixture<AgentDesktop>(html`<ad-desktop no-cache style="width: 1000px"></ad-desktop>`);
    let inbox = child(wide, 'ad-conversation-inbox').getBoundingClientRect();
    let view = child(wide, 'ad-conversation-view').getBoundingClientRect();
    expect(inbox.right).to.be.at.most(view.left + 1);
    expect(Math.abs(inbox.top - view.top)).to.be.below(2);

    const narrow = await fixture<AgentDesktop>(html`<ad-desktop no-cache style="width: 360px"></ad-desktop>`);
    inbox = child(narrow, 'ad-conversation-inbox').getBoundingClientRect();
    view = child(narrow, 'ad-conversation-view').getBoundingClientRect();
    expect(inbox.bottom).to.be.at.most(view.top + 1);
    expect(inbox.width).to.be.closeTo(view.width, 2);
  });

  it('hands Edit on a message the hub refused to the composer', async () => {
    const el = await fixture<AgentDesktop>(html`<ad-desktop no-cache></ad-desktop>`);
    el.store.replaceConversations([conversation({ id: 'c1' })], 'live');
    el.store.selectConversation('c1');
    const request = { conversationId: 'c1', clientMessageId: 'e1', text: 'Hello?' };
    el.store.setOutbox([
      {
        ...request,
        createdAt: '2025-01-01T10:05:00.000Z',
        request,
        attachments: [],
        error: { code: 'conversation_closed', message: 'Resolved.' },
      },
    ]);
    const view = child<LitElement>(el, 'ad-conversation-view');
    await view.updateComplete;
    [...view.shadowRoot!.querySelectorAll('button')].find((button) => button.textContent.trim() === 'Edit')!.click();
    const composer = child<LitElement>(el, 'ad-message-composer');
    await composer.updateComplete;
    expect(child<HTMLTextAreaElement>(composer, 'textarea').value).to.equal('Hello?');
  });

  it('uses the host font through --ad-font-family', async () => {
    const el = await fixture<AgentDesktop>(
      html`<ad-desktop no-cache style="--ad-font-family: 'Courier New', monospace"></ad-desktop>`,
    );
    const composer = child(el, 'ad-message-composer');
    expect(getComputedStyle(child(composer, 'textarea')).fontFamily).to.contain('Courier New');
  });

  it("puts the host page's crmContext in its store, and shows the session-window banner above the composer", async () => {
    const el = await fixture<AgentDesktop>(
      html`<ad-desktop
        no-cache
        .crmContext=${{ CustomerName: 'Jane Doe', CaseName: 'CAS-01042 Parcel delayed', locale: 'fr-FR' }}
      ></ad-desktop>`,
    );
    expect(el.store.getState().crmContext).to.deep.equal({
      CustomerName: 'Jane Doe',
      CaseName: 'CAS-01042 Parcel delayed',
      locale: 'fr-FR',
    });
    el.crmContext = { CustomerName: 'John Roe' };
    await el.updateComplete;
    expect(el.store.getState().crmContext).to.deep.equal({ CustomerName: 'John Roe' });
    const banner = child(el, 'ad-session-window-banner');
    expect(banner.getAttribute('part')).to.equal('session-window');
    expect(banner.nextElementSibling!.localName).to.equal('ad-message-composer');
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
        <ad-desktop
          no-cache
          hub-url=${hubUrl}
          .accessTokenFactory=${token}
          @ad-connection-change=${(e: ConnectionChangeEvent) => changes.push(`${e.detail.previous}>${e.detail.state}`)}
        ></ad-desktop>
      `);
      await waitUntil(() => el.store.getState().conversationsSource === 'live', 'live', { timeout: 5000 });
      expect(changes).to.deep.equal(['disconnected>connecting', 'connecting>connected']);
      await el.updateComplete;
      expect(child(el, '[part="agent"]').textContent).to.equal(org.displayName('alice'));
      const inbox = child(el, 'ad-conversation-inbox');
      await (inbox as LitElement).updateComplete;
      expect(child(inbox, '[role="listbox"]').querySelectorAll('[role="option"]').length).to.equal(2);
      await expect(el).to.be.accessible();
    });

    it('gets its token from token-url', async () => {
      const el = await fixture<AgentDesktop>(html`
        <ad-desktop no-cache hub-url=${hubUrl} token-url=${org.tokenUrl('bob')}></ad-desktop>
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
        <ad-desktop
          no-cache
          hub-url=${hubUrl}
          .accessTokenFactory=${token}
          @ad-conversation-select=${() => heard.push('select')}
          @ad-message-send=${() => heard.push('send')}
        ></ad-desktop>
      `);
      await waitUntil(() => el.store.getState().conversationsSource === 'live', 'live', { timeout: 5000 });
      const inbox = child<LitElement>(el, 'ad-conversation-inbox');
      await inbox.updateComplete;
      child<HTMLElement>(inbox, '[role="listbox"]').focus();
      await sendKeys({ press: 'Enter' });
      expect(heard).to.deep.equal(['select']);
      expect(el.store.getState().selectedConversationId).to.equal(c1);

      const view = child<LitElement>(el, 'ad-conversation-view');
      await waitUntil(() => view.shadowRoot!.querySelectorAll('[part="bubble"]').length === 2, 'messages', {
        timeout: 5000,
      });
      expect(view.shadowRoot!.querySelector('[part="bubble"]')!.textContent).to.equal('Hello <b>there</b>');

      const composer = child<LitElement>(el, 'ad-message-composer');
      await composer.updateComplete;
      child<HTMLTextAreaElement>(composer, 'textarea').focus();
      await sendKeys({ type: 'Yes, how can I help?' });
      await sendKeys({ press: 'Enter' });
      expect(heard).to.deep.equal(['select', 'send']);
      await waitUntil(() => view.shadowRoot!.querySelectorAll('[part="bubble"]').length === 3, 'reply shown', {
        timeout: 5000,
      });
      expect(child<HTMLTextAreaElement>(composer, 'textarea').value).to.equal('');
      await expect(el).to.be.accessible();
      // The customer's phone got it, through TeleSign.
      const received = async () =>
        (await org.phone(grace)).thread.filter((m) => m.direction === 'received').map((m) => m.text);
      await waitUntil(async () => (await received()).length > 0, 'text received', { timeout: 5000 });
      expect(await received()).to.deep.equal(['Yes, how can I help?']);
    });

    it('shows errors to the agent, tells the host, and lets the agent dismiss them', async () => {
      const errors: string[] = [];
      const el = await fixture<AgentDesktop>(html`
        <ad-desktop
          no-cache
          hub-url=${hubUrl}
          .accessTokenFactory=${token}
          @ad-error=${(e: CustomEvent) => errors.push(e.detail.code)}
        ></ad-desktop>
      `);
      await waitUntil(() => el.store.getState().conversationsSource === 'live', 'live', { timeout: 5000 });
      const stale = crypto.randomUUID(); // the host opens a conversation this hub does not have (a stale link)
      el.selectConversation(stale);
      await waitUntil(() => el.shadowRoot!.querySelector('.alert') !== null, 'alert shown', { timeout: 5000 });
      expect(errors).to.deep.equal(['not_found']);
      expect(child(el, '.alert').textContent)
        .to.contain('That conversation no longer exists')
        .and.contain(`No conversation ${stale}.`);
      await expect(el).to.be.accessible();
      child<HTMLButtonElement>(el, '.alert button').click();
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('.alert')).to.equal(null);
    });

    it('on WhatsApp: attaches a photo, then after 24 hours only a template goes out, filled from the CRM context', async function () {
      this.timeout(20_000);
      const customer = customerNumber();
      await org.whatsApp(customer, { text: 'My parcel is late', profileName: 'Grace Hopper' });
      let offsetMs = 0;
      const el = await fixture<AgentDesktop>(html`
        <ad-desktop
          no-cache
          hub-url=${hubUrl}
          .accessTokenFactory=${token}
          .crmContext=${{ CaseName: 'CAS-01042 Parcel delayed', locale: 'fr-FR' }}
          .now=${() => new Date(Date.now() + offsetMs)}
        ></ad-desktop>
      `);
      try {
        const state = () => el.store.getState();
        await waitUntil(
          () => [...state().conversations.values()].some((c) => c.channel === 'whatsapp'),
          'conversation',
          { timeout: 5000 },
        );
        const conversation = [...state().conversations.values()].find((c) => c.channel === 'whatsapp')!;
        el.selectConversation(conversation.id);
        const view = child<LitElement>(el, 'ad-conversation-view');
        const banner = child<LitElement>(el, 'ad-session-window-banner');
        const composer = child<LitElement>(el, 'ad-message-composer');
        const picker = child<TemplatePicker>(composer, 'ad-template-picker');
        await waitUntil(() => view.shadowRoot!.querySelectorAll('[part~="message"]').length === 1, 'history', {
          timeout: 5000,
        });
        await banner.updateComplete;
        expect(child(banner, '[part~="base"]').textContent.replace(/\s+/g, ' ')).to.contain(
          'Reply window: 23 h 59 min left',
        );

        // A photo, from the composer: checked, uploaded to the hub, sent.
        const input = child<HTMLInputElement>(composer, 'input[type="file"]');
        const transfer = new DataTransfer();
        transfer.items.add(new File([PNG], 'label.png', { type: 'image/png' }));
        input.files = transfer.files;
        input.dispatchEvent(new Event('change'));
        await composer.updateComplete;
        child<HTMLButtonElement>(composer, '[part~="send-button"]').click();
        await waitUntil(() => view.shadowRoot!.querySelectorAll('[part~="message"]').length === 2, 'photo sent', {
          timeout: 5000,
        });
        const img = view.shadowRoot!.querySelector<HTMLImageElement>('[part~="message-outbound"] img')!;
        expect(img.alt).to.equal('label.png');
        await waitUntil(() => img.complete && img.naturalWidth === 1, 'the hub serves the image', { timeout: 5000 });

        // 24 hours later (the hub's clock and the desktop's): templates only.
        await realHub.advanceClock(24 * 3600 * 1000);
        offsetMs = 24 * 3600 * 1000;
        el.now = () => new Date(Date.now() + offsetMs);
        await el.updateComplete;
        await banner.updateComplete;
        await composer.updateComplete;
        expect(child(banner, '[part~="base"]').classList.contains('closed')).to.equal(true);
        expect(child<HTMLTextAreaElement>(composer, 'textarea').disabled).to.equal(true);

        child<HTMLButtonElement>(banner, '[part~="template-button"]').click();
        await waitUntil(() => picker.open, 'the picker opens', { timeout: 2000 });
        await picker.updateComplete;
        await sendKeys({ type: 'delivery' });
        await sendKeys({ press: 'Enter' });
        await picker.updateComplete;
        const q = <T extends Element>(selector: string) => picker.shadowRoot!.querySelector<T>(selector)!;
        expect(q<HTMLSelectElement>('select').value).to.equal('fr'); // the CRM's locale fr-FR
        expect(q<HTMLInputElement>('[data-placeholder="CustomerName"]').value).to.equal('Grace Hopper'); // from WhatsApp
        expect(q<HTMLInputElement>('[data-placeholder="CaseName"]').value).to.equal('CAS-01042 Parcel delayed');
        expect(q<HTMLButtonElement>('[part~="submit-button"]').disabled).to.equal(true);
        await sendKeys({ type: 'demain' }); // the focus is on the empty DeliveryDay
        await picker.updateComplete;
        await expect(picker).to.be.accessible();
        const expected =
          'Bonjour Grace Hopper, du nouveau pour CAS-01042 Parcel delayed : votre colis est en route et arrive demain.';
        expect(q('[part~="preview"]').textContent).to.equal(expected);
        q<HTMLButtonElement>('[part~="submit-button"]').click();
        await waitUntil(() => !picker.open, 'sent and closed', { timeout: 5000 });
        await waitUntil(() => view.shadowRoot!.querySelectorAll('[part~="message"]').length === 3, 'template shown', {
          timeout: 5000,
        });
        const last = [...view.shadowRoot!.querySelectorAll('[part~="message"]')].at(-1)!;
        expect(last.querySelector('[part~="template-label"]')!.textContent).to.equal('Template: delivery_update');
        expect(last.querySelector('[part~="bubble"]')!.textContent).to.equal(expected);
        const phone = async () => (await org.phone(customer)).thread.filter((m) => m.direction === 'received');
        await waitUntil(async () => (await phone()).some((m) => m.text === expected), 'the customer got it', {
          timeout: 5000,
        });
        await expect(el).to.be.accessible();
      } finally {
        await realHub.restore();
      }
    });

    it('disconnects when it leaves the page', async () => {
      const el = await fixture<AgentDesktop>(
        html`<ad-desktop no-cache hub-url=${hubUrl} .accessTokenFactory=${token}></ad-desktop>`,
      );
      await waitUntil(() => el.store.getState().connection.state === 'connected', 'connected', { timeout: 5000 });
      expect(await org.connectedAgents()).to.deep.equal(['alice']);
      el.remove();
      await waitUntil(() => el.store.getState().connection.state === 'disconnected', 'disconnected', { timeout: 5000 });
      await waitUntil(async () => (await org.connectedAgents()).length === 0, 'hub connection closed', {
        timeout: 5000,
      });
    });
  });
});

type LitElement = HTMLElement & { updateComplete: Promise<boolean> };
