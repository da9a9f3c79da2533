// End to end, the agent with the desktop open in two tabs of one browser: one hub connection between them, the
// customer's text in both, a reply typed in the tab that does not hold the connection sent once, and when the tab
// holding it closes the other takes over within a second.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { sendInboundSms } from '../../demo/simulated-customer.js';
import type { RunningDemo } from '../../demo/demo-server.js';
import { launchChromium } from './support/chromium.js';
import { startDemoStack } from './support/demo-stack.js';
import { ShownErrors } from './support/shown-errors.js';

describe("the agent's tabs share one hub connection", () => {
  let demo: RunningDemo;
  let browser: Browser;
  let context: BrowserContext;
  let first: Page;
  let second: Page;
  const errors = new ShownErrors();

  before(async () => {
    demo = await startDemoStack({ autoAssign: true });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await errors.watch(context);
  });
  afterEach(() => errors.check());
  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  const desktop = (page: Page) => page.locator('ad-desktop');
  const row = (page: Page, customer: string) => desktop(page).getByRole('option').filter({ hasText: customer });
  const text = (from: string, body: string) =>
    sendInboundSms({ hubUrl: demo.hub.url, ...demo.config.telesign!, from, to: '18005550199', text: body });
  /** Alice's SignalR connections, as the hub counts them. */
  const aliceConnections = () =>
    [...demo.hub.signalr.connections.values()].filter((c) => c.user.agentId === 'alice').map((c) => c.connectionId);

  async function open(): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${demo.pageUrl}/?agent=alice`);
    await desktop(page).getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    await desktop(page).getByText('Alice Martin').waitFor();
    return page;
  }

  async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
    for (const end = Date.now() + timeoutMs; !condition(); await new Promise((resolve) => setTimeout(resolve, 10))) {
      if (Date.now() > end) throw new Error(`timed out: ${what}`);
    }
  }

  it('two tabs of the agent: one connection to the hub', async () => {
    first = await open();
    second = await open();
    assert.equal(aliceConnections().length, 1);
  });

  it('a customer text shows in both tabs; a reply typed in the second goes out once', async () => {
    assert.equal((await text('15551234567', 'My parcel is late')).status, 200);
    await row(first, '15551234567').getByText('My parcel is late').waitFor();
    await row(second, '15551234567').getByText('My parcel is late').waitFor();

    await row(second, '15551234567').click();
    await desktop(second).getByRole('log').getByText('My parcel is late').waitFor();
    const composer = desktop(second).getByRole('textbox', { name: 'Reply' });
    await composer.fill('Sorry! It ships today.');
    await composer.press('Enter');
    const received = await demo.standIn.waitForMessage((m) => m.to === '15551234567');
    assert.equal(received.text, 'Sorry! It ships today.');
    await desktop(second)
      .getByRole('log')
      .locator('li', { hasText: 'Sorry! It ships today.' })
      .getByText('Delivered')
      .waitFor();
    // the first tab shows the reply too (the hub's events reach it)
    await row(first, '15551234567').getByText('Sorry! It ships today.').waitFor();
    assert.equal(demo.standIn.messagesTo('15551234567').length, 1, 'sent exactly once');
    assert.equal(aliceConnections().length, 1);
  });

  it('the tab holding the connection closes: the other connects within a second and carries on', async () => {
    const [previous] = aliceConnections();
    const closed = Date.now();
    await first.close();
    await until(
      () => aliceConnections().length === 1 && aliceConnections()[0] !== previous,
      'the second tab connected',
    );
    const tookMs = Date.now() - closed;
    assert.ok(tookMs < 1000, `took over in ${tookMs} ms`);
    await desktop(second).getByRole('status').filter({ hasText: 'Connected' }).waitFor();

    assert.equal((await text('15557654321', 'Is anyone there?')).status, 200);
    await row(second, '15557654321').getByText('Is anyone there?').waitFor();
    assert.equal(aliceConnections().length, 1);
  });
});
