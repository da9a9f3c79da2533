import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import { MAX_ATTACHMENT_BYTES } from '../../../../src/protocol/limits.js';
import type { UploadedAttachment } from '../../../../src/protocol/payloads.js';
import { DesktopService } from '../../../../src/widget/desktop/desktop-service.js';
import type { MessageSendEvent } from '../../../../src/widget/events/message-send-event.js';
import { DesktopStore } from '../../../../src/widget/state/desktop-store.js';
import { conversation, TEMPLATES } from '../../support/data.js';
import { connectOptions } from '../../support/connect-options.js';
import { text } from '../../support/dom.js';
import { fakeActions } from '../../support/fake-actions.js';
import { takeLitWarnings } from '../../support/lit-warnings.js';
import { hubRefusal } from '../../support/refusal.js';
import { customerNumber, realHub } from '../../support/real-hub.js';
import {
  chips,
  chooseFiles,
  connectedStore,
  counterText,
  file,
  H,
  mountComposer,
  part,
  parts,
  picker,
  setText,
  whatsAppStore,
} from './message-composer-harness.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('<ad-message-composer>', () => {
  afterEach(() => {
    expect(takeLitWarnings()).to.deep.equal([]);
  });

  it('is accessible (empty, with text, and over the limit)', async () => {
    const el = await mountComposer(connectedStore());
    await expect(el).to.be.accessible();
    await setText(el, 'Hello');
    await expect(el).to.be.accessible();
    await setText(el, 'x'.repeat(1601));
    await expect(el).to.be.accessible();
  });

  it('counts characters, segments and encoding: GSM-7 text', async () => {
    const el = await mountComposer(connectedStore());
    expect(counterText(el)).to.equal('0 / 1600 characters · 0 segments · GSM-7');
    parts(el).textarea.focus();
    await sendKeys({ type: 'Hello there' });
    await el.updateComplete;
    expect(counterText(el)).to.equal('11 / 1600 characters · 1 segment · GSM-7');
    await setText(el, 'a'.repeat(161));
    expect(counterText(el)).to.equal('161 / 1600 characters · 2 segments · GSM-7');
  });

  it('counts an emoji as one character that turns the message into UCS-2', async () => {
    const el = await mountComposer(connectedStore());
    await setText(el, 'Hi 😀');
    expect(counterText(el)).to.equal('4 / 1600 characters · 1 segment · UCS-2');
    await setText(el, '😀'.repeat(35));
    expect(counterText(el)).to.equal('35 / 1600 characters · 1 segment · UCS-2');
    await setText(el, '😀'.repeat(36));
    expect(counterText(el)).to.equal('36 / 1600 characters · 2 segments · UCS-2');
  });

  it('allows exactly 1600 characters and refuses 1601 with a visible reason tied to the text field', async () => {
    const el = await mountComposer(connectedStore());
    await setText(el, 'x'.repeat(1600));
    expect(parts(el).send.disabled).to.equal(false);
    expect(text(parts(el).reason)).to.equal('');

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
    const el = await mountComposer(connectedStore());
    await setText(el, '😀'.repeat(1600));
    expect(parts(el).send.disabled).to.equal(false);
    await setText(el, '😀'.repeat(1601));
    expect(parts(el).send.disabled).to.equal(true);
  });

  it('sends on Enter with a fresh clientMessageId, and Shift+Enter starts a new line', async () => {
    const el = await mountComposer(connectedStore());
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
    expect(events[0].detail.text).to.equal('Line one\nLine two');
    expect(events[0].detail.conversationId).to.equal('c1');
    expect(events[0].detail.clientMessageId).to.match(UUID);
    expect(events[0].bubbles && events[0].composed && events[0].cancelable).to.equal(true);
    expect(parts(el).textarea.value).to.equal('');

    await sendKeys({ type: 'Again' });
    await sendKeys({ press: 'Enter' });
    expect(events[1].detail.clientMessageId).to.not.equal(events[0].detail.clientMessageId);
  });

  it('cannot send an empty or blank message', async () => {
    const el = await mountComposer(connectedStore());
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
    const el = await mountComposer(connectedStore('closed'));
    expect(parts(el).textarea.disabled).to.equal(true);
    expect(parts(el).send.disabled).to.equal(true);
    expect(parts(el).reason.textContent).to.contain('closed');
    await expect(el).to.be.accessible();
  });

  it('sends while the hub is unreachable (the outbox keeps the message), and says it will go later', async () => {
    const store = connectedStore();
    const sendMessage = sinon.stub().resolves({});
    const el = await mountComposer(store, { actions: fakeActions({ sendMessage }) });
    await setText(el, 'Are you there?');
    store.setConnection({ state: 'reconnecting', attempt: 2, error: 'lost', retryInMs: 1000 });
    await el.updateComplete;
    expect(text(parts(el).reason)).to.equal('Offline: messages wait here and go when the connection is back.');
    expect(parts(el).send.disabled).to.equal(false);
    parts(el).send.click();
    await waitUntil(() => parts(el).textarea.value === '', 'cleared at once');
    expect(sendMessage.firstCall.args[0]).to.include({ conversationId: 'c1', text: 'Are you there?' });
  });

  it('puts a refused message back for editing; sent, it goes with a new id and the refused one is discarded', async () => {
    const store = connectedStore();
    const actions = fakeActions({ sendMessage: sinon.stub().resolves({}), discardMessage: sinon.stub().resolves() });
    const el = await mountComposer(store, { actions: actions });
    el.editMessage({ conversationId: 'other', clientMessageId: 'x', text: 'Not this one' });
    await el.updateComplete;
    expect(parts(el).textarea.value).to.equal('');
    el.editMessage({ conversationId: 'c1', clientMessageId: 'refused-1', text: 'Hello?' });
    await el.updateComplete;
    expect(parts(el).textarea.value).to.equal('Hello?');
    await waitUntil(() => el.shadowRoot!.activeElement === parts(el).textarea, 'the text field has the focus');
    await sendKeys({ type: ' Still there?' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => actions.discardMessage.called, 'the refused one discarded');
    const [request] = actions.sendMessage.firstCall.args;
    expect(request).to.include({ conversationId: 'c1', text: 'Hello? Still there?' });
    expect(request.clientMessageId).to.match(UUID).and.not.equal('refused-1');
    expect(actions.discardMessage.args).to.deep.equal([['refused-1']]);
    expect(parts(el).textarea.value).to.equal('');
  });

  it('keeps a draft per conversation', async () => {
    const store = connectedStore();
    store.upsertConversations([conversation({ id: 'c2' })]);
    const el = await mountComposer(store);
    await setText(el, 'for c1');
    store.selectConversation('c2');
    await el.updateComplete;
    expect(parts(el).textarea.value).to.equal('');
    store.selectConversation('c1');
    await el.updateComplete;
    expect(parts(el).textarea.value).to.equal('for c1');
  });

  describe('on WhatsApp: the 24-hour window, templates and attachments', () => {
    afterEach(() => sinon.restore());

    it('outside the window only a template can be sent: the text field is disabled with the reason', async () => {
      const el = await mountComposer(whatsAppStore({}, 25 * H));
      const { textarea, reason } = parts(el);
      expect(textarea.disabled).to.equal(true);
      expect(text(reason)).to.equal(
        'The 24-hour reply window has closed: only an approved template can be sent until the customer writes again.',
      );
      expect(part(el, 'send-button')).to.equal(null);
      expect(part(el, 'attach-button')).to.equal(null);
      const choose = part(el, 'template-button')!;
      expect(choose.textContent.trim()).to.equal('Choose template');
      expect(choose.getAttribute('aria-describedby')).to.equal(reason.id);
      await expect(el).to.be.accessible();

      const requests: Event[] = [];
      el.addEventListener('ad-template-picker-request', (e) => requests.push(e));
      choose.focus();
      choose.click();
      await picker(el).updateComplete;
      expect(requests).to.have.length(1);
      expect(picker(el).open).to.equal(true);
      expect(picker(el).mode).to.equal('send');
      await sendKeys({ press: 'Escape' });
      await picker(el).updateComplete;
      expect(el.shadowRoot!.activeElement).to.equal(choose);
    });

    it('switches live: when the clock passes the end of the window, and back as soon as the customer writes', async () => {
      const timers = sinon.useFakeTimers({
        now: Date.parse('2026-03-03T09:14:59.000Z'),
        toFake: ['setTimeout', 'clearTimeout', 'Date'],
      });
      const store = whatsAppStore({ lastInboundAt: '2026-03-02T09:15:00.000Z' }); // 23:59:59 ago
      const el = await mountComposer(store);
      await setText(el, 'Still there?');
      expect(parts(el).textarea.disabled).to.equal(false);
      expect(parts(el).send.disabled).to.equal(false);
      parts(el).textarea.focus();

      await timers.tickAsync(1000); // 24:00:00
      expect(parts(el).textarea.disabled).to.equal(true);
      expect(part(el, 'template-button')!.textContent.trim()).to.equal('Choose template');
      expect(el.shadowRoot!.activeElement).to.equal(part(el, 'template-button')); // the focus was not lost
      expect(parts(el).textarea.value).to.equal('Still there?'); // the draft is kept

      store.upsertConversations([
        { ...store.getState().conversations.get('w1')!, lastInboundAt: new Date().toISOString() },
      ]);
      await el.updateComplete;
      expect(parts(el).textarea.disabled).to.equal(false);
      expect(parts(el).send.disabled).to.equal(false);
    });

    it('inside the window, Template inserts the filled text at the cursor for editing', async () => {
      const el = await mountComposer(whatsAppStore());
      await setText(el, 'Hello! ');
      const template = part(el, 'template-button')!;
      expect(template.textContent.replace(/\s+/g, ' ').trim()).to.equal("Template: insert a template's text");
      template.click();
      await picker(el).updateComplete;
      expect(picker(el).mode).to.equal('insert');
      await sendKeys({ type: 'case' });
      await sendKeys({ press: 'Enter' });
      await picker(el).updateComplete;
      picker(el).shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit-button"]')!.click();
      await waitUntil(() => el.shadowRoot!.activeElement === parts(el).textarea, 'the text field has the focus');
      const inserted = 'Hi Ada Lovelace, we have closed CAS-01042 Parcel delayed. Reply any time if you need us again.';
      expect(parts(el).textarea.value).to.equal(`Hello! ${inserted}`);
      expect(parts(el).textarea.selectionStart).to.equal(`Hello! ${inserted}`.length);
      expect(parts(el).send.disabled).to.equal(false);
      expect(counterText(el)).to.equal(`${`Hello! ${inserted}`.length} / 1600 characters`);
    });

    it('offers Template only when the channel has templates', async () => {
      const store = connectedStore();
      const el = await mountComposer(store);
      expect(part(el, 'template-button')).to.equal(null);
      store.setTemplates(TEMPLATES, 'live');
      await el.updateComplete;
      expect(part(el, 'template-button')).to.not.equal(null); // SMS templates exist
    });

    it('attaches files as removable chips on WhatsApp, never on SMS', async () => {
      const sms = await mountComposer(connectedStore());
      expect(part(sms, 'attach-button')).to.equal(null);
      expect(sms.shadowRoot!.querySelector('input[type="file"]')).to.equal(null);

      const el = await mountComposer(whatsAppStore());
      const attach = part(el, 'attach-button')!;
      expect(attach.textContent.replace(/\s+/g, ' ').trim()).to.equal('Attach files');
      const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type="file"]')!;
      expect(input.multiple).to.equal(true);
      expect(input.accept.split(',')).to.include.members(['image/jpeg', 'application/pdf']);
      const opened = sinon.spy(input, 'click');
      attach.focus();
      await sendKeys({ press: 'Enter' }); // keyboard-usable
      expect(opened.calledOnce).to.equal(true);

      await chooseFiles(el, [
        file('parcel.jpg', 'image/jpeg', 250 * 1024),
        file('invoice.pdf', 'application/pdf', 1_500_000),
      ]);
      expect(chips(el)).to.deep.equal(['parcel.jpg JPEG image, 250 KB ×', 'invoice.pdf PDF, 1.4 MB ×']);
      expect(parts(el).send.disabled).to.equal(false); // files alone can be sent
      await expect(el).to.be.accessible();

      const remove = el.shadowRoot!.querySelector<HTMLButtonElement>('[aria-label="Remove parcel.jpg"]')!;
      remove.click();
      await el.updateComplete;
      expect(chips(el)).to.deep.equal(['invoice.pdf PDF, 1.4 MB ×']);
      await el.updateComplete;
      expect(el.shadowRoot!.activeElement).to.equal(attach);
    });

    it('checks type, size and count before anything is uploaded, and says why a file was refused', async () => {
      const el = await mountComposer(whatsAppStore());
      await chooseFiles(el, [
        file('notes.txt', 'text/plain'),
        file('video.mp4', 'video/mp4', MAX_ATTACHMENT_BYTES + 1),
        ...[1, 2, 3, 4, 5, 6].map((n) => file(`photo${n}.png`, 'image/png')),
      ]);
      expect(chips(el)).to.have.length(5);
      const errors = part(el, 'file-errors')!;
      expect(errors.hidden).to.equal(false);
      expect(errors.getAttribute('role')).to.equal('alert');
      const reasons = [...errors.querySelectorAll('p')].map((p) => p.textContent);
      expect(reasons).to.have.length(3);
      expect(reasons[0]).to.contain('“notes.txt”').and.contain('cannot be sent');
      expect(reasons[1]).to.contain('“video.mp4”').and.contain('at most 5 MB');
      expect(reasons[2]).to.contain('“photo6.png”').and.contain('at most 5 files');
      await expect(el).to.be.accessible();
    });

    it('sends by uploading the files, then sendMessage with their ids; a failure keeps everything and a retry uploads nothing twice', async () => {
      let next = 0;
      const uploadAttachment = sinon.stub().callsFake((f: File): Promise<UploadedAttachment> =>
        Promise.resolve({
          id: `up-${++next}`,
          url: `https://hub.example/media/${next}`,
          contentType: f.type,
          name: f.name,
          sizeBytes: f.size,
        }),
      );
      const sendMessage = sinon.stub();
      sendMessage.onFirstCall().rejects(hubRefusal('attachment_too_large', 'too big for the provider'));
      sendMessage.onSecondCall().resolves({});
      const actions = fakeActions({ uploadAttachment, sendMessage });
      const el = await mountComposer(whatsAppStore(), { actions: actions });
      const events: MessageSendEvent[] = [];
      el.addEventListener('ad-message-send', (e) => events.push(e));
      const photo = file('parcel.jpg', 'image/jpeg');
      const pdf = file('invoice.pdf', 'application/pdf');
      await chooseFiles(el, [photo, pdf]);

      parts(el).send.click();
      await waitUntil(() => !parts(el).error.hidden, 'the error');
      expect(events[0].detail.files).to.deep.equal([photo, pdf]);
      expect(events[0].detail.text).to.equal('');
      expect(uploadAttachment.args.map(([f]) => f)).to.deep.equal([photo, pdf]);
      expect(sendMessage.firstCall.args[0]).to.deep.equal({
        conversationId: 'w1',
        clientMessageId: events[0].detail.clientMessageId,
        text: '',
        attachmentIds: ['up-1', 'up-2'],
      });
      expect(parts(el).error.textContent).to.equal(
        'Not sent: The file is too large; files can be at most 5 MB. (too big for the provider)',
      );
      expect(chips(el)).to.have.length(2);

      parts(el).send.click();
      await waitUntil(() => chips(el).length === 0, 'sent and cleared');
      expect(uploadAttachment.callCount).to.equal(2); // not uploaded again
      expect(sendMessage.secondCall.args[0]).to.deep.equal(sendMessage.firstCall.args[0]);
      expect(parts(el).error.hidden).to.equal(true);
    });

    it('keeps files while the hub is unreachable (they are uploaded first), and says why', async () => {
      const store = whatsAppStore();
      const uploadAttachment = sinon.stub();
      const el = await mountComposer(store, { actions: fakeActions({ uploadAttachment }) });
      await chooseFiles(el, [file('a.png', 'image/png')]);
      store.setConnection({ state: 'reconnecting', attempt: 1, error: 'lost', retryInMs: 500 });
      await el.updateComplete;
      expect(parts(el).send.disabled).to.equal(true);
      expect(text(parts(el).reason)).to.equal('The hub is unreachable, so files cannot be sent. Reconnecting…');
      expect(chips(el)).to.have.length(1);
    });

    it("shows the hub's refusal of an upload", async () => {
      const uploadAttachment = sinon
        .stub()
        .rejects(hubRefusal('attachment_type_not_allowed', 'Files of type image/heic cannot be sent'));
      const sendMessage = sinon.stub();
      const el = await mountComposer(whatsAppStore(), { actions: fakeActions({ uploadAttachment, sendMessage }) });
      await chooseFiles(el, [file('a.png', 'image/png')]);
      await setText(el, 'See attached');
      parts(el).textarea.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => !parts(el).error.hidden, 'the error');
      expect(parts(el).error.textContent).to.contain('Not sent: Files of this type cannot be sent.');
      expect(sendMessage.called).to.equal(false);
      expect(parts(el).textarea.value).to.equal('See attached');
    });
  });

  describe('sending through the desktop (real hub)', () => {
    let service: DesktopService | undefined;
    afterEach(async () => {
      await service?.disconnect();
      service = undefined;
      await realHub.restore();
    });

    it('clears at once; the outbox sends it, and after a lost answer and a lost link, once more with the same id: the customer gets it once', async () => {
      const org = await realHub.organisation();
      const customer = customerNumber();
      const c1 = (await org.text(customer, 'Where is my order?')).conversationId;
      const token = await org.token('alice');
      const store = new DesktopStore();
      const desktop = new DesktopService(store);
      service = desktop;
      // Through the gate, so the test can lose the hub's answers and then the link itself.
      await desktop.connect(connectOptions(await realHub.gatedUrl(), token, { cache: false }));
      await waitUntil(() => store.getState().conversationsSource === 'live', 'synced', { timeout: 5000 });
      desktop.selectConversation(c1);

      const el = await mountComposer(store, { actions: desktop });
      const events: MessageSendEvent[] = [];
      el.addEventListener('ad-message-send', (e) => events.push(e));
      const received = async () =>
        (await org.phone(customer)).thread.filter((m) => m.direction === 'received' && m.text === 'Your order shipped')
          .length;

      // The hub takes the message and sends it, but its answer is lost, and then the link goes.
      await realHub.gate('one-way');
      await setText(el, 'Your order shipped');
      parts(el).textarea.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => parts(el).textarea.value === '', 'cleared at once');
      expect(
        store
          .getState()
          .outbox.get(c1)!
          .map((e) => e.text),
      ).to.deep.equal(['Your order shipped']); // pending
      await waitUntil(async () => (await received()) === 1, 'the customer got the text', { timeout: 5000 });
      await realHub.gate('down');
      await waitUntil(() => store.getState().connection.state !== 'connected', 'the link is gone', { timeout: 5000 });
      expect(store.getState().outbox.get(c1)).to.have.length(1); // still waiting for the hub's word

      await realHub.gate('open');
      await waitUntil(() => !store.getState().outbox.get(c1)?.length, 'the hub has it', { timeout: 10_000 });
      expect(parts(el).error.hidden).to.equal(true);
      expect(events).to.have.length(1);
      // The hub recognised the second send: one message, sent to the customer once.
      const mine = (store.getState().messages.get(c1) ?? []).filter((m) => m.direction === 'outbound');
      expect(mine.map((m) => [m.seq, m.text, m.clientMessageId])).to.deep.equal([
        [2, 'Your order shipped', events[0].detail.clientMessageId],
      ]);
      expect(await received()).to.equal(1);
    });
  });
});

