import {
  HubConnectionBuilder,
  HubConnectionState,
  LogLevel,
  type HubConnection,
  type IRetryPolicy,
  type RetryContext,
} from '@microsoft/signalr';
import type {
  Call,
  CompleteWrapUpRequest,
  CreateCaseRequest,
  MuteCallRequest,
  SendDtmfRequest,
  TransferCallRequest,
  TransferTargets,
  VoiceSettings,
} from '../../protocol/calls.js';
import { HubEvents, HubMethods, HUB_PATH } from '../../protocol/hub-contract.js';
import type { OutboundActivity, StartConversationRequest, StartConversationResult } from '../../protocol/outbound.js';
import type {
  AgentIdentity,
  ConversationSummary,
  GetMessagesRequest,
  Message,
  SendMessageRequest,
  SendTemplateRequest,
  CustomerActivity,
} from '../../protocol/payloads.js';
import type {
  ChoosablePresence,
  ConversationOffer,
  ConversationTransferTargets,
  OfferWithdrawn,
  QueueStats,
  RoutingOverview,
  RoutingState,
  TransferConversationRequest,
} from '../../protocol/routing.js';
import type { MessageTemplate } from '../../protocol/templates.js';
import type { AccessTokenFactory } from '../auth/token-source.js';
import { DISCONNECTED, type ConnectionInfo } from '../state/connection-state.js';
import { HUB_UNREACHABLE, HubRequestError, toHubRequestError } from './hub-request-error.js';
import { BackoffRetryPolicy } from './retry-policy.js';

export interface HubClientOptions {
  /** Base URL of the hub server, e.g. `http://localhost:8080` (relative URLs resolve against the page). */
  hubUrl: string;
  /** Gives the bearer token for negotiate and the transport; called again on every (re)connect. */
  accessTokenFactory: AccessTokenFactory;
  /** How long to wait between attempts; defaults to a BackoffRetryPolicy, which never gives up. */
  retryPolicy?: IRetryPolicy;
  /** SignalR's own console logging. Default: warnings and errors. */
  logLevel?: LogLevel;
}

/** What the hub client reports. Every callback is optional. */
export interface HubClientHandlers {
  onConnectionChange?(connection: ConnectionInfo): void;
  /** The connection is up: the first time (`reconnected` false) or after a drop (true). */
  onConnected?(reconnected: boolean): void;
  onConversationUpdated?(conversation: ConversationSummary): void;
  onMessageAdded?(message: Message): void;
  onMessageUpdated?(message: Message): void;
  onCustomerActivity?(activity: CustomerActivity): void;
  onCallUpdated?(call: Call): void;
  /** An outbound message went out to the customer of a conversation this agent sees (show-on-timeline). */
  onOutboundActivityAdded?(activity: OutboundActivity): void;
  /** This agent's presence changed in another tab (or was restored). */
  onPresenceChanged?(presence: ChoosablePresence): void;
  onConversationOffered?(offer: ConversationOffer): void;
  onOfferWithdrawn?(withdrawn: OfferWithdrawn): void;
  onQueueStatsUpdated?(stats: QueueStats[]): void;
  /** Supervisors: the organisation's queues and agents changed. */
  onRoutingOverviewUpdated?(overview: RoutingOverview): void;
}

/**
 * The desktop's SignalR connection to the hub. It keeps trying for as long as it runs: the initial start and
 * every reconnect wait per the retry policy, which never gives up. Hub method failures reject with a
 * HubRequestError carrying the hub's error code.
 */
export class HubClient {
  private readonly connection: HubConnection;
  private readonly retryPolicy: IRetryPolicy;
  private info: ConnectionInfo = DISCONNECTED;
  private running = false;
  private hasConnected = false;
  private wakeUp: (() => void) | null = null;
  private stopping: Promise<void> = Promise.resolve();
  private waiters: Array<() => void> = [];

