// Routing of messaging conversations through the real hub (real webhooks, real SignalR with the official client):
// offers accepted, declined and expired, capacity, presence and its grace period, re-opened conversations, parking,
// wrap-up, transfers, workstream rules, the supervisor's overview and auto-assignment. Time that must pass (offers,
// wrap-ups) is moved with an AdjustableClock; the router's sweeper notices within a second of real time.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { HubConnection } from '@microsoft/signalr';
import { sendGbmMessage } from '../../../demo/simulated-gbm-customer.js';
import { AdjustableClock } from '../../../src/hub/clock.js';
import type { HubConfigInput } from '../../../src/hub/config/config-schema.js';
import { caughtUp, collect, invoke, invokeUnchecked, nextEvent, on, refusal } from '../support/hub-client.js';
import { pause, waitUntil } from '../support/wait.js';
import type { ConversationSummary } from '../../../src/protocol/payloads.js';
import type { ConversationOffer } from '../../../src/protocol/routing.js';
import { CONTOSO_GBM_AGENT, GBM_ACCOUNT, startTestHub, type TestHub } from '../support/test-hub.js';

type OrganisationInput = HubConfigInput['organisations'][number];
type RoutingInput = NonNullable<OrganisationInput['routing']>;
type AgentInput = NonNullable<OrganisationInput['agents']>[number];

/** How long to wait for something the sweeper does (it looks every second of real time). */
const SWEEP_MS = 4000;
/** presenceGraceSeconds of every organisation here, in ms. */
const GRACE_MS = 1000;

const OFFER_ROUTING = {
  mode: 'offer',
  offerTimeoutSeconds: 5,
  presenceGraceSeconds: GRACE_MS / 1000,
  capacity: { messaging: 2, voice: 1 },
} as const;
/** The supervisor takes no conversations (no queues), so they never get in the way of offers. */
const SAM: AgentInput = { id: 'sam', displayName: 'Sam', roles: ['agent', 'supervisor'], queues: [] };

/*
 * One hub for the whole file (starting one takes a couple of seconds), with one organisation per scenario: each
 * scenario has its own agents, numbers, queues and routing settings, and organisations never see each other's
 * conversations, offers or counters. The clock is shared; each scenario disconnects its agents when it is done.
 */
const clock = new AdjustableClock();
const ORGANISATIONS: OrganisationInput[] = [];
let t: TestHub;
let started: Promise<TestHub> | undefined;
async function hub(): Promise<TestHub> {
  t = await (started ??= startTestHub({ clock, config: { organisations: ORGANISATIONS } }));
  return t;
}
after(async () => {
  if (started) await (await started).close();
});

interface Organisation {
  id: string;
  /** Its TeleSign number, and a second one (for the entry-number workstream). */
  number: string;
  vipNumber: string;
  whatsAppNumber: string;
  connect(agentId: string): Promise<HubConnection>;
  /** Stops every connection this organisation's agents made. */
  disconnect(): Promise<void>;
  sms(from: string, text: string, to?: string): Promise<unknown>;
  whatsapp(from: string, text: string): Promise<unknown>;
}

/** Declares a scenario's organisation (before the hub starts): SMS (two numbers), WhatsApp, and optionally Business Messages. */
function organisation(
  id: string,
  routing: RoutingInput | ((numbers: { vipNumber: string }) => RoutingInput),
  agents: AgentInput[],
  options: { gbm?: boolean; withoutSupervisor?: boolean } = {},
): Organisation {
  const index = String(ORGANISATIONS.length + 1).padStart(4, '0');
  const number = `1800556${index}`;
  const vipNumber = `1800557${index}`;
  const whatsAppNumber = `+1415556${index}`;
  ORGANISATIONS.push({
    id,
    name: id,
    channels: [
      { channel: 'sms', provider: 'telesign', number },
      { channel: 'sms', provider: 'telesign', number: vipNumber },
      { channel: 'whatsapp', provider: 'twilio', number: whatsAppNumber },
      ...(options.gbm ? [{ channel: 'gbm', provider: 'google', number: CONTOSO_GBM_AGENT } as const] : []),
    ],
    routing: { ...OFFER_ROUTING, ...(typeof routing === 'function' ? routing({ vipNumber }) : routing) },
    agents: options.withoutSupervisor ? agents : [...agents, SAM],
  });
  const connections: HubConnection[] = [];
  return {
    id,
    number,
    vipNumber,
    whatsAppNumber,
    async connect(agentId) {
      const connection = await (await hub()).connect(agentId, { organisationId: id });
      connections.push(connection);
      return connection;
    },
    async disconnect() {
      await Promise.all(connections.map((c) => c.stop().catch(() => {})));
    },
    sms: (from, text, to = number) => t.sms(from, text, { to }),
    whatsapp: (from, text) => t.whatsapp(from, text, { to: whatsAppNumber }),
  };
}

let customers = 0;
/** A customer's number nobody else in this file uses (TeleSign digits; prefix "+" for WhatsApp). */
const newCustomer = () => `1555${String(process.pid % 1000).padStart(3, '0')}${String(++customers).padStart(4, '0')}`;

/**
 * How a test proves something did NOT happen, without waiting a fixed time: a routing pass with the sweep (what the
 * sweeper does every second) has run since, and every event it sent to these connections has arrived.
 */
async function afterRouting(org: Organisation, ...connections: HubConnection[]): Promise<void> {
  await t.hub.router.route(org.id, true);
  await caughtUp(...connections);
}

const offerOf = (agent: HubConnection, customer: string, timeoutMs = 5000) =>
  nextEvent(agent, 'conversationOffered', (o) => o.conversation.customerAddress === customer, timeoutMs);
const withdrawal = (agent: HubConnection, conversationId: string, timeoutMs = 5000) =>
  nextEvent(agent, 'offerWithdrawn', (w) => w.conversationId === conversationId, timeoutMs);
const update = (agent: HubConnection, match: (c: ConversationSummary) => boolean, timeoutMs = 5000) =>
  nextEvent(agent, 'conversationUpdated', match, timeoutMs);

/** The first of these agents offered the customer's conversation, and the offer. */
function offeredToOneOf(
  agents: Record<string, HubConnection>,
  customer: string,
  timeoutMs = 5000,
): Promise<{ agentId: string; offer: ConversationOffer }> {
  return Promise.race(
    Object.entries(agents).map(([agentId, connection]) =>
      offerOf(connection, customer, timeoutMs).then((offer) => ({ agentId, offer })),
    ),
  );
}

interface Row {
  id: string;
  status: string;
  assigned_agent_id: string | null;
  offered_agent_id: string | null;
  queue_id: string | null;
  queued_at: Date | null;
  declined_agent_ids: string[];
  customer_address: string;
  channel: string;
}

async function rows(sql: string, params: unknown[]): Promise<Row[]> {
  return (await t.hub.db.query<Row>(sql, params)).rows;
}

async function rowOf(conversationId: string): Promise<Row> {
  const [row] = await rows('SELECT * FROM conversations WHERE id = $1', [conversationId]);
  assert.ok(row, `conversation ${conversationId} exists`);
  return row;
}

async function rowByCustomer(customer: string): Promise<Row> {
  const found = await rows('SELECT * FROM conversations WHERE customer_address = $1', [customer]);
  assert.equal(found.length, 1, `one conversation of ${customer}`);
  return found[0];
}

