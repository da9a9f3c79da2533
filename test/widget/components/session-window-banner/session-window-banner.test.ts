import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import type { ConversationSummary } from '../../../../src/protocol/payloads.js';
import '../../../../src/widget/components/agent-desktop/agent-desktop.js';
import type { AgentDesktop } from '../../../../src/widget/components/agent-desktop/agent-desktop.component.js';
import '../../../../src/widget/components/session-window-banner/session-window-banner.js';
import type { SessionWindowBanner } from '../../../../src/widget/components/session-window-banner/session-window-banner.component.js';
import type { TemplatePicker } from '../../../../src/widget/components/template-picker/template-picker.component.js';
// a chunk the composer loads after its first paint; loaded here so the test can look inside at once
import '../../../../src/widget/components/template-picker/template-picker.js';
import type { TemplatePickerRequestEvent } from '../../../../src/widget/events/template-picker-request-event.js';
import { conversation } from '../../support/data.js';
import { takeLitWarnings } from '../../support/lit-warnings.js';

const LAST_INBOUND = Date.parse('2026-03-02T09:15:00.000Z');
const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;

function whatsApp(overrides: Partial<ConversationSummary> = {}): ConversationSummary {
  return conversation({
    id: 'w1',
    channel: 'whatsapp',
    customerAddress: '+15551234567',
    lastInboundAt: new Date(LAST_INBOUND).toISOString(),
    ...overrides,
  });
}

/** A clock the test sets: `at(ms)` is that long after the customer's last message. */
function testClock(ms: number) {
  const clock = { ms, now: () => new Date(LAST_INBOUND + clock.ms) };
  return clock;
}

const part = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (node: Element | null) => node?.textContent!.replace(/\s+/g, ' ').trim() ?? '';
const liveRegion = (el: SessionWindowBanner) => el.shadowRoot!.querySelector<HTMLElement>('[role="status"]')!;