describe('<ad-message-composer> on Business Messages', () => {
  it('tells the customer the agent is typing once, and that they stopped after a pause', async () => {
    const clock = sinon.useFakeTimers({
      now: Date.UTC(2026, 10, 21, 10),
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
    });
    try {
      const store = new DesktopStore();
      store.replaceConversations([conversation({ id: 'g1', channel: 'gbm', customerAddress: 'conv-1' })], 'live');
      store.selectConversation('g1');
      const setTyping = sinon.spy();
      const el = await mountComposer(store, { actions: fakeActions({ setTyping }) });
      const textarea = el.shadowRoot!.querySelector('textarea')!;
      for (const typed of ['H', 'He', 'Hel']) {
        textarea.value = typed;
        textarea.dispatchEvent(new Event('input'));
        clock.tick(500);
      }
      expect(setTyping.args).to.deep.equal([['g1', true]]);
      clock.tick(4000);
      expect(setTyping.args).to.deep.equal([
        ['g1', true],
        ['g1', false],
      ]);
    } finally {
      clock.restore();
    }
  });

  it('says nothing about typing on SMS', async () => {
    const store = new DesktopStore();
    store.replaceConversations([conversation({ id: 's1', channel: 'sms' })], 'live');
    store.selectConversation('s1');
    const setTyping = sinon.spy();
    const el = await mountComposer(store, { actions: fakeActions({ setTyping }) });
    const textarea = el.shadowRoot!.querySelector('textarea')!;
    textarea.value = 'Hi';
    textarea.dispatchEvent(new Event('input'));
    expect(setTyping.called).to.equal(false);
  });
});