/** What each agent holds, counted from the store: conversations active or in wrap-up with them, and open offers to them. */
async function holdings(orgId: string): Promise<Record<string, number>> {
  const { rows: held } = await t.hub.db.query<{ agent: string; n: number }>(
    `SELECT agent, count(*)::int AS n FROM (
       SELECT assigned_agent_id AS agent FROM conversations WHERE org_id = $1 AND status IN ('active', 'wrap_up') AND assigned_agent_id IS NOT NULL
       UNION ALL
       SELECT offered_agent_id FROM conversations WHERE org_id = $1 AND status = 'open' AND offered_agent_id IS NOT NULL
     ) AS held GROUP BY agent ORDER BY agent`,
    [orgId],
  );
  return Object.fromEntries(held.map((r) => [r.agent, r.n]));
}

async function eventKinds(conversationId: string): Promise<Array<[string, string | null]>> {
  const { rows: events } = await t.hub.db.query<{ kind: string; agent_id: string | null }>(
    'SELECT kind, agent_id FROM conversation_events WHERE conversation_id = $1 ORDER BY id',
    [conversationId],
  );
  return events.map((r) => [r.kind, r.agent_id]);
}

const near = (iso: string, expectedMs: number, toleranceMs: number, what: string) =>
  assert.ok(
    Math.abs(Date.parse(iso) - expectedMs) <= toleranceMs,
    `${what}: ${iso} is not within ${toleranceMs} ms of ${new Date(expectedMs).toISOString()}`,
  );

/** Offer → accept → the conversation is the agent's (active). */
async function giveTo(
  org: Organisation,
  agent: HubConnection,
  customer: string,
  text = 'Hello',
): Promise<ConversationSummary> {
  const offer = offerOf(agent, customer);
  await org.sms(customer, text);
  return invoke(agent, 'acceptOffer', (await offer).conversation.id);
}

describe('an offer accepted', () => {
  let aliceTab1: HubConnection;
  let aliceTab2: HubConnection;
  let bob: HubConnection;
  const customer = newCustomer();
  let offer: ConversationOffer;

  const org = organisation('accept', {}, [
    { id: 'alice', displayName: 'Alice', capacity: { messaging: 3 } },
    { id: 'bob', displayName: 'Bob', capacity: { messaging: 2 } },
  ]);

  before(async () => {
    bob = await org.connect('bob');
    aliceTab1 = await org.connect('alice');
    aliceTab2 = await org.connect('alice');
  });
  after(() => org.disconnect());

  it('offers a new conversation to the available agent with the most free capacity, in each of her tabs, until the offer time', async () => {
    const bobOffers = collect(bob, 'conversationOffered');
    const inTab1 = offerOf(aliceTab1, customer);
    const inTab2 = offerOf(aliceTab2, customer);
    await org.sms(customer, 'Where is my parcel?');
    offer = await inTab1;
    assert.equal((await inTab2).conversation.id, offer.conversation.id);
    const { conversation } = offer;
    assert.equal(conversation.status, 'open');
    assert.equal(conversation.offeredAgentId, 'alice');
    assert.equal(conversation.assignedAgentId, null);
    assert.equal(conversation.queueId, 'general');
    assert.equal(offer.queueId, 'general');
    assert.equal(offer.transfer, null);
    assert.ok(conversation.queuedAt);
    near(offer.offeredAt, clock.now().getTime(), 2000, 'offeredAt');
    assert.equal(
      Date.parse(offer.expiresAt) - Date.parse(offer.offeredAt),
      5000,
      'expires offerTimeoutSeconds after it was offered',
    );
    near(offer.expiresAt, clock.now().getTime() + 5000, 2000, 'expiresAt');
    await afterRouting(org, bob);
    assert.deepEqual(bobOffers, [], 'offered to one agent at a time');
  });

  it('lets the offered agent read the conversation and shows the offer in her routing state; others may not read it', async () => {
    const id = offer.conversation.id;
    const messages = await invoke(aliceTab1, 'getMessages', { conversationId: id, afterSeq: 0 });
    assert.deepEqual(
      messages.map((m) => m.text),
      ['Where is my parcel?'],
    );
    assert.equal((await refusal(invoke(bob, 'getMessages', { conversationId: id, afterSeq: 0 }))).code, 'not_assigned');
    const state = await invoke(aliceTab2, 'getRoutingState');
    assert.equal(state.mode, 'offer');
    assert.equal(state.offerTimeoutSeconds, 5);
    assert.equal(state.presence, 'available');
    assert.deepEqual(
      state.offers.map((o) => o.conversation.id),
      [id],
    );
    assert.equal(state.load.messaging, 1, 'an open offer counts against capacity');
    assert.equal(state.capacity.messaging, 3);
    assert.deepEqual(
      state.queueStats.map((q) => [q.queueId, q.waiting, q.offered]),
      [['general', 1, 1]],
    );
  });

  it('assigns on accept; the other tab hears the offer was accepted; accepting again answers the same', async () => {
    const id = offer.conversation.id;
    const inOtherTab = withdrawal(aliceTab2, id);
    const accepted = await invoke(aliceTab1, 'acceptOffer', id);
    assert.equal(accepted.status, 'active');
    assert.equal(accepted.assignedAgentId, 'alice');
    assert.equal(accepted.offeredAgentId, null);
    assert.equal(accepted.queuedAt, offer.conversation.queuedAt);
    assert.deepEqual(await inOtherTab, { conversationId: id, reason: 'accepted' });
    const again = await invoke(aliceTab2, 'acceptOffer', id);
    assert.equal(again.status, 'active');
    assert.equal(again.assignedAgentId, 'alice');
    const assignments = (await eventKinds(id)).filter(([kind]) => kind === 'assigned');
    assert.deepEqual(assignments, [['assigned', 'alice']], 'assigned once');
    const state = await invoke(aliceTab1, 'getRoutingState');
    assert.deepEqual(state.offers, []);
    assert.equal(state.load.messaging, 1);
  });

  it('answers offer_gone to another agent accepting it, and not_found for a conversation that does not exist', async () => {
    const gone = await refusal(invoke(bob, 'acceptOffer', offer.conversation.id));
    assert.equal(gone.code, 'offer_gone');
    assert.equal((await rowOf(offer.conversation.id)).assigned_agent_id, 'alice', 'still hers');
    assert.equal((await refusal(invoke(bob, 'acceptOffer', randomUUID()))).code, 'not_found');
    assert.equal((await refusal(invoke(bob, 'declineOffer', offer.conversation.id))).code, 'offer_gone');
  });
});

