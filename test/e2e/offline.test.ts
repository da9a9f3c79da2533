// Offline first, in real Chromium with its network emulation (CDP `Network.emulateNetworkConditions`, DevTools'
// "Offline"): a reply written offline is kept in IndexedDB, survives a reload while still offline, and reaches the
// customer exactly once when the network is back; and after 60 s offline while 1,000 customer messages arrive, the
// desktop catches up: all of them, in order, none twice, saying "Catching up…" until it is done.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import type { RunningDemo } from '../../demo/demo-server.js';
import { issueAgentToken } from '../../src/hub/auth/agent-token.js';
import { launchChromium } from './support/chromium.js';
import { startDemoStack } from './support/demo-stack.js';
import { NETWORK_DOWN, ShownErrors } from './support/shown-errors.js';
import { burst, caughtUp, emulateOffline, held, networkSession, text, watchCatchUp } from './support/offline.js';

/** How long the second test stays offline (E2E_OFFLINE_SECONDS shortens it while working on this file). */
const OFFLINE_MS = Number(process.env.E2E_OFFLINE_SECONDS ?? 60) * 1000;
const MISSED = 1000;

describe('offline first: the outbox and catching up', () => {
  let demo: RunningDemo;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let cdp: CDPSession;
  const errors = new ShownErrors();

  before(async () => {
    demo = await startDemoStack({ autoAssign: true });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript('globalThis.__name = (fn) => fn;'); // for functions tsx compiled, run in the page
    await errors.watch(context);
    page = await context.newPage();
    cdp = await networkSession(context, page);
  });
  afterEach(() => errors.check());
  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  const desktop = () => page.locator('ad-desktop');
  const status = () => desktop().locator('ad-connection-status').getByRole('status');
  const log = () => desktop().getByRole('log');
  const row = (customer: string) => desktop().getByRole('option').filter({ hasText: customer });
  const composer = () => desktop().getByRole('textbox', { name: 'Reply' });

  it(
    'a reply written offline is shown after a reload while still offline, and reaches the customer once when the network is back',
    { timeout: 45_000 },
    async () => {
      const customer = '15557770001';
      await page.goto(`${demo.pageUrl}/?agent=alice`);
      await status().filter({ hasText: 'Connected' }).waitFor();
      // The demo page opts in to the desktop's service worker: that is what opens the page itself without a network.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
      // Offline, the page cannot ask its own origin for a token: give it one, as a host with a token at hand would.
      const token = await issueAgentToken(
        demo.config.auth,
        { agentId: 'alice', organisationId: 'contoso', displayName: 'Alice Martin', roles: ['agent'] },
        600,
      );
      await page.addInitScript((issued) => {
        const fromNetwork = window.fetch.bind(window);
        window.fetch = (input, init) =>
          String(input instanceof Request ? input.url : input).endsWith('/demo/token')
            ? Promise.resolve(Response.json({ token: issued }))
            : fromNetwork(input, init);
      }, token);
      await text(demo, customer, 'Is my parcel coming today?');
      await row(customer).click();
      await log().getByText('Is my parcel coming today?').waitFor();
      // The desktop writes what it shows to IndexedDB in batches (within 2 s): let this one land before the reload.
      const id = await page.evaluate(
        () =>
          (
            document.querySelector('ad-desktop') as HTMLElement & {
              store: { getState(): { selectedConversationId: string } };
            }
          ).store.getState().selectedConversationId,
      );
      for (let waited = 0; (await held(page, id, { fromCache: true })).length === 0; waited += 100) {
        assert.ok(waited < 5000, 'the conversation reached IndexedDB');
        await page.waitForTimeout(100);
      }

      const reply = () => log().locator('li', { hasText: 'It leaves the depot at noon.' });
      errors.expect(...NETWORK_DOWN);
      await emulateOffline(cdp, true);
      try {
        await status()
          .filter({ hasText: /Reconnecting|Connecting/ })
          .waitFor();
        await composer().fill('It leaves the depot at noon.');
        await composer().press('Enter');
        await page.waitForFunction(
          () => {
            const composer = document.querySelector('ad-desktop')!.shadowRoot!.querySelector('ad-message-composer')!;
            return composer.shadowRoot!.querySelector('textarea')!.value === '';
          },
          null,
          { timeout: 1000 },
        ); // the composer clears at once, offline too
        await reply().getByText('Waiting for the network').waitFor();

        await page.reload(); // still offline: the page from the service worker, the reply from IndexedDB
        await row(customer).click();
        await log().getByText('Is my parcel coming today?').waitFor();
        await reply().getByText('Waiting for the network').waitFor();
        assert.notEqual(await status().innerText(), 'Connected');
        assert.equal(demo.standIn.messagesTo(customer).length, 0);
      } finally {
        await emulateOffline(cdp, false);
      }
      await reply().getByText('Delivered').waitFor({ timeout: 20_000 });
      await page.waitForTimeout(1000); // nothing more comes
      assert.deepEqual(
        demo.standIn.messagesTo(customer).map((m) => m.text),
        ['It leaves the depot at noon.'],
        'the TeleSign stand-in got it exactly once',
      );
      assert.equal(await reply().count(), 1, 'shown once');
    },
  );

  it(
    `${OFFLINE_MS / 1000} s offline while ${MISSED.toLocaleString('en-US')} customer messages arrive: all there, in order, none twice`,
    { timeout: OFFLINE_MS + 60_000 },
    async () => {
      const customers = ['15557770101', '15557770102', '15557770103', '15557770104'];
      for (const customer of customers) await text(demo, customer, `first from ${customer}`);
      for (const customer of customers) await row(customer).waitFor();
      await row(customers[0]).click(); // open here (the store); the others are caught up into IndexedDB
      await log().getByText(`first from ${customers[0]}`).waitFor();
      const ids = await page.evaluate((customers) => {
        const desktop = document.querySelector('ad-desktop') as HTMLElement & {
          store: { getState(): { conversations: Map<string, { id: string; customerAddress: string }> } };
        };
        const all = [...desktop.store.getState().conversations.values()];
        return customers.map(
          (c) => all.find((conversation) => conversation.customerAddress.replace(/\D/g, '') === c)!.id,
        );
      }, customers);
      await watchCatchUp(page);

      errors.expect(...NETWORK_DOWN);
      await emulateOffline(cdp, true);
      const offlineAt = Date.now();
      let onlineAt: number;
      let sent: Map<string, string[]>;
      try {
        await status()
          .filter({ hasText: /Reconnecting|Connecting/ })
          .waitFor();
        sent = await burst(demo, customers, MISSED);
        console.log(`${MISSED} messages sent in ${Date.now() - offlineAt} ms while offline`);
        await page.waitForTimeout(Math.max(0, offlineAt + OFFLINE_MS - Date.now()));
        assert.equal((await held(page, ids[0])).length, 1, 'nothing arrived while offline');
      } finally {
        onlineAt = Date.now();
        await emulateOffline(cdp, false);
      }
      const seen = await caughtUp(page, onlineAt);
      console.log(`caught up ${seen.clearedAt - onlineAt} ms after going online`);
      assert.ok(seen.inboxSaid, 'the inbox said "Catching up…"');
      await desktop().getByText('Catching up…').waitFor({ state: 'detached' });

      // Each conversation: its first message, then every missed one, in the order sent, none twice. The open one from the
      // desktop's store; the others from its IndexedDB (written within a moment).
      for (const [k, customer] of customers.entries()) {
        const expected = [`first from ${customer}`, ...sent.get(customer)!];
        let messages: Array<[number, string]> = [];
        for (let waited = 0; waited < 5000; waited += 100) {
          messages = await held(page, ids[k]);
          if (messages.length >= expected.length) break;
          await page.waitForTimeout(100);
        }
        assert.deepEqual(
          messages.map(([seq]) => seq),
          expected.map((_, i) => i + 1),
          `${customer}: seqs 1…${expected.length}`,
        );
        assert.deepEqual(
          messages.map(([, body]) => body),
          expected,
          `${customer}: every message, in order`,
        );
      }
      assert.equal(
        [...sent.values()].reduce((n, list) => n + list.length, 0),
        MISSED,
      );
      await log().getByText(sent.get(customers[0])!.at(-1)!).waitFor(); // and on screen
    },
  );
});
