import type { IRetryPolicy, LogLevel } from '@microsoft/signalr';
import type {
  Call,
  CallState,
  CompleteWrapUpRequest,
  CreateCaseRequest,
  MuteCallRequest,
  SendDtmfRequest,
  TransferCallRequest,
  TransferTargets,
} from '../../protocol/calls.js';
import type { OutboundActivity, StartConversationRequest, StartConversationResult } from '../../protocol/outbound.js';
import type {
  Attachment,
  ConversationSummary,
  Message,
  SendMessageRequest,
  SendTemplateRequest,
  UploadedAttachment,
} from '../../protocol/payloads.js';
import { ErrorCodes } from '../../protocol/errors.js';
import { fillTemplate } from '../../protocol/templates.js';
import type {
  ChoosablePresence,
  ConversationTransferTargets,
  RoutingState,
  TransferConversationRequest,
} from '../../protocol/routing.js';
import { decodeJwtClaims } from '../auth/jwt-claims.js';
import { reuseBriefly, type AccessTokenFactory } from '../auth/token-source.js';
import {
  partitionFromClaims,
  partitionFromIdentity,
  samePartition,
  type CachePartition,
} from '../cache/cache-partition.js';
import { CacheWriter } from '../cache/cache-writer.js';
import { ConversationCache } from '../cache/conversation-cache.js';
import { uploadAttachment } from '../hub/attachment-upload.js';
import { DISCONNECTED } from '../state/connection-state.js';
import { HubClient } from '../hub/hub-client.js';
import { HUB_UNREACHABLE, HubRequestError, toHubRequestError } from '../hub/hub-request-error.js';
import { Outbox } from '../outbox/outbox.js';
import type { OutboxEntry } from '../outbox/outbox-entry.js';
import type { DesktopStore } from '../state/desktop-store.js';
import { catchUpAfterSeq } from '../state/merge-messages.js';
import { isMine, withOffer, withoutOffer } from '../state/routing.js';
import { createHubClient } from '../tabs/shared-hub-client.js';
import type { DesktopActions } from './desktop-actions.js';
import { describeError } from './describe-error.js';

export interface DesktopConnectOptions {
  /** Base URL of the hub server. */
  hubUrl: string;
  accessTokenFactory: AccessTokenFactory;
  /** Keep a per-agent copy in IndexedDB so a reload paints at once. Default true. */
  cache?: boolean;
  retryPolicy?: IRetryPolicy;
  logLevel?: LogLevel;
  /**
   * One hub connection for all the agent's tabs (default true): the first tab connects, the others use it through
   * that tab (tabs/shared-hub-client.ts). False: this tab connects on its own.
   */
  shareTabs?: boolean;
}

/** What happened to one of this agent's calls (see DesktopServiceHooks.onCall). */
export type CallMoment = 'offered' | 'answered' | 'ended';

/**
 * New work for this agent, from live events only (never from a snapshot after a reload): an offer; a conversation
 * assigned to them without asking (`auto` mode); a customer message in one of their conversations.
 */
export interface NewWork {
  kind: 'offer' | 'assigned' | 'message';
  conversation: ConversationSummary;
  /**
   * Names this piece of work, the same in every tab of the agent: the offer, or the conversation and the customer
   * message (so a conversation given to the agent with a message, and that message, are one piece of work).
   */
  key: string;
}

export interface DesktopServiceHooks {
  /** A customer message arrived live. */
  onMessageReceived?(message: Message): void;
  /**
   * One of this agent's calls started ringing (`offered`), was answered (`answered`), or its conversation ended
   * (`ended`: hung up, or abandoned while ringing). A call already ringing or answered when the desktop (re)loads
   * is reported as `offered` or `answered` then, so a host can catch up; a call that leaves this agent (declined,
   * transferred) is reported by none.
   */
  onCall?(moment: CallMoment, call: Call): void;
  /** New work arrived (see NewWork): the desktop tells the agent when they are looking elsewhere. */
  onWork?(work: NewWork): void;
}

/** Most messages the hub returns per getMessages call (the contract's maximum). */
/** Conversations read from the cache for the first paint (more than a tall inbox shows). */
/** How often the hub's clock is compared with this computer's while connected. */
const CLOCK_CHECK_MS = 60_000;
const FIRST_PAINT_CONVERSATIONS = 60;
const PAGE_SIZE = 500;
/** Conversations caught up at the same time after a reconnect. */
const CATCH_UP_CONCURRENCY = 4;
/** Wait before marking the open conversation read again when new customer messages arrive in it. */
const MARK_READ_DELAY_MS = 400;
/** A timer that fires this late (the computer slept) means a wake: catch up, after checking the link. */
const WAKE_GAP_MS = 15_000;
/** How long the hub has to answer that check before the connection is started again. */
const PROBE_TIMEOUT_MS = 5000;

