import { expect, fixture, html } from '@open-wc/testing';
import '../../../../src/widget/components/connection-status/connection-status.js';
import type { ConnectionStatus } from '../../../../src/widget/components/connection-status/connection-status.component.js';
import type { ConnectionState } from '../../../../src/widget/state/connection-state.js';
import { DesktopStore } from '../../../../src/widget/state/desktop-store.js';
import { takeLitWarnings } from '../../support/lit-warnings.js';

describe('<ad-connection-status>', () => {
  afterEach(() => {
    expect(takeLitWarnings()).to.deep.equal([]);
  });

  it('is accessible and a polite live region', async () => {
    const el = await fixture<ConnectionStatus>(
      html`<ad-connection-status .store=${new DesktopStore()}></ad-connection-status>`,
    );
    const base = el.shadowRoot!.querySelector('[part="base"]')!;
    expect(base.getAttribute('role')).to.equal('status'); // role=status is aria-live=polite
    await expect(el).to.be.accessible();
  });

  it('shows each connection state from the store', async () => {
    const store = new DesktopStore();
    const el = await fixture<ConnectionStatus>(html`<ad-connection-status .store=${store}></ad-connection-status>`);
    const label = () => el.shadowRoot!.querySelector('[part="label"]')!.textContent.trim();
    const expected: Record<ConnectionState, string> = {
      disconnected: 'Disconnected',
      connecting: 'Connecting…',
      connected: 'Connected',
      reconnecting: 'Reconnecting…',
    };
    expect(label()).to.equal('Disconnected');
    for (const [state, text] of Object.entries(expected) as Array<[ConnectionState, string]>) {
      store.setConnection({ state, attempt: state === 'reconnecting' ? 3 : 0, error: null, retryInMs: null });
      await el.updateComplete;
      expect(label()).to.equal(text);
      expect(el.shadowRoot!.querySelector('[part="base"]')!.classList.contains(state)).to.equal(true);
    }
  });

  it('does not re-render for changes that are not about the connection', async () => {
    const store = new DesktopStore();
    const el = await fixture<ConnectionStatus>(html`<ad-connection-status .store=${store}></ad-connection-status>`);
    let renders = 0;
    const original = el.render.bind(el);
    el.render = () => {
      renders++;
      return original();
    };
    store.selectConversation('x');
    store.addError({ code: 'x', message: 'y', action: 'sync', conversationId: null });
    await el.updateComplete;
    expect(renders).to.equal(0);
    store.setConnection({ state: 'connected', attempt: 0, error: null, retryInMs: null });
    await el.updateComplete;
    expect(renders).to.equal(1);
  });
});
