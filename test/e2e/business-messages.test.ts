// End to end on Google's Business Messages: a signed GBM message → the embedded desktop shows it with the
// channel's privacy notice and the customer's typing → the agent's reply reaches the Business Messages stand-in
// as a HUMAN representative with the agent's name → Google's receipts mark it read.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RunningDemo } from '../../demo/demo-server.js';
import { sendGbmMessage, sendGbmTypingStatus } from '../../demo/simulated-gbm-customer.js';
import { launchChromium } from './support/chromium.js';
import { startDemoStack } from './support/demo-stack.js';
import { ShownErrors } from './support/shown-errors.js';

describe('a Business Messages conversation', () => {
  let demo: RunningDemo;
  let browser: Browser;
  let page: Page;
  const conversationId = 'e2e-gbm-conversation-1';
  const errors = new ShownErrors();

  before(async () => {
    // conversations are assigned without offers here (test/e2e/sms-conversation.test.ts accepts them)
    demo = await startDemoStack({ autoAssign: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await errors.watchPage(page);
  });
  afterEach(() => errors.check());
  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  const desktop = () => page.locator('ad-desktop');
  const customer = () => ({
    hubUrl: demo.hub.url,
    clientToken: demo.config.gbm!.clientToken,
    agent: demo.config.organisations[0].channels.find((c) => c.channel === 'gbm')!.number,
    conversationId,
    displayName: 'Jean Dupont',
    locale: 'fr',
  });

  it('shows a signed message with the privacy notice and the customer typing, and sends the reply as the agent', async () => {
    await page.goto(`${demo.pageUrl}/?agent=alice`);
    await desktop().getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    assert.equal((await sendGbmMessage({ ...customer(), text: 'Bonjour, où est mon colis ?' })).status, 200);
    const row = desktop().getByRole('option').filter({ hasText: 'Jean Dupont' });
    await row.waitFor();
    assert.match(await row.innerText(), /Business Messages/);
    await row.click();
    await desktop().getByRole('log').getByText('Bonjour, où est mon colis ?').waitFor();
    await desktop()
      .getByText(/may be monitored, recorded or stored, by us and by Google/)
      .waitFor();
    await sendGbmTypingStatus({ ...customer(), isTyping: true });
    await desktop().getByText('The customer is typing…').waitFor();

    const reply = desktop().getByRole('textbox', { name: 'Reply' });
    await reply.fill('Bonjour Jean, je regarde.');
    await reply.press('Enter');
    const atGoogle = await demo.gbm.waitForMessage((m) => m.text === 'Bonjour Jean, je regarde.');
    assert.equal(atGoogle.conversationId, conversationId);
    assert.deepEqual(atGoogle.representative, { representativeType: 'HUMAN', displayName: 'Alice Martin' });
    assert.ok(
      demo.gbm.events.some((e) => e.conversationId === conversationId && e.eventType === 'TYPING_STARTED'),
      'the customer saw the agent typing',
    );
    await desktop()
      .getByRole('log')
      .locator('li', { hasText: 'Bonjour Jean, je regarde.' })
      .getByText('Read')
      .waitFor();
  });
});