/**
 * The desktop's engine: runs the hub client, keeps the store up to date (cache first, then live data, then
 * catch-up after every reconnect), persists to the cache, and carries out the agent's intents.
 */
export class DesktopService implements DesktopActions {
  private hub: HubClient | null = null;
  private options: DesktopConnectOptions | null = null;
  private tokens: (() => Promise<string>) | null = null;
  private cache: ConversationCache | null = null;
  private writer: CacheWriter | null = null;
  private cacheOpening: Promise<void> | null = null;
  /** Conversations whose full history is held; live messages are kept (and caught up) only for these. */
  private readonly loaded = new Set<string>();
  /** Conversations changed by live events while a getConversations snapshot was in flight. */
  private touchedDuringSync: Set<string> | null = null;
  /** Calls changed by live events while a getCalls snapshot was in flight. */
  private touchedCalls: Set<string> | null = null;
  private syncGeneration = 0;
  private markReadTimer: ReturnType<typeof setTimeout> | null = null;
  private clockTimer: ReturnType<typeof setInterval> | null = null;
  /** Routing changes from live events while a getRoutingState snapshot was in flight, replayed onto it. */
  private routingDuringSync: Array<(routing: RoutingState) => RoutingState> | null = null;
  /** Files this desktop uploaded, by id: an outbox entry shows the ones it carries. */
  private readonly uploads = new Map<string, UploadedAttachment>();
  private lastQueuedAt = 0;
  private wakeTimer: ReturnType<typeof setInterval> | undefined;
  private lastTick = 0;
  private readonly outbox = new Outbox({
    connected: () => !!this.hub?.isConnected,
    send: ({ request }) => ('templateName' in request ? this.requireHub().sendTemplate(request) : this.requireHub().sendMessage(request)),
    accepted: (message) => this.keepMessages([message]),
    changed: (entries) => this.store.setOutbox(entries),
  });

  constructor(
    readonly store: DesktopStore,
    private readonly hooks: DesktopServiceHooks = {},
  ) {}

  /** Connects to a hub (stopping any earlier connection): paints the cache, then goes live. */
  async connect(options: DesktopConnectOptions): Promise<void> {
    await this.disconnect();
    this.options = options;
    const tokens = reuseBriefly(options.accessTokenFactory);
    this.tokens = tokens;
    const hub: HubClient = createHubClient(
      { hubUrl: options.hubUrl, accessTokenFactory: tokens, retryPolicy: options.retryPolicy, logLevel: options.logLevel, shareTabs: options.shareTabs },
      {
        onConnectionChange: (connection) => this.hub === hub && this.store.setConnection(connection),
        onConnected: () => this.hub === hub && void this.sync(),
        onConversationUpdated: (conversation) => this.hub === hub && this.conversationUpdated(conversation),
        onMessageAdded: (message) => this.hub === hub && this.messageArrived(message, true),
        onMessageUpdated: (message) => this.hub === hub && this.messageArrived(message, false),
        onCustomerActivity: (activity) => this.hub === hub && this.store.setCustomerActivity(activity),
        // Kept for the conversations whose history is held; the others get theirs when they open.
        onOutboundActivityAdded: (activity) => this.hub === hub && this.keepActivities([activity]),
        onCallUpdated: (call) => {
          if (this.hub !== hub) return;
          this.touchedCalls?.add(call.id);
          this.keepCall(call);
        },
        onPresenceChanged: (presence) => this.hub === hub && this.changeRouting((r) => ({ ...r, presence })),
        onConversationOffered: (offer) => {
          if (this.hub !== hub) return;
          this.changeRouting((r) => withOffer(r, offer));
          this.hooks.onWork?.({ kind: 'offer', conversation: offer.conversation, key: `offer:${offer.conversation.id}:${offer.offeredAt}` });
        },
        onOfferWithdrawn: ({ conversationId }) => this.hub === hub && this.changeRouting((r) => withoutOffer(r, conversationId)),
        // Sent for all the organisation's queues: the counters keep those getRoutingState gave (a supervisor's: all).
        onQueueStatsUpdated: (stats) =>
          this.hub === hub && this.changeRouting((r) => ({ ...r, queueStats: stats.filter((s) => r.queueStats.some((q) => q.queueId === s.queueId)) })),
        onRoutingOverviewUpdated: (overview) => this.hub === hub && this.store.setRoutingOverview(overview),
      },
    );
    this.hub = hub;
    this.store.setConnection({ state: 'connecting', attempt: 0, error: null, retryInMs: null });
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    addEventListener('online', this.wake);
    addEventListener('offline', this.onOffline);
    this.lastTick = Date.now();
    this.wakeTimer = setInterval(this.onTick, 5000);
    if (options.cache !== false) await this.paintFromCache(tokens);
    if (this.hub !== hub) return;
    void hub.start();
  }

