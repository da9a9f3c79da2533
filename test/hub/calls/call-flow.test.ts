// Calls end to end over SignalR with the official client, against the real hub and the Dataverse stand-in: the
// platform's events come in over HTTP, agents answer, hold, mute, transfer, hang up and wrap up from their
// softphones; a declined or unanswered call goes to the next agent; a reloaded softphone re-syncs; cases are created
// for callers; organisations never see each other's calls.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { HubConnection } from '@microsoft/signalr';
import { SEED } from '../../support/stand-ins/index.js';
import { caughtUp, invoke, nextEvent, on, refusal } from '../support/hub-client.js';
import type { Call } from '../../../src/protocol/calls.js';
import { startTestHub, testConfig, type TestHub } from '../support/test-hub.js';

let sequence = 0;
/** A caller arrives, hears the greeting and asks for an agent: the platform's arrived and queued events. */
async function incomingCall(t: TestHub, ani: string, extra: Record<string, unknown> = {}): Promise<string> {
  const interactionId = `flow-${++sequence}`;
  await t.callEvent({ event: 'arrived', interactionId, ani, dnis: '+18005550199' });
  await t.callEvent({ event: 'queued', interactionId, ...extra });
  return interactionId;
}

const callUpdate = (connection: HubConnection, match: (c: Call) => boolean) =>
  nextEvent(connection, 'callUpdated', match);

