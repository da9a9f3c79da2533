import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../src/widget/components/agent-desktop/agent-desktop.js';
import type { AgentDesktop } from '../../../src/widget/components/agent-desktop/agent-desktop.component.js';
import { UpdateAvailableEvent } from '../../../src/widget/events/update-available-event.js';
import { loadOfflineSupport } from '../../../src/widget/offline/load-offline-support.js';
import { showUpdatePrompt, UPDATE_PROMPT_TEXT } from '../../../src/widget/offline/update-prompt.js';
import { DesktopStore } from '../../../src/widget/state/desktop-store.js';

describe('offline support in the desktop', () => {
  it('shows the update prompt in the header, as an accessible status with a Reload button', async () => {
    const desktop = await fixture<AgentDesktop>(html`<ad-desktop></ad-desktop>`);
    let reloads = 0;
    const prompt = showUpdatePrompt(desktop, () => {
      reloads += 1;
      return Promise.resolve();
    });
    expect(prompt.assignedSlot?.name).to.equal('header-end');
    const status = prompt.shadowRoot!.querySelector('[role="status"]')!;
    await waitUntil(
      () => status.textContent.includes(UPDATE_PROMPT_TEXT),
      'the text is filled in after the live region is in the page',
    );
    const button = prompt.shadowRoot!.querySelector('button')!;
    expect(button.hidden).to.equal(false);
    expect(button.textContent).to.equal('Reload');
    await expect(prompt).to.be.accessible();

    button.click();
    expect(reloads).to.equal(1);
    expect(button.disabled).to.equal(true);
    button.click();
    expect(reloads).to.equal(1, 'once');
  });

  it('announces a new version with a bubbling, composed, cancelable ad-update-available', () => {
    const event = new UpdateAvailableEvent({ reload: async () => {} });
    expect(event.type).to.equal('ad-update-available');
    expect([event.bubbles, event.composed, event.cancelable]).to.deep.equal([true, true, true]);
  });

  // Here the offline module is not built next to the loader (the test server answers 404 for it, and says so): the
  // failure to load it is the error under test. The browser refusing the worker itself: test/e2e/service-worker.
  it('turns offline support that cannot start into one of the desktop’s errors', async () => {
    const desktop = Object.assign(document.createElement('div'), { store: new DesktopStore() });
    await loadOfflineSupport(desktop, '/no-such-agent-desktop-sw.js');
    const [error] = desktop.store.getState().errors;
    expect(error?.code).to.equal('offline_unavailable');
    expect(error?.message).to.match(/^Offline support is off: /);
  });
});
