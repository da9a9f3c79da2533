// End to end on voice, in the embedded desktop: a seeded customer calls → the IVR lookup greets them with their
// latest case → the softphone rings → answer → the screen pop shows the case → hang up → wrap-up. Then an
// unknown caller → the new-case form → the case is created in the demo CRM and shown.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RunningDemo } from '../../demo/demo-server.js';
import { DEMO_DNIS, runSimulatedCall } from '../../demo/simulated-caller.js';
import { launchChromium } from './support/chromium.js';
import { startDemoStack } from './support/demo-stack.js';
import { ShownErrors } from './support/shown-errors.js';

describe('a call with a screen pop', () => {
  let demo: RunningDemo;
  let browser: Browser;
  let page: Page;
  const errors = new ShownErrors();

  before(async () => {
    demo = await startDemoStack();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await errors.watchPage(page);
    await page.goto(`${demo.pageUrl}/?agent=alice`);
    await page.locator('ad-desktop').getByRole('status').filter({ hasText: 'Connected' }).waitFor();
  });
  afterEach(() => errors.check());
  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  const desktop = () => page.locator('ad-desktop');
  const softphone = () => desktop().locator('ad-softphone-panel');
  const screenPop = () => desktop().locator('ad-screen-pop-panel');
  const call = (ani: string) =>
    runSimulatedCall({
      hubUrl: demo.hub.url,
      apiKey: demo.config.organisations[0].voice!.apiKey,
      ani,
      dnis: DEMO_DNIS,
    });

  it('greets a known caller by name with their latest case, rings, and pops the case on answer', async () => {
    const offered = page.evaluate(
      () =>
        new Promise<string>((resolve) =>
          document
            .querySelector('ad-desktop')!
            .addEventListener('ad-call-offered', (e) => resolve((e as CustomEvent).detail.callerNumber ?? ''), {
              once: true,
            }),
        ),
    );
    const result = await call('+15551234567');
    assert.equal(result.lookup.found, true);
    assert.equal(result.lookup.caseNumber, 'CAS-01042');
    assert.match(result.lookup.greeting, /Hello Jane.*CAS-01042/);
    assert.equal(await offered, '+15551234567', 'the host page hears the offer');
    await softphone().getByText('Jane Doe').first().waitFor();
    await softphone().getByRole('button', { name: 'Answer' }).click();
    await screenPop().getByText('CAS-01042').first().waitFor();
    await screenPop().getByText('Parcel delayed in transit').first().waitFor();
    await screenPop().getByText('Jane Doe').first().waitFor();
  });

  it('asks the host page to open the record with a cancelable event', async () => {
    const opened = page.evaluate(
      () =>
        new Promise<{ entityName: string; id: string }>((resolve) =>
          document.querySelector('ad-desktop')!.addEventListener(
            'ad-record-open',
            (e) => {
              e.preventDefault();
              resolve((e as CustomEvent).detail);
            },
            { once: true },
          ),
        ),
    );
    await screenPop()
      .getByRole('button', { name: /Open record/ })
      .first()
      .click();
    const record = await opened;
    assert.equal(record.entityName, 'incident');
    assert.match(record.id, /^[0-9a-f-]{36}$/);
    assert.equal(browser.contexts()[0].pages().length, 1, 'no tab opened: the host handled it');
  });

  it('holds, resumes, hangs up and wraps up with notes and a disposition', async () => {
    await softphone().getByRole('button', { name: 'Hold' }).click();
    await softphone().getByRole('button', { name: 'Resume' }).click();
    await softphone().getByRole('button', { name: 'Hang up' }).click();
    await softphone().getByRole('textbox', { name: /Notes/ }).fill('Parcel re-sent; customer happy.');
    await softphone()
      .getByRole('combobox', { name: /Disposition/ })
      .selectOption({ label: 'Resolved' });
    await softphone().getByRole('button', { name: 'Complete wrap-up' }).click();
    await softphone().getByRole('button', { name: 'Complete wrap-up' }).waitFor({ state: 'detached' });
    const { rows } = await demo.hub.db.query<{ state: string; wrap_up_notes: string; wrap_up_disposition: string }>(
      'SELECT state, wrap_up_notes, wrap_up_disposition FROM calls ORDER BY arrived_at DESC LIMIT 1',
    );
    assert.deepEqual(rows[0], {
      state: 'ended',
      wrap_up_notes: 'Parcel re-sent; customer happy.',
      wrap_up_disposition: 'resolved',
    });
  });

  it('offers an unknown caller the new-case form, creates the case in the CRM and shows it', async () => {
    const before = demo.crm.incidents.length;
    const result = await call('+15550009999');
    assert.equal(result.lookup.found, false);
    await softphone().getByRole('button', { name: 'Answer' }).click();
    const form = screenPop()
      .getByRole('form', { name: /New case/ })
      .or(screenPop().locator('form'));
    await form.first().waitFor();
    await screenPop().getByRole('textbox', { name: /Title/ }).fill('Billing question from a new caller');
    await screenPop()
      .getByRole('textbox', { name: /Description/ })
      .fill('Asked about a double charge.');
    await screenPop().getByRole('button', { name: 'Create case' }).click();
    await screenPop().getByText('Billing question from a new caller').first().waitFor();
    assert.equal(demo.crm.incidents.length, before + 1);
    assert.equal(demo.crm.incidents.at(-1)!.title, 'Billing question from a new caller');
  });
});