describe('an offer declined', () => {
  let alice: HubConnection;
  let bob: HubConnection;
  const customer = newCustomer();
  let first: ConversationOffer;

  const org = organisation('decline', {}, [
    { id: 'alice', displayName: 'Alice', capacity: { messaging: 3 } },
    { id: 'bob', displayName: 'Bob', capacity: { messaging: 2 } },
  ]);

  before(async () => {
    alice = await org.connect('alice');
    bob = await org.connect('bob');
  });
  after(() => org.disconnect());

  it('goes to the next agent, keeping its place in the queue; the decliner is not offered it again while another can take it', async () => {
    const toAlice = offerOf(alice, customer);
    await org.sms(customer, 'Hi');
    first = await toAlice;
    const aliceOffers = collect(alice, 'conversationOffered');
    const toBob = offerOf(bob, customer);
    const ended = withdrawal(alice, first.conversation.id);
    await invoke(alice, 'declineOffer', first.conversation.id);
    assert.equal((await ended).reason, 'declined');
    const second = await toBob;
    assert.equal(second.conversation.id, first.conversation.id);
    assert.equal(second.conversation.queuedAt, first.conversation.queuedAt, 'keeps its place');
    // alice has more room than bob, yet is not asked again while bob's offer runs
    await afterRouting(org, alice);
    assert.deepEqual(aliceOffers, []);
    assert.equal((await refusal(invoke(alice, 'acceptOffer', first.conversation.id))).code, 'offer_gone');
  });

  it('when everyone declined, is offered again only once an offer time has passed since the last decline', async () => {
    const id = first.conversation.id;
    const offers = collect(alice, 'conversationOffered');
    const bobOffers = collect(bob, 'conversationOffered');
    await invoke(bob, 'declineOffer', id);
    const row = await rowOf(id);
    assert.equal(row.status, 'open');
    assert.equal(row.offered_agent_id, null);
    assert.deepEqual([...row.declined_agent_ids].sort(), ['alice', 'bob']);
    // 3 s on the clock, and the real time a sweep takes, stay short of the 5 s offer time
    clock.advance(3000);
    await afterRouting(org, alice, bob);
    assert.deepEqual(offers, [], 'not offered to alice again before an offer time has passed (a sweep included)');
    assert.deepEqual(bobOffers, [], 'nor to bob');
    const again = offeredToOneOf({ alice, bob }, customer, SWEEP_MS);
    clock.advance(2000);
    const { agentId, offer } = await again;
    assert.equal(agentId, 'alice', 'asked again from everyone: the most free capacity');
    assert.equal(offer.conversation.queuedAt, first.conversation.queuedAt, 'still its first place');
  });
});

describe('an offer not answered in time', () => {
  let alice: HubConnection;
  let bob: HubConnection;

  const org = organisation('timeout', {}, [
    { id: 'alice', displayName: 'Alice', capacity: { messaging: 3 } },
    { id: 'bob', displayName: 'Bob', capacity: { messaging: 2 } },
  ]);

  before(async () => {
    alice = await org.connect('alice');
    bob = await org.connect('bob');
  });
  after(() => org.disconnect());

  it('is withdrawn from the agent as expired and offered to the next one', async () => {
    const customer = newCustomer();
    const toAlice = offerOf(alice, customer);
    await org.sms(customer, 'Anyone there?');
    const first = await toAlice;
    const expired = withdrawal(alice, first.conversation.id, SWEEP_MS);
    const toBob = offerOf(bob, customer, SWEEP_MS);
    clock.advance(5000);
    assert.equal((await expired).reason, 'expired');
    const second = await toBob;
    assert.equal(second.conversation.queuedAt, first.conversation.queuedAt, 'keeps its place');
    near(second.expiresAt, clock.now().getTime() + 5000, 2000, 'a new offer time');
    assert.equal((await refusal(invoke(alice, 'acceptOffer', first.conversation.id))).code, 'offer_gone');
    const kinds = await eventKinds(first.conversation.id);
    assert.deepEqual(
      kinds.filter(([kind]) => kind !== 'queued'),
      [
        ['offered', 'alice'],
        ['offer_expired', 'alice'],
        ['offered', 'bob'],
      ],
    );
    const accepted = await invoke(bob, 'acceptOffer', first.conversation.id);
    assert.equal(accepted.assignedAgentId, 'bob');
  });
});

describe('capacity', () => {
  let alice: HubConnection;
  let bob: HubConnection;
  const burst = Array.from({ length: 6 }, () => newCustomer());

  const org = organisation('capacity', { capacity: { messaging: 2, voice: 1 } }, [
    { id: 'alice', displayName: 'Alice' },
    { id: 'bob', displayName: 'Bob' },
  ]);

  before(async () => {
    alice = await org.connect('alice');
    bob = await org.connect('bob');
  });
  after(() => org.disconnect());

  it('offers six customers writing at once to two agents of capacity 2: four offered, two wait, nobody ever holds more than 2', async () => {
    const aliceOffers = collect(alice, 'conversationOffered');
    const bobOffers = collect(bob, 'conversationOffered');
    const most: Record<string, number> = {};
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        for (const [agent, n] of Object.entries(await holdings(org.id))) most[agent] = Math.max(most[agent] ?? 0, n);
        await pause(10);
      }
    })();
    try {
      await Promise.all(burst.map((customer, i) => org.sms(customer, `Burst ${i}`)));
      await waitUntil(() => aliceOffers.length + bobOffers.length >= 4, 'four offers');
      assert.equal(aliceOffers.length, 2);
      assert.equal(bobOffers.length, 2);
      for (const offer of [...aliceOffers, ...bobOffers]) {
        const taken = await invoke(aliceOffers.includes(offer) ? alice : bob, 'acceptOffer', offer.conversation.id);
        assert.equal(taken.status, 'active');
      }
      // a sweep or two later nothing more was given
      await afterRouting(org, alice, bob);
    } finally {
      sampling = false;
      await sampler;
    }
    assert.equal(aliceOffers.length + bobOffers.length, 4, 'no fifth offer');
    assert.deepEqual(await holdings(org.id), { alice: 2, bob: 2 });
    assert.ok((most.alice ?? 0) <= 2 && (most.bob ?? 0) <= 2, `never more than 2: ${JSON.stringify(most)}`);
    const { rows } = await t.hub.db.query<{ status: string; offered: boolean; queue_id: string; n: number }>(
      `SELECT status, offered_agent_id IS NOT NULL AS offered, queue_id, count(*)::int AS n FROM conversations WHERE org_id = $1 GROUP BY 1, 2, 3 ORDER BY 1`,
      [org.id],
    );
    assert.deepEqual(rows, [
      { status: 'active', offered: false, queue_id: 'general', n: 4 },
      { status: 'open', offered: false, queue_id: 'general', n: 2 },
    ]);
    const state = await invoke(alice, 'getRoutingState');
    assert.deepEqual(
      state.queueStats.map((q) => [q.queueId, q.waiting, q.offered]),
      [['general', 2, 0]],
    );
  });

  it('gives the oldest waiting conversation to the agent who resolved one', async () => {
    const waiting = await rows(
      `SELECT * FROM conversations WHERE org_id = $1 AND status = 'open' ORDER BY queued_at, created_at`,
      [org.id],
    );
    assert.equal(waiting.length, 2);
    const bobOffers = collect(bob, 'conversationOffered');
    const mine = await rows(
      `SELECT * FROM conversations WHERE org_id = $1 AND assigned_agent_id = 'alice' AND status = 'active' LIMIT 1`,
      [org.id],
    );
    const offered = nextEvent(alice, 'conversationOffered');
    const closed = await invoke(alice, 'closeConversation', mine[0].id);
    assert.equal(closed.status, 'closed');
    const offer = await offered;
    const oldest = Math.min(...waiting.map((w) => w.queued_at!.getTime()));
    assert.ok(waiting.some((w) => w.id === offer.conversation.id));
    assert.equal(Date.parse(offer.conversation.queuedAt!), oldest, 'the oldest waiting one');
    await afterRouting(org, bob);
    assert.deepEqual(bobOffers, [], 'bob is still full');
    assert.deepEqual(await holdings(org.id), { alice: 2, bob: 2 });
  });
});

