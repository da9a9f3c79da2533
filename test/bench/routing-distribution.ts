/**
 * Routing and work distribution for `npm run bench` (issue #5): one real hub (PGlite in a temporary folder), 200
 * simulated agents on real SignalR connections (the official client, WebSockets, normal negotiate), and customers
 * whose first messages arrive in bursts through the real TeleSign webhook, signed as TeleSign signs them.
 *
 *  1. Distribution: 2,000 conversations in 10 bursts of 200, 500 ms apart, to 200 available agents (capacity 3).
 *     Every agent accepts each offer after a think time (0–20 ms), holds the conversation 50–250 ms, closes it.
 *     Reports time to assign p50/p99/max, throughput, and the spread of conversations across agents.
 *  2. Saturation: the hub brings conversations in faster than 200 agents finish them only when they are few, so
 *     in phase 1 nobody comes near their capacity. Here 180 agents go `busy` and 20 (60 places) take 400 more
 *     conversations in 2 bursts, holding each 0.5–1.5 s: capacity is full most of the time and must hold, and the
 *     busy agents must be offered nothing.
 *
 * The run fails only on correctness: a conversation accepted by two agents (or never), an agent over capacity,
 * work offered to a busy agent, conversations left unassigned or not closed (after a generous time limit, naming
 * what is missing). Timing is reported, never judged.
 *
 * Capacity is checked from the agents' side as a lower bound of what the hub counts, so it cannot raise a false
 * alarm: an agent's load goes up when an offer arrives (the hub counted it when it offered) and down when the agent
 * *sends* closeConversation (the hub frees it later), when acceptOffer fails, or when an offer is withdrawn. When
 * the hub keeps `conversation_events`, exactly-once is checked there too, and capacity by replaying that log.
 *
 * The hub and the 200 clients share one process (and event loop), as in the other benchmarks; the event loop's
 * delay is reported alongside. The webhook's HTTP connections are opened before the first burst: Node accepts one
 * new connection per turn of its event loop, so 50 connections opened at once while the hub is busy would wait
 * seconds to be accepted, which says nothing about routing.
 *
 * Run alone with `npx tsx test/bench/routing-distribution.ts`. Environment: BENCH_ROUTING_AGENTS,
 * BENCH_ROUTING_CONVERSATIONS, BENCH_ROUTING_BURSTS, BENCH_ROUTING_TIMEOUT_MS, BENCH_ROUTING_SATURATION=0 to skip
 * phase 2, BENCH_MEMORY=1 for an in-memory store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { HubConnection } from '@microsoft/signalr';
import { inboundSmsBody, newReferenceId } from '../../demo/simulated-customer.js';
import { teleSignAuthorizationHeader } from '../../src/hub/channels/telesign/telesign-signature.js';
import { invoke, type EventHandlers } from '../hub/support/hub-client.js';
import type { ConversationSummary } from '../../src/protocol/payloads.js';
import type { ConversationOffer, OfferWithdrawn } from '../../src/protocol/routing.js';
import { CONTOSO_NUMBER, startTestHub, TELESIGN, type TestHub } from '../hub/support/test-hub.js';

export interface RoutingDistributionOptions {
  agents?: number;
  conversations?: number;
  bursts?: number;
  burstIntervalMs?: number;
  httpConcurrency?: number;
  connectConcurrency?: number;
  capacity?: number;
  /** Phase 2 (saturation): how many agents stay available, and how many conversations; 0 conversations skips it. */
  saturationAgents?: number;
  saturationConversations?: number;
  /** Per phase: every conversation assigned and closed within this long after its last burst was sent. */
  timeoutMs?: number;
}

export interface Spread {
  p50: number;
  p99: number;
  max: number;
}

export interface RoutingDistribution {
  agents: number;
  conversations: number;
  bursts: number;
  capacity: number;
  connectSeconds: number;
  /** From the first webhook POST to the last acceptOffer answer. */
  seconds: number;
  assignmentsPerSecond: number;
  /** Webhook POST sent → acceptOffer answered `active` (think time 0–20 ms included), measured on the client. */
  timeToAssignMs: Spread;
  /** The burst's start → acceptOffer answered: also counts the wait for a free HTTP slot when bursts pile up. */
  timeFromBurstMs: Spread;
  /** Webhook POST sent → conversationOffered received by the agent. */
  timeToOfferMs: Spread;
  /** The webhook's own answer time. */
  webhookMs: Spread;
  /** Hub side, from conversation_events ('assigned' at − the conversation's created_at), when the table exists. */
  hubTimeToAssignMs: Spread | null;
  /** Conversations handled per agent in phase 1. */
  perAgent: { min: number; median: number; max: number; stddev: number; idle: number };
  /** Highest load (open offers + held) any agent was seen with in phase 1. */
  maxLoadSeen: number;
  saturation: {
    agents: number;
    conversations: number;
    seconds: number;
    timeToAssignMs: Spread;
    /** Highest load any agent was seen with, and how many of the available agents reached their capacity. */
    maxLoadSeen: number;
    agentsAtCapacity: number;
    perAgent: { min: number; max: number };
  } | null;
  /** Highest load of any agent replayed from conversation_events (NaN without the table). */
  hubMaxLoad: number;
  offers: number;
  /** Offers that ended without being taken, by reason (offerWithdrawn), and acceptOffer refusals. */
  offersDeclined: number;
  offersExpired: number;
  offersWithdrawn: number;
  acceptFailures: number;
  /** Conversations offered more than once (to any agent). */
  reoffered: number;
  /** Exactly-once (and capacity) also checked against the hub's conversation_events. */
  eventsChecked: boolean;
  /** The event loop the hub and the clients share, during both phases. */
  eventLoopDelayMs: Spread;
}