  /** Stops the connection and writes pending cache changes. The store keeps what it shows. */
  async disconnect(): Promise<void> {
    const hub = this.hub;
    this.hub = null;
    this.syncGeneration += 1;
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    removeEventListener('online', this.wake);
    removeEventListener('offline', this.onOffline);
    clearInterval(this.wakeTimer);
    if (this.markReadTimer !== null) clearTimeout(this.markReadTimer);
    this.markReadTimer = null;
    if (this.clockTimer !== null) clearInterval(this.clockTimer);
    this.clockTimer = null;
    if (!hub) return;
    this.store.setConnection(DISCONNECTED);
    this.store.setCatchingUp(null);
    await Promise.all([hub.stop(), this.writer?.flush()]);
  }

  /** Forgets this agent's cached data in this browser (e.g. on sign-out from a shared computer). */
  async clearCache(): Promise<void> {
    const cache = this.cache;
    if (!cache) return;
    await this.writer?.flush();
    this.cache = null;
    this.writer = null;
    cache.close();
    void this.outbox.use(null, ''); // its outbox too
    await ConversationCache.delete(cache.partition);
  }

  /** Resolves when pending cache writes are stored. */
  async flushCache(): Promise<void> {
    await this.cacheOpening;
    await this.writer?.flush();
  }

  selectConversation(conversationId: string | null): void {
    this.store.selectConversation(conversationId);
    if (conversationId === null) return;
    void this.loadHistory(conversationId);
    if ((this.store.getState().conversations.get(conversationId)?.unreadCount ?? 0) > 0) {
      void this.markRead(conversationId);
    }
  }

  sendMessage(request: SendMessageRequest): Promise<OutboxEntry> {
    const attachments = (request.attachmentIds ?? []).map((id) => this.uploads.get(id)).filter((a): a is UploadedAttachment => !!a);
    return this.queue(request, request.text, attachments);
  }

  sendTemplate(request: SendTemplateRequest): Promise<OutboxEntry> {
    const template = this.store.getState().templates.find((t) => t.name === request.templateName);
    const localization = template?.localizations.find((l) => l.language === request.language);
    return this.queue(request, localization ? fillTemplate(localization.text, request.values).text : '', []);
  }

  retryMessage(clientMessageId: string): Promise<void> {
    return this.outbox.retry(clientMessageId);
  }

  discardMessage(clientMessageId: string): Promise<void> {
    return this.outbox.remove(clientMessageId);
  }

  /** Stores the message in the outbox (so it survives a reload), shows it as pending, and sends it when it can. */
  private async queue(request: SendMessageRequest | SendTemplateRequest, text: string, attachments: Attachment[]): Promise<OutboxEntry> {
    // Strictly increasing, so two messages of one millisecond keep their order.
    const at = (this.lastQueuedAt = Math.max(Date.now(), this.lastQueuedAt + 1));
    const { clientMessageId, conversationId } = request;
    const entry: OutboxEntry = { clientMessageId, conversationId, createdAt: new Date(at).toISOString(), request, text, attachments };
    await this.cacheOpening;
    await this.outbox.add(entry);
    return entry;
  }

  /** Opens (or re-opens) the customer's conversation with a template; the conversation and message go in the store. */
  async startConversation(request: StartConversationRequest): Promise<StartConversationResult> {
    const result = await this.requireHub().startConversation(request);
    this.keepConversations([result.conversation]);
    this.keepMessages([result.message]);
    return result;
  }

  async uploadAttachment(file: File): Promise<UploadedAttachment> {
    const { options, tokens } = this;
    if (!this.hub || !options || !tokens) throw new HubRequestError(HUB_UNREACHABLE, 'Not connected to the hub.');
    let token: string;
    try {
      token = await tokens();
    } catch (error) {
      throw new HubRequestError(HUB_UNREACHABLE, error instanceof Error ? error.message : String(error));
    }
    const uploaded = await uploadAttachment(file, { hubUrl: options.hubUrl, token });
    this.uploads.set(uploaded.id, uploaded);
    return uploaded;
  }