describe('a call from a known customer, answered and wrapped up', () => {
  let t: TestHub;
  let alice: HubConnection;
  let call: Call;
  before(async () => {
    t = await startTestHub();
    alice = await t.connect('alice');
  });
  after(() => t.close());

  it('tells the softphone the organisation’s voice settings', async () => {
    const settings = await invoke(alice, 'getVoiceSettings');
    assert.equal(settings.enabled, true);
    assert.deepEqual(settings.queues, [
      { id: 'support', name: 'Support' },
      { id: 'billing', name: 'Billing' },
    ]);
    assert.equal(settings.wrapUpSeconds, 60);
    assert.equal(settings.ringTimeoutSeconds, 30);
    assert.deepEqual(
      settings.dispositions.map((d) => d.id),
      ['resolved', 'follow_up', 'escalated', 'callback_requested', 'wrong_number'],
    );
  });

  it('rings alice with the caller and the screen pop’s data when the caller asks for an agent', async () => {
    const ringing = callUpdate(alice, (c) => c.state === 'offered');
    const interactionId = await incomingCall(t, '+15551234567');
    call = await ringing;
    assert.equal(call.interactionId, interactionId);
    assert.equal(call.assignedAgentId, 'alice');
    assert.equal(call.callerNumber, '+15551234567');
    assert.deepEqual(call.queue, { id: 'support', name: 'Support' });
    assert.ok(call.offeredAt);
    assert.equal(call.lookupStatus, 'found');
    assert.equal(call.customer?.fullName, 'Jane Doe');
    assert.equal(call.customer?.phone, '+1 (555) 123-4567');
    assert.deepEqual(
      { ...call.customer?.latestCase, recordUrl: undefined },
      {
        incidentId: SEED.janeCase.incidentid,
        title: 'Parcel delayed in transit',
        ticketNumber: 'CAS-01042',
        status: 'active',
        recordUrl: undefined,
      },
    );
    assert.match(call.customer?.latestCase?.recordUrl ?? '', /main\.aspx\?pagetype=entityrecord&etn=incident&id=/);
    assert.equal(
      call.greeting,
      'Hello Jane, thank you for calling Contoso. Your latest case is CAS-01042: Parcel delayed in transit.',
    );
  });

  it('answers, holds and resumes', async () => {
    const answered = await invoke(alice, 'answerCall', call.id);
    assert.equal(answered.state, 'connected');
    assert.ok(answered.answeredAt);
    assert.equal((await invoke(alice, 'answerCall', call.id)).state, 'connected', 'answering twice is harmless');
    const held = await invoke(alice, 'holdCall', call.id);
    assert.equal(held.state, 'on_hold');
    assert.ok(held.heldAt);
    const refused = await refusal(invoke(alice, 'answerCall', call.id));
    assert.equal(refused.code, 'illegal_call_transition');
    assert.equal(refused.message, 'Cannot answer a call that is on hold (on_hold → connected is not allowed).');
    const resumed = await invoke(alice, 'resumeCall', call.id);
    assert.deepEqual([resumed.state, resumed.heldAt], ['connected', null]);
  });

  it('mutes and sends touch-tones on a connected call, without storing the digits', async () => {
    const pushed = callUpdate(alice, (c) => c.id === call.id && c.muted);
    assert.equal((await invoke(alice, 'muteCall', { callId: call.id, muted: true })).muted, true);
    await pushed;
    assert.equal((await invoke(alice, 'muteCall', { callId: call.id, muted: false })).muted, false);
    assert.equal((await invoke(alice, 'sendDtmf', { callId: call.id, digits: '4111#' })).state, 'connected');
    const bad = await refusal(invoke(alice, 'sendDtmf', { callId: call.id, digits: '12x' }));
    assert.equal(bad.code, 'invalid_request');
    const { rows } = await t.hub.db.query<{ detail: unknown }>(
      `SELECT detail FROM call_events WHERE call_id = $1 AND action = 'dtmf'`,
      [call.id],
    );
    assert.deepEqual(
      rows.map((r) => r.detail),
      [{ count: 5 }],
    );
    await invoke(alice, 'holdCall', call.id);
    const dtmfOnHold = await refusal(invoke(alice, 'sendDtmf', { callId: call.id, digits: '1' }));
    assert.deepEqual(dtmfOnHold, {
      code: 'call_not_connected',
      message: 'Touch-tones can only be sent on a connected call (this one is on hold).',
    });
    await invoke(alice, 'resumeCall', call.id);
  });

  it('hangs up into wrap-up, then completes it with notes and a disposition', async () => {
    const wrapUp = await invoke(alice, 'hangUpCall', call.id);
    assert.equal(wrapUp.state, 'wrap_up');
    assert.ok(wrapUp.endedAt);
    assert.equal(new Date(wrapUp.wrapUp!.endsAt).getTime() - new Date(wrapUp.wrapUp!.startedAt).getTime(), 60_000);
    assert.deepEqual(await refusal(invoke(alice, 'holdCall', call.id)), {
      code: 'illegal_call_transition',
      message: 'Cannot hold a call that is in wrap-up (wrap_up → on_hold is not allowed).',
    });
    // the caller's side reports the end too: harmless
    assert.equal((await t.callEvent({ event: 'ended', interactionId: call.interactionId })).duplicate, true);
    const unknownDisposition = await refusal(
      invoke(alice, 'completeWrapUp', { callId: call.id, notes: 'x', disposition: 'made_up' }),
    );
    assert.equal(unknownDisposition.code, 'invalid_request');
    assert.match(unknownDisposition.message, /No disposition "made_up"/);
    const done = await invoke(alice, 'completeWrapUp', {
      callId: call.id,
      notes: 'Courier re-booked for Friday.',
      disposition: 'resolved',
    });
    assert.equal(done.state, 'ended');
    assert.deepEqual(
      { ...done.wrapUp, startedAt: '', endsAt: '', completedAt: Boolean(done.wrapUp?.completedAt) },
      {
        notes: 'Courier re-booked for Friday.',
        disposition: 'resolved',
        startedAt: '',
        endsAt: '',
        completedAt: true,
      },
    );
    assert.deepEqual(await invoke(alice, 'getCalls'), [], 'nothing left on the softphone');
  });

  it('recorded every step, whoever took it', async () => {
    const { rows } = await t.hub.db.query<{ source: string; action: string; from_state: string; to_state: string }>(
      'SELECT source, action, from_state, to_state FROM call_events WHERE call_id = $1 ORDER BY at, from_state',
      [call.id],
    );
    const moves = rows
      .filter((r) => r.from_state !== r.to_state)
      .map((r) => `${r.source}:${r.action}:${r.from_state}→${r.to_state}`);
    assert.deepEqual(moves, [
      'platform:queue:ivr→queued',
      'hub:offer:queued→offered',
      'agent:answer:offered→connected',
      'agent:hold:connected→on_hold',
      'agent:resume:on_hold→connected',
      'agent:hold:connected→on_hold',
      'agent:resume:on_hold→connected',
      'agent:hang_up:connected→wrap_up',
      'agent:complete_wrap_up:wrap_up→ended',
    ]);
  });
});

