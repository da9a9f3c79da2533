/**
 * What happens to voice calls: the platform reports them (arrival with the data dip, queue, offer, answer, hold,
 * transfer, end), the hub offers queued calls to available agents, agents work them from the softphone and wrap
 * them up, and create CRM cases for callers. Every change goes through the call state machine inside a
 * transaction holding the call's row, is committed, and only then pushed to agents.
 */
import type { AgentPrincipal } from '../auth/agent-token.js';
import {
  AGENT_BUSY_STATES,
  DTMF_DIGITS,
  type Call,
  type CallEventResult,
  type CompleteWrapUpRequest,
  type CreateCaseRequest,
  type IvrLookupResult,
  type MuteCallRequest,
  type SendDtmfRequest,
  type TransferCallRequest,
  type TransferTargets,
  type VoiceSettings,
} from '../../protocol/calls.js';
import { ErrorCodes } from '../../protocol/errors.js';
import type { Clock } from '../clock.js';
import { DomainError } from '../shared/domain-error.js';
import { normaliseAni } from '../crm/ani-normalisation.js';
import type { CrmDirectory } from '../crm/crm-directory.js';
import { CrmError } from '../crm/crm-error.js';
import type { CustomerLookup, LookupOutcome } from '../crm/customer-lookup.js';
import { toCallCustomer, toCustomerCase } from '../crm/customer-records.js';
import type { Logger } from '../logger.js';
import type { AgentPresence } from '../routing/agent-presence.js';
import { chooseAgent } from '../routing/choose-agent.js';
import type { RoutingDirectory } from '../routing/routing-directory.js';
import type { Database } from '../store/database.js';
import * as calls from '../store/calls.js';
import type { CallChanges, CallKey, CallRow } from '../store/calls.js';
import type { CallNotifier } from './call-notifier.js';
import type { PlatformCallEvent } from './platform-call-event.js';
import { decideCallAction, type CallActionRequest } from './call-state-machine.js';
import { greetingFor, ivrLookupResult } from './ivr-greeting.js';
import { CoalescedPasses } from '../routing/coalesced-passes.js';
import { KeyedLock } from '../shared/keyed-lock.js';
import type { OrganisationVoice, VoiceDirectory } from './voice-directory.js';

export interface CallServiceDeps {
  db: Database;
  clock: Clock;
  /** Who is connected and available: only they are offered calls. */
  presence: AgentPresence;
  /** Agents' voice capacity (0: no calls). */
  routing: RoutingDirectory;
  notifier: CallNotifier;
  voice: VoiceDirectory;
  lookup: CustomerLookup;
  crm: CrmDirectory;
  log: Logger;
}

interface TransitionContext {
  source: 'platform' | 'agent' | 'hub';
  agentId?: string | null;
  eventId?: string | undefined;
  /** Refuses (throws) when the actor may not do this to the call. */
  authorise?: (row: CallRow) => void;
  /** False: the call moved on meanwhile and the action no longer applies (e.g. a ring timeout after an answer). */
  stillApplies?: (row: CallRow) => boolean;
  flowVariables?: Record<string, string> | undefined;
  detail?: Record<string, unknown>;
}

interface TransitionResult {
  row: CallRow;
  duplicate: boolean;
}

const STATE_NAMES: Record<CallRow['state'], string> = {
  ivr: 'in the IVR',
  queued: 'queued',
  offered: 'ringing',
  connected: 'connected',
  on_hold: 'on hold',
  wrap_up: 'in wrap-up',
  ended: 'ended',
};

const isSupervisor = (agent: AgentPrincipal) => agent.roles.includes('supervisor');
/** Creating a contact and a case is not on the IVR's clock: allow the CRM longer than for the data dip. */
const CASE_TIMEOUT_MS = 10_000;

