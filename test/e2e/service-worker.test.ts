// Offline support, as a host that opts in gets it: the demo CRM page names the service worker it serves
// (`<ad-desktop service-worker="/agent-desktop-sw.js">`), the widget's files are precached, the page and the
// desktop open with no network while the hub's requests fail (never answered from a cache), and a new version of
// the worker shows the update prompt, whose Reload activates it. Also: a CRM on another origin than the hub (the
// files precached with CORS), the README's way to turn it off, and a worker the browser refuses.
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningDemo } from '../../demo/demo-server.js';
import { sendInboundSms } from '../../demo/simulated-customer.js';
import { issueAgentToken } from '../../src/hub/auth/agent-token.js';
import { launchChromium } from './support/chromium.js';
import { startDemoStack } from './support/demo-stack.js';
import { NETWORK_DOWN, ShownErrors } from './support/shown-errors.js';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
/** The hub's own paths: nothing of them may ever be in a cache. */
const HUB_PATHS = /\/(?:hub|api|media|webhooks|demo)(?:[/?]|$)/;

/** What the worker precaches: the offline module, the bundle and the chunks it loads when needed, sorted. */
const WIDGET_FILES = [
  'agent-desktop-offline.js',
  ...(JSON.parse(readFileSync(new URL('../../dist/agent-desktop-files.json', import.meta.url), 'utf8')) as string[]),
].sort();

/** Every URL in every cache of the page's origin, by cache name. */
function cachedUrls(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(async () => {
    const all: Record<string, string[]> = {};
    for (const name of await caches.keys())
      all[name] = (await (await caches.open(name)).keys()).map((request) => request.url);
    return all;
  });
}

/**
 * Polls `check` in the page until it holds: page.evaluate awaits a promise, page.waitForFunction would take any
 * promise for a yes.
 */
