// End to end on WhatsApp, as an agent would live it: a customer's photo arrives → shown in the embedded desktop →
// the hub's clock moves past 24 hours → banner and template-only composer → a template filled from the CRM
// record goes out by ContentSid/ContentVariables to the Twilio stand-in → the customer replies → free text again.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RunningDemo } from '../../demo/demo-server.js';
import { sendInboundWhatsApp } from '../../demo/simulated-whatsapp-customer.js';
import { SESSION_WINDOW_MS } from '../../src/protocol/session-window.js';
import { launchChromium } from './support/chromium.js';
import { startDemoStack } from './support/demo-stack.js';
import { ShownErrors } from './support/shown-errors.js';

describe('a WhatsApp conversation across the 24-hour window', () => {
  let demo: RunningDemo;
  let browser: Browser;
  let page: Page;
  const customer = '+15559870000';
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
  const write = (text: string, image = false) =>
    sendInboundWhatsApp({
      hubUrl: demo.hub.url,
      webhookUrl: `${demo.hub.publicUrl}/webhooks/twilio`,
      ...demo.config.twilio!,
      from: customer,
      to: '+14155550100',
      text,
      profileName: 'Jane Doe',
      ...(image ? { media: [{ url: `${demo.hub.publicUrl}/demo/media/parcel.png`, contentType: 'image/png' }] } : {}),
    });

  it('shows the customer’s photo inline in the conversation', async () => {
    await page.goto(`${demo.pageUrl}/?agent=alice`);
    await desktop().getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    assert.equal((await write('The box arrived crushed', true)).status, 200);
    const row = desktop().getByRole('option').filter({ hasText: 'Jane Doe' });
    await row.waitFor();
    assert.match(await row.innerText(), /WhatsApp/);
    await row.click();
    await desktop().getByRole('log').getByText('The box arrived crushed').waitFor();
    const image = desktop().getByRole('log').locator('img');
    await image.waitFor();
    assert.match((await image.getAttribute('src')) ?? '', /\/demo\/media\/parcel\.png$/);
    assert.ok(
      await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
      'the image loaded',
    );
    assert.match(
      await desktop().locator('ad-session-window-banner [part="countdown"]').innerText(),
      /^23 h 5\d min left$/,
    );
  });

  it('after 24 hours explains the window and only offers templates', async () => {
    const clock = await fetch(`${demo.pageUrl}/demo/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: SESSION_WINDOW_MS + 1000 }),
    });
    assert.equal(clock.status, 200);
    await page.reload(); // the desktop measures the hub's clock when it connects
    await desktop().getByRole('option').filter({ hasText: 'Jane Doe' }).click();
    await desktop().getByText('Reply window closed.').waitFor();
    assert.equal(await desktop().getByRole('textbox', { name: 'Reply' }).isDisabled(), true, 'free text is off');
  });

  it('sends a template filled from the CRM record, by ContentSid and ContentVariables', async () => {
    await desktop().getByRole('button', { name: 'Choose template' }).first().click();
    const dialog = desktop().getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('combobox', { name: 'Search templates by name or text' }).fill('delivery');
    await dialog.getByRole('option').filter({ hasText: 'delivery_update' }).click();
    await dialog
      .getByText(
        'Hi Jane Doe, an update on CAS-01042 Parcel delayed in transit: your parcel is on its way and arrives Friday.',
      )
      .waitFor();
    await dialog.getByRole('button', { name: 'Send template' }).click();
    const sent = await demo.twilio.waitForMessage((m) => m.to === `whatsapp:${customer}` && m.contentSid !== null);
    assert.equal(sent.contentSid, 'HX' + '1'.repeat(32));
    assert.deepEqual(sent.contentVariables, { 1: 'Jane Doe', 2: 'CAS-01042 Parcel delayed in transit', 3: 'Friday' });
    assert.equal(sent.body, null);
    await desktop()
      .getByRole('log')
      .getByText(/your parcel is on its way and arrives Friday/)
      .waitFor();
  });

  it('lets free text through again as soon as the customer replies', async () => {
    await write('Thanks! When exactly?');
    await desktop().getByRole('log').getByText('Thanks! When exactly?').waitFor();
    const reply = desktop().getByRole('textbox', { name: 'Reply' });
    await page.waitForFunction(() => {
      const composer = document.querySelector('ad-desktop')?.shadowRoot?.querySelector('ad-message-composer');
      return composer?.shadowRoot?.querySelector('textarea')?.disabled === false;
    });
    await reply.fill('Friday before noon.');
    await reply.press('Enter');
    const sent = await demo.twilio.waitForMessage(
      (m) => m.to === `whatsapp:${customer}` && m.body === 'Friday before noon.',
    );
    assert.equal(sent.contentSid, null);
  });
});