const ORG = 'contoso';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function spread(values: number[]): Spread {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return { p50: Number.NaN, p99: Number.NaN, max: Number.NaN };
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1)! };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const between = (low: number, high: number) => low + Math.random() * (high - low);
const digits = (address: string) => address.replace(/\D/g, '');
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Runs `work` over `items`, at most `limit` at a time. */
async function inPool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/** A counting semaphore for the webhook POSTs (bursts pile up when the hub is slower than the burst interval). */
class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}
  async run<T>(work: () => Promise<T>): Promise<T> {
    // A finishing task hands its place straight to the next waiting one, so nobody slips in between.
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/** One HTTP request over the bench's own pool of keep-alive connections; resolves with the status. */
function httpCall(
  agent: HttpAgent,
  url: string,
  method: string,
  headers: Record<string, string | number> = {},
  body?: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, agent, headers }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** A customer's text through the real TeleSign webhook, signed as TeleSign signs it (as demo/simulated-customer.ts does). */
function postInboundSms(agent: HttpAgent, hubUrl: string, from: string, text: string): Promise<number> {
  const body = inboundSmsBody(from, CONTOSO_NUMBER, text, newReferenceId());
  return httpCall(
    agent,
    `${hubUrl}/webhooks/telesign`,
    'POST',
    {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      authorization: teleSignAuthorizationHeader(TELESIGN.customerId, TELESIGN.apiKey, body),
    },
    body,
  );
}

interface CustomerRecord {
  address: string;
  phase: number;
  /** When its burst started (the customer "arrived"). */
  arrivedAt?: number;
  postedAt?: number;
  webhookMs?: number;
  webhookStatus?: number;
  webhookError?: string;
  /** How often the hub answered 503 (busy) before taking it. */
  retries?: number;
  conversationId?: string;
  offeredAt?: number;
  assignedAt?: number;
  closedAt?: number;
}

interface World {
  phase: number;
  /** How long agents hold a conversation in the current phase (ms). */
  hold: [number, number];
  capacity: number;
  byAddress: Map<string, CustomerRecord>;
  acceptedBy: Map<string, string[]>;
  offersPerConversation: Map<string, number>;
  strangers: Set<string>;
  offers: number;
  declined: number;
  expired: number;
  withdrawn: number;
  acceptFailures: number;
  acceptErrors: Map<string, number>;
  closeFailures: string[];
  /** Offers of a conversation someone had already accepted. */
  offeredAfterAccepted: string[];
  /** Offers to an agent who had set themselves busy. */
  offeredToBusy: string[];
}

/** One simulated agent: accepts every offer after a think time, holds the conversation, closes it. */
class SimulatedAgent {
  connection!: HubConnection;
  /** Set once setPresence('busy') has answered: from then on, no offers. */
  busy = false;
  /** Offers received and not yet resolved (accepted, failed or withdrawn). */
  readonly pending = new Set<string>();
  /** Conversations accepted and not yet sent to closeConversation. */
  readonly held = new Set<string>();
  readonly handled = [0, 0];
  readonly maxLoad = [0, 0];
  /** When the load went over capacity: what the agent held and was offered at that moment. */
  readonly overCapacity: string[] = [];
  private readonly closing: Promise<void>[] = [];

  constructor(
    readonly id: string,
    private readonly world: World,
  ) {}

  private noteLoad(): void {
    const load = this.pending.size + this.held.size;
    const phase = this.world.phase;
    this.maxLoad[phase] = Math.max(this.maxLoad[phase], load);
    if (load > this.world.capacity && this.overCapacity.length < 5) {
      this.overCapacity.push(
        `load ${load} > ${this.world.capacity}: held [${[...this.held].join(', ')}], offered [${[...this.pending].join(', ')}]`,
      );
    }
  }

  handlers(): EventHandlers {
    return {
      conversationOffered: (offer) => void this.onOffer(offer),
      offerWithdrawn: (ended) => this.onWithdrawn(ended),
    };
  }

  private async onOffer(offer: ConversationOffer): Promise<void> {
    const { world } = this;
    const phase = world.phase;
    const conversation = offer.conversation;
    const now = performance.now();
    world.offers++;
    world.offersPerConversation.set(conversation.id, (world.offersPerConversation.get(conversation.id) ?? 0) + 1);
    if (world.acceptedBy.has(conversation.id))
      world.offeredAfterAccepted.push(
        `${conversation.id} to ${this.id} (accepted by ${world.acceptedBy.get(conversation.id)!.join(', ')})`,
      );
    if (this.busy) world.offeredToBusy.push(`${conversation.id} to ${this.id}`);
    const customer = world.byAddress.get(digits(conversation.customerAddress));
    if (customer) {
      customer.conversationId ??= conversation.id;
      customer.offeredAt ??= now;
    } else world.strangers.add(`${conversation.id} (${conversation.customerAddress})`);
    this.pending.add(conversation.id);
    this.noteLoad();
    await sleep(between(0, 20));
    let summary: ConversationSummary;
    try {
      summary = await invoke(this.connection, 'acceptOffer', conversation.id);
    } catch (error) {
      this.pending.delete(conversation.id);
      world.acceptFailures++;
      const message = errorText(error);
      const key =
        /offer_gone|capacity_full|not_found|not_assigned|invalid_request|forbidden/.exec(message)?.[0] ??
        message.slice(0, 120);
      world.acceptErrors.set(key, (world.acceptErrors.get(key) ?? 0) + 1);
      return;
    }
    const acceptedAt = performance.now();
    this.pending.delete(conversation.id);
    if (summary.status !== 'active' || summary.assignedAgentId !== this.id || summary.id !== conversation.id) {
      const key = `acceptOffer answered ${summary.status} for ${summary.assignedAgentId}`;
      world.acceptErrors.set(key, (world.acceptErrors.get(key) ?? 0) + 1);
      world.acceptFailures++;
      return;
    }
    const owners = world.acceptedBy.get(conversation.id) ?? [];
    owners.push(this.id);
    world.acceptedBy.set(conversation.id, owners);
    if (customer) customer.assignedAt ??= acceptedAt;
    this.handled[phase]++;
    this.held.add(conversation.id);
    this.noteLoad();
    const [low, high] = world.hold;
    this.closing.push(
      (async () => {
        await sleep(between(low, high));
        this.held.delete(conversation.id);
        try {
          const closed = await invoke(this.connection, 'closeConversation', conversation.id);
          if (closed.status !== 'closed')
            world.closeFailures.push(`${conversation.id}: closeConversation answered ${closed.status}`);
          else if (customer) customer.closedAt = performance.now();
        } catch (error) {
          world.closeFailures.push(`${conversation.id} (${this.id}): ${errorText(error)}`);
        }
      })(),
    );
  }

  private onWithdrawn(ended: OfferWithdrawn): void {
    if (ended.reason === 'declined') this.world.declined++;
    else if (ended.reason === 'expired') this.world.expired++;
    else if (ended.reason === 'withdrawn') this.world.withdrawn++;
    // 'accepted' may come before acceptOffer's answer: the conversation moves to `held` when the answer arrives.
    if (ended.reason !== 'accepted') this.pending.delete(ended.conversationId);
  }

  settled(): Promise<unknown> {
    return Promise.all(this.closing);
  }
}

/** The organisation: one TeleSign SMS number, `agents` agents (agent-001…) with the same messaging capacity. */
function benchOrganisation(agents: number, capacity: number) {
  return {
    id: ORG,
    name: 'Contoso',
    channels: [{ channel: 'sms' as const, provider: 'telesign' as const, number: CONTOSO_NUMBER }],
    routing: {
      mode: 'offer' as const,
      offerTimeoutSeconds: 30,
      presenceGraceSeconds: 30,
      wrapUpSeconds: 0,
      capacity: { messaging: capacity, voice: 1 },
      queues: [{ id: 'general', name: 'General' }],
    },
    agents: Array.from({ length: agents }, (_, i) => ({
      id: `agent-${String(i + 1).padStart(3, '0')}`,
      displayName: `Agent ${i + 1}`,
      roles: ['agent' as const],
    })),
  };
}

/** What the hub says about the organisation's conversations, for a failure message. */
async function hubSide(t: TestHub): Promise<string> {
  try {
    const rows = await t.hub.db.query<{ status: string; offered: boolean; n: number }>(
      `SELECT status, (offered_agent_id IS NOT NULL) AS offered, count(*)::int AS n FROM conversations WHERE org_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [ORG],
    );
    return `\n  the hub's conversations: ${rows.rows.map((r) => `${r.status}${r.offered ? ' (offered)' : ''} ${r.n}`).join(', ')}`;
  } catch (error) {
    return `\n  (the hub's conversations could not be read: ${errorText(error)})`;
  }
}

/**
 * Sends the customers' first messages in bursts (at most `httpConcurrency` POSTs at a time across bursts) and waits
 * until every conversation is assigned and closed, or fails naming what is missing.
 */
async function runPhase(
  t: TestHub,
  world: World,
  http: HttpAgent,
  customers: CustomerRecord[],
  {
    bursts,
    burstIntervalMs,
    httpConcurrency,
    timeoutMs,
    name,
  }: { bursts: number; burstIntervalMs: number; httpConcurrency: number; timeoutMs: number; name: string },
): Promise<void> {
  const limiter = new Limiter(httpConcurrency);
  const perBurst = Math.ceil(customers.length / bursts);
  const started = performance.now();
  const sending: Promise<void>[] = [];
  for (let b = 0; b < bursts; b++) {
    const wait = started + b * burstIntervalMs - performance.now();
    if (wait > 0) await sleep(wait);
    const arrivedAt = performance.now();
    for (const customer of customers.slice(b * perBurst, (b + 1) * perBurst)) {
      customer.arrivedAt = arrivedAt;
      sending.push(
        limiter.run(async () => {
          customer.postedAt = performance.now();
          try {
            // As a provider does: a 503 (the hub's admission control) is retried after its Retry-After.
            for (let attempt = 0; ; attempt++) {
              customer.webhookStatus = await postInboundSms(
                http,
                t.url,
                customer.address,
                `Hello, I need help with order ${customer.address.slice(-4)}`,
              );
              if (customer.webhookStatus !== 503 || attempt === 20) break;
              customer.retries = attempt + 1;
              await sleep(t.hub.admission.limits.retryAfterSeconds * 1000);
            }
          } catch (error) {
            customer.webhookError = errorText(error);
          }
          customer.webhookMs = performance.now() - customer.postedAt;
        }),
      );
    }
  }
  await Promise.all(sending);
  const retried = customers.filter((c) => c.retries);
  if (retried.length)
    console.log(`  ${name}: ${retried.length} of ${customers.length} webhooks were asked to retry (503 busy) first`);
  const refused = customers.filter((c) => c.webhookStatus !== 200);
  if (refused.length) {
    throw new Error(
      `${name}: the webhook refused ${refused.length} of ${customers.length} messages, e.g. ${refused
        .slice(0, 5)
        .map((c) => `${c.address}: ${c.webhookStatus ?? c.webhookError}`)
        .join('; ')}`,
    );
  }

  const deadline = performance.now() + timeoutMs;
  let lastProgress = performance.now();
  while (!customers.every((c) => c.closedAt !== undefined)) {
    if (performance.now() > deadline) {
      const notOffered = customers.filter((c) => c.offeredAt === undefined);
      const notAssigned = customers.filter((c) => c.offeredAt !== undefined && c.assignedAt === undefined);
      const notClosed = customers.filter((c) => c.assignedAt !== undefined && c.closedAt === undefined);
      const sample = (list: CustomerRecord[]) =>
        list
          .slice(0, 5)
          .map((c) => `${c.address}${c.conversationId ? ` (${c.conversationId})` : ''}`)
          .join(', ');
      throw new Error(
        `${name}: ${(timeoutMs / 1000).toFixed(0)} s after the last burst was sent, not every conversation was assigned and closed:` +
          `\n  never offered: ${notOffered.length}${notOffered.length ? ` (e.g. ${sample(notOffered)})` : ''}` +
          `\n  offered, never accepted: ${notAssigned.length}${notAssigned.length ? ` (e.g. ${sample(notAssigned)})` : ''}` +
          `\n  accepted, not closed: ${notClosed.length}${notClosed.length ? ` (e.g. ${sample(notClosed)})` : ''}` +
          `\n  offers ${world.offers}, acceptOffer refused ${world.acceptFailures} ${JSON.stringify(Object.fromEntries(world.acceptErrors))}, ` +
          `expired ${world.expired}, declined ${world.declined}, withdrawn ${world.withdrawn}` +
          (world.closeFailures.length
            ? `\n  closeConversation failures: ${world.closeFailures.slice(0, 5).join('; ')}`
            : '') +
          (await hubSide(t)),
      );
    }
    if (performance.now() - lastProgress > 10_000) {
      lastProgress = performance.now();
      const assigned = customers.filter((c) => c.assignedAt !== undefined).length;
      const closed = customers.filter((c) => c.closedAt !== undefined).length;
      console.log(
        `routing (${name}): … ${assigned} assigned, ${closed} closed of ${customers.length} after ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
    }
    await sleep(50);
  }
}

/** Replays conversation_events in the order written: an open offer and a held conversation each use one place. */
function replayLoads(
  events: Array<{ conversation_id: string; kind: string; agent_id: string | null }>,
  capacity: number,
) {
  const offeredTo = new Map<string, string>();
  const heldBy = new Map<string, string>();
  const load = new Map<string, number>();
  const over = new Map<string, number>();
  let max = 0;
  const change = (agentId: string, by: number) => {
    const now = (load.get(agentId) ?? 0) + by;
    load.set(agentId, now);
    max = Math.max(max, now);
    if (now > capacity) over.set(agentId, Math.max(now, over.get(agentId) ?? 0));
  };
  const endOffer = (conversationId: string) => {
    const agentId = offeredTo.get(conversationId);
    if (agentId === undefined) return;
    offeredTo.delete(conversationId);
    change(agentId, -1);
  };
  for (const e of events) {
    if (e.kind === 'offered' && e.agent_id) {
      endOffer(e.conversation_id);
      offeredTo.set(e.conversation_id, e.agent_id);
      change(e.agent_id, +1);
    } else if (e.kind === 'declined' || e.kind === 'offer_expired' || e.kind === 'offer_withdrawn') {
      endOffer(e.conversation_id);
    } else if (e.kind === 'assigned' && e.agent_id) {
      endOffer(e.conversation_id);
      const before = heldBy.get(e.conversation_id);
      if (before !== undefined) change(before, -1);
      heldBy.set(e.conversation_id, e.agent_id);
      change(e.agent_id, +1);
    } else if (e.kind === 'closed' || e.kind === 'parked' || e.kind === 'transferred') {
      // (wrap-up still counts; this benchmark has none)
      const holder = heldBy.get(e.conversation_id);
      if (holder !== undefined) {
        heldBy.delete(e.conversation_id);
        change(holder, -1);
      }
    }
  }
  return { max, over };
}

export async function measureRoutingDistribution(
  options: RoutingDistributionOptions = {},
): Promise<RoutingDistribution> {
  const agentCount = options.agents ?? Number(process.env.BENCH_ROUTING_AGENTS ?? 200);
  const conversationCount = options.conversations ?? Number(process.env.BENCH_ROUTING_CONVERSATIONS ?? 2000);
  const bursts = options.bursts ?? Number(process.env.BENCH_ROUTING_BURSTS ?? 10);
  const burstIntervalMs = options.burstIntervalMs ?? 500;
  const httpConcurrency = options.httpConcurrency ?? 50;
  const connectConcurrency = options.connectConcurrency ?? 20;
  const capacity = options.capacity ?? 3;
  const saturationAgents = Math.min(agentCount, options.saturationAgents ?? 20);
  const saturationConversations =
    options.saturationConversations ?? (process.env.BENCH_ROUTING_SATURATION === '0' ? 0 : 400);
  const timeoutMs = options.timeoutMs ?? Number(process.env.BENCH_ROUTING_TIMEOUT_MS ?? 180_000);

  const dataDir = process.env.BENCH_MEMORY ? 'memory://' : mkdtempSync(join(tmpdir(), 'bench-routing-'));
  const organisation = benchOrganisation(agentCount, capacity);
  const http = new HttpAgent({ keepAlive: true, maxSockets: httpConcurrency });
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  let t: TestHub | undefined;
  try {
    t = await startTestHub({
      config: { dataDir, organisations: [organisation] },
    });
    const hub = t;

    const world: World = {
      phase: 0,
      hold: [50, 250],
      capacity,
      byAddress: new Map(),
      acceptedBy: new Map(),
      offersPerConversation: new Map(),
      strangers: new Set(),
      offers: 0,
      declined: 0,
      expired: 0,
      withdrawn: 0,
      acceptFailures: 0,
      acceptErrors: new Map(),
      closeFailures: [],
      offeredAfterAccepted: [],
      offeredToBusy: [],
    };
    const customerOf = (phase: number, i: number): CustomerRecord => ({
      address: `1555${String((phase === 0 ? 7_000_000 : 8_000_000) + i).padStart(7, '0')}`,
      phase,
    });
    const distribution = Array.from({ length: conversationCount }, (_, i) => customerOf(0, i));
    const saturation = Array.from({ length: saturationConversations }, (_, i) => customerOf(1, i));
    for (const customer of [...distribution, ...saturation]) world.byAddress.set(customer.address, customer);

    // Agents connect (bounded concurrency), then each confirms it is available, with the configured capacity.
    const agents = organisation.agents.map((a) => new SimulatedAgent(a.id, world));
    const connectStarted = performance.now();
    await inPool(agents, connectConcurrency, async (agent) => {
      agent.connection = await hub.connect(agent.id, { onEvent: agent.handlers() });
    });
    const unready: string[] = [];
    await inPool(agents, connectConcurrency, async (agent) => {
      const state = await invoke(agent.connection, 'getRoutingState');
      if (state.presence !== 'available' || state.capacity.messaging !== capacity || state.mode !== 'offer') {
        unready.push(
          `${agent.id}: presence ${state.presence}, messaging capacity ${state.capacity.messaging}, mode ${state.mode}`,
        );
      }
    });
    const connectSeconds = (performance.now() - connectStarted) / 1000;
    if (unready.length)
      throw new Error(
        `agents not ready to take work:\n  ${unready.slice(0, 10).join('\n  ')}${unready.length > 10 ? `\n  … and ${unready.length - 10} more` : ''}`,
      );
    console.log(`routing: ${agentCount} agents connected and available in ${connectSeconds.toFixed(1)} s`);

    // The webhook's connections, opened while the hub is idle (see the top of this file).
    await Promise.all(Array.from({ length: httpConcurrency }, () => httpCall(http, `${hub.url}/healthz`, 'GET')));

    // 1. Distribution
    loopDelay.enable();
    await runPhase(hub, world, http, distribution, {
      bursts,
      burstIntervalMs,
      httpConcurrency,
      timeoutMs,
      name: 'distribution',
    });
    await Promise.all(agents.map((a) => a.settled()));
    const firstPost = Math.min(...distribution.map((c) => c.postedAt!));
    const lastAssigned = Math.max(...distribution.map((c) => c.assignedAt!));
    const seconds = (lastAssigned - firstPost) / 1000;

    // 2. Saturation: all but `saturationAgents` go busy.
    let saturationResult: RoutingDistribution['saturation'] = null;
    if (saturationConversations > 0) {
      const busy = agents.slice(saturationAgents);
      await inPool(busy, connectConcurrency, async (agent) => {
        const state = await invoke(agent.connection, 'setPresence', 'busy');
        if (state.presence !== 'busy')
          throw new Error(`setPresence('busy') for ${agent.id} answered presence ${state.presence}`);
        agent.busy = true;
      });
      world.phase = 1;
      world.hold = [500, 1500];
      await runPhase(hub, world, http, saturation, {
        bursts: 2,
        burstIntervalMs,
        httpConcurrency,
        timeoutMs,
        name: 'saturation',
      });
      await Promise.all(agents.map((a) => a.settled()));
      const available = agents.slice(0, saturationAgents);
      const handled = available.map((a) => a.handled[1]);
      saturationResult = {
        agents: saturationAgents,
        conversations: saturationConversations,
        seconds:
          (Math.max(...saturation.map((c) => c.assignedAt!)) - Math.min(...saturation.map((c) => c.postedAt!))) / 1000,
        timeToAssignMs: spread(saturation.map((c) => c.assignedAt! - c.postedAt!)),
        maxLoadSeen: Math.max(...agents.map((a) => a.maxLoad[1])),
        agentsAtCapacity: available.filter((a) => a.maxLoad[1] >= capacity).length,
        perAgent: { min: Math.min(...handled), max: Math.max(...handled) },
      };
    }
    loopDelay.disable();

    // Correctness: each conversation accepted exactly once, by one agent; nobody over capacity; nothing left over.
    const everyone = [...distribution, ...saturation];
    const problems: string[] = [];
    const conversationIds = new Set(everyone.map((c) => c.conversationId!));
    if (conversationIds.size !== everyone.length)
      problems.push(`${everyone.length} customers made ${conversationIds.size} distinct conversations`);
    const twice = [...world.acceptedBy].filter(([, owners]) => owners.length !== 1);
    if (twice.length)
      problems.push(
        `${twice.length} conversations accepted more than once: ${twice
          .slice(0, 5)
          .map(([id, owners]) => `${id} by ${owners.join(' and ')}`)
          .join('; ')}`,
      );
    const unknownAccepted = [...world.acceptedBy.keys()].filter((id) => !conversationIds.has(id));
    if (unknownAccepted.length)
      problems.push(
        `${unknownAccepted.length} accepted conversations belong to no bench customer: ${unknownAccepted.slice(0, 5).join(', ')}`,
      );
    if (world.strangers.size)
      problems.push(`offers for conversations of no bench customer: ${[...world.strangers].slice(0, 5).join(', ')}`);
    if (world.offeredAfterAccepted.length)
      problems.push(
        `${world.offeredAfterAccepted.length} offers of conversations already accepted: ${world.offeredAfterAccepted.slice(0, 5).join('; ')}`,
      );
    if (world.offeredToBusy.length)
      problems.push(
        `${world.offeredToBusy.length} offers to agents who were busy: ${world.offeredToBusy.slice(0, 5).join('; ')}`,
      );
    const over = agents.filter((a) => a.overCapacity.length > 0);
    if (over.length)
      problems.push(
        `${over.length} agents over their capacity of ${capacity}:\n    ${over
          .slice(0, 5)
          .map((a) => `${a.id}: ${a.overCapacity[0]}`)
          .join('\n    ')}`,
      );
    if (world.closeFailures.length)
      problems.push(
        `${world.closeFailures.length} closeConversation failures: ${world.closeFailures.slice(0, 5).join('; ')}`,
      );
    const handledTotal = agents.reduce((sum, a) => sum + a.handled[0] + a.handled[1], 0);
    if (handledTotal !== everyone.length)
      problems.push(`agents handled ${handledTotal} conversations for ${everyone.length} customers`);

    // The hub's own record: every conversation closed; and, when it keeps conversation_events, one 'assigned' each.
    const db = hub.hub.db;
    const statuses = await db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM conversations WHERE org_id = $1 GROUP BY status`,
      [ORG],
    );
    const byStatus = Object.fromEntries(statuses.rows.map((r) => [r.status, r.n]));
    if ((byStatus.closed ?? 0) !== everyone.length || statuses.rows.some((r) => r.status !== 'closed')) {
      problems.push(
        `the hub's conversations by status: ${JSON.stringify(byStatus)} (expected ${everyone.length} closed)`,
      );
    }
    let eventsChecked = false;
    let hubMaxLoad = Number.NaN;
    let hubTimeToAssignMs: Spread | null = null;
    const table = await db.query<{ name: string | null }>(`SELECT to_regclass('conversation_events')::text AS name`);
    if (table.rows[0]?.name) {
      eventsChecked = true;
      const assigned = await db.query<{
        conversation_id: string;
        n: number;
        agents: string;
        first_at: string | Date;
        created_at: string | Date;
      }>(
        `SELECT e.conversation_id::text AS conversation_id, count(*)::int AS n, string_agg(e.agent_id, ',') AS agents, min(e.at) AS first_at, c.created_at
           FROM conversation_events e JOIN conversations c ON c.id = e.conversation_id
          WHERE e.org_id = $1 AND e.kind = 'assigned'
          GROUP BY e.conversation_id, c.created_at`,
        [ORG],
      );
      const counted = new Map(assigned.rows.map((r) => [r.conversation_id, r]));
      const notOnce = [...conversationIds].filter((id) => counted.get(id)?.n !== 1);
      if (notOnce.length) {
        problems.push(
          `conversation_events: ${notOnce.length} conversations without exactly one 'assigned' event: ` +
            notOnce
              .slice(0, 5)
              .map((id) => `${id} (${counted.get(id)?.n ?? 0}${counted.get(id) ? `: ${counted.get(id)!.agents}` : ''})`)
              .join('; '),
        );
      }
      const mismatched = [...conversationIds].filter(
        (id) => counted.get(id)?.n === 1 && counted.get(id)!.agents !== world.acceptedBy.get(id)?.[0],
      );
      if (mismatched.length)
        problems.push(
          `conversation_events names another agent than the one that accepted, for ${mismatched.length} conversations, e.g. ${mismatched[0]}`,
        );
      const phase1 = new Set(distribution.map((c) => c.conversationId!));
      hubTimeToAssignMs = spread(
        assigned.rows
          .filter((r) => phase1.has(r.conversation_id))
          .map((r) => new Date(r.first_at).getTime() - new Date(r.created_at).getTime()),
      );
      const events = await db.query<{ conversation_id: string; kind: string; agent_id: string | null }>(
        `SELECT conversation_id::text AS conversation_id, kind, agent_id FROM conversation_events WHERE org_id = $1 ORDER BY id`,
        [ORG],
      );
      const replay = replayLoads(events.rows, capacity);
      hubMaxLoad = replay.max;
      if (replay.over.size) {
        problems.push(
          `conversation_events: ${replay.over.size} agents over their capacity of ${capacity} (open offers + held, replayed in the log's order): ` +
            [...replay.over]
              .slice(0, 5)
              .map(([agentId, n]) => `${agentId} at ${n}`)
              .join(', '),
        );
      }
    }
    if (problems.length)
      throw new Error(`routing benchmark: ${problems.length} correctness problem(s):\n  ${problems.join('\n  ')}`);

    const handled = agents.map((a) => a.handled[0]).sort((a, b) => a - b);
    const mean = conversationCount / agentCount;
    const ns = (v: number) => v / 1e6;
    return {
      agents: agentCount,
      conversations: conversationCount,
      bursts,
      capacity,
      connectSeconds,
      seconds,
      assignmentsPerSecond: conversationCount / seconds,
      timeToAssignMs: spread(distribution.map((c) => c.assignedAt! - c.postedAt!)),
      timeFromBurstMs: spread(distribution.map((c) => c.assignedAt! - c.arrivedAt!)),
      timeToOfferMs: spread(distribution.map((c) => c.offeredAt! - c.postedAt!)),
      webhookMs: spread(distribution.map((c) => c.webhookMs!)),
      hubTimeToAssignMs,
      perAgent: {
        min: handled[0],
        median: percentile(handled, 50),
        max: handled.at(-1)!,
        stddev: Math.sqrt(handled.reduce((sum, n) => sum + (n - mean) ** 2, 0) / agentCount),
        idle: handled.filter((n) => n === 0).length,
      },
      maxLoadSeen: Math.max(...agents.map((a) => a.maxLoad[0])),
      saturation: saturationResult,
      hubMaxLoad,
      offers: world.offers,
      offersDeclined: world.declined,
      offersExpired: world.expired,
      offersWithdrawn: world.withdrawn,
      acceptFailures: world.acceptFailures,
      reoffered: [...world.offersPerConversation.values()].filter((n) => n > 1).length,
      eventsChecked,
      eventLoopDelayMs: {
        p50: ns(loopDelay.percentile(50)),
        p99: ns(loopDelay.percentile(99)),
        max: ns(loopDelay.max),
      },
    };
  } finally {
    loopDelay.disable();
    http.destroy();
    await t?.close();
    if (dataDir !== 'memory://') rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The figures as `npm run bench` prints them. */
export function describeRoutingDistribution(r: RoutingDistribution): string[] {
  const ms = (s: Spread) => `p50 ${s.p50.toFixed(0)} ms, p99 ${s.p99.toFixed(0)} ms, max ${s.max.toFixed(0)} ms`;
  const s = r.saturation;
  return [
    `routing: ${r.conversations.toLocaleString('en-US')} conversations in ${r.bursts} bursts to ${r.agents} agents (capacity ${r.capacity})` +
      `${s ? `, then ${s.conversations} to ${s.agents} of them with the rest busy` : ''}: each accepted exactly once` +
      `${r.eventsChecked ? ' (agents and conversation_events agree)' : ''}, nobody over capacity, nothing offered to a busy agent`,
    `  time to assign (webhook POST → acceptOffer answered): ${ms(r.timeToAssignMs)}`,
    `  from the burst's start (waiting for an HTTP slot included): ${ms(r.timeFromBurstMs)}`,
    `  time to offer (webhook POST → conversationOffered): ${ms(r.timeToOfferMs)}; the webhook answered in ${ms(r.webhookMs)}`,
    ...(r.hubTimeToAssignMs ? [`  hub side (created → 'assigned' event): ${ms(r.hubTimeToAssignMs)}`] : []),
    `  ${r.assignmentsPerSecond.toFixed(0)} assignments/s (${r.seconds.toFixed(1)} s from the first POST to the last assignment; agents connected in ${r.connectSeconds.toFixed(1)} s)`,
    `  load per agent: min ${r.perAgent.min}, median ${r.perAgent.median}, max ${r.perAgent.max}, std dev ${r.perAgent.stddev.toFixed(2)}` +
      `${r.perAgent.idle ? ` (${r.perAgent.idle} agents got none)` : ''}; highest load on one agent at once ${r.maxLoadSeen}`,
    ...(s
      ? [
          `  saturation: ${s.conversations} conversations to ${s.agents} agents (${s.agents * r.capacity} places, held 0.5–1.5 s) in ${s.seconds.toFixed(1)} s: ` +
            `${s.agentsAtCapacity} of ${s.agents} reached their capacity of ${r.capacity} (highest load seen ${s.maxLoadSeen}` +
            `${Number.isNaN(r.hubMaxLoad) ? '' : `, in the hub's log ${r.hubMaxLoad}`}); ${s.perAgent.min}–${s.perAgent.max} each; time to assign ${ms(s.timeToAssignMs)}`,
        ]
      : []),
    `  offers ${r.offers}: declined ${r.offersDeclined}, expired ${r.offersExpired}, withdrawn ${r.offersWithdrawn}, acceptOffer refused ${r.acceptFailures}; ` +
      `${r.reoffered} conversations offered more than once`,
    `  event loop (hub and clients share it): delay ${ms(r.eventLoopDelayMs)}`,
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const result = await measureRoutingDistribution();
    for (const line of describeRoutingDistribution(result)) console.log(line);
  } catch (error) {
    console.error(errorText(error));
    process.exitCode = 1;
  }
}