async function pageUntil(
  page: Page,
  check: string | (() => Promise<boolean>),
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  for (const started = Date.now(); !(await page.evaluate(check));) {
    assert.ok(Date.now() - started < timeoutMs, what);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A page expression: whether this origin's IndexedDB holds a conversation whose preview is `preview`. */
const conversationCached = (preview: string) => `(async () => {
  const result = (request) => new Promise((resolve, reject) => { request.onsuccess = () => resolve(request.result); request.onerror = () => reject(request.error); });
  for (const { name } of await indexedDB.databases()) {
    const db = await result(indexedDB.open(name));
    try {
      if (!db.objectStoreNames.contains('conversations')) continue;
      const conversations = await result(db.transaction('conversations').objectStore('conversations').getAll());
      if (conversations.some((conversation) => conversation.preview === ${JSON.stringify(preview)})) return true;
    } finally {
      db.close();
    }
  }
  return false;
})()`;

describe('offline support: the optional service worker', () => {
  let demo: RunningDemo;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** The hub serves the widget's files from here: a copy of dist/, so a test can change the worker. */
  const widgetDir = mkdtempSync(join(tmpdir(), 'agent-desktop-sw-'));
  const errors = new ShownErrors();

  before(async () => {
    cpSync(DIST, widgetDir, { recursive: true });
    demo = await startDemoStack({ autoAssign: true, widgetBundlePath: join(widgetDir, 'agent-desktop.js') });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await errors.watch(context);
    page = await context.newPage();
  });
  afterEach(() => errors.check());
  after(async () => {
    await browser?.close();
    await demo?.close();
    rmSync(widgetDir, { recursive: true, force: true });
  });

  const desktop = () => page.locator('ad-desktop');
  const status = () => desktop().locator('ad-connection-status').getByRole('status');

  it(
    'precaches the widget, and the desktop opens without a network while the hub stays network-only',
    { timeout: 30_000 },
    async () => {
      await page.goto(`${demo.pageUrl}/?agent=alice`);
      await status().filter({ hasText: 'Connected' }).waitFor();
      const answer = await sendInboundSms({
        hubUrl: demo.hub.url,
        ...demo.config.telesign!,
        from: '15551234567',
        to: '18005550199',
        text: 'Are you open?',
      });
      assert.equal(answer.status, 200);
      await desktop().locator('ad-conversation-inbox').getByText('Are you open?').waitFor();
      await pageUntil(
        page,
        conversationCached('Are you open?'),
        'the desktop writes its cache (after a quiet moment)',
        5000,
      );
      // The first version takes control of the page that registered it once it has kept the page and the files.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });

      const cached = await cachedUrls(page);
      const precache = Object.entries(cached).find(([name]) => name.startsWith('agent-desktop-precache'));
      assert.ok(precache, `a precache: ${JSON.stringify(cached)}`);
      const files = precache[1].map((url) => new URL(url).pathname).sort();
      assert.deepEqual(
        files,
        WIDGET_FILES.map((f) => `/${f}`),
      );
      assert.deepEqual(cached['agent-desktop-pages'], [`${demo.pageUrl}/?agent=alice`]);
      const hubUrls = Object.values(cached)
        .flat()
        .filter((url) => HUB_PATHS.test(new URL(url).pathname));
      assert.deepEqual(hubUrls, [], 'nothing of the hub is cached');

      // No network at all, for the page and its worker. The demo page fetches its token from its own origin, which
      // would fail first: give it one already issued, as a host with a token at hand would, so the desktop goes on to
      // negotiate with the hub.
      const token = await issueAgentToken(
        demo.config.auth,
        { agentId: 'alice', organisationId: 'contoso', displayName: 'Alice Martin', roles: ['agent'] },
        600,
      );
      await page.addInitScript((issued) => {
        const fetchFromNetwork = window.fetch.bind(window);
        window.fetch = (input, init) =>
          String(input instanceof Request ? input.url : input).endsWith('/demo/token')
            ? Promise.resolve(Response.json({ token: issued }))
            : fetchFromNetwork(input, init);
      }, token);
      const failed: string[] = [];
      page.on('requestfailed', (request) => failed.push(new URL(request.url()).pathname));
      const fromWorker: string[] = [];
      page.on('response', (response) => {
        if (response.fromServiceWorker()) fromWorker.push(new URL(response.url()).pathname);
      });
      errors.expect(...NETWORK_DOWN);
      await context.setOffline(true);
      try {
        await page.reload();
        // The desktop upgrades from the precached bundle and renders, and says it cannot reach the hub.
        await page.waitForFunction(
          () =>
            customElements.get('ad-desktop') !== undefined &&
            !!document.querySelector('ad-desktop')?.shadowRoot?.querySelector('[part=base]'),
        );
        await status()
          .filter({ hasText: /Connecting|Reconnecting|Disconnected/ })
          .waitFor();
        // With a token at hand, the agent's conversations paint from this browser's cache (IndexedDB).
        await desktop().locator('ad-conversation-inbox').getByText('Are you open?').waitFor();
        for (let waited = 0; !failed.includes('/hub/negotiate') && waited < 10_000; waited += 100)
          await new Promise((resolve) => setTimeout(resolve, 100));
        assert.ok(fromWorker.includes('/'), `the page came from the worker's cache: ${fromWorker.join(' ')}`);
        assert.ok(
          fromWorker.includes('/agent-desktop.js'),
          `the bundle came from the precache: ${fromWorker.join(' ')}`,
        );
        assert.ok(failed.includes('/hub/negotiate'), `negotiate went to the network and failed: ${failed.join(' ')}`);
        assert.ok(
          !fromWorker.some((path) => HUB_PATHS.test(path)),
          `no hub request answered by the worker: ${fromWorker.join(' ')}`,
        );
        assert.notEqual(await status().innerText(), 'Connected');
        assert.equal(
          await desktop()
            .getByText(/Offline support is off/)
            .count(),
          0,
          'the worker registered offline too',
        );
      } finally {
        await context.setOffline(false);
      }
      // The demo page's own look-ups (`/demo/setup`) fail offline: the page's errors, not the desktop's.
      assert.deepEqual(
        [...new Set(errors.all.filter((error) => error.kind === 'pageerror').map((error) => error.text))],
        ['Failed to fetch'],
      );
      // Back online, the same page connects again by itself.
      await status().filter({ hasText: 'Connected' }).waitFor({ timeout: 20_000 });
      const hubUrls2 = Object.values(await cachedUrls(page))
        .flat()
        .filter((url) => HUB_PATHS.test(new URL(url).pathname));
      assert.deepEqual(hubUrls2, []);
    },
  );

  it('shows the update prompt for a new version, and Reload activates it', { timeout: 30_000 }, async () => {
    await page.evaluate(() => {
      document
        .querySelector('ad-desktop')!
        .addEventListener(
          'ad-update-available',
          () => ((window as unknown as { updateEvents: number }).updateEvents = 1),
        );
    });
    // A new build of the worker (here: one more line); the browser finds it on its next update check.
    appendFileSync(
      join(widgetDir, 'agent-desktop-sw.js'),
      `\nself.addEventListener('activate', (event) => event.waitUntil(caches.open('test-version-2')));\n`,
    );
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());

    const prompt = desktop().getByRole('status').filter({ hasText: 'A new version of the agent desktop is ready.' });
    await prompt.waitFor();
    assert.equal(
      await page.evaluate(() => (window as unknown as { updateEvents?: number }).updateEvents),
      1,
      'ad-update-available',
    );
    assert.equal(await page.evaluate(async () => caches.has('test-version-2')), false, 'the new version waits');

    await Promise.all([page.waitForEvent('load'), prompt.getByRole('button', { name: 'Reload' }).click()]);
    await pageUntil(
      page,
      async () =>
        navigator.serviceWorker.controller !== null &&
        (await navigator.serviceWorker.getRegistration())?.waiting === null &&
        (await caches.has('test-version-2')),
      'the new version controls the page, nothing waits',
    );
    await status().filter({ hasText: 'Connected' }).waitFor();
    assert.equal(await prompt.count(), 0, 'no prompt after the update');
  });

  it(
    'precaches the widget from the hub when the host page is on another origin (CORS)',
    { timeout: 30_000 },
    async () => {
      // A CRM on its own origin, serving a copy of the worker, the desktop's script from the hub.
      const worker = readFileSync(join(DIST, 'agent-desktop-sw.js'));
      const crm = createServer((request, response) => {
        if (request.url?.split('?')[0] === '/agent-desktop-sw.js')
          return void response.writeHead(200, { 'content-type': 'text/javascript' }).end(worker);
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><title>CRM</title>
<script type="module" src="${demo.pageUrl}/agent-desktop.js"></script>
<ad-desktop hub-url="${demo.pageUrl}" service-worker="/agent-desktop-sw.js"></ad-desktop>`);
      });
      await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
      const crmUrl = `http://127.0.0.1:${(crm.address() as AddressInfo).port}`;
      const crmContext = await browser.newContext();
      await errors.watch(crmContext);
      try {
        const crmPage = await crmContext.newPage();
        await crmPage.goto(`${crmUrl}/contacts/42`);
        await crmPage.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
        const cached = await cachedUrls(crmPage);
        const precache = Object.entries(cached).find(([name]) => name.startsWith('agent-desktop-precache'))!;
        assert.deepEqual(
          precache[1].map((url) => url.split('?')[0]).sort(),
          WIDGET_FILES.map((f) => `${demo.pageUrl}/${f}`),
        );
        assert.deepEqual(cached['agent-desktop-pages'], [`${crmUrl}/contacts/42`]);

        errors.expect(...NETWORK_DOWN);
        await crmContext.setOffline(true);
        await crmPage.reload();
        await crmPage.waitForFunction(
          () => !!document.querySelector('ad-desktop')?.shadowRoot?.querySelector('[part=base]'),
        );
      } finally {
        await crmContext.close();
        crm.closeAllConnections();
        await new Promise((resolve) => crm.close(resolve));
      }
    },
  );

  it('is turned off by the README’s self-removing worker served in its place', { timeout: 30_000 }, async () => {
    writeFileSync(
      join(widgetDir, 'agent-desktop-sw.js'),
      `self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil((async () => {
  for (const name of await caches.keys()) if (name.startsWith('agent-desktop-')) await caches.delete(name);
  await self.registration.unregister();
  for (const client of await self.clients.matchAll({ type: 'window' })) client.navigate(client.url);
})()));
`,
    );
    await Promise.all([
      page.waitForEvent('load'),
      page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update()),
    ]);
    // Reloaded without a worker; the demo page still has the attribute, so it registers the file again, which
    // removes itself again (no reload loop: it only reloads pages it controls).
    await status().filter({ hasText: 'Connected' }).waitFor();
    await pageUntil(
      page,
      async () => (await navigator.serviceWorker.getRegistrations()).length === 0,
      'no worker registered',
    );
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null);
    assert.deepEqual(
      Object.keys(await cachedUrls(page)).filter((name) => name.startsWith('agent-desktop-')),
      [],
    );
    assert.equal(
      await desktop()
        .getByText(/Offline support is off/)
        .count(),
      0,
    );
  });

  it('shows a worker the browser refuses as the desktop’s error, and works on', { timeout: 30_000 }, async () => {
    const other = await browser.newPage();
    await errors.watchPage(other);
    // the browser's own words on the missing worker, and the desktop's
    errors.expect(
      /^A bad HTTP response code \(404\) was received when fetching the script\.$/,
      /^Offline support is off: /,
    );
    try {
      await other.goto(`${demo.pageUrl}/?agent=bob`);
      const otherDesktop = other.locator('ad-desktop');
      await otherDesktop.locator('ad-connection-status').getByRole('status').filter({ hasText: 'Connected' }).waitFor();
      await other.evaluate(() => {
        (document.querySelector('ad-desktop') as HTMLElement & { serviceWorker: string }).serviceWorker =
          '/no-such-worker.js';
      });
      await otherDesktop
        .getByRole('listitem')
        .filter({ hasText: /Offline support is off: .*no-such-worker\.js/ })
        .waitFor();
      // A worker on another origin: the browser would refuse it too; the desktop says why.
      const elsewhere = demo.pageUrl.replace('localhost', '127.0.0.1');
      await other.evaluate((url) => {
        (document.querySelector('ad-desktop') as HTMLElement & { serviceWorker: string }).serviceWorker = url;
      }, `${elsewhere}/agent-desktop-sw.js`);
      await otherDesktop
        .getByRole('listitem')
        .filter({
          hasText: `Offline support is off: the service worker must be served from this page's origin (${demo.pageUrl}), not ${elsewhere}.`,
        })
        .waitFor();
      assert.equal(await otherDesktop.locator('ad-connection-status').getByRole('status').innerText(), 'Connected');
    } finally {
      await other.close();
    }
  });
});