  constructor(
    options: HubClientOptions,
    private readonly handlers: HubClientHandlers = {},
  ) {
    this.retryPolicy = options.retryPolicy ?? new BackoffRetryPolicy();
    this.connection = new HubConnectionBuilder()
      .withUrl(hubEndpoint(options.hubUrl), { accessTokenFactory: () => options.accessTokenFactory() })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (context) => this.nextDelay(context) })
      .configureLogging(options.logLevel ?? LogLevel.Warning)
      .build();
    // Each hub event to its handler, while running (a stopped client's late events are dropped).
    const events: Array<[string, keyof HubClientHandlers]> = [
      [HubEvents.conversationUpdated, 'onConversationUpdated'],
      [HubEvents.messageAdded, 'onMessageAdded'],
      [HubEvents.messageUpdated, 'onMessageUpdated'],
      [HubEvents.customerActivity, 'onCustomerActivity'],
      [HubEvents.callUpdated, 'onCallUpdated'],
      [HubEvents.outboundActivityAdded, 'onOutboundActivityAdded'],
      [HubEvents.presenceChanged, 'onPresenceChanged'],
      [HubEvents.conversationOffered, 'onConversationOffered'],
      [HubEvents.offerWithdrawn, 'onOfferWithdrawn'],
      [HubEvents.queueStatsUpdated, 'onQueueStatsUpdated'],
      [HubEvents.routingOverviewUpdated, 'onRoutingOverviewUpdated'],
    ];
    for (const [event, handler] of events) {
      this.connection.on(event, (payload: never) => {
        if (this.running) (this.handlers[handler] as ((payload: never) => void) | undefined)?.(payload);
      });
    }
    this.connection.onreconnecting((error) => {
      this.setInfo({ ...this.info, state: 'reconnecting', error: error?.message ?? null });
    });
    this.connection.onreconnected(() => this.connected());
    this.connection.onclose((error) => {
      // Only an explicit stop (or a close the server forbade reconnecting from) ends here; keep going unless stopped.
      if (!this.running) {
        this.setInfo(DISCONNECTED);
        return;
      }
      this.setInfo({ ...this.info, state: 'reconnecting', error: error?.message ?? 'Connection closed' });
      void this.startLoop();
    });
  }

  /** The current connection state. */
  get connectionInfo(): ConnectionInfo {
    return this.info;
  }

  get isConnected(): boolean {
    return this.running && this.connection.state === HubConnectionState.Connected;
  }

  /** Starts connecting and keeps trying until connected or stopped. Resolves once connected (or stopped). */
  start(): Promise<void> {
    const settled = this.untilConnectedOrStopped();
    if (!this.running) {
      this.running = true;
      this.setInfo({ state: 'connecting', attempt: 0, error: null, retryInMs: null });
      void this.stopping.then(() => this.startLoop());
    }
    return settled;
  }

  /** Closes the connection and stops retrying. */
  stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    this.settleWaiters();
    this.stopping = this.connection
      .stop()
      .catch(() => undefined)
      .then(() => {
        if (!this.running) this.setInfo(DISCONNECTED);
      });
    return this.stopping;
  }

  /**
   * Drops the connection and connects again at once, skipping any wait between attempts: for a link that may have
   * died unnoticed (the computer slept; SignalR would take its server timeout, 30 s, to see it) or just came back.
   */
  restart(): void {
    if (!this.running) return;
    this.wakeUp?.();
    void this.connection.stop();
  }

  whoAmI(): Promise<AgentIdentity> {
    return this.invoke(HubMethods.whoAmI);
  }

  getConversations(): Promise<ConversationSummary[]> {
    return this.invoke(HubMethods.getConversations);
  }

  getMessages(request: GetMessagesRequest): Promise<Message[]> {
    return this.invoke(HubMethods.getMessages, request);
  }

  sendMessage(request: SendMessageRequest): Promise<Message> {
    return this.invoke(HubMethods.sendMessage, request);
  }

  sendTemplate(request: SendTemplateRequest): Promise<Message> {
    return this.invoke(HubMethods.sendTemplate, request);
  }

  getServerTime(): Promise<string> {
    return this.invoke(HubMethods.getServerTime);
  }

  getTemplates(): Promise<MessageTemplate[]> {
    return this.invoke(HubMethods.getTemplates);
  }

  setTyping(conversationId: string, isTyping: boolean): Promise<void> {
    return this.invoke(HubMethods.setTyping, conversationId, isTyping);
  }

  markRead(conversationId: string): Promise<ConversationSummary> {
    return this.invoke(HubMethods.markRead, conversationId);
  }

  closeConversation(conversationId: string): Promise<ConversationSummary> {
    return this.invoke(HubMethods.closeConversation, conversationId);
  }

  getVoiceSettings(): Promise<VoiceSettings> {
    return this.invoke(HubMethods.getVoiceSettings);
  }

  getCalls(): Promise<Call[]> {
    return this.invoke(HubMethods.getCalls);
  }

  getTransferTargets(): Promise<TransferTargets> {
    return this.invoke(HubMethods.getTransferTargets);
  }

  answerCall(callId: string): Promise<Call> {
    return this.invoke(HubMethods.answerCall, callId);
  }

  declineCall(callId: string): Promise<Call> {
    return this.invoke(HubMethods.declineCall, callId);
  }

  holdCall(callId: string): Promise<Call> {
    return this.invoke(HubMethods.holdCall, callId);
  }

  resumeCall(callId: string): Promise<Call> {
    return this.invoke(HubMethods.resumeCall, callId);
  }

  muteCall(request: MuteCallRequest): Promise<Call> {
    return this.invoke(HubMethods.muteCall, request);
  }

  sendDtmf(request: SendDtmfRequest): Promise<Call> {
    return this.invoke(HubMethods.sendDtmf, request);
  }

  transferCall(request: TransferCallRequest): Promise<Call> {
    return this.invoke(HubMethods.transferCall, request);
  }

  hangUpCall(callId: string): Promise<Call> {
    return this.invoke(HubMethods.hangUpCall, callId);
  }

  completeWrapUp(request: CompleteWrapUpRequest): Promise<Call> {
    return this.invoke(HubMethods.completeWrapUp, request);
  }

  lookupCustomer(callId: string): Promise<Call> {
    return this.invoke(HubMethods.lookupCustomer, callId);
  }

  createCase(request: CreateCaseRequest): Promise<Call> {
    return this.invoke(HubMethods.createCase, request);
  }

  getOutboundActivities(conversationId: string): Promise<OutboundActivity[]> {
    return this.invoke(HubMethods.getOutboundActivities, conversationId);
  }

  startConversation(request: StartConversationRequest): Promise<StartConversationResult> {
    return this.invoke(HubMethods.startConversation, request);
  }

  getRoutingState(): Promise<RoutingState> {
    return this.invoke(HubMethods.getRoutingState);
  }

  setPresence(presence: ChoosablePresence): Promise<RoutingState> {
    return this.invoke(HubMethods.setPresence, presence);
  }

  acceptOffer(conversationId: string): Promise<ConversationSummary> {
    return this.invoke(HubMethods.acceptOffer, conversationId);
  }

  declineOffer(conversationId: string): Promise<void> {
    return this.invoke(HubMethods.declineOffer, conversationId);
  }

  parkConversation(conversationId: string): Promise<ConversationSummary> {
    return this.invoke(HubMethods.parkConversation, conversationId);
  }

  resumeConversation(conversationId: string): Promise<ConversationSummary> {
    return this.invoke(HubMethods.resumeConversation, conversationId);
  }

  getConversationTransferTargets(): Promise<ConversationTransferTargets> {
    return this.invoke(HubMethods.getConversationTransferTargets);
  }

  transferConversation(request: TransferConversationRequest): Promise<ConversationSummary> {
    return this.invoke(HubMethods.transferConversation, request);
  }

  getRoutingOverview(): Promise<RoutingOverview> {
    return this.invoke(HubMethods.getRoutingOverview);
  }

  /** Calls a hub method by its contract name (a tab sharing another tab's connection relays it there). */
  protected async invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    if (!this.isConnected) {
      throw new HubRequestError(HUB_UNREACHABLE, 'Not connected to the hub.', method);
    }
    try {
      return await this.connection.invoke<T>(method, ...args);
    } catch (error) {
      throw toHubRequestError(error, method);
    }
  }

  /** The initial start, and restarts after a close: the same never-ending retry policy as reconnects. */
  private async startLoop(): Promise<void> {
    const startedAt = Date.now();
    let previousRetryCount = 0;
    while (this.running) {
      if (this.connection.state !== HubConnectionState.Disconnected) return;
      try {
        await this.connection.start();
        if (!this.running) {
          await this.connection.stop();
          return;
        }
        this.connected();
        return;
      } catch (error) {
        if (!this.running) return;
        const retryReason = error instanceof Error ? error : new Error(String(error));
        const delay = this.nextDelay({
          previousRetryCount,
          elapsedMilliseconds: Date.now() - startedAt,
          retryReason,
        });
        previousRetryCount += 1;
        this.setInfo({ ...this.info, state: 'reconnecting', error: retryReason.message });
        await this.sleep(delay);
      }
    }
  }

  private connected(): void {
    const reconnected = this.hasConnected;
    this.hasConnected = true;
    this.setInfo({ state: 'connected', attempt: 0, error: null, retryInMs: null });
    this.settleWaiters();
    this.handlers.onConnected?.(reconnected);
  }

  /** Asks the policy and records the attempt; a policy that says "give up" (null) is overruled. */
  private nextDelay(context: RetryContext): number {
    const asked = this.retryPolicy.nextRetryDelayInMilliseconds(context);
    const delay = asked ?? new BackoffRetryPolicy().nextRetryDelayInMilliseconds(context);
    const info = { ...this.info, attempt: context.previousRetryCount + 1, retryInMs: delay };
    // SignalR asks the policy before it reports `reconnecting`; that report carries these numbers.
    if (info.state === 'connected') this.info = info;
    else this.setInfo(info);
    return delay;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      const wake = () => done();
      this.wakeUp = wake;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    }).then(() => {
      this.wakeUp = null;
    });
  }

  private untilConnectedOrStopped(): Promise<void> {
    if (this.isConnected) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private settleWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  private setInfo(info: ConnectionInfo): void {
    this.info = info;
    this.handlers.onConnectionChange?.(info);
  }
}

/** The SignalR endpoint of a hub server: its base URL plus the contract's HUB_PATH. */
export function hubEndpoint(hubUrl: string): string {
  return hubUrl.replace(/\/+$/, '') + HUB_PATH;
}