describe('declined, transferred and abandoned calls', () => {
  let t: TestHub;
  let alice: HubConnection;
  let bob: HubConnection;
  before(async () => {
    t = await startTestHub();
    alice = await t.connect('alice');
    bob = await t.connect('bob');
  });
  after(() => t.close());

  it('offers a declined call to the next agent, and tells the one who declined', async () => {
    const ringsAlice = callUpdate(alice, (c) => c.state === 'offered');
    await incomingCall(t, '+15559876543');
    const call = await ringsAlice;
    const leftAlice = callUpdate(alice, (c) => c.id === call.id && c.assignedAgentId !== 'alice');
    const ringsBob = callUpdate(bob, (c) => c.id === call.id && c.state === 'offered');
    const declined = await invoke(alice, 'declineCall', call.id);
    assert.deepEqual([declined.state, declined.assignedAgentId], ['offered', 'bob']);
    await leftAlice;
    await ringsBob;
    assert.deepEqual(await invoke(alice, 'getCalls'), []);
    assert.equal((await refusal(invoke(alice, 'answerCall', call.id))).code, 'not_assigned');
    assert.equal((await invoke(bob, 'answerCall', call.id)).state, 'connected');
    await invoke(bob, 'hangUpCall', call.id);
    await invoke(bob, 'completeWrapUp', { callId: call.id, notes: '', disposition: 'resolved' });
  });

  it('keeps a call everyone declined in the queue until another agent connects', async () => {
    const ringsAlice = callUpdate(alice, (c) => c.state === 'offered');
    const interactionId = await incomingCall(t, '+15550001111');
    const call = await ringsAlice;
    const ringsBob = callUpdate(bob, (c) => c.id === call.id && c.state === 'offered');
    await invoke(alice, 'declineCall', call.id);
    await ringsBob;
    const queuedAgain = await invoke(bob, 'declineCall', call.id);
    assert.deepEqual([queuedAgain.state, queuedAgain.assignedAgentId], ['queued', null]);
    // sam (an agent as well as a supervisor) connects: he is available, so the call rings him at once
    let ringsSam!: (c: Call) => void;
    const rang = new Promise<Call>((resolve) => (ringsSam = resolve));
    const sam = await t.connect('sam', {
      onEvent: { callUpdated: (c) => c.id === call.id && c.state === 'offered' && ringsSam(c) },
    });
    assert.equal((await rang).assignedAgentId, 'sam');
    const ended = callUpdate(sam, (c) => c.id === call.id && c.state === 'ended');
    await t.callEvent({ event: 'ended', interactionId });
    await ended;
    await sam.stop();
  });

  it('transfers a call to another agent and to a queue', async () => {
    const ringsAlice = callUpdate(alice, (c) => c.state === 'offered');
    await incomingCall(t, '+15551234567');
    const call = await ringsAlice;
    await invoke(alice, 'answerCall', call.id);
    await invoke(alice, 'holdCall', call.id);
    const targets = await invoke(alice, 'getTransferTargets');
    assert.deepEqual(targets.agents, [{ agentId: 'bob', displayName: 'Bob', available: true }]);
    assert.deepEqual(
      targets.queues.map((q) => q.id),
      ['support', 'billing'],
    );
    assert.equal(
      (await refusal(invoke(alice, 'transferCall', { callId: call.id, agentId: 'carol' }))).code,
      'agent_unavailable',
    );
    assert.equal(
      (await refusal(invoke(alice, 'transferCall', { callId: call.id, agentId: 'alice' }))).code,
      'invalid_request',
    );
    assert.equal(
      (await refusal(invoke(alice, 'transferCall', { callId: call.id, queueId: 'nope' }))).code,
      'invalid_request',
    );
    assert.equal((await refusal(invoke(alice, 'transferCall', { callId: call.id }))).code, 'invalid_request');

    const ringsBob = callUpdate(bob, (c) => c.id === call.id && c.state === 'offered');
    const transferred = await invoke(alice, 'transferCall', { callId: call.id, agentId: 'bob' });
    assert.deepEqual([transferred.state, transferred.assignedAgentId, transferred.heldAt], ['offered', 'bob', null]);
    await ringsBob;
    await invoke(bob, 'answerCall', call.id);
    // bob sends it to the billing queue: it is offered to someone other than bob (alice, free again)
    const ringsAliceAgain = callUpdate(alice, (c) => c.id === call.id && c.state === 'offered');
    const toQueue = await invoke(bob, 'transferCall', { callId: call.id, queueId: 'billing' });
    assert.deepEqual([toQueue.state, toQueue.assignedAgentId, toQueue.queue?.id], ['offered', 'alice', 'billing']);
    await ringsAliceAgain;
    await invoke(alice, 'answerCall', call.id);
    await invoke(alice, 'hangUpCall', call.id);
    await invoke(alice, 'completeWrapUp', {
      callId: call.id,
      notes: 'Billing question answered',
      disposition: 'resolved',
    });
  });

  it('drops a ringing call from the softphone when the caller hangs up first', async () => {
    const rings = ringsEither([alice, bob], (c) => c.state === 'offered');
    const interactionId = await incomingCall(t, '+15552223333');
    const { agent, call } = await rings;
    const abandoned = callUpdate(agent, (c) => c.id === call.id && c.state === 'ended');
    await t.callEvent({ event: 'ended', interactionId });
    const ended = await abandoned;
    assert.equal(ended.wrapUp, null);
    assert.equal((await refusal(invoke(agent, 'answerCall', call.id))).code, 'illegal_call_transition');
  });

  it('does not offer a second call to an agent busy with one', async () => {
    // whoever has been idle longer rings first; the other gets the second call
    const firstRing = ringsEither([alice, bob], (c) => c.state === 'offered');
    await incomingCall(t, '+15552224444');
    const first = await firstRing;
    await invoke(first.agent, 'answerCall', first.call.id);
    const other = first.agent === alice ? bob : alice;
    const ringsOther = callUpdate(other, (c) => c.state === 'offered');
    await incomingCall(t, '+15552225555');
    const second = await ringsOther;
    assert.equal(second.assignedAgentId, other === alice ? 'alice' : 'bob');
    await invoke(other, 'answerCall', second.id);
    // both busy: a third waits
    const third = await incomingCall(t, '+15552226666');
    const { rows } = await t.hub.db.query<{ state: string }>('SELECT state FROM calls WHERE interaction_id = $1', [
      third,
    ]);
    assert.equal(rows[0].state, 'queued');
    // the second agent finishes: the third rings them once their wrap-up is done
    await invoke(other, 'hangUpCall', second.id);
    const ringsAgain = callUpdate(other, (c) => c.interactionId === third && c.state === 'offered');
    await invoke(other, 'completeWrapUp', { callId: second.id, notes: '', disposition: 'resolved' });
    await ringsAgain;
  });
});

