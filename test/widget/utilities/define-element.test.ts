import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import '../../../src/widget/index.js';
import { defineElement } from '../../../src/widget/utilities/define-element.js';

/** Tags the bundle's entry defines as it loads. */
const EAGER = [
  'ad-desktop',
  'ad-conversation-inbox',
  'ad-conversation-view',
  'ad-message-composer',
  'ad-connection-status',
  'ad-session-window-banner',
  'ad-presence-selector',
  'ad-queue-counters',
  'ad-offer-toast',
];
/** Tags in chunks loaded when first used (by <ad-desktop>, or when the page puts them in the document). */
const LAZY = [
  'ad-softphone-panel',
  'ad-call-keypad',
  'ad-call-wrap-up',
  'ad-screen-pop-panel',
  'ad-routing-overview',
  'ad-template-picker',
  'ad-transfer-dialog',
];
const TAGS = [...EAGER, ...LAZY];

describe('defineElement', () => {
  afterEach(() => sinon.restore());

  it('registers every tag from the bundle entry, and the lazy ones when a page uses them', async () => {
    for (const tag of EAGER) expect(customElements.get(tag), tag).to.not.equal(undefined);
    for (const tag of LAZY) {
      const element = document.body.appendChild(document.createElement(tag));
      await customElements.whenDefined(tag);
      expect(customElements.get(tag), tag).to.not.equal(undefined);
      element.remove();
    }
  });

  it('warns instead of throwing when a tag is already defined', () => {
    const warn = sinon.stub(console, 'warn');
    const first = customElements.get('ad-desktop');
    expect(() => defineElement('ad-desktop', class extends HTMLElement {})).to.not.throw();
    expect(warn.calledOnce).to.equal(true);
    expect(String(warn.firstCall.args[0])).to.contain('<ad-desktop> is already defined');
    expect(customElements.get('ad-desktop')).to.equal(first);
  });

  it('survives the tag modules being evaluated a second time', async () => {
    const warn = sinon.stub(console, 'warn');
    for (const tag of TAGS) {
      // The query string makes the browser evaluate the module again, as a second copy on the page would.
      const name = tag === 'ad-desktop' ? 'agent-desktop' : tag.slice('ad-'.length); // a component's folder and file
      const url = new URL(`../../../src/widget/components/${name}/${name}.ts?second-copy`, import.meta.url).href;
      await import(/* @vite-ignore */ url);
    }
    const warned = warn.getCalls().map((call) => String(call.args[0]));
    for (const tag of TAGS)
      expect(
        warned.some((text) => text.startsWith(`<${tag}> is already defined`)),
        tag,
      ).to.equal(true);
  });

  it('lets the production bundle load twice on a page that already has the tags', async function () {
    const response = await fetch('/dist/agent-desktop.js', { method: 'HEAD' });
    if (!response.ok) this.skip(); // run `npm run build` first
    const warn = sinon.stub(console, 'warn');
    await import(/* @vite-ignore */ `${location.origin}/dist/agent-desktop.js?copy=1`);
    await import(/* @vite-ignore */ `${location.origin}/dist/agent-desktop.js?copy=2`);
    const warned = warn.getCalls().filter((call) => String(call.args[0]).includes('is already defined'));
    // every tag the entry defines, once per extra copy (the lazy chunks are one module each, shared by the copies)
    expect(warned.length).to.equal(2 * EAGER.length);
  });
});
