// Routing passes are coalesced per organisation: at most one running and one waiting, whatever the number of events.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CoalescedPasses } from '../../../src/hub/routing/coalesced-passes.js';
import { nextEvent } from '../support/hub-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { waitUntil } from '../support/wait.js';

/** A promise and the function that settles it: a pass the test lets finish when it chooses. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('coalesced routing passes', () => {
  it('runs one pass for a burst asked for at once, and one more for a burst during it', async () => {
    const passes = new CoalescedPasses();
    const running = gate();
    let runs = 0;
    const pass = async () => {
      runs += 1;
      if (runs === 1) await running.opened;
    };
    const first = Array.from({ length: 200 }, () => passes.request('contoso', pass));
    await waitUntil(() => runs === 1, 'the first pass to start');
    const second = Array.from({ length: 200 }, () => passes.request('contoso', pass));
    running.open();
    await Promise.all([...first, ...second]);
    assert.equal(runs, 2);
    assert.equal(passes.passesStarted, 2);
    await passes.request('fabrikam', pass);
    assert.equal(runs, 3, 'each organisation has its own passes');
  });

  describe('on the hub', () => {
    let t: TestHub;
    before(async () => (t = await startTestHub()));
    after(() => t.close());

    it('makes one pass for 60 tabs closing at once, not 60,, and still assigns afterwards', async () => {
      const tabs = await Promise.all(Array.from({ length: 60 }, () => t.connect('bob')));
      const presence = t.hub.router['deps'].presence;
      await waitUntil(() => presence.connections('contoso', 'bob') === 60, 'the 60 tabs to be connected');
      // Holds the organisation's pass running while every tab closes: what they ask for can only queue behind it.
      const held = gate();
      const started = t.hub.router.passes.passesStarted;
      const holding = t.hub.router.passes.request('contoso', () => held.opened);
      await waitUntil(() => t.hub.router.passes.passesStarted > started, 'the holding pass to start');
      const before = t.hub.router.passes.passesStarted;
      await Promise.all(tabs.map((tab) => tab.stop()));
      await waitUntil(() => presence.connections('contoso', 'bob') === 0, 'the 60 tabs to be gone');
      held.open();
      await holding;
      await t.hub.router.route('contoso');
      // The one the 60 disconnects (and any sweep) queued, the one just asked for, at most one sweep in between.
      const passes = t.hub.router.passes.passesStarted - before;
      assert.ok(passes <= 3, `${passes} passes for 60 disconnects`);

      const alice = await t.connect('alice');
      const assigned = nextEvent(alice, 'conversationUpdated', (c) => c.assignedAgentId === 'alice');
      await t.sms('15550001111', 'anyone there after the burst?');
      assert.equal((await assigned).assignedAgentId, 'alice');
    });
  });
});