  async closeConversation(conversationId: string): Promise<ConversationSummary> {
    const conversation = await this.requireHub().closeConversation(conversationId);
    this.keepConversations([conversation]);
    return conversation;
  }

  setTyping(conversationId: string, isTyping: boolean): void {
    if (this.hub?.isConnected) void this.hub.setTyping(conversationId, isTyping).catch(() => {});
  }

  async markRead(conversationId: string): Promise<void> {
    const current = this.store.getState().conversations.get(conversationId);
    if (current && current.unreadCount > 0) this.keepConversations([{ ...current, unreadCount: 0 }]);
    if (!this.hub?.isConnected) return; // the sync after (re)connecting marks the open conversation read
    try {
      this.keepConversations([await this.hub.markRead(conversationId)]);
    } catch (error) {
      this.report('markRead', error, conversationId);
    }
  }

  dismissError(errorId: number): void {
    this.store.dismissError(errorId);
  }

  async setPresence(presence: ChoosablePresence): Promise<RoutingState> {
    const routing = await this.requireHub().setPresence(presence);
    this.store.setRouting(routing);
    return routing;
  }

  acceptOffer(conversationId: string): Promise<ConversationSummary> {
    return this.answerOffer(conversationId, (hub) => this.conversationAction(hub.acceptOffer(conversationId)));
  }

  declineOffer(conversationId: string): Promise<void> {
    return this.answerOffer(conversationId, (hub) => hub.declineOffer(conversationId));
  }

  parkConversation(conversationId: string): Promise<ConversationSummary> {
    return this.conversationAction(this.requireHub().parkConversation(conversationId));
  }

  resumeConversation(conversationId: string): Promise<ConversationSummary> {
    return this.conversationAction(this.requireHub().resumeConversation(conversationId));
  }

  getConversationTransferTargets(): Promise<ConversationTransferTargets> {
    return this.requireHub().getConversationTransferTargets();
  }

  transferConversation(request: TransferConversationRequest): Promise<ConversationSummary> {
    return this.conversationAction(this.requireHub().transferConversation(request));
  }

  /** A conversation action on the hub; the summary it answers goes into the store at once. */
  private async conversationAction(work: Promise<ConversationSummary>): Promise<ConversationSummary> {
    const conversation = await work;
    this.conversationUpdated(conversation);
    return conversation;
  }

  /** Accepts or declines an offer, which then leaves the store (an offer that had ended leaves with `offerWithdrawn`). */
  private async answerOffer<T>(conversationId: string, answer: (hub: HubClient) => Promise<T>): Promise<T> {
    const result = await answer(this.requireHub());
    this.changeRouting((r) => withoutOffer(r, conversationId));
    return result;
  }

  /** Applies a live routing change (and remembers it while a snapshot is on its way, to replay onto it). */
  private changeRouting(change: (routing: RoutingState) => RoutingState): void {
    this.routingDuringSync?.push(change);
    this.store.updateRouting(change);
  }

  answerCall(callId: string): Promise<Call> {
    return this.callAction((hub) => hub.answerCall(callId));
  }

  declineCall(callId: string): Promise<Call> {
    return this.callAction((hub) => hub.declineCall(callId));
  }

  holdCall(callId: string): Promise<Call> {
    return this.callAction((hub) => hub.holdCall(callId));
  }

  resumeCall(callId: string): Promise<Call> {
    return this.callAction((hub) => hub.resumeCall(callId));
  }

  muteCall(request: MuteCallRequest): Promise<Call> {
    return this.callAction((hub) => hub.muteCall(request));
  }

  sendDtmf(request: SendDtmfRequest): Promise<Call> {
    return this.callAction((hub) => hub.sendDtmf(request));
  }

  getTransferTargets(): Promise<TransferTargets> {
    return this.requireHub().getTransferTargets();
  }

  transferCall(request: TransferCallRequest): Promise<Call> {
    return this.callAction((hub) => hub.transferCall(request));
  }

  hangUpCall(callId: string): Promise<Call> {
    return this.callAction((hub) => hub.hangUpCall(callId));
  }

  completeWrapUp(request: CompleteWrapUpRequest): Promise<Call> {
    return this.callAction((hub) => hub.completeWrapUp(request));
  }

  lookupCustomer(callId: string): Promise<Call> {
    return this.callAction((hub) => hub.lookupCustomer(callId));
  }

  createCase(request: CreateCaseRequest): Promise<Call> {
    return this.callAction((hub) => hub.createCase(request));
  }