describe('capacity per channel', () => {
  let carol: HubConnection;
  const whatsApp = [newCustomer(), newCustomer()].map((n) => `+${n}`);
  const sms = [newCustomer(), newCustomer()];
  const offers = new Map<string, ConversationOffer>();

  const org = organisation('per-channel', {}, [
    { id: 'carol', displayName: 'Carol', capacity: { messaging: 3, whatsapp: 1 } },
  ]);

  before(async () => {
    carol = await org.connect('carol');
    on(carol, 'conversationOffered', (o: ConversationOffer) => offers.set(o.conversation.customerAddress, o));
  });
  after(() => org.disconnect());

  it('holds at most one WhatsApp conversation within three in all', async () => {
    // WhatsApp first: without the WhatsApp limit both would be offered before the SMS ones
    for (const [i, customer] of whatsApp.entries()) await org.whatsapp(customer, `WhatsApp ${i}`);
    for (const [i, customer] of sms.entries()) await org.sms(customer, `SMS ${i}`);
    await waitUntil(() => offers.size >= 3, 'three offers');
    await afterRouting(org, carol);
    assert.equal(offers.size, 3, 'a fourth one waits');
    assert.deepEqual([...offers.values()].map((o) => o.conversation.channel).sort(), ['sms', 'sms', 'whatsapp']);
    const state = await invoke(carol, 'getRoutingState');
    assert.deepEqual(state.capacity, { messaging: 3, voice: 1, whatsapp: 1 });
    assert.deepEqual(state.load, { messaging: 3, voice: 0, sms: 2, whatsapp: 1, gbm: 0 });
    for (const offer of offers.values()) await invoke(carol, 'acceptOffer', offer.conversation.id);
    const waiting = await rows(`SELECT * FROM conversations WHERE org_id = $1 AND status = 'open'`, [org.id]);
    assert.deepEqual(
      waiting.map((r) => r.channel),
      ['whatsapp'],
    );
  });

  it('skips the WhatsApp conversation it cannot take for a later SMS, and takes it once the WhatsApp one is resolved', async () => {
    const waitingWhatsApp = whatsApp.find((c) => !offers.has(c))!;
    const later = newCustomer();
    await org.sms(later, 'Me too');
    const smsOne = [...offers.values()].find((o) => o.conversation.channel === 'sms')!;
    const toLater = offerOf(carol, later);
    await invoke(carol, 'closeConversation', smsOne.conversation.id);
    const laterOffer = await toLater;
    assert.equal(laterOffer.conversation.channel, 'sms', 'the newer SMS: she has no room for WhatsApp');
    assert.equal((await rowByCustomer(waitingWhatsApp)).offered_agent_id, null);
    await invoke(carol, 'acceptOffer', laterOffer.conversation.id);
    const whatsAppOne = [...offers.values()].find((o) => o.conversation.channel === 'whatsapp')!;
    const toWaiting = offerOf(carol, waitingWhatsApp);
    await invoke(carol, 'closeConversation', whatsAppOne.conversation.id);
    assert.equal((await toWaiting).conversation.channel, 'whatsapp');
  });
});

describe('presence', () => {
  let aliceTab1: HubConnection;
  let aliceTab2: HubConnection;
  let bob: HubConnection;
  let sam: HubConnection;
  const overview = async () => invoke(sam, 'getRoutingOverview');
  const aliceIn = async () => (await overview()).agents.find((a) => a.agentId === 'alice')!;

  const org = organisation('presence', {}, [
    { id: 'alice', displayName: 'Alice' },
    { id: 'bob', displayName: 'Bob' },
  ]);

  before(async () => {
    aliceTab1 = await org.connect('alice');
    aliceTab2 = await org.connect('alice');
    bob = await org.connect('bob');
    sam = await org.connect('sam');
    await invoke(bob, 'setPresence', 'away');
  });
  after(() => org.disconnect());

  it('offers nothing to an agent who is away, and the waiting work once she is available again; her other tab hears of each change', async () => {
    const toAway = nextEvent(aliceTab2, 'presenceChanged', (p) => p === 'away');
    const state = await invoke(aliceTab1, 'setPresence', 'away');
    assert.equal(state.presence, 'away');
    assert.equal(await toAway, 'away');
    const offers = collect(aliceTab1, 'conversationOffered');
    const customer = newCustomer();
    await org.sms(customer, 'Hello?');
    await afterRouting(org, aliceTab1);
    assert.deepEqual(offers, []);
    assert.equal((await rowByCustomer(customer)).offered_agent_id, null);
    assert.equal((await aliceIn()).presence, 'away');
    const toAvailable = nextEvent(aliceTab2, 'presenceChanged', (p) => p === 'available');
    const offered = offerOf(aliceTab1, customer);
    await invoke(aliceTab1, 'setPresence', 'available');
    await toAvailable;
    const offer = await offered;
    await invoke(aliceTab1, 'acceptOffer', offer.conversation.id);
    await invoke(aliceTab1, 'closeConversation', offer.conversation.id);
  });

  it('keeps the chosen presence across a reconnect', async () => {
    await invoke(aliceTab1, 'setPresence', 'dnd');
    await Promise.all([aliceTab1.stop(), aliceTab2.stop()]);
    aliceTab1 = await org.connect('alice');
    const state = await invoke(aliceTab1, 'getRoutingState');
    assert.equal(state.presence, 'dnd');
    assert.equal((await aliceIn()).presence, 'dnd');
    const { rows } = await t.hub.db.query<{ presence: string }>(
      `SELECT presence FROM agent_presence WHERE org_id = $1 AND agent_id = 'alice'`,
      [org.id],
    );
    assert.equal(rows[0].presence, 'dnd', 'stored, so it survives a restart too');
    await invoke(aliceTab1, 'setPresence', 'available');
    aliceTab2 = await org.connect('alice');
  });

  it('refuses offline (and anything else) as a chosen presence', async () => {
    const offline = await refusal(invokeUnchecked(aliceTab1, 'setPresence', 'offline'));
    assert.equal(offline.code, 'invalid_request');
    assert.equal((await refusal(invokeUnchecked(aliceTab1, 'setPresence', 'sleeping'))).code, 'invalid_request');
    assert.equal((await invoke(aliceTab1, 'getRoutingState')).presence, 'available');
  });

  it('keeps presence and offers when a tab reconnects within the grace period', async () => {
    const customer = newCustomer();
    const offered = offerOf(aliceTab1, customer);
    await org.sms(customer, 'Still there?');
    const offer = await offered;
    await Promise.all([aliceTab1.stop(), aliceTab2.stop()]);
    aliceTab1 = await org.connect('alice');
    // proving nothing happened: the 1 s grace period (presenceGraceSeconds) has passed since her tabs closed, and a
    // sweep has run; had the reconnect not counted, her offer would have been withdrawn by now
    await pause(GRACE_MS + 200);
    await afterRouting(org, aliceTab1);
    const row = await rowOf(offer.conversation.id);
    assert.equal(row.offered_agent_id, 'alice', 'her offer is still hers');
    const me = await aliceIn();
    assert.equal(me.presence, 'available');
    assert.equal(me.connections, 1);
    const state = await invoke(aliceTab1, 'getRoutingState');
    assert.deepEqual(
      state.offers.map((o) => o.conversation.id),
      [offer.conversation.id],
    );
    await invoke(aliceTab1, 'acceptOffer', offer.conversation.id);
    await invoke(aliceTab1, 'closeConversation', offer.conversation.id);
  });

  it('takes an agent offline once her last tab has been gone for the grace period; her open offer goes to another agent', async () => {
    const customer = newCustomer();
    const offered = offerOf(aliceTab1, customer);
    await org.sms(customer, 'Help');
    const offer = await offered;
    const bobOffers = collect(bob, 'conversationOffered');
    await invoke(bob, 'setPresence', 'available');
    await afterRouting(org, bob);
    assert.deepEqual(bobOffers, [], 'an open offer is not taken from a connected agent');
    const toBob = offerOf(bob, customer, SWEEP_MS);
    await aliceTab1.stop();
    await waitUntil(async () => (await aliceIn()).connections === 0, 'the hub to see her tab gone', 800);
    const during = await aliceIn();
    assert.equal(during.presence, 'available', 'within the grace period');
    assert.equal(during.connections, 0);
    const moved = await toBob;
    assert.equal(moved.conversation.queuedAt, offer.conversation.queuedAt);
    const gone = await aliceIn();
    assert.equal(gone.presence, 'offline');
    assert.equal(gone.connections, 0);
    assert.equal(gone.idleSince, null);
    assert.ok(
      (await eventKinds(offer.conversation.id)).some(
        ([kind, agent]) => kind === 'offer_withdrawn' && agent === 'alice',
      ),
    );
    // back again: her chosen presence returns
    aliceTab1 = await org.connect('alice');
    assert.equal((await aliceIn()).presence, 'available');
  });
});

