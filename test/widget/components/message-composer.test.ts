import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { LogLevel } from '@microsoft/signalr';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/widget/components/message-composer/message-composer.js';
import type { MessageComposer } from '../../../src/widget/components/message-composer/message-composer.component.js';
import { DesktopService } from '../../../src/widget/desktop/desktop-service.js';
import type { MessageSendEvent } from '../../../src/widget/events/message-send-event.js';
import { BackoffRetryPolicy } from '../../../src/widget/hub/retry-policy.js';
import { DesktopStore } from '../../../src/widget/state/desktop-store.js';
import { conversation } from '../support/data.js';
import { takeLitWarnings } from '../support/lit-warnings.js';
import { customerNumber, realHub } from '../support/real-hub.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function connectedStore(status: 'active' | 'closed' = 'active') {
  const store = new DesktopStore();
  store.setConnection({ state: 'connected', attempt: 0, error: null, retryInMs: null });
  store.replaceConversations([conversation({ id: 'c1', status })], 'live');
  store.selectConversation('c1');
  return store;
}

const parts = (el: MessageComposer) => ({
  textarea: el.shadowRoot!.querySelector('textarea')!,
  send: el.shadowRoot!.querySelector<HTMLButtonElement>('[part="send-button"]')!,
  counter: el.shadowRoot!.querySelector('[part="counter"]')!,
  reason: el.shadowRoot!.querySelector('[part="reason"]')!,
  error: el.shadowRoot!.querySelector<HTMLElement>('[part="error"]')!,
});

async function setText(el: MessageComposer, text: string) {
  const { textarea } = parts(el);
  textarea.value = text;
  textarea.dispatchEvent(new Event('input', { bubbles: true }));
  await el.updateComplete;
}

function counterText(el: MessageComposer) {
  return parts(el).counter.textContent!.replace(/\s+/g, ' ').trim();
}

