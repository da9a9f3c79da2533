import { expect, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../../../src/widget/components/presence-selector/presence-selector.js';
import type { PresenceSelector } from '../../../../src/widget/components/presence-selector/presence-selector.component.js';
import type { DesktopActions } from '../../../../src/widget/desktop/desktop-actions.js';
import { DesktopStore } from '../../../../src/widget/state/desktop-store.js';
import type { ChoosablePresence } from '../../../../src/protocol/routing.js';
import { routingState } from '../../support/data.js';
import { mount as mountElement, settle } from '../../support/dom.js';
import { fakeActions } from '../../support/fake-actions.js';
import { takeLitWarnings } from '../../support/lit-warnings.js';
import { hubRefusal } from '../../support/refusal.js';

const CONNECTED = { state: 'connected', attempt: 0, error: null, retryInMs: null } as const;

function connectedStore(): DesktopStore {
  const store = new DesktopStore();
  store.setConnection(CONNECTED);
  store.setRouting(routingState());
  return store;
}

/** setPresence as the hub answers it: the new routing state, also put in the store (as the service does). */
function presenceActions(store: DesktopStore) {
  return {
    setPresence: sinon.spy((presence: ChoosablePresence) => {
      store.updateRouting((r) => ({ ...r, presence }));
      return Promise.resolve(store.getState().routing!);
    }),
  };
}

function mount(store = connectedStore(), actions: Partial<DesktopActions> = presenceActions(store)) {
  return mountElement('ad-presence-selector', { store, actions: fakeActions(actions) });
}

const select = (el: PresenceSelector) => el.shadowRoot!.querySelector<HTMLSelectElement>('select')!;
const dot = (el: PresenceSelector) => el.shadowRoot!.querySelector('[part~="indicator"]')!;
const error = (el: PresenceSelector) => el.shadowRoot!.querySelector<HTMLElement>('[part~="error"]')!;

async function choose(el: PresenceSelector, value: string) {
  select(el).value = value;
  select(el).dispatchEvent(new Event('change'));
  await settle(el); // the hub's answer (or refusal)
}

describe('<ad-presence-selector>', () => {
  afterEach(() => {
    sinon.restore();
    expect(takeLitWarnings()).to.deep.equal([]);
  });

  it('shows the presence with its dot and the four choices; accessible', async () => {
    const el = await mount();
    expect(select(el).value).to.equal('available');
    expect([...select(el).options].map((o) => o.textContent.trim())).to.deep.equal([
      'Available',
      'Busy',
      'Do not disturb',
      'Away',
    ]);
    expect(select(el).getAttribute('aria-label')).to.equal('Presence');
    expect(dot(el).classList.contains('presence-available')).to.equal(true);
    expect(error(el).hidden).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('sets the presence through the hub', async () => {
    const store = connectedStore();
    const actions = presenceActions(store);
    const el = await mount(store, actions);
    await choose(el, 'dnd');
    expect(actions.setPresence.calledOnceWith('dnd')).to.equal(true);
    expect(dot(el).classList.contains('presence-dnd')).to.equal(true);
  });

  it('follows a change made in another tab (presenceChanged, in the store)', async () => {
    const store = connectedStore();
    const el = await mount(store);
    store.updateRouting((r) => ({ ...r, presence: 'away' }));
    await el.updateComplete;
    expect(select(el).value).to.equal('away');
    expect(dot(el).classList.contains('presence-away')).to.equal(true);
  });

  it('shows a refusal and goes back to the presence the hub keeps', async () => {
    const store = connectedStore();
    const el = await mount(store, {
      setPresence: () => Promise.reject(hubRefusal('hub_unreachable', 'Not connected to the hub.')),
    });
    await choose(el, 'busy');
    expect(select(el).value).to.equal('available');
    expect(error(el).hidden).to.equal(false);
    expect(error(el).getAttribute('role')).to.equal('alert');
    expect(error(el).textContent).to.contain('Not connected to the hub');
    await expect(el).to.be.accessible();
  });

  it('is disabled and shows Offline while the desktop is not connected (or the hub has no routing)', async () => {
    const store = connectedStore();
    const el = await mount(store);
    store.setConnection({ state: 'reconnecting', attempt: 1, error: null, retryInMs: 1000 });
    await el.updateComplete;
    expect(select(el).disabled).to.equal(true);
    expect(select(el).value).to.equal('offline');
    expect(select(el).selectedOptions[0].textContent.trim()).to.equal('Offline');
    expect(dot(el).classList.contains('presence-offline')).to.equal(true);
    await expect(el).to.be.accessible();

    store.setConnection(CONNECTED);
    await el.updateComplete;
    expect(select(el).disabled).to.equal(false);
    expect(select(el).value).to.equal('available');

    const alone = await mountElement('ad-presence-selector', { store: new DesktopStore() });
    expect(select(alone).disabled).to.equal(true);
  });

  it('offers "Enable notifications" while not decided, and asks only when clicked', async () => {
    let permission: NotificationPermission = 'default';
    sinon.stub(Notification, 'permission').get(() => permission);
    const requestPermission = sinon
      .stub(Notification, 'requestPermission')
      .callsFake(() => Promise.resolve((permission = 'granted')));
    const el = await mount();
    const button = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="notifications-button"]')!;
    expect(button.textContent.trim()).to.equal('Enable notifications');
    expect(requestPermission.called).to.equal(false); // never on load
    await expect(el).to.be.accessible();
    button.click();
    expect(requestPermission.calledOnce).to.equal(true);
    await waitUntil(
      () => el.shadowRoot!.querySelector('[part~="notifications-button"]') === null,
      'the button gone once decided',
    );
  });
});
