/**
 * Distributes messaging conversations: puts waiting ones in their queue (workstream rules), offers each to the
 * available agent of that queue with the most free capacity (ties to the longest idle), assigns on accept, moves on
 * after a decline or an offer's timeout without losing the conversation's place, and handles parking, resolving
 * (wrap-up), transfers and agents going offline.
 *
 * One routing pass per organisation at a time (a lock), and passes asked for while one waits to start share it, so
 * a burst of 200 webhooks makes a few passes, not 200. Capacity is counted from the store at the start of each pass
 * and kept up to date through it; everything that can add work to an agent (offers, auto-assignment, transfers to
 * an agent, resuming a parked conversation) runs under the same lock, so nobody is ever given more than they can take.
 */
import { ErrorCodes } from '../../protocol/errors.js';
import type { Channel, ConversationSummary } from '../../protocol/payloads.js';
import type {
  AgentStatus,
  ChoosablePresence,
  ConversationOffer,
  ConversationTransferTargets,
  OfferEndReason,
  QueueStats,
  RoutingOverview,
  RoutingState,
  TransferConversationRequest,
  TransferNote,
} from '../../protocol/routing.js';
import type { AgentPrincipal } from '../auth/agent-token.js';
import type { ChannelDirectory } from '../channel-directory.js';
import type { Clock } from '../clock.js';
import { isSupervisor, workableConversation } from '../conversations/conversation-access.js';
import type { InboundRouting } from '../conversations/conversation-service.js';
import { DomainError } from '../shared/domain-error.js';
import { KeyedLock } from '../shared/keyed-lock.js';
import type { Logger } from '../logger.js';
import { busyAgents } from '../store/calls.js';
import { findConversation } from '../store/conversations.js';
import type { Database } from '../store/database.js';
import * as routing from '../store/routing.js';
import type { ConversationRow } from '../store/rows.js';
import type { AgentPresence } from './agent-presence.js';
import { CoalescedPasses } from './coalesced-passes.js';
import { chooseAgent, type RoutingCandidate } from './choose-agent.js';
import { agentLoad, freeFor, type RoutingDirectory } from './routing-directory.js';
import { queueFor } from './workstream-rules.js';

export interface RoutingNotifier {
  /** To the conversation's agent and supervisors, and to `alsoTo` (an agent it just left). */
  conversationUpdated(summary: ConversationSummary, alsoTo?: string | null): void;
  offered(orgId: string, agentId: string, offer: ConversationOffer): void;
  offerEnded(orgId: string, agentId: string, conversationId: string, reason: OfferEndReason): void;
  queueStats(orgId: string, stats: QueueStats[]): void;
  overview(orgId: string, overview: RoutingOverview): void;
  /** To the agent's tabs: their presence as they chose it. */
  presenceChanged(orgId: string, agentId: string, presence: ChoosablePresence): void;
}

export interface ConversationRouterDeps {
  db: Database;
  clock: Clock;
  presence: AgentPresence;
  directory: RoutingDirectory;
  notifier: RoutingNotifier;
  /** How agents see a conversation (its channel's settings). */
  channels: ChannelDirectory;
  log: Logger;
  /** How often offers' and wrap-ups' times are checked. */
  sweepIntervalMs?: number;
}

type Loads = Map<string, Map<Channel, number>>;

const STATS_THROTTLE_MS = 200;

