// The built desktop (dist/, served by the hub) through a whole call, as an agent would take it: the demo's simulated
// caller rings, the agent answers, holds, resumes, mutes, sends digits from the keypad, hangs up and wraps up. After
// each step: the step's effect is on screen, and no error was shown or logged, in particular not the red "Not
// connected to the hub…" that a build's renaming of the softphone's members once showed for the whole call while
// the header said Connected.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RunningDemo } from '../../demo/demo-server.js';
import { DEMO_DNIS, runSimulatedCall } from '../../demo/simulated-caller.js';
import { launchChromium } from './support/chromium.js';
import { startDemoStack } from './support/demo-stack.js';
import { ShownErrors } from './support/shown-errors.js';

describe('a call in the built desktop shows no error', () => {
  let demo: RunningDemo;
  let browser: Browser;
  let page: Page;
  const errors = new ShownErrors();

  before(async () => {
    demo = await startDemoStack();
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await errors.watch(context);
    page = await context.newPage();
    await page.goto(`${demo.pageUrl}/?agent=alice`);
    await page.locator('ad-desktop').getByRole('status').filter({ hasText: 'Connected' }).waitFor();
  });
  afterEach(() => errors.check());
  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  const softphone = () => page.locator('ad-desktop').locator('ad-softphone-panel');
  const button = (name: string) => softphone().getByRole('button', { name, exact: true });

  /** One thing the agent does, then what shows it was done; then nothing may have gone wrong. */
  async function step(name: string, act: () => Promise<void>, done: () => Promise<void>): Promise<void> {
    await act();
    await done();
    await errors.check(name);
  }

  it('rings, is answered, held, resumed, muted, sent digits, hung up and wrapped up', { timeout: 60_000 }, async () => {
    await step(
      'the call rings',
      async () => {
        const call = await runSimulatedCall({
          hubUrl: demo.hub.url,
          apiKey: demo.config.organisations[0].voice!.apiKey,
          ani: '+15551234567',
          dnis: DEMO_DNIS,
        });
        assert.equal(call.lookup.found, true);
      },
      () => button('Answer').waitFor(),
    );
    await step(
      'answer',
      () => button('Answer').click(),
      () => button('Hold').waitFor(),
    );
    await step(
      'hold',
      () => button('Hold').click(),
      () => button('Resume').waitFor(),
    );
    await step(
      'resume',
      () => button('Resume').click(),
      () => button('Hold').waitFor(),
    );
    await step(
      'mute',
      () => button('Mute').click(),
      () => softphone().locator('[part~="mute-button"][aria-pressed="true"]').waitFor(),
    );
    await step(
      'unmute',
      () => button('Mute').click(),
      () => softphone().locator('[part~="mute-button"][aria-pressed="false"]').waitFor(),
    );
    const keypad = () => softphone().getByRole('group', { name: 'Keypad' });
    await step(
      'open the keypad',
      () => button('Keypad').click(),
      () => keypad().waitFor(),
    );
    await step(
      'send digits',
      async () => {
        await keypad().getByRole('button', { name: '1', exact: true }).click();
        await keypad().getByRole('button', { name: '#', exact: true }).click();
      },
      () => keypad().getByText('Sent: 1#').waitFor(),
    );
    await step(
      'hang up',
      () => button('Hang up').click(),
      () => softphone().getByRole('button', { name: 'Complete wrap-up' }).waitFor(),
    );
    await step(
      'wrap up',
      async () => {
        await softphone().getByRole('textbox', { name: /Notes/ }).fill('Checked the parcel; all good.');
        await softphone()
          .getByRole('combobox', { name: /Disposition/ })
          .selectOption({ label: 'Resolved' });
        await softphone().getByRole('button', { name: 'Complete wrap-up' }).click();
      },
      () => softphone().getByRole('button', { name: 'Complete wrap-up' }).waitFor({ state: 'detached' }),
    );
    const { rows } = await demo.hub.db.query<{ state: string; wrap_up_disposition: string }>(
      'SELECT state, wrap_up_disposition FROM calls ORDER BY arrived_at DESC LIMIT 1',
    );
    assert.deepEqual(rows[0], { state: 'ended', wrap_up_disposition: 'resolved' });
    assert.equal(
      await page.locator('ad-desktop').locator('ad-connection-status').getByRole('status').innerText(),
      'Connected',
    );
  });
});
