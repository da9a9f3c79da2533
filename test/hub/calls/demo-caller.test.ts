// The demo's simulated caller against the demo stack (hub in demo mode, Dataverse stand-in): the IVR flow greets
// Jane Doe with her seeded case and rings a connected agent; an unknown caller's case is created in the demo CRM.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HubConnectionBuilder, LogLevel, type HubConnection } from '@microsoft/signalr';
import type { RunningDemo } from '../../../demo/demo-server.js';
import type { SimulatedCallResult } from '../../../demo/simulated-caller.js';
import type { Call } from '../../../src/protocol/calls.js';
import { invoke, nextEvent } from '../support/hub-client.js';
import { startDemoStack } from '../../e2e/support/demo-stack.js';

describe('demo: simulated caller', () => {
  let demo: RunningDemo;
  let alice: HubConnection;
  before(async () => {
    demo = await startDemoStack({ dataDir: 'memory://' });
    const { token } = (await (
      await fetch(`${demo.pageUrl}/demo/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"agentId":"alice"}',
      })
    ).json()) as { token: string };
    alice = new HubConnectionBuilder()
      .withUrl(`${demo.hub.url}/hub`, { accessTokenFactory: () => token })
      .configureLogging(LogLevel.None)
      .build();
    await alice.start();
  });
  after(async () => {
    await alice?.stop();
    await demo?.close();
  });

  const simulate = async (body: Record<string, unknown>) => {
    const response = await fetch(`${demo.pageUrl}/demo/simulate/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json()) as SimulatedCallResult & { error?: string; field?: string },
    };
  };

  it('greets a seeded customer with her case and rings alice, whose screen pop has the case', async () => {
    const rings = nextEvent(alice, 'callUpdated', (c) => c.state === 'offered');
    const { status, body } = await simulate({ ani: '+15551234567' });
    assert.equal(status, 200);
    assert.equal(
      body.lookup.greeting,
      'Hello Jane, thank you for calling Contoso Retail. Your latest case is CAS-01042: Parcel delayed in transit.',
    );
    assert.deepEqual(
      body.steps.map((s) => s.step),
      ['arrived', 'greeting', 'menu', 'offered'],
    );
    assert.equal(body.call.assignedAgentId, 'alice');
    assert.deepEqual(body.call.queue, { id: 'support', name: 'Customer support' });
    const call = await rings;
    assert.equal(call.customer?.latestCase?.ticketNumber, 'CAS-01042');
    // the record link opens the demo CRM's page for the case
    const page = await fetch(call.customer.latestCase.recordUrl!);
    assert.match(await page.text(), /Parcel delayed in transit/);
    await invoke(alice, 'answerCall', call.id);
    await invoke(alice, 'hangUpCall', call.id);
    await invoke(alice, 'completeWrapUp', { callId: call.id, notes: '', disposition: 'resolved' });
  });

  it('creates an unknown caller’s case in the demo CRM', async () => {
    const rings = nextEvent(alice, 'callUpdated', (c) => c.state === 'offered');
    const { body } = await simulate({ ani: '+1 555 000 2222' });
    assert.equal(body.lookup.found, false);
    const call = await rings;
    await invoke(alice, 'answerCall', call.id);
    const withCase = await invoke(alice, 'createCase', {
      callId: call.id,
      title: 'Wants to return a sofa',
      description: 'Bought last week.',
    });
    const crm = (await (await fetch(`${demo.pageUrl}/demo/crm`)).json()) as {
      incidents: Array<{ incidentid: string; title: string }>;
    };
    assert.ok(
      crm.incidents.some(
        (i) => i.incidentid === withCase.customer?.latestCase?.incidentId && i.title === 'Wants to return a sofa',
      ),
    );
    // the caller hangs up: alice wraps up
    const hangUp = await fetch(`${demo.pageUrl}/demo/simulate/call/hang-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ interactionId: call.interactionId }),
    });
    assert.equal(((await hangUp.json()) as { call: Call }).call.state, 'wrap_up');
  });

  it('lets the caller hang up in the menu, and refuses a request without a number', async () => {
    const { body } = await simulate({ ani: '+15559876543', menu: 'hang_up' });
    assert.equal(body.call.state, 'ended');
    assert.equal(body.lookup.greeting, 'Hello Sam, thank you for calling Contoso Retail. We found no case for you.');
    const missing = await simulate({});
    assert.deepEqual([missing.status, missing.body.error, missing.body.field], [400, 'invalid_request', 'ani']);
  });
});