/** The first of these agents a call matching `match` is pushed to, and the call. */
function ringsEither(
  agents: HubConnection[],
  match: (c: Call) => boolean,
): Promise<{ agent: HubConnection; call: Call }> {
  return new Promise((resolve) => {
    const handlers = agents.map((agent) => {
      const handler = (call: Call) => {
        if (!match(call)) return;
        agents.forEach((a, i) => a.off('callUpdated', handlers[i]));
        resolve({ agent, call });
      };
      on(agent, 'callUpdated', handler);
      return handler;
    });
  });
}

describe('a reloaded softphone, supervisors and other organisations', () => {
  let t: TestHub;
  before(async () => {
    t = await startTestHub();
  });
  after(() => t.close());

  it('shows the call again in its current state after a reload', async () => {
    const alice = await t.connect('alice');
    const rings = callUpdate(alice, (c) => c.state === 'offered');
    await incomingCall(t, '+15551234567');
    const call = await rings;
    await invoke(alice, 'answerCall', call.id);
    await invoke(alice, 'holdCall', call.id);
    await invoke(alice, 'muteCall', { callId: call.id, muted: true });
    await alice.stop();
    const reloaded = await t.connect('alice');
    const calls = await invoke(reloaded, 'getCalls');
    assert.equal(calls.length, 1);
    assert.deepEqual(
      {
        id: calls[0].id,
        state: calls[0].state,
        muted: calls[0].muted,
        held: Boolean(calls[0].heldAt),
        answered: calls[0].answeredAt,
        name: calls[0].customer?.fullName,
      },
      {
        id: call.id,
        state: 'on_hold',
        muted: true,
        held: true,
        answered: call.answeredAt ?? calls[0].answeredAt,
        name: 'Jane Doe',
      },
    );
    assert.equal((await invoke(reloaded, 'resumeCall', call.id)).state, 'connected');
  });

  it('lets a supervisor see every call but not act on another agent’s call', async () => {
    const sam = await t.connect('sam');
    const calls = await invoke(sam, 'getCalls');
    assert.equal(calls.length, 1);
    const seen = callUpdate(sam, (c) => c.id === calls[0].id && c.state === 'on_hold');
    const [alice] = [await t.connect('alice')];
    await invoke(alice, 'holdCall', calls[0].id);
    await seen;
    assert.equal((await refusal(invoke(sam, 'resumeCall', calls[0].id))).code, 'not_assigned');
    const bob = await t.connect('bob');
    assert.deepEqual(await invoke(bob, 'getCalls'), []);
    assert.equal((await refusal(invoke(bob, 'hangUpCall', calls[0].id))).code, 'not_assigned');
    assert.equal((await refusal(invoke(bob, 'lookupCustomer', calls[0].id))).code, 'not_assigned');
  });

  it('never shows one organisation’s calls to another', async () => {
    const fionaEvents: Call[] = [];
    const fiona = await t.connect('fiona', {
      organisationId: 'fabrikam',
      onEvent: { callUpdated: (c) => fionaEvents.push(c) },
    });
    const sam = await t.connect('sam');
    const contosoCall = (await invoke(sam, 'getCalls'))[0];
    assert.deepEqual(await invoke(fiona, 'getCalls'), []);
    for (const method of ['answerCall', 'hangUpCall', 'lookupCustomer'] as const) {
      assert.deepEqual(await refusal(invoke(fiona, method, contosoCall.id)), {
        code: 'not_found',
        message: `No call ${contosoCall.id}.`,
      });
    }
    assert.equal(
      (await refusal(invoke(fiona, 'createCase', { callId: contosoCall.id, title: 'x' }))).code,
      'not_found',
    );
    // a Contoso call rings nobody at Fabrikam
    const alice = await t.connect('alice');
    await invoke(alice, 'resumeCall', contosoCall.id);
    await incomingCall(t, '+15553334444');
    await caughtUp(fiona); // the call was offered (and pushed) before its events were answered
    assert.deepEqual(fionaEvents, []);
    // and Fabrikam's own call rings fiona
    const ringsFiona = callUpdate(fiona, (c) => c.state === 'offered');
    await t.callEvent(
      { event: 'arrived', interactionId: 'fab-1', ani: '+15551234567', dnis: '' },
      t.config.organisations[1].voice!.apiKey,
    );
    await t.callEvent({ event: 'queued', interactionId: 'fab-1' }, t.config.organisations[1].voice!.apiKey);
    const fabrikamCall = await ringsFiona;
    assert.equal(fabrikamCall.organisationId, 'fabrikam');
    assert.deepEqual(fabrikamCall.queue, { id: 'claims', name: 'Claims' });
  });
});

