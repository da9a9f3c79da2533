// End to end, as a person would: the demo CRM page in real Chromium with the embedded widget, a signed
// inbound SMS through the hub's webhook, the agent's reply typed in the composer, received by the TeleSign
// stand-in, and the delivery report shown on the message.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { sendInboundSms } from '../../demo/simulated-customer.js';
import type { RunningDemo } from '../../demo/demo-server.js';
import { launchChromium } from './support/chromium.js';
import { startDemoStack } from './support/demo-stack.js';
import { ShownErrors } from './support/shown-errors.js';

describe('an SMS conversation in the embedded agent desktop', () => {
  let demo: RunningDemo;
  let browser: Browser;
  let page: Page;
  const errors = new ShownErrors();

  before(async () => {
    demo = await startDemoStack();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await errors.watchPage(page);
  });
  afterEach(() => errors.check());
  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  const desktop = () => page.locator('ad-desktop');
  const accept = (customer: string) =>
    desktop().getByRole('group').filter({ hasText: customer }).getByRole('button', { name: 'Accept' }).click();
  const text = (from: string, body: string) =>
    sendInboundSms({ hubUrl: demo.hub.url, ...demo.config.telesign!, from, to: '18005550199', text: body });

  it('loads the widget with one script tag and connects as the host page’s agent', async () => {
    await page.goto(`${demo.pageUrl}/?agent=alice`);
    await desktop().getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    await desktop().getByText('Alice Martin').waitFor();
  });

  it('shows a customer text in the inbox within a moment, and the agent replies', async () => {
    const answer = await text('15551234567', 'My parcel is late');
    assert.equal(answer.status, 200);
    // the demo routes by offers: Alice sees the offer with the text, and accepts it, which opens it
    const offer = desktop().getByRole('group').filter({ hasText: '15551234567' });
    await offer.getByText('My parcel is late').waitFor();
    await accept('15551234567');
    const row = desktop().getByRole('option').filter({ hasText: '15551234567' });
    await row.waitFor();
    assert.match(await row.innerText(), /SMS/);
    assert.match(await row.innerText(), /My parcel is late/);

    await row.click();
    await desktop().getByRole('log').getByText('My parcel is late').waitFor();
    const composer = desktop().getByRole('textbox', { name: 'Reply' });
    await composer.fill('Sorry! It ships today.');
    await desktop().getByText('22 / 1600 characters · 1 segment · GSM-7').waitFor();
    await composer.press('Enter');

    const received = await demo.standIn.waitForMessage((m) => m.to === '15551234567');
    assert.equal(received.text, 'Sorry! It ships today.');
    assert.equal(received.from, '18005550199');
    await desktop()
      .getByRole('log')
      .locator('li', { hasText: 'Sorry! It ships today.' })
      .getByText('Delivered')
      .waitFor();
    assert.equal(demo.standIn.messagesTo('15551234567').length, 1, 'sent exactly once');
  });

  it('shows a failed delivery with its reason', async () => {
    await text('15550000000', 'Please call me');
    await accept('15550000000');
    await desktop().getByRole('option').filter({ hasText: '15550000000' }).click();
    await desktop().getByRole('textbox', { name: 'Reply' }).fill('Calling you now');
    await desktop().getByRole('textbox', { name: 'Reply' }).press('Enter');
    await desktop()
      .getByRole('log')
      .getByText(/Not delivered/)
      .waitFor();
  });

  it('resolves the conversation, and a new text re-opens it', async () => {
    await desktop().getByRole('option').filter({ hasText: '15551234567' }).click();
    await desktop().getByRole('button', { name: 'Close conversation' }).click();
    await desktop()
      .getByText(/resolved|closed/i)
      .first()
      .waitFor();
    await text('15551234567', 'It still has not arrived');
    // re-opened: offered again to Alice, who had it
    await accept('15551234567');
    await desktop().getByRole('log').getByText('It still has not arrived').waitFor();
    await desktop().getByRole('option').filter({ hasText: '15551234567' }).filter({ hasText: 'Active' }).waitFor();
  });

  it('paints the inbox from the cache after a reload', async () => {
    await page.reload();
    await desktop().getByRole('option').filter({ hasText: '15551234567' }).waitFor();
  });
});