export class ConversationRouter implements InboundRouting {
  private readonly lock = new KeyedLock();
  /** One pass running and at most one waiting per organisation; later callers share the waiting one. */
  readonly passes = new CoalescedPasses(this.lock);
  /** Organisations whose next pass also sweeps timed work. */
  private readonly sweepDue = new Set<string>();
  private readonly statsTimers = new Map<string, NodeJS.Timeout>();
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly deps: ConversationRouterDeps) {
    // after a restart, offers and wrap-ups in the store may be due: the first sweep of each organisation looks
    for (const orgId of deps.directory.organisations()) this.hasTimedWork.add(orgId);
    this.sweeper = setInterval(() => {
      for (const orgId of deps.directory.organisations())
        if (deps.presence.list(orgId).length > 0 || this.hasTimedWork.has(orgId)) void this.route(orgId, true);
    }, deps.sweepIntervalMs ?? 1000);
    this.sweeper.unref();
    // presence changes: routing runs again (someone may have become available) and the counters are refreshed
    deps.presence.subscribe({
      changed: (orgId) => {
        void this.route(orgId);
        this.statsChanged(orgId);
      },
      offline: (orgId, agentId) => void this.agentOffline(orgId, agentId),
    });
  }

  /** Organisations with offers or wrap-ups whose time may run out while nobody is connected. */
  private readonly hasTimedWork = new Set<string>();

  close(): void {
    this.closed = true;
    clearInterval(this.sweeper);
    for (const timer of this.statsTimers.values()) clearTimeout(timer);
  }

  /**
   * Runs a routing pass for the organisation (or joins one about to start); resolves when it is done. `sweep`: also
   * end expired offers and finished wrap-ups (the sweeper's once a second; other passes skip those queries).
   */
  route(orgId: string, sweep = false): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (sweep) this.sweepDue.add(orgId);
    return this.passes.request(orgId, async () => {
      if (this.closed) return;
      const sweeping = this.sweepDue.delete(orgId);
      try {
        await this.pass(orgId, sweeping);
      } catch (error) {
        this.deps.log.error({ err: error, org: orgId }, 'routing pass failed');
      }
    });
  }

  private async pass(orgId: string, sweep: boolean): Promise<void> {
    const { db, clock, notifier } = this.deps;
    const now = clock.now();
    const settings = this.deps.directory.get(orgId);
    let changed = false;
    if (sweep && this.hasTimedWork.has(orgId)) {
      for (const row of await routing.listExpiredOffers(db, orgId, now)) {
        const ended = await routing.endOffer(db, orgId, row.id, row.offered_agent_id!, 'offer_expired', now);
        if (ended) {
          notifier.offerEnded(orgId, row.offered_agent_id!, row.id, 'expired');
          this.announce(ended);
          changed = true;
        }
      }
      for (const row of await routing.listEndedWrapUps(db, orgId, now)) {
        const closed = await routing.resolve(db, orgId, row.id, null, now, null);
        if (closed) this.announce(closed);
        changed = true;
      }
      const timed = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM conversations WHERE org_id = $1 AND (status = 'wrap_up' OR (status = 'open' AND offered_agent_id IS NOT NULL))`,
        [orgId],
      );
      if ((timed.rows[0]?.n ?? 0) === 0) this.hasTimedWork.delete(orgId);
    }
    const available = this.deps.presence.available(orgId);
    // with nobody available, only conversations not yet in a queue need work (their place and queue counters)
    const queued = await routing.listUnofferedQueued(db, orgId, available.length === 0);
    if (queued.length > 0) {
      const loads = available.length > 0 ? await routing.loadByAgent(db, orgId) : (new Map() as Loads);
      for (let row of queued) {
        if (row.queue_id === null) {
          row = (await routing.placeInQueue(db, orgId, row.id, queueFor(settings, row), now)) ?? row;
          changed = true;
        }
        const agentId = await this.pick(orgId, row, available, loads, now);
        if (!agentId) continue;
        const given =
          settings.mode === 'offer'
            ? await routing.offer(
                db,
                orgId,
                row.id,
                agentId,
                now,
                new Date(now.getTime() + settings.offerTimeoutSeconds * 1000),
              )
            : await routing.assign(db, orgId, row.id, agentId, now, null);
        if (!given) continue;
        changed = true;
        const byChannel = loads.get(agentId) ?? new Map<Channel, number>();
        byChannel.set(given.channel, (byChannel.get(given.channel) ?? 0) + 1);
        loads.set(agentId, byChannel);
        if (given.status === 'open') {
          this.hasTimedWork.add(orgId);
          notifier.offered(orgId, agentId, this.toOffer(given));
          this.announce(given);
        } else {
          this.deps.presence.gotWork(orgId, agentId);
          this.announce(given, row.assigned_agent_id !== agentId ? row.assigned_agent_id : null);
        }
      }
    }
    if (changed) this.statsChanged(orgId);
  }

  /**
   * Who gets a waiting conversation: available agents of its queue with room for its channel who have not declined
   * it. When every agent who could take it has declined (or let the offer expire), they are asked again once an offer
   * time has passed since the last one ended, so a conversation is never stuck in a queue with agents free.
   */
  private async pick(
    orgId: string,
    row: ConversationRow,
    available: string[],
    loads: Loads,
    now: Date,
  ): Promise<string | null> {
    const settings = this.deps.directory.get(orgId);
    const candidates: Array<RoutingCandidate & { declined: boolean }> = [];
    for (const agentId of available) {
      if (!this.deps.directory.queueIdsOf(orgId, agentId).includes(row.queue_id!)) continue;
      const free = freeFor(this.deps.directory.capacity(orgId, agentId), agentLoad(loads.get(agentId), 0), row.channel);
      if (free <= 0) continue;
      candidates.push({
        agentId,
        free,
        idleSince: this.deps.presence.idleSince(orgId, agentId),
        declined: row.declined_agent_ids.includes(agentId),
      });
    }
    const fresh = candidates.filter((c) => !c.declined);
    if (fresh.length > 0) return chooseAgent(fresh, row.assigned_agent_id);
    const lastEnded = row.offer_ended_at ? new Date(row.offer_ended_at).getTime() : 0;
    if (candidates.length > 0 && now.getTime() - lastEnded >= settings.offerTimeoutSeconds * 1000) {
      await routing.forgetDeclines(this.deps.db, orgId, row.id);
      return chooseAgent(candidates, row.assigned_agent_id);
    }
    return null;
  }

  // ---- what agents do ----

  async accept(agent: AgentPrincipal, conversationId: string): Promise<ConversationSummary> {
    const { db, clock } = this.deps;
    const orgId = agent.organisationId;
    const before = await this.find(orgId, conversationId);
    const row = await routing.assign(db, orgId, conversationId, agent.agentId, clock.now(), agent.agentId);
    if (!row) {
      const current = await this.find(orgId, conversationId);
      // accepting twice (two tabs, a retry) answers the conversation as it is
      if (current.assigned_agent_id === agent.agentId && current.status !== 'open' && current.status !== 'closed')
        return this.summary(current);
      throw new DomainError(
        ErrorCodes.offerGone,
        'This offer has ended: it expired, was declined, or went to someone else.',
      );
    }
    this.deps.presence.gotWork(orgId, agent.agentId);
    this.deps.notifier.offerEnded(orgId, agent.agentId, conversationId, 'accepted');
    this.announce(row, before.assigned_agent_id !== agent.agentId ? before.assigned_agent_id : null);
    this.statsChanged(orgId);
    return this.summary(row);
  }

  async decline(agent: AgentPrincipal, conversationId: string): Promise<void> {
    const orgId = agent.organisationId;
    const row = await routing.endOffer(
      this.deps.db,
      orgId,
      conversationId,
      agent.agentId,
      'declined',
      this.deps.clock.now(),
    );
    if (!row) {
      await this.find(orgId, conversationId);
      throw new DomainError(ErrorCodes.offerGone, 'This offer has already ended.');
    }
    this.deps.notifier.offerEnded(orgId, agent.agentId, conversationId, 'declined');
    this.announce(row);
    await this.route(orgId);
  }

  /** `active` → `waiting` (the agent's capacity is freed, so routing runs). */
  async park(agent: AgentPrincipal, conversationId: string): Promise<ConversationSummary> {
    const row = await workableConversation(this.deps.db, agent, conversationId);
    const parked = await routing.park(this.deps.db, row.org_id, row.id, agent.agentId, this.deps.clock.now());
    if (!parked) throw this.notInState(row, 'park', 'active');
    this.announce(parked);
    this.statsChanged(row.org_id);
    void this.route(row.org_id);
    return this.summary(parked);
  }

  /** `waiting` → `active`, when the conversation's agent has room. */
  async resume(agent: AgentPrincipal, conversationId: string): Promise<ConversationSummary> {
    const row = await workableConversation(this.deps.db, agent, conversationId);
    const resumed = await this.lock.run(row.org_id, async () => {
      if (row.status !== 'waiting') throw this.notInState(row, 'resume', 'waiting');
      const owner = row.assigned_agent_id ?? agent.agentId;
      const full = await this.fullFor(row.org_id, owner, row.channel);
      if (full)
        throw new DomainError(
          ErrorCodes.capacityFull,
          `${owner === agent.agentId ? 'You have' : `${owner} has`} ${full}: resolve or park one first.`,
        );
      return routing.resume(this.deps.db, row.org_id, row.id, agent.agentId, this.deps.clock.now());
    });
    if (!resumed) throw this.notInState(await this.find(row.org_id, row.id), 'resume', 'waiting');
    this.announce(resumed);
    this.statsChanged(row.org_id);
    return this.summary(resumed);
  }

  /**
   * The customer wrote: a parked conversation comes back to its agent when they have room; one in wrap-up comes back
   * to its agent (else it would close by itself with the message unanswered); a waiting one is routed.
   */
  async customerWrote(row: ConversationRow): Promise<ConversationRow> {
    if (row.status === 'wrap_up')
      return (
        (await routing.endWrapUp(this.deps.db, row.org_id, row.id, this.deps.clock.now())) ??
        this.find(row.org_id, row.id)
      );
    if (row.status === 'waiting' && row.assigned_agent_id) {
      const resumed = await this.lock.run(row.org_id, async () =>
        (await this.fullFor(row.org_id, row.assigned_agent_id!, row.channel))
          ? null
          : routing.resume(this.deps.db, row.org_id, row.id, null, this.deps.clock.now()),
      );
      if (resumed) this.statsChanged(row.org_id);
      return resumed ?? row;
    }
    if (row.status === 'open') {
      await this.route(row.org_id);
      return this.find(row.org_id, row.id);
    }
    return row;
  }

  /**
   * The agent would take a conversation waiting in a queue themselves (startConversation to its customer): allowed as
   * routing would allow it (the agent available, with room on the channel), or to a supervisor; else refused with
   * agent_unavailable or capacity_full, and the conversation stays in its queue.
   */
  async mayTakeWaiting(agent: AgentPrincipal, channel: Channel): Promise<void> {
    if (isSupervisor(agent)) return;
    const orgId = agent.organisationId;
    if (!this.deps.presence.isAvailable(orgId, agent.agentId)) {
      throw new DomainError(
        ErrorCodes.agentUnavailable,
        `You are ${this.deps.presence.presenceOf(orgId, agent.agentId)}: this customer waits in a queue, which gives them to an available agent. Set yourself available to take them.`,
      );
    }
    const full = await this.fullFor(orgId, agent.agentId, channel);
    if (full) {
      throw new DomainError(
        ErrorCodes.capacityFull,
        `You have ${full}: this customer waits in a queue for an agent with room; resolve or park one first.`,
      );
    }
  }

  /** Resolving: into wrap-up when the organisation has a wrap-up time, else (and from wrap-up) closed. */
  async resolve(agent: AgentPrincipal, conversationId: string): Promise<ConversationSummary> {
    const row = await workableConversation(this.deps.db, agent, conversationId);
    const { db, clock } = this.deps;
    const orgId = row.org_id;
    const wrapUpSeconds = this.deps.directory.get(orgId).wrapUpSeconds;
    const now = clock.now();
    const intoWrapUp = wrapUpSeconds > 0 && (row.status === 'active' || row.status === 'waiting');
    const resolved = await routing.resolve(
      db,
      orgId,
      row.id,
      agent.agentId,
      now,
      intoWrapUp ? new Date(now.getTime() + wrapUpSeconds * 1000) : null,
    );
    if (!resolved) return this.summary(await this.find(orgId, row.id));
    if (row.status === 'open' && row.offered_agent_id)
      this.deps.notifier.offerEnded(orgId, row.offered_agent_id, row.id, 'withdrawn');
    if (intoWrapUp) this.hasTimedWork.add(orgId);
    this.announce(resolved);
    this.statsChanged(orgId);
    if (!intoWrapUp) void this.route(orgId);
    return this.summary(resolved);
  }

  /** To a queue, or to an agent who is available and has room (offered, or assigned in `auto` mode), with a note. */
  async transfer(agent: AgentPrincipal, request: TransferConversationRequest): Promise<ConversationSummary> {
    const row = await workableConversation(this.deps.db, agent, request.conversationId);
    const orgId = row.org_id;
    const settings = this.deps.directory.get(orgId);
    if (row.status === 'closed')
      throw new DomainError(ErrorCodes.conversationClosed, 'This conversation is resolved; it cannot be transferred.');
    if (request.queueId && !settings.queues.some((q) => q.id === request.queueId)) {
      throw new DomainError(
        ErrorCodes.invalidRequest,
        `No queue "${request.queueId}" (queues: ${settings.queues.map((q) => q.id).join(', ')}).`,
      );
    }
    const target = request.agentId;
    if (target === agent.agentId)
      throw new DomainError(ErrorCodes.invalidRequest, 'Transfer it to another agent or to a queue.');
    const note: TransferNote = {
      fromAgentId: agent.agentId,
      fromAgentName: agent.displayName,
      toQueueId: request.queueId ?? null,
      toAgentId: target ?? null,
      note: request.note.trim(),
      at: this.deps.clock.now().toISOString(),
    };
    const moved = await this.lock.run(orgId, async () => {
      const now = this.deps.clock.now();
      const queueId = request.queueId ?? row.queue_id ?? queueFor(settings, row);
      if (!target) return routing.transfer(this.deps.db, orgId, row.id, { queueId }, note, now);
      const name = this.displayName(orgId, target);
      if (!this.deps.presence.isAvailable(orgId, target)) {
        throw new DomainError(
          ErrorCodes.agentUnavailable,
          `${name} is ${this.deps.presence.presenceOf(orgId, target) === 'offline' ? 'offline' : 'not available'}; transfer to a queue instead.`,
        );
      }
      const full = await this.fullFor(orgId, target, row.channel);
      if (full) throw new DomainError(ErrorCodes.agentUnavailable, `${name} has ${full}; transfer to a queue instead.`);
      return settings.mode === 'offer'
        ? routing.transfer(
            this.deps.db,
            orgId,
            row.id,
            { queueId, offerTo: target, expiresAt: new Date(now.getTime() + settings.offerTimeoutSeconds * 1000) },
            note,
            now,
          )
        : routing.transfer(this.deps.db, orgId, row.id, { queueId, assignTo: target }, note, now);
    });
    if (!moved) throw new DomainError(ErrorCodes.conversationClosed, 'This conversation was resolved meanwhile.');
    if (row.status === 'open' && row.offered_agent_id && row.offered_agent_id !== moved.offered_agent_id) {
      this.deps.notifier.offerEnded(orgId, row.offered_agent_id, row.id, 'withdrawn');
    }
    if (moved.offered_agent_id) {
      this.hasTimedWork.add(orgId);
      this.deps.notifier.offered(orgId, moved.offered_agent_id, this.toOffer(moved));
    }
    if (moved.status === 'active' && moved.assigned_agent_id)
      this.deps.presence.gotWork(orgId, moved.assigned_agent_id);
    this.announce(moved, row.assigned_agent_id !== moved.assigned_agent_id ? row.assigned_agent_id : null);
    this.statsChanged(orgId);
    void this.route(orgId);
    return this.summary(moved);
  }

  /** The agent's last tab has been gone for the grace period: their open offers go to others. */
  async agentOffline(orgId: string, agentId: string): Promise<void> {
    if (this.closed) return;
    const now = this.deps.clock.now();
    for (const row of await routing.listOffersTo(this.deps.db, orgId, agentId, now)) {
      const ended = await routing.endOffer(this.deps.db, orgId, row.id, agentId, 'offer_withdrawn', now);
      if (ended) this.announce(ended);
    }
    await this.route(orgId);
  }

  // ---- what agents and supervisors see ----

  async stateFor(agent: AgentPrincipal): Promise<RoutingState> {
    const { db, clock, directory, presence } = this.deps;
    const orgId = agent.organisationId;
    const settings = directory.get(orgId);
    const [loads, busy, offers] = await Promise.all([
      routing.loadByAgent(db, orgId),
      busyAgents(db, orgId, clock.now()),
      routing.listOffersTo(db, orgId, agent.agentId, clock.now()),
    ]);
    const myQueueIds = directory.queueIdsOf(orgId, agent.agentId);
    const stats = await this.queueStats(orgId);
    const supervisor = agent.roles.includes('supervisor');
    return {
      presence: presence.chosen(orgId, agent.agentId),
      capacity: directory.capacity(orgId, agent.agentId),
      load: agentLoad(loads.get(agent.agentId), busy.has(agent.agentId) ? 1 : 0),
      queues: settings.queues,
      myQueueIds,
      mode: settings.mode,
      offerTimeoutSeconds: settings.offerTimeoutSeconds,
      offers: offers.map((row) => this.toOffer(row)),
      queueStats: supervisor ? stats : stats.filter((s) => myQueueIds.includes(s.queueId)),
    };
  }

  async setPresence(agent: AgentPrincipal, presence: ChoosablePresence): Promise<void> {
    await this.deps.presence.choose(agent.organisationId, agent.agentId, agent.displayName, presence);
    this.deps.notifier.presenceChanged(agent.organisationId, agent.agentId, presence);
  }

  /** Queues, and the other agents with whether each can take this conversation now (available, room for its channel). */
  async transferTargets(agent: AgentPrincipal, conversationId: string): Promise<ConversationTransferTargets> {
    const { channel } = await workableConversation(this.deps.db, agent, conversationId);
    const orgId = agent.organisationId;
    const loads = await routing.loadByAgent(this.deps.db, orgId);
    const agents = this.agentIds(orgId)
      .filter(([id]) => id !== agent.agentId)
      .map(([agentId, displayName]) => {
        const room = freeFor(this.deps.directory.capacity(orgId, agentId), agentLoad(loads.get(agentId), 0), channel);
        return {
          agentId,
          displayName,
          presence: this.deps.presence.presenceOf(orgId, agentId),
          canTakeWork: this.deps.presence.isAvailable(orgId, agentId) && room > 0,
        };
      });
    return { queues: this.deps.directory.queues(orgId), agents };
  }

  async overview(orgId: string): Promise<RoutingOverview> {
    const { db, clock, directory, presence } = this.deps;
    const [loads, busy, queues] = await Promise.all([
      routing.loadByAgent(db, orgId),
      busyAgents(db, orgId, clock.now()),
      this.queueStats(orgId),
    ]);
    const agents: AgentStatus[] = this.agentIds(orgId).map(([agentId, displayName]) => ({
      agentId,
      displayName,
      presence: presence.presenceOf(orgId, agentId),
      connections: presence.connections(orgId, agentId),
      load: agentLoad(loads.get(agentId), busy.has(agentId) ? 1 : 0),
      capacity: directory.capacity(orgId, agentId),
      queueIds: directory.queueIdsOf(orgId, agentId),
      idleSince:
        presence.presenceOf(orgId, agentId) === 'offline'
          ? null
          : new Date(presence.idleSince(orgId, agentId)).toISOString(),
    }));
    return { queues, agents, at: clock.now().toISOString() };
  }

  async queueStats(orgId: string): Promise<QueueStats[]> {
    const counts = await routing.queueCounts(this.deps.db, orgId);
    return this.deps.directory.queues(orgId).map((q) => ({
      queueId: q.id,
      name: q.name,
      ...(counts.get(q.id) ?? { waiting: 0, offered: 0, longestWaitingSince: null }),
    }));
  }

  /** Queue counters and the supervisors' overview changed: pushed at most every STATS_THROTTLE_MS. */
  statsChanged(orgId: string): void {
    if (this.closed || this.statsTimers.has(orgId)) return;
    const timer = setTimeout(async () => {
      this.statsTimers.delete(orgId);
      try {
        const overview = await this.overview(orgId);
        this.deps.notifier.queueStats(orgId, overview.queues);
        this.deps.notifier.overview(orgId, overview);
      } catch (error) {
        if (!this.closed) this.deps.log.warn({ err: error, org: orgId }, 'routing statistics failed');
      }
    }, STATS_THROTTLE_MS);
    timer.unref();
    this.statsTimers.set(orgId, timer);
  }

  // ---- helpers ----

  /** Configured agents, then any others this hub has seen, by id. */
  private agentIds(orgId: string): Array<[string, string]> {
    const all = new Map(this.deps.directory.configuredAgents(orgId));
    for (const { agentId, displayName } of this.deps.presence.known(orgId))
      if (!all.has(agentId)) all.set(agentId, displayName);
    return [...all].sort(([a], [b]) => a.localeCompare(b));
  }

  private displayName(orgId: string, agentId: string): string {
    return this.agentIds(orgId).find(([id]) => id === agentId)?.[1] ?? agentId;
  }

  /** Null when the agent has room for one more conversation on the channel, else what they hold ("3 of 3 messaging conversations"). */
  private async fullFor(orgId: string, agentId: string, channel: Channel): Promise<string | null> {
    const capacity = this.deps.directory.capacity(orgId, agentId);
    const load = agentLoad((await routing.loadByAgent(this.deps.db, orgId)).get(agentId), 0);
    if (freeFor(capacity, load, channel) > 0) return null;
    const own = capacity[channel];
    return own !== undefined && load[channel] >= own
      ? `${load[channel]} of ${own} ${channel} conversations`
      : `${load.messaging} of ${capacity.messaging} messaging conversations`;
  }

  private async find(orgId: string, id: string): Promise<ConversationRow> {
    const row = await findConversation(this.deps.db, orgId, id);
    if (!row) throw new DomainError(ErrorCodes.notFound, `No conversation ${id}.`);
    return row;
  }

  private notInState(row: ConversationRow, action: string, needed: string): DomainError {
    return new DomainError(
      ErrorCodes.conflict,
      `Only a conversation that is ${needed} can be ${action === 'park' ? 'parked' : 'resumed'} (this one is ${row.status.replace('_', '-')}).`,
    );
  }

  private toOffer(row: ConversationRow): ConversationOffer {
    return {
      conversation: this.summary(row),
      queueId: row.queue_id,
      offeredAt: new Date(row.offered_at!).toISOString(),
      expiresAt: new Date(row.offer_expires_at!).toISOString(),
      transfer: row.transfer,
    };
  }

  private summary(row: ConversationRow): ConversationSummary {
    return this.deps.channels.summaryOf(row);
  }

  private announce(row: ConversationRow, alsoTo: string | null = null): void {
    this.deps.notifier.conversationUpdated(this.summary(row), alsoTo);
  }
}