describe('a conversation re-opened by the customer', () => {
  let alice: HubConnection;
  let bob: HubConnection;
  const customer = newCustomer();
  let first: ConversationSummary;

  const org = organisation('reopen', {}, [
    { id: 'alice', displayName: 'Alice', capacity: { messaging: 2 } },
    { id: 'bob', displayName: 'Bob', capacity: { messaging: 3 } },
  ]);

  before(async () => {
    alice = await org.connect('alice');
  });
  after(() => org.disconnect());

  it('goes back to the agent who had it when she is available, though another has more room', async () => {
    first = await giveTo(org, alice, customer, 'First question');
    await invoke(alice, 'closeConversation', first.id);
    bob = await org.connect('bob');
    const bobOffers = collect(bob, 'conversationOffered');
    const back = offerOf(alice, customer);
    clock.advance(1000);
    await org.sms(customer, 'One more thing');
    const offer = await back;
    assert.equal(offer.conversation.id, first.id, 'the same conversation');
    assert.ok(Date.parse(offer.conversation.queuedAt!) > Date.parse(first.queuedAt!), 'a new place in the queue');
    await afterRouting(org, bob);
    assert.deepEqual(bobOffers, []);
    await invoke(alice, 'acceptOffer', first.id);
    await invoke(alice, 'closeConversation', first.id);
  });

  it('goes to another agent when the previous one is not available', async () => {
    await invoke(alice, 'setPresence', 'away');
    const toBob = offerOf(bob, customer);
    await org.sms(customer, 'And another');
    const offer = await toBob;
    assert.equal(offer.conversation.id, first.id);
    // while it waits for bob, alice still reads it but may not work it
    assert.equal((await invoke(alice, 'getMessages', { conversationId: first.id, afterSeq: 0 })).length, 3);
    const refused = await invoke(alice, 'sendMessage', {
      conversationId: first.id,
      clientMessageId: randomUUID(),
      text: 'Me again',
    }).then(
      () => null,
      (e: Error) => e.message,
    );
    assert.match(refused ?? '', /\[not_assigned\] This conversation is waiting in a queue/);
    const accepted = await invoke(bob, 'acceptOffer', first.id);
    assert.equal(accepted.assignedAgentId, 'bob');
    assert.equal(accepted.lastSeq, 3);
  });
});

describe('parking and resuming', () => {
  let alice: HubConnection;
  const customerA = newCustomer();
  const customerB = newCustomer();
  let a: ConversationSummary;
  let b: ConversationSummary;

  const org = organisation('park', {}, [{ id: 'alice', displayName: 'Alice', capacity: { messaging: 1 } }]);

  before(async () => {
    alice = await org.connect('alice');
  });
  after(() => org.disconnect());

  it('parking frees capacity: the conversation waiting is offered', async () => {
    a = await giveTo(org, alice, customerA, 'First');
    const offers = collect(alice, 'conversationOffered');
    await org.sms(customerB, 'Second');
    await afterRouting(org, alice);
    assert.deepEqual(offers, [], 'she is full');
    const toB = offerOf(alice, customerB);
    const parked = await invoke(alice, 'parkConversation', a.id);
    assert.equal(parked.status, 'waiting');
    assert.equal(parked.assignedAgentId, 'alice', 'still hers');
    b = await invoke(alice, 'acceptOffer', (await toB).conversation.id);
    const state = await invoke(alice, 'getRoutingState');
    assert.equal(state.load.messaging, 1, 'a parked conversation does not count');
    assert.equal((await refusal(invoke(alice, 'parkConversation', a.id))).code, 'conflict', 'already parked');
  });

  it('keeps a parked conversation waiting when the customer writes while the agent is full; resuming it is refused', async () => {
    const told = update(alice, (c) => c.id === a.id && c.lastSeq === 2);
    await org.sms(customerA, 'Any news?');
    assert.equal((await told).status, 'waiting');
    assert.equal((await rowOf(a.id)).status, 'waiting');
    const full = await refusal(invoke(alice, 'resumeConversation', a.id));
    assert.equal(full.code, 'capacity_full');
    assert.match(full.message, /1 of 1/);
  });

  it('brings it back to active when the customer writes and the agent has room', async () => {
    await invoke(alice, 'closeConversation', b.id);
    const back = update(alice, (c) => c.id === a.id && c.lastSeq === 3);
    await org.sms(customerA, 'Hello again');
    const summary = await back;
    assert.equal(summary.status, 'active');
    assert.equal(summary.assignedAgentId, 'alice');
  });

  it('resumes a parked conversation when the agent has room', async () => {
    await invoke(alice, 'parkConversation', a.id);
    const resumed = await invoke(alice, 'resumeConversation', a.id);
    assert.equal(resumed.status, 'active');
    assert.equal((await refusal(invoke(alice, 'resumeConversation', a.id))).code, 'conflict', 'not parked');
  });
});

