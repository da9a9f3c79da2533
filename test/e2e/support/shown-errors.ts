/**
 * Every error the desktop shows or the page logs, for the end-to-end tests to fail on: after each step, nothing may
 * have gone wrong that the step did not declare.
 *
 * Recorded in each page of a watched browser context, from before the page's own scripts run (so reloads and new
 * tabs are covered):
 * - `shown`: an error the agent sees, i.e. a visible `[role="alert"]` with text or an entry of the desktop's alert
 *   list (`[part~="alerts"] > li`), in the document or in any shadow root (a MutationObserver on each shadow root
 *   as it is attached); each element's text is recorded once, until it changes or hides;
 * - `ad-error`: the desktop's `ad-error` event (an error it shows in its list, even if dismissed at once);
 * - `console`: a `console.error` (SignalR logs its failures there) or a resource the browser failed to load;
 * - `pageerror`: an uncaught exception or unhandled rejection.
 *
 * Use:
 *   const errors = new ShownErrors();
 *   await errors.watch(context);         // before the first page.goto()
 *   afterEach(() => errors.check());     // and errors.check('answered') after each step inside a long test
 *   errors.expect(/Offline support is off/); // a step that means to show an error says so first
 *   errors.expect(...NETWORK_DOWN);           // a step that takes the network away
 */
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';

/**
 * What a page logs while its network is down (DevTools' "Offline"): the browser's failed loads, SignalR's failed
 * negotiations, and the demo page's own look-ups failing. A step that takes the network away expects these.
 */
export const NETWORK_DOWN: readonly RegExp[] = [
  /^Failed to load resource: net::ERR_INTERNET_DISCONNECTED$/,
  /Error: Failed to (?:complete negotiation with the server|start the connection): .*Failed to fetch$/,
  /^Failed to fetch$/,
];

export interface ShownError {
  kind: 'shown' | 'ad-error' | 'console' | 'pageerror';
  text: string;
  /** The page's URL when it happened. */
  url: string;
}

/** The page's side, as a string: tsx-compiled functions would call its `__name` helper, which pages do not have. */
const RECORDER = `(() => {
  if (window.__shownErrorsWatched) return;
  window.__shownErrorsWatched = true;
  const report = (kind, text) => { window.__shownError(kind, text).catch(() => {}); };
  const SELECTOR = '[role="alert"], [part~="alerts"] > li';
  const reported = new WeakMap();
  const roots = [document];
  const scan = (root) => {
    for (const element of root.querySelectorAll(SELECTOR)) {
      const text = element.checkVisibility() ? (element.textContent || '').replace(/\\s+/g, ' ').trim() : '';
      if (!text) reported.delete(element);
      else if (reported.get(element) !== text) {
        reported.set(element, text);
        report('shown', text);
      }
    }
  };
  const observe = (root) => {
    new MutationObserver(() => scan(root)).observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  };
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, init);
    roots.push(root);
    observe(root);
    return root;
  };
  observe(document);
  window.__scanShownErrors = () => roots.forEach(scan);
  document.addEventListener('ad-error', (event) => report('ad-error', String((event.detail && event.detail.message) || event.detail)), true);
})();`;

export class ShownErrors {
  private readonly log: ShownError[] = [];
  private readonly contexts = new Set<BrowserContext>();
  private expected: RegExp[] = [];

  /** Records the errors of every page of `context` from now on; call before its pages load the desktop. */
  async watch(context: BrowserContext): Promise<void> {
    if (this.contexts.has(context)) return;
    this.contexts.add(context);
    await context.exposeBinding('__shownError', ({ page }, kind: ShownError['kind'], text: string) => {
      this.log.push({ kind, text, url: page.url() });
    });
    await context.addInitScript(RECORDER);
    context.on('console', (message) => {
      if (message.type() === 'error')
        this.log.push({ kind: 'console', text: message.text(), url: message.page()?.url() ?? '' });
    });
    context.on('weberror', (error) =>
      this.log.push({ kind: 'pageerror', text: error.error().message, url: error.page()?.url() ?? '' }),
    );
  }

  /** Records the errors of this page's context (a page from `browser.newPage()` has a context of its own). */
  watchPage(page: Page): Promise<void> {
    return this.watch(page.context());
  }

  /** Errors whose text matches one of `patterns` are expected until the next check(). */
  expect(...patterns: RegExp[]): void {
    this.expected.push(...patterns);
  }

  /** Everything recorded so far (expected or not). */
  get all(): readonly ShownError[] {
    return this.log;
  }

  /**
   * Fails if anything not expected was shown or logged since the last check; then forgets what was expected. Every
   * open page is scanned first, so an error on screen now is counted even if its mutation is not reported yet.
   */
  async check(step = 'this step'): Promise<void> {
    for (const context of this.contexts) {
      for (const page of context.pages()) {
        // a page navigating away has nothing to scan; its recorder starts again on the next document
        await page.evaluate('window.__scanShownErrors && window.__scanShownErrors()').catch(() => undefined);
      }
    }
    const since = this.log.splice(0);
    const expected = this.expected;
    this.expected = [];
    const unexpected = since.filter((error) => !expected.some((pattern) => pattern.test(error.text)));
    assert.deepEqual(
      unexpected.map(({ kind, text }) => `${kind}: ${text}`),
      [],
      `errors during ${step}:\n${unexpected.map((e) => `  ${e.kind} on ${e.url}: ${e.text}`).join('\n')}`,
    );
  }
}
