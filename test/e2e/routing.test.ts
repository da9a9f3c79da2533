// End to end, routing as agents feel it: three people on the demo CRM page in real Chromium (Alice and Bob, agents,
// and Sam, a supervisor), each in their own browser profile. A customer's text is offered to one agent, who accepts
// it and transfers it with a note; the other sees the note on the offer and takes it; an agent who sets herself
// away is offered nothing; the supervisor sees the queue and everyone's presence.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { sendInboundSms } from '../../demo/simulated-customer.js';
import type { RunningDemo } from '../../demo/demo-server.js';
import { launchChromium } from './support/chromium.js';
import { startDemoStack } from './support/demo-stack.js';
import { ShownErrors } from './support/shown-errors.js';

describe('routing between agents in the embedded desktop', () => {
  let demo: RunningDemo;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pages: Record<'alice' | 'bob' | 'sam', Page> = {} as never;
  const errors = new ShownErrors();

  before(async () => {
    demo = await startDemoStack();
    browser = await launchChromium();
    for (const agent of ['alice', 'bob', 'sam'] as const) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      contexts.push(context);
      await errors.watch(context);
      pages[agent] = await context.newPage();
    }
  });
  afterEach(() => errors.check());
  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  const desktop = (agent: keyof typeof pages) => pages[agent].locator('ad-desktop');
  const offerTo = (agent: keyof typeof pages, customer: string) =>
    desktop(agent).getByRole('group').filter({ hasText: customer });
  const text = (from: string, body: string) =>
    sendInboundSms({ hubUrl: demo.hub.url, ...demo.config.telesign!, from, to: '18005550199', text: body });
  const until = async (check: () => Promise<boolean>, what: string) => {
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100)))
      if (await check()) return;
    assert.fail(`timed out waiting until ${what}`);
  };
  const setPresence = (agent: keyof typeof pages, label: string) =>
    desktop(agent).getByRole('combobox', { name: 'Presence' }).selectOption({ label });

  it('connects three people, each available', async () => {
    for (const agent of ['alice', 'bob', 'sam'] as const) {
      await pages[agent].goto(`${demo.pageUrl}/?agent=${agent}`);
      await desktop(agent).getByText('Connected', { exact: true }).waitFor();
    }
    // Sam supervises: he takes no conversations in this test
    await setPresence('sam', 'Away');
    assert.equal(await desktop('alice').getByRole('combobox', { name: 'Presence' }).inputValue(), 'available');
  });

  it('offers a text to one agent, who accepts and transfers it with a note the other sees', async () => {
    await text('15557770001', 'Where is my refund?');
    // the one idle longest (Alice, connected first) is offered it; Bob is not
    await offerTo('alice', '15557770001').getByText('Where is my refund?').waitFor();
    assert.equal(await offerTo('bob', '15557770001').count(), 0);
    await offerTo('alice', '15557770001').getByRole('button', { name: 'Accept' }).click();
    await desktop('alice').getByRole('log').getByText('Where is my refund?').waitFor();

    await desktop('alice').getByRole('button', { name: 'Transfer' }).click();
    const dialog = desktop('alice').getByRole('dialog', { name: 'Transfer the conversation' });
    await dialog.locator('option', { hasText: 'Bob Okafor' }).waitFor({ state: 'attached' });
    await dialog.getByRole('combobox', { name: 'To' }).selectOption('agentId:bob');
    await dialog.getByRole('textbox', { name: 'Note for them' }).fill('Refund approved, please confirm the date');
    await dialog.getByRole('button', { name: 'Transfer' }).click();

    const toBob = offerTo('bob', '15557770001');
    await toBob.getByText(/Refund approved, please confirm the date/).waitFor();
    await toBob.getByRole('button', { name: 'Accept' }).click();
    await desktop('bob').getByRole('log').getByText('Where is my refund?').waitFor();
    // it left Alice's conversations
    await desktop('alice').getByRole('option').filter({ hasText: '15557770001' }).waitFor({ state: 'detached' });
  });

  it('offers nothing to an agent who is away, and the work to the one available', async () => {
    await setPresence('bob', 'Away');
    await text('15557770002', 'Is the shop open on Sunday?');
    await offerTo('alice', '15557770002').waitFor();
    await pages.bob.waitForTimeout(300);
    assert.equal(await offerTo('bob', '15557770002').count(), 0);
    await offerTo('alice', '15557770002').getByRole('button', { name: 'Decline' }).click();
    // declined by the only available agent: it waits in the queue, which the supervisor sees
    await desktop('sam').locator('summary', { hasText: 'Team' }).click();
    const overview = desktop('sam').locator('ad-routing-overview');
    const waiting = overview
      .locator('tr', { has: pages.sam.locator('th', { hasText: 'General' }) })
      .locator('td')
      .first();
    await until(async () => (await waiting.innerText()).trim() === '1', 'the General queue shows 1 waiting');
    await overview.getByRole('row').filter({ hasText: 'Bob Okafor' }).filter({ hasText: 'Away' }).waitFor();
    // Bob comes back: the waiting conversation is offered to him
    await setPresence('bob', 'Available');
    await offerTo('bob', '15557770002').getByRole('button', { name: 'Accept' }).click();
    await desktop('bob').getByRole('log').getByText('Is the shop open on Sunday?').waitFor();
  });
});
