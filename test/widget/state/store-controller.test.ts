import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { DesktopStore } from '../../../src/widget/state/desktop-store.js';
import { StoreController } from '../../../src/widget/state/store-controller.js';

class SelectedProbe extends LitElement {
  store?: DesktopStore;
  renders = 0;
  readonly selected = new StoreController(
    this,
    () => this.store,
    (state) => state.selectedConversationId,
  );

  override render() {
    this.renders++;
    return html`${this.selected.value ?? 'none'}`;
  }
}
customElements.define('selected-probe', SelectedProbe);

describe('StoreController', () => {
  it('renders the selected slice and re-renders only when it changes', async () => {
    const store = new DesktopStore();
    const el = document.createElement('selected-probe') as SelectedProbe;
    el.store = store;
    await fixture(html`<div></div>`).then((parent) => parent.append(el));
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.equal('none');
    const renders = el.renders;

    store.setConnection({ state: 'connected', attempt: 0, error: null, retryInMs: null });
    await el.updateComplete;
    expect(el.renders).to.equal(renders);

    store.selectConversation('c7');
    await el.updateComplete;
    expect(el.renders).to.equal(renders + 1);
    expect(el.shadowRoot!.textContent).to.equal('c7');
  });

  it('unsubscribes when the host leaves the page, and catches up when it returns', async () => {
    const store = new DesktopStore();
    const el = document.createElement('selected-probe') as SelectedProbe;
    el.store = store;
    const parent = await fixture(html`<div></div>`);
    parent.append(el);
    await el.updateComplete;
    el.remove();
    const renders = el.renders;
    store.selectConversation('while-away');
    // A subscribed controller asks for an update at once (synchronously), so none pending means none asked for.
    expect(el.isUpdatePending).to.equal(false);
    await el.updateComplete;
    expect(el.renders).to.equal(renders);
    parent.append(el);
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.equal('while-away');
  });
});