  /** A call action on the hub; the call it answers goes into the store at once (its `callUpdated` may come later). */
  private async callAction(work: (hub: HubClient) => Promise<Call>): Promise<Call> {
    const call = await work(this.requireHub());
    this.keepCall(call);
    return call;
  }

  private requireHub(): HubClient {
    if (this.hub) return this.hub; // a client that is not connected rejects with `hub_unreachable` itself
    throw new HubRequestError(HUB_UNREACHABLE, 'Not connected to the hub.');
  }

  /** Opens this agent's cache from the token's claims and shows its conversations until the hub answers. */
  private async paintFromCache(tokens: () => Promise<string>): Promise<void> {
    let claims;
    try {
      claims = decodeJwtClaims(await tokens());
    } catch {
      return; // no token yet: the cache opens once the hub says who we are
    }
    if (claims) await this.openCache(partitionFromClaims(claims));
  }

  private openCache(partition: CachePartition): Promise<void> {
    const opening = (this.cacheOpening ?? Promise.resolve()).then(async () => {
      if (this.cache && samePartition(this.cache.partition, partition)) return;
      if (this.cache) {
        // Another agent signed in on this page: drop the previous agent's data from screen and memory.
        await this.writer?.flush();
        this.cache.close();
        this.cache = null;
        this.writer = null;
        this.loaded.clear();
        this.store.clearData();
      }
      try {
        const cache = await ConversationCache.open(partition);
        this.cache = cache;
        this.writer = new CacheWriter(cache, {
          onError: (error) => console.warn('agent-desktop: could not write the conversation cache', error),
        });
        // The newest rows first (what the inbox shows), then all of them: a long list paints as fast as a short one.
        const recent = await cache.loadRecentConversations(FIRST_PAINT_CONVERSATIONS);
        if (this.store.getState().conversationsSource === 'none') this.store.replaceConversations(recent, 'cache');
        const conversations = await cache.loadConversations();
        if (this.store.getState().conversationsSource === 'cache') this.store.replaceConversations(conversations, 'cache');
        const templates = await cache.loadTemplates();
        if (this.store.getState().templatesSource === 'none') this.store.setTemplates(templates, 'cache');
        // the messages still on their way, from before a reload or a browser restart
        await this.outbox.use(cache, owner(partition));
      } catch (error) {
        // IndexedDB may be unavailable (private windows, storage blocked): carry on without it.
        console.warn('agent-desktop: the conversation cache is unavailable', error);
      }
    });
    this.cacheOpening = opening;
    return opening;
  }

  /**
   * After every (re)connect and wake: identity, the outbox, the conversation list, then each held history from where
   * it stops (catchUpAll).
   */
  private async sync(): Promise<void> {
    const generation = ++this.syncGeneration;
    const hub = this.hub;
    if (!hub) return;
    this.store.setCatchingUp(new Set(this.loaded));
    let templates: Promise<void> = Promise.resolve();
    let voice: Promise<void> = Promise.resolve();
    let routing: Promise<void> = Promise.resolve();
    try {
      const identity = await hub.whoAmI();
      if (generation !== this.syncGeneration) return;
      this.store.setIdentity(identity);
      void this.measureClockSkew(hub);
      if (this.clockTimer === null) this.clockTimer = setInterval(() => this.hub?.isConnected && void this.measureClockSkew(this.hub), CLOCK_CHECK_MS);
      const partition = partitionFromIdentity(identity);
      if (this.options?.cache !== false) await this.openCache(partition);
      void this.outbox.use(this.cache, owner(partition));
      templates = this.syncTemplates(hub, generation);
      voice = this.syncCalls(hub, generation);
      routing = this.syncRouting(hub, generation);

      this.touchedDuringSync = new Set();
      const conversations = await hub.getConversations();
      if (generation !== this.syncGeneration) return;
      this.store.replaceConversations(conversations, 'live', this.touchedDuringSync);
      this.touchedDuringSync = null;
      for (const id of this.loaded) if (!this.store.getState().conversations.has(id)) this.loaded.delete(id);
      this.writer?.replaceConversations([...this.store.getState().conversations.values()]);

      const selected = this.store.getState().selectedConversationId;
      if (selected && !this.loaded.has(selected)) void this.loadHistory(selected);
      await this.catchUpAll(generation);
      if (selected && (this.store.getState().conversations.get(selected)?.unreadCount ?? 0) > 0) {
        await this.markRead(selected);
      }
    } catch (error) {
      if (generation === this.syncGeneration && hub.isConnected) this.report('sync', error);
    } finally {
      if (generation === this.syncGeneration) this.touchedDuringSync = null;
    }
    await Promise.all([templates, voice, routing]);
  }