describe('<message-composer>', () => {
  afterEach(() => {
    expect(takeLitWarnings()).to.deep.equal([]);
  });

  it('is accessible (empty, with text, and over the limit)', async () => {
    const el = await fixture<MessageComposer>(html`<message-composer .store=${connectedStore()}></message-composer>`);
    await expect(el).to.be.accessible();
    await setText(el, 'Hello');
    await expect(el).to.be.accessible();
    await setText(el, 'x'.repeat(1601));
    await expect(el).to.be.accessible();
  });

  it('counts characters, segments and encoding: GSM-7 text', async () => {
    const el = await fixture<MessageComposer>(html`<message-composer .store=${connectedStore()}></message-composer>`);
    expect(counterText(el)).to.equal('0 / 1600 characters · 0 segments · GSM-7');
    parts(el).textarea.focus();
    await sendKeys({ type: 'Hello there' });
    await el.updateComplete;
    expect(counterText(el)).to.equal('11 / 1600 characters · 1 segment · GSM-7');
    await setText(el, 'a'.repeat(161));
    expect(counterText(el)).to.equal('161 / 1600 characters · 2 segments · GSM-7');
  });

  it('counts an emoji as one character that turns the message into UCS-2', async () => {
    const el = await fixture<MessageComposer>(html`<message-composer .store=${connectedStore()}></message-composer>`);
    await setText(el, 'Hi 😀');
    expect(counterText(el)).to.equal('4 / 1600 characters · 1 segment · UCS-2');
    await setText(el, '😀'.repeat(35));
    expect(counterText(el)).to.equal('35 / 1600 characters · 1 segment · UCS-2');
    await setText(el, '😀'.repeat(36));
    expect(counterText(el)).to.equal('36 / 1600 characters · 2 segments · UCS-2');
  });

  it('allows exactly 1600 characters and refuses 1601 with a visible reason tied to the text field', async () => {
    const el = await fixture<MessageComposer>(html`<message-composer .store=${connectedStore()}></message-composer>`);
    await setText(el, 'x'.repeat(1600));
    expect(parts(el).send.disabled).to.equal(false);
    expect(parts(el).reason.textContent!.trim()).to.equal('');

    await setText(el, 'x'.repeat(1601));
    const { send, reason, textarea } = parts(el);
    expect(send.disabled).to.equal(true);
    expect(reason.textContent).to.contain('Too long').and.contain('1601').and.contain('1600');
    expect(getComputedStyle(reason).display).to.not.equal('none');
    expect(textarea.getAttribute('aria-describedby')!.split(' ')).to.include(reason.id);
    expect(textarea.getAttribute('aria-invalid')).to.equal('true');

    let sent = false;
    el.addEventListener('ad-message-send', () => (sent = true));
    textarea.focus();
    await sendKeys({ press: 'Enter' });
    expect(sent).to.equal(false);
  });

  it('counts 1600 as characters, not UTF-16 units (emoji)', async () => {
    const el = await fixture<MessageComposer>(html`<message-composer .store=${connectedStore()}></message-composer>`);
    await setText(el, '😀'.repeat(1600));
    expect(parts(el).send.disabled).to.equal(false);
    await setText(el, '😀'.repeat(1601));
    expect(parts(el).send.disabled).to.equal(true);
  });

  it('sends on Enter with a fresh clientMessageId, and Shift+Enter starts a new line', async () => {
    const el = await fixture<MessageComposer>(html`<message-composer .store=${connectedStore()}></message-composer>`);
    const events: MessageSendEvent[] = [];
    el.addEventListener('ad-message-send', (e) => events.push(e));
    parts(el).textarea.focus();
    await sendKeys({ type: 'Line one' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ type: 'Line two' });
    await el.updateComplete;
    expect(parts(el).textarea.value).to.equal('Line one\nLine two');
    expect(events).to.have.length(0);

    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(events).to.have.length(1);
    expect(events[0]!.detail.text).to.equal('Line one\nLine two');
    expect(events[0]!.detail.conversationId).to.equal('c1');
    expect(events[0]!.detail.clientMessageId).to.match(UUID);
    expect(events[0]!.bubbles && events[0]!.composed && events[0]!.cancelable).to.equal(true);
    expect(parts(el).textarea.value).to.equal('');

    await sendKeys({ type: 'Again' });
    await sendKeys({ press: 'Enter' });
    expect(events[1]!.detail.clientMessageId).to.not.equal(events[0]!.detail.clientMessageId);
  });

  it('cannot send an empty or blank message', async () => {
    const el = await fixture<MessageComposer>(html`<message-composer .store=${connectedStore()}></message-composer>`);
    let sent = 0;
    el.addEventListener('ad-message-send', () => sent++);
    expect(parts(el).send.disabled).to.equal(true);
    parts(el).textarea.focus();
    await sendKeys({ press: 'Enter' });
    await setText(el, '   \n  ');
    expect(parts(el).send.disabled).to.equal(true);
    await sendKeys({ press: 'Enter' });
    expect(sent).to.equal(0);
  });

  it('is disabled with a visible reason when the conversation is closed', async () => {
    const el = await fixture<MessageComposer>(html`<message-composer .store=${connectedStore('closed')}></message-composer>`);
    expect(parts(el).textarea.disabled).to.equal(true);
    expect(parts(el).send.disabled).to.equal(true);
    expect(parts(el).reason.textContent).to.contain('closed');
    await expect(el).to.be.accessible();
  });

  it('cannot send while the hub is unreachable, and says so', async () => {
    const store = connectedStore();
    const el = await fixture<MessageComposer>(html`<message-composer .store=${store}></message-composer>`);
    await setText(el, 'Are you there?');
    expect(parts(el).send.disabled).to.equal(false);
    store.setConnection({ state: 'reconnecting', attempt: 2, error: 'lost', retryInMs: 1000 });
    await el.updateComplete;
    expect(parts(el).send.disabled).to.equal(true);
    expect(parts(el).reason.textContent).to.contain('unreachable');
    expect(parts(el).textarea.value).to.equal('Are you there?');
  });

  it('keeps a draft per conversation', async () => {
    const store = connectedStore();
    store.upsertConversations([conversation({ id: 'c2' })]);
    const el = await fixture<MessageComposer>(html`<message-composer .store=${store}></message-composer>`);
    await setText(el, 'for c1');
    store.selectConversation('c2');
    await el.updateComplete;
    expect(parts(el).textarea.value).to.equal('');
    store.selectConversation('c1');
    await el.updateComplete;
    expect(parts(el).textarea.value).to.equal('for c1');
  });

  describe('sending through the desktop (real hub)', () => {
    let service: DesktopService | undefined;
    afterEach(async () => {
      await service?.disconnect();
      service = undefined;
      await realHub.restore();
    });

    it('keeps the text and shows the error when a send fails; a retry reuses the clientMessageId and sends once', async () => {
      const org = await realHub.organisation();
      const customer = customerNumber();
      const c1 = (await org.text(customer, 'Where is my order?')).conversationId;
      const token = await org.token('alice');
      const store = new DesktopStore();
      const desktop = new DesktopService(store);
      service = desktop;
      // Through the gate, so the test can lose the hub's answers and then the link itself.
      await desktop.connect({
        hubUrl: await realHub.gatedUrl(),
        accessTokenFactory: () => token,
        cache: false,
        retryPolicy: new BackoffRetryPolicy({ firstRetryMaxMs: 20, baseMs: 40, maxMs: 100 }),
        logLevel: LogLevel.None,
      });
      await waitUntil(() => store.getState().conversationsSource === 'live', 'synced', { timeout: 5000 });
      desktop.selectConversation(c1);

      const el = await fixture<MessageComposer>(html`<message-composer .store=${store} .actions=${desktop}></message-composer>`);
      const events: MessageSendEvent[] = [];
      el.addEventListener('ad-message-send', (e) => events.push(e));
      const received = async () =>
        (await org.phone(customer)).thread.filter((m) => m.direction === 'received' && m.text === 'Your order shipped').length;

      // The hub takes the message and sends it, but its answer is lost, and then the link goes.
      await realHub.gate('one-way');
      await setText(el, 'Your order shipped');
      parts(el).textarea.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(async () => (await received()) === 1, 'the customer got the text', { timeout: 5000 });
      expect(parts(el).send.textContent!.trim()).to.equal('Sending…');
      await realHub.gate('down');
      await waitUntil(() => !parts(el).error.hidden, 'error shown', { timeout: 5000 });
      expect(parts(el).error.textContent).to.contain('Not sent');
      expect(parts(el).error.getAttribute('role')).to.equal('alert');
      expect(parts(el).textarea.value).to.equal('Your order shipped');

      await realHub.gate('open');
      await waitUntil(() => !parts(el).send.disabled, 'reconnected', { timeout: 5000 });
      parts(el).send.click();
      await waitUntil(() => parts(el).textarea.value === '', 'sent and cleared', { timeout: 5000 });
      expect(parts(el).error.hidden).to.equal(true);
      expect(events).to.have.length(2);
      const [first, second] = events.map((e) => e.detail);
      expect(second!.clientMessageId).to.equal(first!.clientMessageId);
      expect(second!.text).to.equal('Your order shipped');
      // The hub recognised the retry: one message, sent to the customer once.
      const mine = (store.getState().messages.get(c1) ?? []).filter((m) => m.direction === 'outbound');
      expect(mine.map((m) => [m.seq, m.text, m.clientMessageId])).to.deep.equal([[2, 'Your order shipped', first!.clientMessageId]]);
      expect(await received()).to.equal(1);
    });
  });
});
