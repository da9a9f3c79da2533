import { expect, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import type { Call, CallState } from '../../../src/protocol/calls.js';
import { DesktopService, type CallMoment } from '../../../src/widget/desktop/desktop-service.js';
import { DesktopStore } from '../../../src/widget/state/desktop-store.js';
import { connectOptions } from '../support/connect-options.js';
import { watchHubCalls } from '../support/hub-calls.js';
import { realHub, SEEDED_CALLERS, unknownCaller, type TestOrganisation } from '../support/real-hub.js';
import { refusal } from '../support/refusal.js';

/** One agent's desktop (a store and a service) and what its host heard. */
class Agent {
  store = new DesktopStore();
  heard: Array<[CallMoment, CallState]> = [];
  service = this.newService();

  constructor(
    readonly id: string,
    private readonly token: string,
    private readonly hubUrl: string,
  ) {}

  private newService() {
    return new DesktopService(this.store, { onCall: (moment, call) => this.heard.push([moment, call.state]) });
  }

  /** Connects and waits until the voice settings and the calls are loaded. */
  async connect(): Promise<void> {
    await this.service.connect(connectOptions(this.hubUrl, this.token, { cache: false }));
    await waitUntil(
      () => this.store.getState().voice !== null && this.store.getState().conversationsSource === 'live',
      `${this.id} live`,
      { timeout: 5000 },
    );
  }

  /** A reload of the page: a new store and service, connected again. */
  async reload(): Promise<void> {
    await this.service.disconnect();
    this.store = new DesktopStore();
    this.heard = [];
    this.service = this.newService();
    await this.connect();
  }

  call(id: string): Call | undefined {
    return this.store.getState().calls.get(id);
  }

  async waitFor(id: string, state: CallState | 'gone', message = `${this.id}: call ${state}`): Promise<void> {
    await waitUntil(() => (state === 'gone' ? !this.call(id) : this.call(id)?.state === state), message, {
      timeout: 5000,
    });
  }
}

describe('DesktopService with voice calls (against the real hub and the demo CRM)', () => {
  let org: TestOrganisation;
  let alice: Agent;
  const agents: Agent[] = [];

  async function agent(id: string): Promise<Agent> {
    const a = new Agent(id, await org.token(id), await realHub.url());
    agents.push(a);
    await a.connect();
    return a;
  }

  beforeEach(async () => {
    org = await realHub.organisation();
    alice = await agent('alice');
  });

  afterEach(async () => {
    sinon.restore();
    for (const a of agents.splice(0)) await a.service.disconnect();
    await realHub.restore();
  });

  it("loads the organisation's voice settings on connect", () => {
    const voice = alice.store.getState().voice!;
    expect(voice.enabled).to.equal(true);
    expect(voice.queues.map((q) => q.name)).to.deep.equal(['Customer support', 'Billing']);
    expect(voice.dispositions.map((d) => d.id)).to.include('resolved');
    expect(voice.wrapUpSeconds).to.equal(60);
  });

  it('a seeded customer calls: the IVR greets them with their case, the call rings at the agent, and goes all the way to wrap-up', async () => {
    const { lookup, call: queued } = await org.call(SEEDED_CALLERS.jane);
    expect(lookup).to.include({
      found: true,
      hasCase: true,
      fullName: 'Jane Doe',
      caseNumber: 'CAS-01042',
      lookupStatus: 'found',
    });
    expect(lookup.greeting).to.contain('Jane').and.contain('CAS-01042');
    expect(queued).to.include({ state: 'offered', assignedAgentId: 'alice' });
    const id = queued.id;

    await alice.waitFor(id, 'offered');
    const ringing = alice.call(id)!;
    expect(ringing).to.include({ callerNumber: SEEDED_CALLERS.jane, lookupStatus: 'found' });
    expect(ringing.customer!.fullName).to.equal('Jane Doe');
    expect(ringing.customer!.latestCase).to.include({
      ticketNumber: 'CAS-01042',
      title: 'Parcel delayed in transit',
      status: 'active',
    });

    const answered = await alice.service.answerCall(id);
    expect(answered.state).to.equal('connected');
    expect(answered.answeredAt).to.be.a('string');
    expect(alice.call(id)!.state).to.equal('connected'); // in the store at once

    expect((await alice.service.holdCall(id)).state).to.equal('on_hold');
    expect((await alice.service.holdCall(id)).state).to.equal('on_hold'); // a repeat is not an error
    const dtmfWhileHeld = await refusal(alice.service.sendDtmf({ callId: id, digits: '1' }));
    expect(dtmfWhileHeld.code).to.equal('call_not_connected');
    expect((await alice.service.resumeCall(id)).state).to.equal('connected');
    expect((await alice.service.muteCall({ callId: id, muted: true })).muted).to.equal(true);
    await alice.service.sendDtmf({ callId: id, digits: '1#' });
    const illegal = await refusal(alice.service.completeWrapUp({ callId: id, notes: '', disposition: 'resolved' })); // still talking
    expect(illegal.code).to.equal('illegal_call_transition');

    const hungUp = await alice.service.hangUpCall(id);
    expect(hungUp.state).to.equal('wrap_up');
    expect(Date.parse(hungUp.wrapUp!.endsAt) - Date.parse(hungUp.wrapUp!.startedAt)).to.equal(60_000);
    const completed = await alice.service.completeWrapUp({
      callId: id,
      notes: 'Parcel re-sent',
      disposition: 'resolved',
    });
    expect(completed).to.include({ state: 'ended' });
    expect(completed.wrapUp).to.include({ notes: 'Parcel re-sent', disposition: 'resolved' });
    expect(alice.call(id)).to.equal(undefined); // ended after its wrap-up: the softphone is free
    expect(alice.heard).to.deep.equal([
      ['offered', 'offered'],
      ['answered', 'connected'],
      ['ended', 'wrap_up'],
    ]);
  });

  it('a reload during a call shows it again as it is (getCalls); the host hears it was answered', async () => {
    const { call } = await org.call(SEEDED_CALLERS.jane);
    await alice.waitFor(call.id, 'offered');
    await alice.service.answerCall(call.id);
    await alice.service.holdCall(call.id);
    await alice.service.muteCall({ callId: call.id, muted: true });

    const calls = watchHubCalls();
    await alice.reload();
    await alice.waitFor(call.id, 'on_hold');
    expect(calls.count('getCalls')).to.equal(1);
    expect(alice.call(call.id)).to.include({ muted: true, assignedAgentId: 'alice' });
    expect(alice.call(call.id)!.customer!.latestCase!.ticketNumber).to.equal('CAS-01042');
    expect(alice.heard).to.deep.equal([['answered', 'on_hold']]);

    // And again from wrap-up: still there until it is completed.
    await alice.service.hangUpCall(call.id);
    await alice.reload();
    await alice.waitFor(call.id, 'wrap_up');
    expect(alice.heard).to.deep.equal([]);
  });

  it('re-syncs after the link drops: a caller who hung up meanwhile shows in wrap-up', async () => {
    const gated = new Agent('alice', await org.token('alice'), await realHub.gatedUrl());
    await alice.service.disconnect();
    agents.push(gated);
    await gated.connect();
    const { call, interactionId } = await org.call(SEEDED_CALLERS.jane);
    await gated.waitFor(call.id, 'offered');
    await gated.service.answerCall(call.id);
    await realHub.gate('down');
    await waitUntil(() => gated.store.getState().connection.state !== 'connected', 'link down', { timeout: 5000 });
    await org.callerHangsUp(interactionId);
    await realHub.gate('open');
    await gated.waitFor(call.id, 'wrap_up', 'the hang-up seen after the reconnect');
    expect(gated.heard.map(([moment]) => moment)).to.deep.equal(['offered', 'answered', 'ended']);
  });

  it('an unknown caller: not found; a case created from the call reaches the demo CRM, with a new contact, and the call shows it', async () => {
    const number = unknownCaller();
    const { lookup, call } = await org.call(number);
    expect(lookup).to.include({ found: false, lookupStatus: 'not_found' });
    await alice.waitFor(call.id, 'offered');
    await alice.service.answerCall(call.id);
    expect(alice.call(call.id)).to.include({ lookupStatus: 'not_found', customer: null });

    const withCase = await alice.service.createCase({
      callId: call.id,
      title: 'Wants to change the delivery address',
      description: 'New address: 1 Main St',
      contactName: 'Grace Hopper',
    });
    expect(withCase.customer!.fullName).to.equal('Grace Hopper');
    const created = withCase.customer!.latestCase!;
    expect(created).to.include({ title: 'Wants to change the delivery address', status: 'active' });
    expect(created.ticketNumber).to.match(/^CAS-\d+$/);
    expect(alice.call(call.id)!.customer!.latestCase!.incidentId).to.equal(created.incidentId);

    const crm = await realHub.crm();
    const contact = crm.contacts.find((c) => c.contactid === withCase.customer!.contactId)!;
    expect(contact).to.include({ fullname: 'Grace Hopper', mobilephone: number });
    expect(crm.incidents.find((i) => i.incidentid === created.incidentId)).to.include({
      title: 'Wants to change the delivery address',
      description: 'New address: 1 Main St',
      _customerid_value: contact.contactid,
    });
  });

  it('the CRM down: the caller is unknown (unavailable); a new look-up is refused while it is down and finds them once it is back', async () => {
    await realHub.failCrm(503);
    const { lookup, call } = await org.call(unknownCaller());
    expect(lookup.lookupStatus).to.equal('unavailable');
    expect(lookup.greeting).to.be.a('string').and.not.equal('');
    await alice.waitFor(call.id, 'offered');
    await alice.service.answerCall(call.id);
    expect(alice.call(call.id)!.lookupStatus).to.equal('unavailable');
    const down = await refusal(alice.service.lookupCustomer(call.id));
    expect(down.code).to.equal('crm_unavailable');
    const noCase = await refusal(alice.service.createCase({ callId: call.id, title: 'Anything' }));
    expect(noCase.code).to.equal('crm_unavailable');

    await realHub.failCrm(null);
    const found = await alice.service.lookupCustomer(call.id);
    expect(found.lookupStatus).to.equal('not_found');
    expect(alice.call(call.id)!.lookupStatus).to.equal('not_found');
  });

  it('declining sends the call to another agent; the first softphone drops it', async () => {
    const bob = await agent('bob');
    const { call } = await org.call(SEEDED_CALLERS.sam);
    const first = call.assignedAgentId === 'alice' ? alice : bob;
    const second = first === alice ? bob : alice;
    await first.waitFor(call.id, 'offered');
    expect(second.call(call.id)).to.equal(undefined);
    await first.service.declineCall(call.id);
    await first.waitFor(call.id, 'gone', 'dropped by the agent who declined');
    await second.waitFor(call.id, 'offered', 'offered to the other agent');
    expect(second.call(call.id)!.customer!.fullName).to.equal('Sam Carter');
    expect(second.call(call.id)!.customer!.latestCase).to.equal(null);
    expect(first.heard).to.deep.equal([['offered', 'offered']]);
  });

  it('transfers to an available agent (who then rings) and to a queue; refuses an agent who is busy', async () => {
    const bob = await agent('bob');
    const sam = await agent('sam'); // a supervisor: sees every call of the organisation
    const { call } = await org.call(SEEDED_CALLERS.jane);
    const owner = call.assignedAgentId === 'alice' ? alice : bob;
    const other = owner === alice ? bob : alice;
    await owner.waitFor(call.id, 'offered');
    await owner.service.answerCall(call.id);

    const targets = await owner.service.getTransferTargets();
    expect(targets.queues.map((q) => q.id)).to.deep.equal(['support', 'billing']);
    expect(targets.agents.map((a) => [a.agentId, a.available])).to.have.deep.members([
      [other.id, true],
      ['sam', true],
    ]);

    await owner.service.transferCall({ callId: call.id, agentId: other.id });
    await owner.waitFor(call.id, 'gone', 'the call left its first agent');
    await other.waitFor(call.id, 'offered', 'the transfer rings at the other agent');
    await sam.waitFor(call.id, 'offered', 'the supervisor sees it');
    await other.service.answerCall(call.id);

    // The owner is busy now: a transfer to them is refused.
    const second = await org.call(SEEDED_CALLERS.sam);
    const secondOwner = [alice, bob, sam].find((a) => a.id === second.call.assignedAgentId)!;
    await secondOwner.waitFor(second.call.id, 'offered');
    await secondOwner.service.answerCall(second.call.id);
    const busy = await refusal(secondOwner.service.transferCall({ callId: second.call.id, agentId: other.id }));
    expect(busy.code).to.equal('agent_unavailable');

    const queued = await other.service.transferCall({ callId: call.id, queueId: 'billing' });
    expect(queued.queue).to.deep.equal({ id: 'billing', name: 'Billing' });
    await other.waitFor(call.id, 'gone', 'the call went to the queue');
  });
});