  /**
   * Catches up every conversation held here: those open here from the messages in memory (see catchUp); the others,
   * when the hub's list says they have more, from the highest seq cached (into the cache only), so none has gaps or
   * duplicates however long the desktop was away. A few at a time; `catchingUp` names those still behind. A link that
   * drops meanwhile leaves it set: the next connect starts again from what is held.
   */
  private async catchUpAll(generation: number): Promise<void> {
    const others = this.cache ? [...this.store.getState().conversations.values()].filter((c) => !this.loaded.has(c.id) && c.lastSeq > 0) : [];
    await this.writer?.flush();
    const held = await this.cache?.lastSeqs(others.map((c) => c.id)).catch(() => null);
    if (generation !== this.syncGeneration) return;
    const behind = new Map<string, number | undefined>([...this.loaded].map((id) => [id, undefined]));
    // Behind = something cached and more on the hub; with nothing cached, only the agent's own conversations are fetched
    // (a supervisor's first visit does not download the whole organisation's history; opening one loads it).
    const me = this.store.getState().identity?.agentId;
    others.forEach((c, i) => held && c.lastSeq > held[i]! && (held[i]! > 0 || c.assignedAgentId === me) && behind.set(c.id, held[i]));
    this.store.setCatchingUp(new Set(behind.keys()));
    try {
      await forEachLimited([...behind], CATCH_UP_CONCURRENCY, async ([id, after]) => {
        await this.catchUp(id, generation, after);
        if (generation === this.syncGeneration) this.store.caughtUp(id);
      });
    } finally {
      if (generation === this.syncGeneration && this.hub?.isConnected) this.store.setCatchingUp(null);
    }
  }

  /**
   * Presence, queues, open offers and counters; for supervisors, the overview too. Live routing events that came
   * meanwhile are replayed onto the answer. A hub without routing answers `not_found`: the desktop does without.
   */
  private async syncRouting(hub: HubClient, generation: number): Promise<void> {
    const pending: Array<(routing: RoutingState) => RoutingState> = (this.routingDuringSync = []);
    try {
      const routing = await hub.getRoutingState();
      if (generation !== this.syncGeneration) return;
      this.store.setRouting(pending.reduce((state, change) => change(state), routing));
      this.routingDuringSync = null;
      if (!this.store.getState().identity?.roles.includes('supervisor')) return;
      const overview = await hub.getRoutingOverview();
      if (generation === this.syncGeneration) this.store.setRoutingOverview(overview);
    } catch (error) {
      if (generation === this.syncGeneration && hub.isConnected && toHubRequestError(error).code !== ErrorCodes.notFound) {
        this.report('getRoutingState', error);
      }
    } finally {
      if (this.routingDuringSync === pending) this.routingDuringSync = null;
    }
  }

  /**
   * Voice settings, then the calls in their current state (a reload during a call shows it again). Calls that
   * changed live meanwhile keep their live version.
   */
  private async syncCalls(hub: HubClient, generation: number): Promise<void> {
    const touched = (this.touchedCalls = new Set());
    try {
      const voice = await hub.getVoiceSettings();
      if (generation !== this.syncGeneration) return;
      this.store.setVoiceSettings(voice);
      const calls = voice.enabled ? await hub.getCalls() : [];
      if (generation !== this.syncGeneration) return;
      const previous = this.store.getState().calls;
      this.store.replaceCalls(calls, touched);
      for (const call of calls) if (!touched.has(call.id)) this.announceCall(previous.get(call.id), call);
    } catch (error) {
      if (generation === this.syncGeneration && hub.isConnected) this.report('getCalls', error);
    } finally {
      if (generation === this.syncGeneration) this.touchedCalls = null;
    }
  }

  /**
   * Puts a call in the store, or drops it: once it has ended (after its wrap-up, or abandoned), and when it is no
   * longer this agent's (declined, transferred, not answered in time) unless the agent is a supervisor.
   */
  private keepCall(call: Call): void {
    const { identity, calls } = this.store.getState();
    const previous = calls.get(call.id);
    const keep = call.state !== 'ended' && (!identity || call.assignedAgentId === identity.agentId || identity.roles.includes('supervisor'));
    if (this.store.putCall(call, !keep)) this.announceCall(previous, call);
  }