describe('wrap-up', () => {
  let alice: HubConnection;
  let a: ConversationSummary;
  const customerB = newCustomer();
  const customerC = newCustomer();

  const org = organisation('wrap-up', { wrapUpSeconds: 30 }, [
    { id: 'alice', displayName: 'Alice', capacity: { messaging: 1 } },
  ]);

  before(async () => {
    alice = await org.connect('alice');
  });
  after(() => org.disconnect());

  it('resolving puts the conversation in wrap-up until wrapUpEndsAt, and wrap-up counts against capacity', async () => {
    a = await giveTo(org, alice, newCustomer());
    const resolved = await invoke(alice, 'closeConversation', a.id);
    assert.equal(resolved.status, 'wrap_up');
    assert.ok(resolved.wrapUpEndsAt);
    near(resolved.wrapUpEndsAt, clock.now().getTime() + 30_000, 2000, 'wrapUpEndsAt');
    const offers = collect(alice, 'conversationOffered');
    await org.sms(customerB, 'Me next');
    await afterRouting(org, alice);
    assert.deepEqual(offers, [], 'no room during wrap-up');
    assert.equal((await invoke(alice, 'getRoutingState')).load.messaging, 1);
  });

  it('closes by itself once the wrap-up time is over, and the next conversation is offered', async () => {
    const closed = update(alice, (c) => c.id === a.id && c.status === 'closed', SWEEP_MS);
    const next = offerOf(alice, customerB, SWEEP_MS);
    clock.advance(30_000);
    const summary = await closed;
    assert.equal(summary.wrapUpEndsAt, null);
    await next;
  });

  it('closes a conversation in wrap-up at once when asked again', async () => {
    const b = await invoke(alice, 'acceptOffer', (await rowByCustomer(customerB)).id);
    assert.equal((await invoke(alice, 'closeConversation', b.id)).status, 'wrap_up');
    const closed = await invoke(alice, 'closeConversation', b.id);
    assert.equal(closed.status, 'closed');
    assert.equal(closed.wrapUpEndsAt, null);
    // room again straight away
    const offered = offerOf(alice, customerC);
    await org.sms(customerC, 'Hi');
    await offered;
  });

  it('gives a conversation back to its agent when the customer writes during wrap-up, instead of closing it unanswered', async () => {
    const c = await invoke(alice, 'acceptOffer', (await rowByCustomer(customerC)).id);
    assert.equal((await invoke(alice, 'closeConversation', c.id)).status, 'wrap_up');
    const back = update(alice, (s) => s.id === c.id && s.lastSeq === 2);
    await org.sms(customerC, 'Wait, one more thing');
    const summary = await back;
    assert.equal(summary.status, 'active');
    assert.equal(summary.assignedAgentId, 'alice');
    assert.equal(summary.wrapUpEndsAt, null);
    assert.equal(summary.unreadCount, 1);
    clock.advance(31_000);
    await afterRouting(org);
    assert.equal((await rowOf(c.id)).status, 'active', 'not closed when the old wrap-up time passes');
  });
});

describe('transfers', () => {
  let alice: HubConnection;
  let bob: HubConnection;
  let carol: HubConnection;
  let erin: HubConnection;
  let conversation: ConversationSummary;

  const org = organisation(
    'transfer',
    {
      queues: [
        { id: 'general', name: 'General' },
        { id: 'billing', name: 'Billing' },
      ],
    },
    [
      { id: 'alice', displayName: 'Alice', capacity: { messaging: 3 }, queues: ['general'] },
      // no WhatsApp for Bob: he can take an SMS conversation, not a WhatsApp one
      { id: 'bob', displayName: 'Bob', capacity: { messaging: 2, whatsapp: 0 }, queues: ['general'] },
      { id: 'carol', displayName: 'Carol', capacity: { messaging: 1 }, queues: ['billing'] },
      { id: 'dave', displayName: 'Dave', queues: ['billing'] },
      { id: 'erin', displayName: 'Erin', queues: ['billing'] },
    ],
  );

  before(async () => {
    alice = await org.connect('alice');
    bob = await org.connect('bob');
    carol = await org.connect('carol');
    erin = await org.connect('erin');
    await invoke(erin, 'setPresence', 'away');
  });
  after(() => org.disconnect());

  it('to an agent, with a note: offered to them with the note; the sender no longer has it', async () => {
    conversation = await giveTo(org, alice, newCustomer(), 'I want a refund');
    assert.equal(conversation.assignedAgentId, 'alice');
    const toBob = offerOf(bob, conversation.customerAddress);
    const left = update(alice, (c) => c.id === conversation.id && c.assignedAgentId !== 'alice');
    const moved = await invoke(alice, 'transferConversation', {
      conversationId: conversation.id,
      agentId: 'bob',
      note: '  Wants a refund for order 42  ',
    });
    assert.equal(moved.status, 'open');
    assert.equal(moved.offeredAgentId, 'bob');
    assert.equal(moved.assignedAgentId, null);
    const offer = await toBob;
    assert.ok(offer.transfer);
    assert.equal(offer.transfer.note, 'Wants a refund for order 42');
    assert.equal(offer.transfer.fromAgentId, 'alice');
    assert.equal(offer.transfer.fromAgentName, 'alice', 'the name in her token');
    assert.equal(offer.transfer.toAgentId, 'bob');
    assert.equal(offer.transfer.toQueueId, null);
    assert.deepEqual(offer.conversation.transfer, offer.transfer);
    assert.equal((await left).assignedAgentId, null);
    assert.equal(
      (await refusal(invoke(alice, 'getMessages', { conversationId: conversation.id, afterSeq: 0 }))).code,
      'not_assigned',
    );
    const accepted = await invoke(bob, 'acceptOffer', conversation.id);
    assert.equal(accepted.status, 'active');
    assert.equal(accepted.assignedAgentId, 'bob');
    assert.equal(accepted.transfer?.note, 'Wants a refund for order 42');
  });

  it('to a queue: open there, offered to an agent of that queue', async () => {
    const toCarol = offerOf(carol, conversation.customerAddress);
    const moved = await invoke(bob, 'transferConversation', {
      conversationId: conversation.id,
      queueId: 'billing',
      note: 'Billing question',
    });
    assert.equal(moved.queueId, 'billing');
    assert.equal(moved.assignedAgentId, null);
    const offer = await toCarol;
    assert.equal(offer.queueId, 'billing');
    assert.equal(offer.transfer?.toQueueId, 'billing');
    assert.equal(offer.transfer?.fromAgentId, 'bob');
    await invoke(carol, 'acceptOffer', conversation.id);
  });

  it('to a queue the sender takes from: offered to another agent of it, not straight back to the sender', async () => {
    const other = await giveTo(org, alice, newCustomer(), 'Wrong department');
    const aliceOffers = collect(alice, 'conversationOffered');
    const toBob = offerOf(bob, other.customerAddress);
    await invoke(alice, 'transferConversation', { conversationId: other.id, queueId: 'general', note: '' });
    const offer = await toBob;
    assert.equal(offer.conversation.id, other.id);
    assert.deepEqual(aliceOffers, []);
    await invoke(bob, 'acceptOffer', other.id);
  });

  it('lists the agents it may go to, and whether each can take this conversation now', async () => {
    const sms = await giveTo(org, alice, newCustomer(), 'Where can this go?');
    const targets = await invoke(alice, 'getConversationTransferTargets', sms.id);
    assert.deepEqual(
      targets.queues.map((q) => q.id),
      ['general', 'billing'],
    );
    const byId = Object.fromEntries(targets.agents.map((a) => [a.agentId, a]));
    assert.equal(byId.alice, undefined, 'not herself');
    assert.deepEqual(byId.bob && [byId.bob.presence, byId.bob.canTakeWork], ['available', true]);
    assert.deepEqual(
      byId.carol && [byId.carol.presence, byId.carol.canTakeWork],
      ['available', false],
      'carol is full',
    );
    assert.deepEqual(byId.dave && [byId.dave.presence, byId.dave.canTakeWork], ['offline', false]);
    assert.deepEqual(byId.erin && [byId.erin.presence, byId.erin.canTakeWork], ['away', false]);
    const customer = `+${newCustomer()}`;
    const offer = offerOf(alice, customer);
    await org.whatsapp(customer, 'And this one?');
    const whatsApp = await invoke(alice, 'acceptOffer', (await offer).conversation.id);
    const forWhatsApp = await invoke(alice, 'getConversationTransferTargets', whatsApp.id);
    assert.equal(
      forWhatsApp.agents.find((a) => a.agentId === 'bob')?.canTakeWork,
      false,
      "judged by the conversation's channel",
    );
    await invoke(alice, 'closeConversation', whatsApp.id);
    assert.equal(
      (await refusal(invoke(bob, 'getConversationTransferTargets', sms.id))).code,
      'not_assigned',
      'only for a conversation one works',
    );
  });

  it('refuses an agent who is away, offline or full, and leaves the conversation with the sender', async () => {
    const mine = await giveTo(org, alice, newCustomer(), 'Transfer me');
    const to = (agentId: string) =>
      refusal(invoke(alice, 'transferConversation', { conversationId: mine.id, agentId, note: '' }));
    const away = await to('erin');
    assert.equal(away.code, 'agent_unavailable');
    const offline = await to('dave');
    assert.equal(offline.code, 'agent_unavailable');
    assert.match(offline.message, /offline/);
    const full = await to('carol');
    assert.equal(full.code, 'agent_unavailable');
    assert.match(full.message, /1 of 1/);
    const row = await rowOf(mine.id);
    assert.equal(row.status, 'active');
    assert.equal(row.assigned_agent_id, 'alice');
  });

  it('refuses an unknown queue, and anything but exactly one of queueId and agentId', async () => {
    const [mine] = await rows(
      `SELECT * FROM conversations WHERE org_id = $1 AND assigned_agent_id = 'alice' AND status = 'active' LIMIT 1`,
      [org.id],
    );
    assert.ok(mine);
    const transfer = (request: Record<string, unknown>) =>
      refusal(invoke(alice, 'transferConversation', { conversationId: mine.id, note: '', ...request }));
    const unknown = await transfer({ queueId: 'nope' });
    assert.equal(unknown.code, 'invalid_request');
    assert.match(unknown.message, /nope/);
    assert.equal((await transfer({})).code, 'invalid_request');
    assert.equal((await transfer({ queueId: 'billing', agentId: 'bob' })).code, 'invalid_request');
    assert.equal((await transfer({ agentId: 'alice' })).code, 'invalid_request', 'not to herself');
    assert.equal(
      (await transfer({ queueId: 'billing', note: 'x'.repeat(1001) })).code,
      'invalid_request',
      'note too long',
    );
    assert.equal((await rowOf(mine.id)).assigned_agent_id, 'alice');
  });
});