describe('screen pop data: re-running the data dip and creating cases', () => {
  let t: TestHub;
  let alice: HubConnection;
  before(async () => {
    t = await startTestHub();
    alice = await t.connect('alice');
  });
  after(() => t.close());

  async function answeredCall(ani: string): Promise<Call> {
    const rings = callUpdate(alice, (c) => c.state === 'offered');
    await incomingCall(t, ani);
    const call = await rings;
    return invoke(alice, 'answerCall', call.id);
  }
  const finish = async (call: Call) => {
    await invoke(alice, 'hangUpCall', call.id);
    await invoke(alice, 'completeWrapUp', { callId: call.id, notes: '', disposition: 'resolved' });
  };

  it('creates the contact and the case in the CRM for an unknown caller, and shows them on the call', async () => {
    const call = await answeredCall('+15554445555');
    assert.deepEqual([call.lookupStatus, call.customer], ['not_found', null]);
    const contacts = t.crm.contacts.length;
    const pushed = callUpdate(alice, (c) => c.id === call.id && Boolean(c.customer?.latestCase));
    const updated = await invoke(alice, 'createCase', {
      callId: call.id,
      title: 'Missing refund',
      description: 'Refund for order SO-1 not received.',
      contactName: 'Ann Lee',
    });
    await pushed;
    assert.equal(updated.lookupStatus, 'found');
    assert.equal(updated.customer?.fullName, 'Ann Lee');
    assert.equal(updated.customer?.phone, '+15554445555');
    assert.equal(updated.customer?.latestCase?.title, 'Missing refund');
    assert.match(updated.customer?.latestCase?.ticketNumber ?? '', /^CAS-\d{5}$/);
    assert.equal(updated.customer?.latestCase?.status, 'active');
    assert.equal(t.crm.contacts.length, contacts + 1);
    const contact = t.crm.contacts.at(-1)!;
    assert.deepEqual([contact.firstname, contact.lastname, contact.mobilephone], ['Ann', 'Lee', '+15554445555']);
    const incident = t.crm.incidents.find((i) => i.incidentid === updated.customer?.latestCase?.incidentId)!;
    assert.deepEqual(
      [incident._customerid_value, incident.description],
      [contact.contactid, 'Refund for order SO-1 not received.'],
    );
    // a second case goes to the same contact
    const second = await invoke(alice, 'createCase', { callId: call.id, title: 'Another matter' });
    assert.equal(second.customer?.contactId, contact.contactid);
    assert.equal(t.crm.contacts.length, contacts + 1);
    await finish(call);
    // the caller is known from now on
    const lookup = await fetch(`${t.url}/api/ivr/lookup?ani=%2B15554445555`, {
      headers: { authorization: `Bearer ${t.config.organisations[0].voice!.apiKey}` },
    });
    assert.equal(((await lookup.json()) as { caseTitle: string }).caseTitle, 'Another matter');
  });

  it('names the contact of a caller who gave no name after their number', async () => {
    const call = await answeredCall('+15554446666');
    const updated = await invoke(alice, 'createCase', { callId: call.id, title: 'Callback please' });
    assert.equal(updated.customer?.fullName, 'Caller +15554446666');
    await finish(call);
  });

  it('refuses a case without a title, and reports a failing CRM as crm_unavailable without attaching anything', async () => {
    const call = await answeredCall('+15554447777');
    assert.equal(
      (await refusal(invoke(alice, 'createCase', { callId: call.id, title: '  ' }))).code,
      'invalid_request',
    );
    t.crm.failWith = 500;
    try {
      assert.deepEqual(await refusal(invoke(alice, 'createCase', { callId: call.id, title: 'Will fail' })), {
        code: 'crm_unavailable',
        message: 'The CRM could not create the case; try again.',
      });
    } finally {
      t.crm.failWith = null;
    }
    assert.equal((await invoke(alice, 'getCalls'))[0].customer, null);
    await finish(call);
  });

  it('runs the data dip again when the CRM was down at arrival', async () => {
    t.crm.failWith = 503;
    let call: Call;
    try {
      call = await answeredCall('+1 555 987 6543');
      assert.equal(call.lookupStatus, 'unavailable');
      assert.equal(call.greeting, 'Thank you for calling Contoso. We found no case for your number.');
      assert.equal((await refusal(invoke(alice, 'lookupCustomer', call.id))).code, 'crm_unavailable');
    } finally {
      t.crm.failWith = null;
    }
    const found = await invoke(alice, 'lookupCustomer', call.id);
    assert.deepEqual(
      [found.lookupStatus, found.customer?.fullName, found.customer?.latestCase],
      ['found', 'Sam Carter', null],
    );
    await finish(call);
  });
});