export class CallService {
  private readonly locks = new KeyedLock();
  /** Call routing passes, coalesced per organisation (a burst of connects makes at most two, not one each). */
  readonly passes = new CoalescedPasses(this.locks);
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly deps: CallServiceDeps) {}

  // ---- the platform's side ----

  /** A call event from the contact-centre platform (authenticated as organisation `orgId`). */
  async platformEvent(orgId: string, event: PlatformCallEvent): Promise<CallEventResult> {
    if (event.event === 'arrived') return this.arrived(orgId, event);
    const voice = this.voiceOf(orgId);
    if ('queueId' in event && event.queueId && !this.deps.voice.queue(orgId, event.queueId)) {
      throw new DomainError(
        ErrorCodes.invalidRequest,
        `No queue "${event.queueId}" (queues: ${voice.queues.map((q) => q.id).join(', ')}).`,
      );
    }
    const request: CallActionRequest = (() => {
      switch (event.event) {
        case 'queued':
          return { action: 'queue', queueId: event.queueId ?? null };
        case 'offered':
          return { action: 'offer', agentId: event.agentId };
        case 'answered':
          return { action: 'answer', agentId: event.agentId ?? null };
        case 'held':
          return { action: 'hold' };
        case 'resumed':
          return { action: 'resume' };
        case 'ended':
          return { action: 'end' };
        case 'transferred':
          return event.agentId
            ? { action: 'transfer_to_agent', agentId: event.agentId }
            : { action: 'transfer_to_queue', queueId: event.queueId ?? null };
      }
    })();
    const result = await this.transition(orgId, { interactionId: event.interactionId }, request, {
      source: 'platform',
      agentId: request.agentId ?? null,
      eventId: event.eventId,
      flowVariables: event.flowVariables,
    });
    if (!result.duplicate) await this.routeQueued(orgId);
    const current = (await calls.findCall(this.deps.db, orgId, { id: result.row.id })) ?? result.row;
    return { duplicate: result.duplicate, call: this.toCall(current) };
  }

  /** A call arrived: stored in the IVR state, the data dip run and attached. A retried arrival answers the stored call. */
  private async arrived(
    orgId: string,
    event: Extract<PlatformCallEvent, { event: 'arrived' }>,
  ): Promise<CallEventResult> {
    const voice = this.voiceOf(orgId);
    const { db, clock } = this.deps;
    const number = normaliseAni(event.ani, voice.countryCode);
    const inserted = await calls.insertCall(db, {
      orgId,
      interactionId: event.interactionId,
      ani: event.ani,
      callerNumber: number?.e164 ?? null,
      dnis: event.dnis,
      flowVariables: event.flowVariables ?? {},
      now: clock.now(),
    });
    if (!inserted) {
      const existing = (await calls.findCall(db, orgId, { interactionId: event.interactionId }))!;
      return { duplicate: true, call: this.toCall(existing), ivr: this.storedIvrResult(existing) };
    }
    await calls.recordCallEvent(db, {
      orgId,
      callId: inserted.id,
      source: 'platform',
      action: 'arrive',
      eventId: event.eventId ?? null,
      fromState: 'ivr',
      toState: 'ivr',
      at: clock.now(),
    });
    const { row, ivr } = await this.attachLookup(inserted, voice, false);
    return { duplicate: false, call: this.toCall(row), ivr };
  }

  /**
   * `GET /api/ivr/lookup`: the data dip for a number. With the interaction id of a call whose dip already ran (at
   * arrival), that result is answered without asking the CRM again; a call still without one gets it attached.
   */
  async ivrLookup(orgId: string, ani: string, interactionId?: string): Promise<IvrLookupResult> {
    const voice = this.voiceOf(orgId);
    const call = interactionId ? await calls.findCall(this.deps.db, orgId, { interactionId }) : null;
    if (call && call.lookup_status !== 'pending') return this.storedIvrResult(call);
    if (call) return (await this.attachLookup(call, voice, false)).ivr;
    const outcome = await this.deps.lookup.lookup(orgId, ani, voice.countryCode);
    return ivrLookupResult(outcome, greetingFor(outcome, voice.greetings, voice.organisationName));
  }

  private async attachLookup(
    row: CallRow,
    voice: OrganisationVoice,
    fresh: boolean,
  ): Promise<{ row: CallRow; ivr: IvrLookupResult }> {
    const outcome = await this.deps.lookup.lookup(row.org_id, row.ani, voice.countryCode, { fresh });
    const greeting = greetingFor(outcome, voice.greetings, voice.organisationName);
    const updated = await this.saveLookup(row, outcome, greeting);
    return { row: updated, ivr: ivrLookupResult(outcome, greeting) };
  }

  private async saveLookup(row: CallRow, outcome: LookupOutcome, greeting: string | null): Promise<CallRow> {
    const { db, clock } = this.deps;
    const changes: CallChanges = {
      lookup_status: outcome.status,
      customer: outcome.customer,
      updated_at: clock.now(),
      ...(greeting !== null ? { greeting } : {}),
    };
    const updated = await calls.updateCall(db, row.org_id, row.id, changes);
    this.deps.notifier.callUpdated(this.toCall(updated), null);
    return updated;
  }

  private storedIvrResult(row: CallRow): IvrLookupResult {
    const outcome: LookupOutcome = {
      status: row.lookup_status === 'pending' ? 'unavailable' : row.lookup_status,
      customer: row.customer,
      number: normaliseAni(row.ani, this.voiceOf(row.org_id).countryCode),
    };
    const voice = this.voiceOf(row.org_id);
    return ivrLookupResult(outcome, row.greeting ?? greetingFor(outcome, voice.greetings, voice.organisationName));
  }

  // ---- the agents' side ----

  settingsFor(agent: AgentPrincipal): VoiceSettings {
    return this.deps.voice.settingsFor(agent.organisationId);
  }

  async listFor(agent: AgentPrincipal): Promise<Call[]> {
    if (!this.deps.voice.get(agent.organisationId)) return [];
    const rows = await calls.listCallsFor(this.deps.db, agent.organisationId, agent.agentId, isSupervisor(agent));
    return rows.map((row) => this.toCall(row));
  }

  async transferTargets(agent: AgentPrincipal): Promise<TransferTargets> {
    const orgId = agent.organisationId;
    const voice = this.deps.voice.get(orgId);
    if (!voice) return { queues: [], agents: [] };
    const busy = await calls.busyAgents(this.deps.db, orgId, this.deps.clock.now());
    const agents = this.deps.presence
      .list(orgId)
      .filter((id) => id !== agent.agentId)
      .sort()
      .map((id) => ({
        agentId: id,
        displayName: this.deps.voice.displayName(orgId, id),
        available: this.takesCalls(orgId, id) && !busy.has(id),
      }));
    return { queues: voice.queues, agents };
  }

  answer(agent: AgentPrincipal, callId: string): Promise<Call> {
    return this.agentAction(agent, callId, { action: 'answer', agentId: agent.agentId });
  }

  decline(agent: AgentPrincipal, callId: string): Promise<Call> {
    return this.agentAction(agent, callId, { action: 'decline' });
  }

  hold(agent: AgentPrincipal, callId: string): Promise<Call> {
    return this.agentAction(agent, callId, { action: 'hold' });
  }

  resume(agent: AgentPrincipal, callId: string): Promise<Call> {
    return this.agentAction(agent, callId, { action: 'resume' });
  }

  hangUp(agent: AgentPrincipal, callId: string): Promise<Call> {
    return this.agentAction(agent, callId, { action: 'hang_up' });
  }

  async transfer(agent: AgentPrincipal, request: TransferCallRequest): Promise<Call> {
    const orgId = agent.organisationId;
    const voice = this.voiceOf(orgId);
    if (request.queueId) {
      if (!this.deps.voice.queue(orgId, request.queueId)) {
        throw new DomainError(
          ErrorCodes.invalidRequest,
          `No queue "${request.queueId}" (queues: ${voice.queues.map((q) => q.id).join(', ')}).`,
        );
      }
      return this.agentAction(agent, request.callId, { action: 'transfer_to_queue', queueId: request.queueId });
    }
    const target = request.agentId!;
    if (target === agent.agentId)
      throw new DomainError(ErrorCodes.invalidRequest, 'A call cannot be transferred to yourself.');
    const busy = await calls.busyAgents(this.deps.db, orgId, this.deps.clock.now());
    if (!this.takesCalls(orgId, target) || busy.has(target)) {
      throw new DomainError(
        ErrorCodes.agentUnavailable,
        `${this.deps.voice.displayName(orgId, target)} is not available to take a call.`,
      );
    }
    return this.agentAction(agent, request.callId, { action: 'transfer_to_agent', agentId: target });
  }

  async completeWrapUp(agent: AgentPrincipal, request: CompleteWrapUpRequest): Promise<Call> {
    const voice = this.voiceOf(agent.organisationId);
    if (!voice.dispositionList.some((d) => d.id === request.disposition)) {
      throw new DomainError(
        ErrorCodes.invalidRequest,
        `No disposition "${request.disposition}" (dispositions: ${voice.dispositionList.map((d) => d.id).join(', ')}).`,
      );
    }
    return this.agentAction(agent, request.callId, {
      action: 'complete_wrap_up',
      notes: request.notes,
      disposition: request.disposition,
    });
  }

  /** Mute is not a state of the call, but only a call with a live conversation has a microphone to mute. */
  async mute(agent: AgentPrincipal, request: MuteCallRequest): Promise<Call> {
    const row = await this.agentUpdate(
      agent,
      request.callId,
      ['connected', 'on_hold'],
      'mute',
      (state) => `Only a connected or held call can be muted (this one is ${STATE_NAMES[state]}).`,
      (current) => ({
        changes: current.muted === request.muted ? null : { muted: request.muted },
        detail: { muted: request.muted },
      }),
    );
    return this.toCall(row);
  }

  /** Touch-tones go to the platform's media path; the hub records that digits were sent, never which (they may be a card number). */
  async sendDtmf(agent: AgentPrincipal, request: SendDtmfRequest): Promise<Call> {
    if (!DTMF_DIGITS.test(request.digits))
      throw new DomainError(ErrorCodes.invalidRequest, 'DTMF digits are 0-9, *, # and A-D, at most 32 at once.');
    const row = await this.agentUpdate(
      agent,
      request.callId,
      ['connected'],
      'dtmf',
      (state) => `Touch-tones can only be sent on a connected call (this one is ${STATE_NAMES[state]}).`,
      () => ({ changes: null, detail: { count: request.digits.length } }),
    );
    return this.toCall(row);
  }

  /** Runs the data dip again for a call the agent can see and attaches the result. */
  async lookupCustomer(agent: AgentPrincipal, callId: string): Promise<Call> {
    const row = await this.visibleCall(agent, callId);
    const voice = this.voiceOf(agent.organisationId);
    const outcome = await this.deps.lookup.lookup(row.org_id, row.ani, voice.countryCode, { fresh: true });
    if (outcome.status === 'unavailable') {
      throw new DomainError(
        ErrorCodes.crmUnavailable,
        this.deps.crm.clientFor(row.org_id)
          ? 'The CRM did not answer in time; try again.'
          : 'No CRM is configured for this organisation.',
      );
    }
    return this.toCall(await this.saveLookup(row, outcome, null));
  }

  /**
   * Creates a case in the CRM for the caller: for an unknown caller a contact first (with the caller's number),
   * attached at once so a retry after a failed case does not create a second contact.
   */
  createCase(agent: AgentPrincipal, request: CreateCaseRequest): Promise<Call> {
    return this.locks.run(`case:${request.callId}`, async () => {
      let row = await this.visibleCall(agent, request.callId);
      const client = this.deps.crm.clientFor(row.org_id);
      if (!client) throw new DomainError(ErrorCodes.crmUnavailable, 'No CRM is configured for this organisation.');
      const signal = AbortSignal.timeout(Math.max(CASE_TIMEOUT_MS, client.config.timeoutMs));
      const voice = this.voiceOf(row.org_id);
      try {
        let customer = row.customer;
        if (!customer) {
          const name = (request.contactName ?? '').trim().split(/\s+/).filter(Boolean);
          const phone = row.caller_number ?? row.ani;
          const contact = await client.createContact(
            name.length > 0
              ? {
                  ...(name.length > 1 ? { firstname: name.slice(0, -1).join(' ') } : {}),
                  lastname: name.at(-1)!,
                  mobilephone: phone,
                }
              : { lastname: `Caller ${phone}`, mobilephone: phone },
            signal,
          );
          customer = toCallCustomer(contact, null, client.config.appUrl);
          row = await this.saveLookup(
            row,
            { status: 'found', customer, number: normaliseAni(row.ani, voice.countryCode) },
            null,
          );
        }
        const incident = await client.createIncident(
          {
            title: request.title,
            ...(request.description ? { description: request.description } : {}),
            contactId: customer.contactId,
          },
          signal,
        );
        customer = { ...customer, latestCase: toCustomerCase(incident, client.config.appUrl) };
        await calls.recordCallEvent(this.deps.db, {
          orgId: row.org_id,
          callId: row.id,
          source: 'agent',
          action: 'create_case',
          agentId: agent.agentId,
          fromState: row.state,
          toState: row.state,
          detail: { incidentId: incident.incidentid },
          at: this.deps.clock.now(),
        });
        row = await this.saveLookup(row, { status: 'found', customer, number: null }, null);
        return this.toCall(row);
      } catch (error) {
        if (!(error instanceof CrmError)) throw error;
        this.deps.log.warn(
          { org: row.org_id, failure: error.failure, status: error.status, err: error.message },
          'creating a CRM case failed',
        );
        throw new DomainError(
          ErrorCodes.crmUnavailable,
          error.failure === 'timeout'
            ? 'The CRM did not answer in time; try again.'
            : 'The CRM could not create the case; try again.',
        );
      } finally {
        this.deps.lookup.forget(row.org_id, normaliseAni(row.ani, voice.countryCode));
      }
    });
  }

  /** An agent connected: waiting calls may be offered to them. */
  agentConnected(orgId: string): Promise<void> {
    return this.routeQueued(orgId);
  }

  // ---- routing and timers ----

  /**
   * Offers queued calls, longest waiting first, to connected, available agents who take calls, are not busy with
   * one and have not declined that call (the longest idle first, as chooseAgent decides). One pass per organisation
   * at a time.
   */
  routeQueued(orgId: string): Promise<void> {
    const voice = this.deps.voice.get(orgId);
    if (!voice || voice.routing !== 'hub' || this.closed) return Promise.resolve();
    return this.passes.request(`route:${orgId}`, async () => {
      const { db, clock, presence } = this.deps;
      const queued = await calls.listQueuedCalls(db, orgId);
      if (queued.length === 0) return;
      const busy = await calls.busyAgents(db, orgId, clock.now());
      for (const call of queued) {
        const candidates = presence
          .available(orgId)
          .filter((id) => this.takesCalls(orgId, id) && !busy.has(id) && !call.declined_by.includes(id))
          .map((agentId) => ({ agentId, free: 1, idleSince: presence.idleSince(orgId, agentId) }));
        const agentId = chooseAgent(candidates, null);
        if (!agentId) continue;
        const result = await this.transition(
          orgId,
          { id: call.id },
          { action: 'offer', agentId },
          { source: 'hub', agentId, stillApplies: (row) => row.state === 'queued' },
        );
        if (!result.duplicate) {
          busy.add(agentId);
          presence.gotWork(orgId, agentId);
        }
      }
    });
  }

  /**
   * Connected, available and with voice capacity. One call at a time: a voice capacity above 1 is not used, since an
   * agent has one headset; 0 means the agent takes no calls.
   */
  private takesCalls(orgId: string, agentId: string): boolean {
    return this.deps.presence.isAvailable(orgId, agentId) && this.deps.routing.capacity(orgId, agentId).voice > 0;
  }

  /** After a restart: ring timeouts for calls still ringing, and routing when running wrap-ups end. */
  async rearmTimers(): Promise<void> {
    for (const row of await calls.listTimedCalls(this.deps.db)) this.armTimers(row);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private armTimers(row: CallRow): void {
    const voice = this.deps.voice.get(row.org_id);
    if (!voice || this.closed) return;
    const now = this.deps.clock.now().getTime();
    if (row.state === 'offered' && row.offered_at && row.assigned_agent_id) {
      const agentId = row.assigned_agent_id;
      const offeredAt = new Date(row.offered_at).getTime();
      this.schedule(offeredAt + voice.ringTimeoutSeconds * 1000 - now, async () => {
        // Nobody answered: back to the queue, and not offered to the same agent again.
        const result = await this.transition(
          row.org_id,
          { id: row.id },
          { action: 'decline' },
          {
            source: 'hub',
            agentId,
            detail: { reason: 'ring_timeout' },
            stillApplies: (current) =>
              current.state === 'offered' &&
              current.assigned_agent_id === agentId &&
              new Date(current.offered_at!).getTime() === offeredAt,
          },
        );
        if (!result.duplicate) await this.routeQueued(row.org_id);
      });
    }
    if (row.state === 'wrap_up' && row.wrap_up_ends_at && voice.routing === 'hub') {
      // the agent is available again when the wrap-up time runs out, completed or not
      this.schedule(new Date(row.wrap_up_ends_at).getTime() - now + 10, () => this.routeQueued(row.org_id));
    }
  }

  private schedule(delayMs: number, work: () => Promise<void>): void {
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        if (this.closed) return;
        work().catch((error: unknown) => this.deps.log.error({ err: error }, 'a call timer failed'));
      },
      Math.max(0, delayMs),
    );
    timer.unref();
    this.timers.add(timer);
  }

  // ---- the state machine, applied ----

  private async agentAction(agent: AgentPrincipal, callId: string, request: CallActionRequest): Promise<Call> {
    const result = await this.transition(agent.organisationId, { id: callId }, request, {
      source: 'agent',
      agentId: request.agentId ?? agent.agentId,
      authorise: (row) => this.mustBeAssigned(agent, row),
    });
    if (!result.duplicate) await this.routeQueued(agent.organisationId);
    const current = (await calls.findCall(this.deps.db, agent.organisationId, { id: callId })) ?? result.row;
    return this.toCall(current);
  }

  /**
   * Applies one action to one call: the row held for the transaction, the actor checked, the state machine asked,
   * the change and its event stored together. Then agents are told and timers armed.
   */
  private async transition(
    orgId: string,
    key: CallKey,
    request: CallActionRequest,
    context: TransitionContext,
  ): Promise<TransitionResult> {
    this.voiceOf(orgId);
    const { db, clock } = this.deps;
    const outcome = await db.transaction(async (tx) => {
      const row = await calls.findCall(tx, orgId, key, true);
      if (!row)
        throw new DomainError(
          ErrorCodes.notFound,
          'id' in key ? `No call ${key.id}.` : `No call with interaction id "${key.interactionId}".`,
        );
      context.authorise?.(row);
      if (context.stillApplies && !context.stillApplies(row)) return { row, duplicate: true, previousAgentId: null };
      if (context.eventId && (await calls.hasCallEvent(tx, orgId, row.id, context.eventId)))
        return { row, duplicate: true, previousAgentId: null };
      const now = clock.now();
      const decision = decideCallAction(row, request, now, this.timingsOf(orgId), context.source);
      if (decision.kind === 'repeat') return { row, duplicate: true, previousAgentId: null };
      const changes: CallChanges = { ...decision.changes };
      if (context.flowVariables && Object.keys(context.flowVariables).length > 0)
        changes.flow_variables = { ...row.flow_variables, ...context.flowVariables };
      const updated = await calls.updateCall(tx, orgId, row.id, changes);
      await calls.recordCallEvent(tx, {
        orgId,
        callId: row.id,
        source: context.source,
        action: request.action,
        eventId: context.eventId ?? null,
        agentId: context.agentId ?? null,
        fromState: decision.from,
        toState: decision.to,
        detail: {
          ...(request.queueId ? { queueId: request.queueId } : {}),
          ...(request.disposition ? { disposition: request.disposition } : {}),
          ...context.detail,
        },
        at: now,
      });
      return { row: updated, duplicate: false, previousAgentId: row.assigned_agent_id };
    });
    if (!outcome.duplicate) {
      const previous = outcome.previousAgentId !== outcome.row.assigned_agent_id ? outcome.previousAgentId : null;
      this.deps.notifier.callUpdated(this.toCall(outcome.row), previous);
      this.armTimers(outcome.row);
    }
    return { row: outcome.row, duplicate: outcome.duplicate };
  }

  /** A change that is not a move between states (mute, DTMF), allowed in `states`, by the call's agent. */
  private async agentUpdate(
    agent: AgentPrincipal,
    callId: string,
    states: CallRow['state'][],
    action: string,
    refusal: (state: CallRow['state']) => string,
    decide: (row: CallRow) => { changes: CallChanges | null; detail: Record<string, unknown> },
  ): Promise<CallRow> {
    const orgId = agent.organisationId;
    this.voiceOf(orgId);
    const { db, clock } = this.deps;
    const result = await db.transaction(async (tx) => {
      const row = await calls.findCall(tx, orgId, { id: callId }, true);
      if (!row) throw new DomainError(ErrorCodes.notFound, `No call ${callId}.`);
      this.mustBeAssigned(agent, row);
      if (!states.includes(row.state)) {
        throw new DomainError(ErrorCodes.callNotConnected, refusal(row.state));
      }
      const { changes, detail } = decide(row);
      const now = clock.now();
      const updated = changes ? await calls.updateCall(tx, orgId, row.id, { ...changes, updated_at: now }) : row;
      await calls.recordCallEvent(tx, {
        orgId,
        callId: row.id,
        source: 'agent',
        action,
        agentId: agent.agentId,
        fromState: row.state,
        toState: row.state,
        detail,
        at: now,
      });
      return { row: updated, changed: changes !== null };
    });
    if (result.changed) this.deps.notifier.callUpdated(this.toCall(result.row), null);
    return result.row;
  }

  private mustBeAssigned(agent: AgentPrincipal, row: CallRow): void {
    if (row.assigned_agent_id !== agent.agentId) {
      throw new DomainError(
        ErrorCodes.notAssigned,
        AGENT_BUSY_STATES.includes(row.state) ? 'This call is with another agent.' : 'This call is not offered to you.',
      );
    }
  }

  /** A call of the agent's organisation the agent may see: theirs, or any for a supervisor. */
  private async visibleCall(agent: AgentPrincipal, callId: string): Promise<CallRow> {
    this.voiceOf(agent.organisationId);
    const row = await calls.findCall(this.deps.db, agent.organisationId, { id: callId });
    // Another organisation's call is reported exactly like a missing one.
    if (!row) throw new DomainError(ErrorCodes.notFound, `No call ${callId}.`);
    if (!isSupervisor(agent) && row.assigned_agent_id !== agent.agentId)
      throw new DomainError(ErrorCodes.notAssigned, 'This call is with another agent.');
    return row;
  }

  private voiceOf(orgId: string): OrganisationVoice {
    const voice = this.deps.voice.get(orgId);
    if (!voice) throw new DomainError(ErrorCodes.voiceNotConfigured, 'Voice is not configured for this organisation.');
    return voice;
  }

  private timingsOf(orgId: string) {
    const voice = this.voiceOf(orgId);
    return { wrapUpSeconds: voice.wrapUpSeconds, defaultQueueId: voice.queues[0].id };
  }

  toCall(row: CallRow): Call {
    return calls.toCall(row, (queueId) => this.deps.voice.queue(row.org_id, queueId)?.name);
  }
}