describe('workstream rules through the webhooks', () => {
  const agents: Record<string, HubConnection> = {};
  const offers: Record<string, ConversationOffer[]> = {};
  const gbm = (locale: string, placeId?: string) => {
    const conversationId = `conv-${randomUUID()}`;
    return {
      conversationId,
      send: () =>
        sendGbmMessage({
          hubUrl: t.url,
          clientToken: GBM_ACCOUNT.clientToken,
          agent: CONTOSO_GBM_AGENT,
          conversationId,
          locale,
          ...(placeId ? { placeId } : {}),
          text: 'Bonjour',
        }),
    };
  };

  const org = organisation(
    'workstreams',
    ({ vipNumber }) => ({
      queues: ['general', 'vip', 'french', 'stores'].map((id) => ({ id, name: id })),
      fallbackQueue: 'general',
      workstreams: [
        { id: 'all-sms', channel: 'sms', queue: 'general' },
        // the entry number written with "+"; TeleSign gives it as digits
        { id: 'vip-line', channel: 'sms', channelAddress: `+${vipNumber}`, queue: 'vip' },
        {
          id: 'gbm',
          channel: 'gbm',
          rules: [
            { queue: 'french', when: { locale: 'fr' } },
            { queue: 'stores', when: { context: { placeId: 'ChIJstore' } } },
          ],
        },
        { id: 'whatsapp', channel: 'whatsapp', rules: [{ queue: 'french', when: { locale: 'fr' } }] },
      ],
    }),
    [
      { id: 'alice', displayName: 'Alice', capacity: { messaging: 5 }, queues: ['general'] },
      { id: 'vera', displayName: 'Vera', capacity: { messaging: 1 }, queues: ['vip'] },
      { id: 'fran', displayName: 'Fran', queues: ['french'] },
      { id: 'stan', displayName: 'Stan', queues: ['stores'] },
    ],
    { gbm: true },
  );

  before(async () => {
    for (const id of ['alice', 'vera', 'fran', 'stan']) {
      agents[id] = await org.connect(id);
      offers[id] = collect(agents[id], 'conversationOffered');
    }
  });
  after(() => org.disconnect());

  const offeredTo = (conversationId: string) =>
    Object.keys(offers).filter((id) => offers[id].some((o) => o.conversation.id === conversationId));

  it('puts a conversation to the number a workstream names in its queue, offered only to that queue’s agents', async () => {
    const customer = newCustomer();
    const toVera = offerOf(agents.vera, customer);
    await org.sms(customer, 'VIP here', org.vipNumber);
    const offer = await toVera;
    assert.equal(offer.queueId, 'vip');
    // vera is full now: the next VIP customer waits for her, though alice has room
    const next = newCustomer();
    await org.sms(next, 'VIP too', org.vipNumber);
    await afterRouting(org);
    const row = await rowByCustomer(next);
    assert.equal(row.queue_id, 'vip');
    assert.equal(row.offered_agent_id, null);
    assert.deepEqual(offeredTo(row.id), []);
    assert.deepEqual(offeredTo(offer.conversation.id), ['vera']);
    // the channel's other number: the channel-wide workstream
    const plain = newCustomer();
    const toAlice = offerOf(agents.alice, plain);
    await org.sms(plain, 'Normal line');
    assert.equal((await toAlice).queueId, 'general');
  });

  it('routes Business Messages on the customer’s locale ("fr" takes fr-CA) and on the context', async () => {
    const french = gbm('fr-CA');
    const toFran = nextEvent(
      agents.fran,
      'conversationOffered',
      (o) => o.conversation.customerAddress === french.conversationId,
    );
    assert.equal((await french.send()).status, 200);
    const frOffer = await toFran;
    assert.equal(frOffer.queueId, 'french');
    assert.equal(frOffer.conversation.customerLocale, 'fr-CA');
    const store = gbm('en', 'ChIJstore');
    const toStan = nextEvent(
      agents.stan,
      'conversationOffered',
      (o) => o.conversation.customerAddress === store.conversationId,
    );
    await store.send();
    assert.equal((await toStan).queueId, 'stores');
    await afterRouting(org, ...Object.values(agents));
    assert.deepEqual(offeredTo(frOffer.conversation.id), ['fran']);
  });

  it('sends what no rule matched to the fallback queue', async () => {
    const english = gbm('en');
    const toAlice = nextEvent(
      agents.alice,
      'conversationOffered',
      (o) => o.conversation.customerAddress === english.conversationId,
    );
    await english.send();
    assert.equal((await toAlice).queueId, 'general');
    // Twilio's WhatsApp webhook carries no language, so a WhatsApp locale rule never matches an inbound conversation
    const whatsApp = `+${newCustomer()}`;
    const waToAlice = offerOf(agents.alice, whatsApp);
    await org.whatsapp(whatsApp, 'Bonjour');
    const waOffer = await waToAlice;
    assert.equal(waOffer.conversation.customerLocale, null);
    assert.equal(waOffer.queueId, 'general');
  });
});