  /** Tells the host what happened to one of this agent's calls (see DesktopServiceHooks.onCall). */
  private announceCall(previous: Call | undefined, call: Call): void {
    const agentId = this.store.getState().identity?.agentId;
    if (!agentId || call.assignedAgentId !== agentId) return;
    const was: CallState | null = previous?.assignedAgentId === agentId ? previous.state : null;
    const talking = (state: CallState | null) => state === 'connected' || state === 'on_hold';
    const moment: CallMoment | null =
      call.state === 'offered'
        ? was === 'offered' ? null : 'offered'
        : talking(call.state)
          ? was === null || was === 'offered' ? 'answered' : null
          : was === 'offered' || talking(was) ? 'ended' : null;
    if (moment) this.hooks.onCall?.(moment, call);
  }

  /** The organisation's templates, fetched beside the conversations; a failure leaves the cached ones. */
  private async syncTemplates(hub: HubClient, generation: number): Promise<void> {
    try {
      const templates = await hub.getTemplates();
      if (generation !== this.syncGeneration) return;
      this.store.setTemplates(templates, 'live');
      this.writer?.replaceTemplates(templates);
    } catch (error) {
      if (generation === this.syncGeneration && hub.isConnected) this.report('getTemplates', error);
    }
  }

  /** Loads a conversation's history: the cached part at once, then whatever the hub has after it. */
  private async loadHistory(conversationId: string): Promise<void> {
    if (this.loaded.has(conversationId)) return;
    this.loaded.add(conversationId);
    this.store.setHistoryLoading(conversationId, true);
    try {
      await this.cacheOpening;
      await this.writer?.flush(); // what a catch-up fetched for it may still be on its way to the cache
      const cache = this.cache;
      const [cached, activities] = cache
        ? await Promise.all([cache.loadMessages(conversationId), cache.loadActivities(conversationId)]).catch(() => [[], []])
        : [[], []];
      this.store.upsertMessages(cached);
      this.store.upsertOutboundActivities(activities);
      if (this.hub?.isConnected) await this.catchUp(conversationId, this.syncGeneration);
    } catch (error) {
      // Still counted as held: the sync after the next (re)connect catches it up.
      if (this.hub?.isConnected) this.report('loadMessages', error, conversationId);
    } finally {
      this.store.setHistoryLoading(conversationId, false);
    }
  }

  /**
   * Fetches the messages after the held ones, page by page, merging without duplicates: of a conversation open here,
   * after those in memory, and its outbound activities, all of them (few, and they may have been sent while this
   * desktop was away); of another, after `cachedSeq` (the highest cached), into the cache.
   */
  private async catchUp(conversationId: string, generation: number, cachedSeq?: number): Promise<void> {
    const hub = this.hub;
    if (!hub) return;
    if (cachedSeq === undefined) {
      void hub.getOutboundActivities(conversationId).then(
        (activities) => generation === this.syncGeneration && this.keepActivities(activities),
        // A hub without outbound messages, or the link dropped (the next catch-up asks again): the messages show alone.
        () => {},
      );
    }
    let afterSeq = cachedSeq ?? catchUpAfterSeq(this.store.getState().messages.get(conversationId) ?? []);
    for (;;) {
      const page = await hub.getMessages({ conversationId, afterSeq, limit: PAGE_SIZE });
      if (generation !== this.syncGeneration) return;
      // (opened meanwhile: into the store as well)
      if (this.loaded.has(conversationId)) this.keepMessages(page);
      else if (cachedSeq === undefined) return;
      else this.writer?.putMessages(page);
      if (page.length < PAGE_SIZE) return;
      afterSeq = page[page.length - 1]!.seq;
    }
  }

  private conversationUpdated(conversation: ConversationSummary): void {
    this.touchedDuringSync?.add(conversation.id);
    const { identity, routing, conversations } = this.store.getState();
    // Transferred away or given to someone else: an agent no longer sees it (a supervisor sees everything).
    if (identity && !identity.roles.includes('supervisor') && conversation.assignedAgentId !== identity.agentId && conversation.offeredAgentId !== identity.agentId) {
      this.store.removeConversation(conversation.id);
      return;
    }
    const previous = conversations.get(conversation.id);
    if (routing?.mode === 'auto' && isMine(conversation, identity?.agentId) && !(previous && isMine(previous, identity?.agentId))) {
      this.hooks.onWork?.({ kind: 'assigned', conversation, key: `${conversation.id}:${conversation.lastSeq}` });
    }
    this.keepConversations([conversation]);
    if (conversation.id === this.store.getState().selectedConversationId && conversation.unreadCount > 0) {
      this.scheduleMarkRead();
    }
  }

