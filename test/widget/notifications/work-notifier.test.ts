import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { RingTone } from '../../../src/widget/audio/ring-tone.js';
import { WorkNotifier, type WorkNotice } from '../../../src/widget/notifications/work-notifier.js';

/** Two tabs of the same agent, in one page: they share localStorage and Web Locks as two tabs do. */
function twoTabs() {
  const scope = `org-1:agent-1:${Math.random()}`; // each test its own locks (a tab that notified keeps one 30 s)
  const focus = { a: false, b: false };
  const shown = { a: [] as string[], b: [] as string[] };
  const a = new WorkNotifier(scope, { hasFocus: () => focus.a, show: (n) => shown.a.push(n.key) });
  const b = new WorkNotifier(scope, { hasFocus: () => focus.b, show: (n) => shown.b.push(n.key) });
  a.start();
  b.start();
  return { scope, a, b, focus, shown };
}

const work = (key: string): WorkNotice => ({
  key,
  title: 'New message: Grace Hopper',
  body: 'My parcel is late',
  conversationId: 'c1',
});

describe('WorkNotifier', () => {
  const started: WorkNotifier[] = [];

  afterEach(() => {
    for (const notifier of started.splice(0)) notifier.stop();
    sinon.restore();
  });

  it('notifies from one tab only when no tab of the agent is focused', async () => {
    const { a, b, shown } = twoTabs();
    started.push(a, b);
    const results = await Promise.all([a.notify(work('message:m1')), b.notify(work('message:m1'))]);
    expect(results.filter(Boolean)).to.have.length(1);
    expect([...shown.a, ...shown.b]).to.deep.equal(['message:m1']);
    // The same work arriving late in the other tab (still within the lock's hold) is not shown again.
    expect(await a.notify(work('message:m1'))).to.equal(false);
    expect(await b.notify(work('message:m1'))).to.equal(false);
    // Other work is new.
    expect(await b.notify(work('message:m2'))).to.equal(true);
    expect([...shown.a, ...shown.b].sort()).to.deep.equal(['message:m1', 'message:m2']);
  });

  it('stays quiet while the agent looks at this tab or at another tab of theirs', async () => {
    const { a, b, focus, shown, scope } = twoTabs();
    started.push(a, b);
    focus.b = true;
    window.dispatchEvent(new Event('focus')); // tab b records that it has the focus
    expect(localStorage.getItem(`ad-focused-tab:${scope}`)).to.be.a('string');
    expect(await a.notify(work('offer:c1:1'))).to.equal(false); // unfocused, but the agent sees tab b
    expect(await b.notify(work('offer:c1:1'))).to.equal(false); // focused itself
    expect([...shown.a, ...shown.b]).to.deep.equal([]);

    focus.b = false;
    window.dispatchEvent(new Event('blur')); // the agent went to another window
    expect(localStorage.getItem(`ad-focused-tab:${scope}`)).to.equal(null);
    expect(await a.notify(work('offer:c1:2'))).to.equal(true);
    expect(shown.a).to.deep.equal(['offer:c1:2']);
  });

  it('does not count tabs of another agent in this browser', async () => {
    const focused = new WorkNotifier(`org-1:agent-2:${Math.random()}`, { hasFocus: () => true, show: () => {} });
    const shown: string[] = [];
    const mine = new WorkNotifier(`org-1:agent-1:${Math.random()}`, {
      hasFocus: () => false,
      show: (n) => shown.push(n.key),
    });
    started.push(focused, mine);
    focused.start();
    mine.start();
    expect(await mine.notify(work('message:m1'))).to.equal(true);
  });

  it('forgets its focus when stopped (the desktop left the page)', () => {
    const scope = `org-1:agent-1:${Math.random()}`;
    const notifier = new WorkNotifier(scope, { hasFocus: () => true });
    notifier.start();
    expect(localStorage.getItem(`ad-focused-tab:${scope}`)).to.be.a('string');
    notifier.stop();
    expect(localStorage.getItem(`ad-focused-tab:${scope}`)).to.equal(null);
  });

  it('by default chimes and shows a desktop notification when allowed; a click focuses the window', async () => {
    const made: Array<{
      title: string;
      options: NotificationOptions;
      notification: { onclick: (() => void) | null; close: sinon.SinonSpy };
    }> = [];
    let permission: NotificationPermission = 'granted';
    class FakeNotification {
      static get permission() {
        return permission;
      }
      onclick: (() => void) | null = null;
      close = sinon.spy();
      constructor(title: string, options: NotificationOptions) {
        made.push({ title, options, notification: this });
      }
    }
    sinon.replace(window, 'Notification', FakeNotification as unknown as typeof Notification);
    const chime = sinon.spy(RingTone.prototype, 'once');
    const focus = sinon.stub(window, 'focus');
    const notifier = new WorkNotifier(`org-1:agent-1:${Math.random()}`, { hasFocus: () => false });
    started.push(notifier);
    notifier.start();

    expect(await notifier.notify(work('message:m1'))).to.equal(true);
    expect(chime.calledOnce).to.equal(true);
    expect(made.map((m) => [m.title, m.options.body, m.options.tag])).to.deep.equal([
      ['New message: Grace Hopper', 'My parcel is late', 'ad-work-c1'],
    ]);
    made[0].notification.onclick!();
    expect(focus.calledOnce).to.equal(true);
    expect(made[0].notification.close.calledOnce).to.equal(true);

    permission = 'default'; // not allowed (never asked here): the chime alone
    expect(await notifier.notify(work('message:m2'))).to.equal(true);
    expect(chime.calledTwice).to.equal(true);
    expect(made).to.have.length(1);
  });
});