describe('ring timeout and wrap-up time', () => {
  const clock = {
    time: new Date('2026-11-20T10:00:00.000Z'),
    now() {
      return new Date(this.time);
    },
  };
  let t: TestHub;
  before(async () => {
    const organisations = testConfig().organisations.map((o) =>
      o.voice ? { ...o, voice: { ...o.voice, ringTimeoutSeconds: 0.3, wrapUpSeconds: 30 } } : o,
    );
    t = await startTestHub({ clock, config: { organisations } });
  });
  after(() => t.close());

  it('takes an unanswered call back after the ring timeout and offers it to the next agent', async () => {
    const alice = await t.connect('alice');
    const bob = await t.connect('bob');
    const ringsAlice = callUpdate(alice, (c) => c.state === 'offered');
    await incomingCall(t, '+15551234567');
    const call = await ringsAlice;
    const ringsBob = callUpdate(bob, (c) => c.id === call.id && c.state === 'offered');
    const leftAlice = callUpdate(alice, (c) => c.id === call.id && c.assignedAgentId !== 'alice');
    await ringsBob;
    await leftAlice;
    const { rows } = await t.hub.db.query<{ detail: { reason?: string } }>(
      `SELECT detail FROM call_events WHERE call_id = $1 AND source = 'hub' AND action = 'decline'`,
      [call.id],
    );
    assert.equal(rows[0]?.detail.reason, 'ring_timeout');
    await invoke(bob, 'answerCall', call.id);
    await invoke(bob, 'hangUpCall', call.id);
    await alice.stop();
  });

  it('offers bob the next call once his wrap-up time is over, even before he completes it', async () => {
    const bob = await t.connect('bob');
    const [wrapping] = await invoke(bob, 'getCalls');
    assert.equal(wrapping?.state, 'wrap_up');
    const interactionId = await incomingCall(t, '+15559876543');
    const waiting = await t.hub.db.query<{ state: string }>('SELECT state FROM calls WHERE interaction_id = $1', [
      interactionId,
    ]);
    assert.equal(waiting.rows[0].state, 'queued', 'bob is wrapping up');
    clock.time = new Date(clock.time.getTime() + 31_000);
    const ringsBob = callUpdate(bob, (c) => c.interactionId === interactionId && c.state === 'offered');
    await t.hub.calls.routeQueued('contoso');
    await ringsBob;
  });
});