  private messageArrived(message: Message, added: boolean): void {
    if (added && message.direction === 'inbound') {
      this.hooks.onMessageReceived?.(message);
      const conversation = this.store.getState().conversations.get(message.conversationId);
      if (conversation && isMine(conversation, this.store.getState().identity?.agentId)) {
        this.hooks.onWork?.({ kind: 'message', conversation, key: `${message.conversationId}:${message.seq}` });
      }
      // the customer's message is what their typing was
      const activity = this.store.getState().customerActivity.get(message.conversationId);
      if (activity?.isTyping) this.store.setCustomerActivity({ ...activity, isTyping: false });
    }
    // A lone live message would leave a gap in a history we never loaded; its summary already updates the inbox.
    if (this.loaded.has(message.conversationId)) this.keepMessages([message]);
    // Ours, from the outbox (perhaps of another tab): the hub has it.
    if (message.clientMessageId) void this.outbox.remove(message.clientMessageId);
  }

  /** Puts conversations in the store, and those that changed in the cache. */
  private keepConversations(list: readonly ConversationSummary[]): void {
    const changed = this.store.upsertConversations(list);
    this.writer?.putConversations(changed);
  }

  /** Puts messages of held conversations in the store, and those that changed in the cache. */
  private keepMessages(list: readonly Message[]): void {
    const changed = this.store.upsertMessages(list.filter((m) => this.loaded.has(m.conversationId)));
    this.writer?.putMessages(changed);
  }

  /** Puts outbound activities of held conversations in the store and the cache (the others get theirs when they open). */
  private keepActivities(list: readonly OutboundActivity[]): void {
    const changed = this.store.upsertOutboundActivities(list.filter((a) => this.loaded.has(a.conversationId ?? '')));
    this.writer?.putActivities(changed);
  }

  /** Marks the open conversation read when the agent can see it (the tab is visible). */
  private scheduleMarkRead(): void {
    if (this.markReadTimer !== null || document.visibilityState !== 'visible') return;
    this.markReadTimer = setTimeout(() => {
      this.markReadTimer = null;
      const selected = this.store.getState().selectedConversationId;
      if (selected && (this.store.getState().conversations.get(selected)?.unreadCount ?? 0) > 0) {
        void this.markRead(selected);
      }
    }, MARK_READ_DELAY_MS);
  }

  /** The hub's clock against this computer's, halfway through the round trip. */
  private async measureClockSkew(hub: HubClient): Promise<void> {
    try {
      const sentAt = Date.now();
      const serverTime = Date.parse(await hub.getServerTime());
      const receivedAt = Date.now();
      if (this.hub === hub && Number.isFinite(serverTime)) this.store.setClockSkew(serverTime - (sentAt + receivedAt) / 2);
    } catch {
      // an older hub, or the connection dropped: keep the last measurement
    }
  }

  private readonly onVisibilityChange = (): void => {
    if (document.visibilityState !== 'visible') return;
    this.scheduleMarkRead();
    this.onTick();
  };

  /** Every few seconds, and when the page shows again: a long gap since the last time means the computer slept. */
  private readonly onTick = (): void => {
    const gap = Date.now() - this.lastTick;
    this.lastTick = Date.now();
    if (gap > WAKE_GAP_MS && document.visibilityState === 'visible') void this.wake();
  };

  /** The browser lost the network: the socket is gone, or soon will be; reconnect (with backoff) until it is back. */
  private readonly onOffline = (): void => this.hub?.restart();

  /**
   * The network is back (`online`) or the computer woke: a connection that looks alive may be dead (SignalR would
   * notice only after its 30 s server timeout), so ask the hub the time; no answer in PROBE_TIMEOUT_MS, reconnect at
   * once (the connect syncs), else catch up on this connection.
   */
  private readonly wake = async (): Promise<void> => {
    const hub = this.hub;
    const alive =
      hub?.isConnected &&
      (await Promise.race([hub.getServerTime().then(() => true, () => false), new Promise<false>((r) => setTimeout(r, PROBE_TIMEOUT_MS, false))]));
    if (!hub || this.hub !== hub) return;
    if (alive) void this.sync();
    else hub.restart();
  };

  private report(action: string, error: unknown, conversationId: string | null = null): void {
    const { code, message } = toHubRequestError(error);
    this.store.addError({ code, message: describeError(code, message), action, conversationId });
  }
}

/** Whose the outbox is (names its Web Lock). */
function owner({ organisationId, agentId }: CachePartition): string {
  return `${encodeURIComponent(organisationId)}:${encodeURIComponent(agentId)}`;
}

/** Runs `task` over `items`, at most `limit` at a time; the first failure rejects (after the others settle). */
async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await task(item).catch((error: unknown) => errors.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (errors.length > 0) throw errors[0];
}