describe('<ad-session-window-banner>', () => {
  afterEach(() => {
    sinon.restore();
    expect(takeLitWarnings()).to.deep.equal([]);
  });

  it('counts down the time left to reply freely', async () => {
    const clock = testClock(24 * H - (5 * H + 12 * MIN + 30 * S));
    const el = await fixture<SessionWindowBanner>(
      html`<ad-session-window-banner .conversation=${whatsApp()} .now=${clock.now}></ad-session-window-banner>`,
    );
    const base = part(el, 'base')!;
    expect(base.classList.contains('open')).to.equal(true);
    expect(text(base)).to.equal('Reply window: 5 h 12 min left');
    expect(part(el, 'countdown')!.getAttribute('datetime')).to.equal('2026-03-03T09:15:00.000Z');
    expect(text(liveRegion(el))).to.equal('');
    await expect(el).to.be.accessible();
  });

  it('warns in the last hour', async () => {
    const clock = testClock(23 * H + 18 * MIN);
    const el = await fixture<SessionWindowBanner>(
      html`<ad-session-window-banner .conversation=${whatsApp()} .now=${clock.now}></ad-session-window-banner>`,
    );
    const base = part(el, 'base')!;
    expect(base.classList.contains('closing')).to.equal(true);
    expect(text(base)).to.equal('Reply window: 42 min left · then only approved templates can be sent');
    await expect(el).to.be.accessible();
  });

  it('is open at 23:59:59 after the customer last wrote and closed at 24:00:00, with an explanation', async () => {
    const clock = testClock(24 * H - S);
    const el = await fixture<SessionWindowBanner>(
      html`<ad-session-window-banner .conversation=${whatsApp()} .now=${clock.now}></ad-session-window-banner>`,
    );
    expect(part(el, 'base')!.classList.contains('closing')).to.equal(true);
    expect(text(part(el, 'countdown'))).to.equal('1 s left');

    clock.ms = 24 * H;
    el.now = () => clock.now(); // a new clock function re-renders
    await el.updateComplete;
    const base = part(el, 'base')!;
    expect(base.classList.contains('closed')).to.equal(true);
    expect(text(part(el, 'explanation'))).to.equal(
      'Reply window closed. The customer last wrote 1 day ago. WhatsApp allows only approved templates until they write again.',
    );
    expect(part(el, 'template-button')!.textContent.trim()).to.equal('Choose template');
    await expect(el).to.be.accessible();

    clock.ms = 3 * 24 * H;
    el.now = () => clock.now();
    await el.updateComplete;
    expect(text(part(el, 'explanation'))).to.contain('The customer last wrote 3 days ago.');
  });

  it('explains a window that never opened (the customer has not written)', async () => {
    const el = await fixture<SessionWindowBanner>(
      html`<ad-session-window-banner .conversation=${whatsApp({ lastInboundAt: null })}></ad-session-window-banner>`,
    );
    expect(text(part(el, 'explanation'))).to.contain('The customer has not written yet.');
  });

  it('is hidden for channels without a window', async () => {
    const el = await fixture<SessionWindowBanner>(
      html`<ad-session-window-banner
        .conversation=${conversation({ id: 's1', channel: 'sms', lastInboundAt: new Date().toISOString() })}
      ></ad-session-window-banner>`,
    );
    expect(part(el, 'base')).to.equal(null);
    expect(el.getBoundingClientRect().height).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('asks for the template picker from a closed window', async () => {
    const clock = testClock(25 * H);
    const el = await fixture<SessionWindowBanner>(
      html`<ad-session-window-banner .conversation=${whatsApp()} .now=${clock.now}></ad-session-window-banner>`,
    );
    const events: TemplatePickerRequestEvent[] = [];
    el.addEventListener('ad-template-picker-request', (e) => events.push(e));
    part(el, 'template-button')!.click();
    expect(events.map((e) => e.detail)).to.deep.equal([{ conversationId: 'w1', mode: 'send' }]);
    expect(events[0].bubbles && events[0].composed && events[0].cancelable).to.equal(true);
  });

  it('ticks with fake timers: every 30 s, then every second in the last ten minutes, and closes by itself', async () => {
    const timers = sinon.useFakeTimers({
      now: LAST_INBOUND + 24 * H - (9 * MIN + 30 * S),
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
    });
    const el = await fixture<SessionWindowBanner>(
      html`<ad-session-window-banner .conversation=${whatsApp()}></ad-session-window-banner>`,
    );
    expect(text(part(el, 'countdown'))).to.equal('9 min 30 s left');
    await timers.tickAsync(S);
    expect(text(part(el, 'countdown'))).to.equal('9 min 29 s left');
    await timers.tickAsync(9 * MIN + 28 * S);
    expect(text(part(el, 'countdown'))).to.equal('1 s left');
    await timers.tickAsync(S);
    expect(part(el, 'base')!.classList.contains('closed')).to.equal(true);

    // Earlier in the window: the text changes as whole minutes pass, not before.
    timers.setSystemTime(LAST_INBOUND + 24 * H - (5 * H + 12 * MIN + 30 * S));
    el.conversation = whatsApp({ unreadCount: 1 }); // any change re-renders
    await el.updateComplete;
    expect(text(part(el, 'countdown'))).to.equal('5 h 12 min left');
    await timers.tickAsync(30 * S); // exactly 5 h 12 min left
    expect(text(part(el, 'countdown'))).to.equal('5 h 12 min left');
    await timers.tickAsync(1);
    expect(text(part(el, 'countdown'))).to.equal('5 h 11 min left');
    await timers.tickAsync(60 * S);
    expect(text(part(el, 'countdown'))).to.equal('5 h 10 min left');
    expect(timers.countTimers()).to.equal(1); // one timer, never an interval per second
  });

  it('announces each change of state once (open → closing soon → closed → open again), never the ticks', async () => {
    const timers = sinon.useFakeTimers({
      now: LAST_INBOUND + 23 * H - 10 * S,
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
    });
    const el = await fixture<SessionWindowBanner>(
      html`<ad-session-window-banner .conversation=${whatsApp()}></ad-session-window-banner>`,
    );
    const region = liveRegion(el);
    expect(region.getAttribute('role')).to.equal('status');
    const heard: string[] = [];
    const countdowns = new Set<string>();
    const observer = new MutationObserver(() => {
      const said = text(region);
      if (said && said !== heard.at(-1)) heard.push(said);
      countdowns.add(text(part(el, 'countdown')));
    });
    observer.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true });
    const changes: number[] = [];
    new MutationObserver((records) => changes.push(records.length)).observe(region, {
      subtree: true,
      childList: true,
      characterData: true,
    });

    await timers.tickAsync(10 * S); // 23:00:00: the last hour
    await timers.tickAsync(H); // every tick of the last hour, then 24:00:00
    expect(part(el, 'base')!.classList.contains('closed')).to.equal(true);
    expect(countdowns.size).to.be.greaterThan(600); // the countdown moved every second near the end…
    expect(heard).to.deep.equal([
      'Less than an hour left in the reply window.',
      'The reply window has closed. Only approved templates can be sent until the customer writes again.',
    ]);
    expect(changes).to.have.length(2); // …but the live region changed twice

    // The customer writes again: the window re-opens at once.
    el.conversation = whatsApp({ lastInboundAt: new Date().toISOString() });
    await el.updateComplete;
    expect(part(el, 'base')!.classList.contains('open')).to.equal(true);
    expect(text(part(el, 'countdown'))).to.equal('24 h left');
    await timers.tickAsync(5 * MIN);
    observer.disconnect();
    expect(heard.at(-1)).to.equal('The customer wrote again: the reply window is open.');
    expect(changes).to.have.length(3);
  });

  it('says nothing when another conversation is shown', async () => {
    const clock = testClock(2 * H);
    const el = await fixture<SessionWindowBanner>(
      html`<ad-session-window-banner .conversation=${whatsApp()} .now=${clock.now}></ad-session-window-banner>`,
    );
    el.conversation = whatsApp({ id: 'w2', lastInboundAt: new Date(LAST_INBOUND - 2 * 24 * H).toISOString() });
    await el.updateComplete;
    expect(part(el, 'base')!.classList.contains('closed')).to.equal(true);
    expect(text(liveRegion(el))).to.equal('');
  });

  it("inside <ad-desktop> it follows the open conversation, and its button opens the composer's picker", async () => {
    const desktop = await fixture<AgentDesktop>(html`<ad-desktop no-cache></ad-desktop>`);
    const banner = desktop.shadowRoot!.querySelector('ad-session-window-banner')!;
    expect(part(banner, 'base')).to.equal(null);
    desktop.store.setConnection({ state: 'connected', attempt: 0, error: null, retryInMs: null });
    desktop.store.replaceConversations(
      [whatsApp({ lastInboundAt: new Date(Date.now() - 30 * H).toISOString() })],
      'live',
    );
    desktop.selectConversation('w1');
    await banner.updateComplete;
    expect(part(banner, 'base')!.classList.contains('closed')).to.equal(true);
    part(banner, 'template-button')!.focus();
    part(banner, 'template-button')!.click();
    const composer = desktop.shadowRoot!.querySelector('ad-message-composer')!;
    const picker = composer.shadowRoot!.querySelector<TemplatePicker>('ad-template-picker')!;
    await waitUntil(() => picker.open, 'the picker opened (its chunk loaded)');
    await picker.updateComplete;
    expect(picker.mode).to.equal('send');
    picker.close();
    await picker.updateComplete;
    expect(banner.shadowRoot!.activeElement).to.equal(part(banner, 'template-button')); // focus came back

    // A host that shows its own picker cancels the request.
    desktop.addEventListener('ad-template-picker-request', (e) => e.preventDefault());
    part(banner, 'template-button')!.click();
    // The request is answered within the click (the picker's chunk is loaded by now, so it would have opened at once).
    expect(picker.open).to.equal(false);
  });
});