describe('the supervisor’s overview and queue counters', () => {
  let alice: HubConnection;
  let bob: HubConnection;
  let sam: HubConnection;
  let fiona: HubConnection;
  const burst = [newCustomer(), newCustomer(), newCustomer()];

  const org = organisation(
    'supervisor',
    {
      queues: [
        { id: 'general', name: 'General' },
        { id: 'billing', name: 'Billing' },
      ],
      capacity: { messaging: 1, voice: 1 },
    },
    [
      { id: 'alice', displayName: 'Alice', queues: ['general'] },
      { id: 'bob', displayName: 'Bob', capacity: { messaging: 1, sms: 1 } },
      { id: 'olga', displayName: 'Olga' },
    ],
  );

  const other = organisation(
    'other-org',
    { queues: [{ id: 'claims', name: 'Claims' }] },
    [{ id: 'fiona', displayName: 'Fiona' }],
    { withoutSupervisor: true },
  );

  before(async () => {
    sam = await org.connect('sam');
    alice = await org.connect('alice');
    bob = await org.connect('bob');
    fiona = await other.connect('fiona');
  });
  after(() => Promise.all([org.disconnect(), other.disconnect()]));

  it('lists queues (waiting, offered, longest waiting) and agents (presence, connections, load, capacity)', async () => {
    for (const customer of burst) {
      await org.sms(customer, 'Queue me');
      clock.advance(1000);
    }
    const overview = await invoke(sam, 'getRoutingOverview');
    const { rows } = await t.hub.db.query<{ oldest: Date }>(
      'SELECT min(queued_at) AS oldest FROM conversations WHERE org_id = $1',
      [org.id],
    );
    assert.deepEqual(overview.queues, [
      {
        queueId: 'general',
        name: 'General',
        waiting: 3,
        offered: 2,
        longestWaitingSince: rows[0].oldest.toISOString(),
      },
      { queueId: 'billing', name: 'Billing', waiting: 0, offered: 0, longestWaitingSince: null },
    ]);
    assert.deepEqual(
      overview.agents.map((a) => a.agentId),
      ['alice', 'bob', 'olga', 'sam'],
    );
    const [aliceStatus, bobStatus, olgaStatus] = overview.agents;
    assert.equal(aliceStatus.displayName, 'Alice');
    assert.equal(aliceStatus.presence, 'available');
    assert.equal(aliceStatus.connections, 1);
    assert.deepEqual(aliceStatus.load, { messaging: 1, voice: 0, sms: 1, whatsapp: 0, gbm: 0 });
    assert.deepEqual(aliceStatus.capacity, { messaging: 1, voice: 1 });
    assert.deepEqual(aliceStatus.queueIds, ['general']);
    assert.ok(aliceStatus.idleSince);
    assert.deepEqual(bobStatus.capacity, { messaging: 1, voice: 1, sms: 1 });
    assert.deepEqual(bobStatus.queueIds, ['general', 'billing']);
    assert.equal(bobStatus.load.messaging, 1);
    assert.equal(olgaStatus.presence, 'offline', 'configured, never connected');
    assert.equal(olgaStatus.connections, 0);
    const fionaView = await refusal(invoke(fiona, 'getRoutingOverview'));
    assert.equal(fionaView.code, 'forbidden');
  });

  it('refuses the overview to an agent who is not a supervisor', async () => {
    const forbidden = await refusal(invoke(alice, 'getRoutingOverview'));
    assert.equal(forbidden.code, 'forbidden');
  });

  it('pushes routingOverviewUpdated to supervisors only', async () => {
    const aliceOverviews = collect(alice, 'routingOverviewUpdated');
    const pushed = nextEvent(
      sam,
      'routingOverviewUpdated',
      (o) => o.agents.find((a) => a.agentId === 'bob')?.presence === 'busy',
    );
    await invoke(bob, 'setPresence', 'busy');
    const overview = await pushed;
    assert.equal(overview.queues[0].waiting, 3);
    await caughtUp(alice); // sam's overview went to the supervisors' group: had alice been in it, it would be here
    assert.deepEqual(aliceOverviews, []);
  });

  it('pushes queueStatsUpdated to the organisation’s agents and never to another organisation’s', async () => {
    const fionaStats = collect(fiona, 'queueStatsUpdated');
    const toAlice = nextEvent(alice, 'queueStatsUpdated', (s) => s.find((q) => q.queueId === 'general')?.waiting === 4);
    const toBob = nextEvent(bob, 'queueStatsUpdated', (s) => s.find((q) => q.queueId === 'general')?.waiting === 4);
    await org.sms(newCustomer(), 'One more');
    await Promise.all([toAlice, toBob]);
    await caughtUp(fiona); // alice's and bob's counters went to their organisation's group: had fiona been in it, they would be here
    // (her own organisation's counters may reach her at any time: a pass for her organisation can run meanwhile)
    assert.deepEqual(
      fionaStats.flat().filter((q) => q.queueId !== 'claims'),
      [],
      'another organisation hears nothing of these queues',
    );
    // and the other organisation's own counters reach it only
    const aliceStats = collect(alice, 'queueStatsUpdated');
    const fionaOwn = nextEvent(fiona, 'queueStatsUpdated', (s) =>
      s.some((q) => q.queueId === 'claims' && q.waiting === 1),
    );
    await other.sms(newCustomer(), 'Claim');
    await fionaOwn;
    await caughtUp(alice);
    assert.ok(
      aliceStats.every((stats) => stats.every((q) => q.queueId !== 'claims')),
      JSON.stringify(aliceStats),
    );
  });
});

describe('auto mode', () => {
  let alice: HubConnection;
  let bob: HubConnection;

  const org = organisation('auto', { mode: 'auto' }, [
    { id: 'alice', displayName: 'Alice', capacity: { messaging: 3 } },
    { id: 'bob', displayName: 'Bob', capacity: { messaging: 2 } },
  ]);

  before(async () => {
    alice = await org.connect('alice');
    clock.advance(1000);
    bob = await org.connect('bob');
  });
  after(() => org.disconnect());

  it('assigns without offers, to the most free capacity, ties to the longest idle, never beyond capacity', async () => {
    const offers = [alice, bob].map((c) => collect(c, 'conversationOffered'));
    const state = await invoke(alice, 'getRoutingState');
    assert.equal(state.mode, 'auto');
    const assignedTo: Array<string | null> = [];
    for (let i = 0; i < 6; i++) {
      const customer = newCustomer();
      await org.sms(customer, `Auto ${i}`);
      const row = await rowByCustomer(customer);
      assignedTo.push(row.status === 'active' ? row.assigned_agent_id : null);
      clock.advance(1000);
    }
    // 1: alice (3 free vs 2); 2: tie 2–2, bob idle longer; 3: alice (2 vs 1); 4: tie 1–1, bob idle longer; 5: alice; 6: nobody has room
    assert.deepEqual(assignedTo, ['alice', 'bob', 'alice', 'bob', 'alice', null]);
    assert.deepEqual(offers, [[], []], 'no conversationOffered in auto mode');
    assert.deepEqual(await holdings(org.id), { alice: 3, bob: 2 });
  });

  it('assigns the conversation waiting to the agent who made room, pushed to him as active', async () => {
    const [bobs] = await rows(
      `SELECT * FROM conversations WHERE org_id = $1 AND assigned_agent_id = 'bob' AND status = 'active' LIMIT 1`,
      [org.id],
    );
    const [waiting] = await rows(`SELECT * FROM conversations WHERE org_id = $1 AND status = 'open'`, [org.id]);
    assert.ok(bobs && waiting);
    const aliceUpdates = collect(alice, 'conversationUpdated');
    const given = update(bob, (c) => c.id === waiting.id && c.status === 'active');
    await invoke(bob, 'closeConversation', bobs.id);
    const summary = await given;
    assert.equal(summary.assignedAgentId, 'bob');
    assert.equal(summary.offeredAgentId, null);
    await afterRouting(org, alice);
    assert.ok(
      aliceUpdates.every((c) => c.id !== waiting.id),
      'alice is full: not hers',
    );
  });
});
