import type { Call, VoiceSettings } from '../../protocol/calls.js';
import type { OutboundActivity } from '../../protocol/outbound.js';
import type { AgentIdentity, ConversationSummary, Message, CustomerActivity } from '../../protocol/payloads.js';
import type { RoutingOverview, RoutingState } from '../../protocol/routing.js';
import type { MessageTemplate } from '../../protocol/templates.js';
import type { ConnectionInfo } from './connection-state.js';
import type { OutboxEntry } from '../outbox/outbox-entry.js';
import { initialDesktopState, type DataSource, type DesktopError, type DesktopState } from './desktop-state.js';
import { shallowEqual } from '../utilities/shallow-equal.js';
import { mergeMessages } from './merge-messages.js';

export type StoreListener = (state: DesktopState) => void;

/** Errors kept on screen at once; older ones drop off. */
const MAX_ERRORS = 5;

/**
 * The desktop's observable state. The hub client (through the desktop service) writes it; components read it
 * through a StoreController. Every change replaces the state object, so listeners can compare by identity.
 */
export class DesktopStore {
  private state: DesktopState = initialDesktopState;
  private readonly listeners = new Set<StoreListener>();
  private nextErrorId = 1;

  getState(): DesktopState {
    return this.state;
  }

  /** Calls `listener` after every change; returns the function that unsubscribes it. */
  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setConnection(connection: ConnectionInfo): void {
    this.set({ connection });
  }

  setIdentity(identity: AgentIdentity | null): void {
    this.set({ identity });
  }

  /**
   * Replaces the whole conversation list (a snapshot from the hub or the cache). Conversations in `keep` are
   * left as they are: a live update that raced the snapshot is newer than it. Messages and the selection of
   * conversations that disappeared are dropped.
   */
  replaceConversations(
    list: readonly ConversationSummary[],
    source: DataSource,
    keep: ReadonlySet<string> = new Set(),
  ): void {
    const previous = this.state.conversations;
    const conversations = new Map<string, ConversationSummary>();
    for (const conversation of list) {
      const current = previous.get(conversation.id);
      conversations.set(conversation.id, current && keep.has(conversation.id) ? current : conversation);
    }
    for (const id of keep) {
      const current = previous.get(id);
      if (current && !conversations.has(id)) conversations.set(id, current);
    }
    // The messages and outbound activities of conversations that are gone go with them.
    const held = <T>(map: ReadonlyMap<string, T>) =>
      [...map.keys()].every((id) => conversations.has(id))
        ? map
        : new Map([...map].filter(([id]) => conversations.has(id)));
    const selected = this.state.selectedConversationId;
    this.set({
      conversations,
      conversationsSource: source,
      messages: held(this.state.messages),
      outboundActivities: held(this.state.outboundActivities),
      selectedConversationId: selected && conversations.has(selected) ? selected : null,
    });
  }

  /** Drops a conversation that is no longer this agent's (transferred, or taken by another agent), with its messages. */
  removeConversation(conversationId: string): void {
    if (!this.state.conversations.has(conversationId)) return;
    this.replaceConversations(
      [...this.state.conversations.values()].filter((c) => c.id !== conversationId),
      this.state.conversationsSource,
    );
  }

  /** Adds or replaces conversations; returns those that changed. */
  upsertConversations(list: readonly ConversationSummary[]): ConversationSummary[] {
    const changed = list.filter((conversation) => this.state.conversations.get(conversation.id) !== conversation);
    if (changed.length === 0) return changed;
    const conversations = new Map(this.state.conversations);
    for (const conversation of changed) conversations.set(conversation.id, conversation);
    this.set({ conversations });
    return changed;
  }

  /** Merges messages (any conversations) by seq/id; returns the messages that were taken. */
  upsertMessages(list: readonly Message[]): Message[] {
    if (list.length === 0) return [];
    const byConversation = new Map<string, Message[]>();
    for (const message of list) {
      const group = byConversation.get(message.conversationId) ?? [];
      group.push(message);
      byConversation.set(message.conversationId, group);
    }
    let messages: Map<string, readonly Message[]> | null = null;
    const taken: Message[] = [];
    for (const [conversationId, incoming] of byConversation) {
      const existing = this.state.messages.get(conversationId);
      const merged = mergeMessages(existing ?? [], incoming);
      if (merged === existing) continue;
      messages ??= new Map(this.state.messages);
      messages.set(conversationId, merged);
      const kept = new Set(merged);
      taken.push(...incoming.filter((message) => kept.has(message)));
    }
    if (messages) this.set({ messages });
    return taken;
  }

  /**
   * Adds or replaces outbound activities (by id) on their conversations' timelines, oldest first; activities of
   * no conversation are ignored. Returns those that changed.
   */
  upsertOutboundActivities(list: readonly OutboundActivity[]): OutboundActivity[] {
    const changed: OutboundActivity[] = [];
    const timelines = new Map(this.state.outboundActivities);
    for (const activity of list) {
      const id = activity.conversationId;
      const current = id === null ? undefined : (timelines.get(id) ?? []);
      // the same version again (a re-fetch after a reconnect) changes nothing
      if (!current || current.some((a) => a.id === activity.id && a.status === activity.status)) continue;
      const others = current.filter((a) => a.id !== activity.id);
      timelines.set(
        id!,
        [...others, activity].sort((a, b) => Date.parse(a.sentAt) - Date.parse(b.sentAt)),
      );
      changed.push(activity);
    }
    if (changed.length > 0) this.set({ outboundActivities: timelines });
    return changed;
  }

  setHistoryLoading(conversationId: string, loading: boolean): void {
    if (this.state.loadingHistory.has(conversationId) === loading) return;
    const loadingHistory = new Set(this.state.loadingHistory);
    if (loading) loadingHistory.add(conversationId);
    else loadingHistory.delete(conversationId);
    this.set({ loadingHistory });
  }

  /** Replaces the outbox entries shown (all of them, oldest first). */
  setOutbox(entries: readonly OutboxEntry[]): void {
    const outbox = new Map<string, OutboxEntry[]>();
    for (const entry of entries) outbox.set(entry.conversationId, [...(outbox.get(entry.conversationId) ?? []), entry]);
    this.set({ outbox });
  }

  /** Starts or ends catching up (null), or says which conversations are still behind (see DesktopState.catchingUp). */
  setCatchingUp(catchingUp: ReadonlySet<string> | null): void {
    this.set({ catchingUp });
  }

  /** A conversation is caught up. */
  caughtUp(conversationId: string): void {
    const behind = this.state.catchingUp;
    if (!behind?.has(conversationId)) return;
    const catchingUp = new Set(behind);
    catchingUp.delete(conversationId);
    this.set({ catchingUp });
  }

  selectConversation(conversationId: string | null): void {
    if (this.state.selectedConversationId === conversationId) return;
    this.set({ selectedConversationId: conversationId });
  }

  /** Replaces the organisation's templates (from the hub, or the cache before it answers). */
  setTemplates(templates: readonly MessageTemplate[], source: DataSource): void {
    this.set({ templates, templatesSource: source });
  }

  /** Records how far the hub's clock is ahead of this computer's (changes under a second are noise). */
  /** Records what a customer is doing (typing, asked for a person); a message from them ends their typing. */
  setCustomerActivity(activity: CustomerActivity): void {
    const customerActivity = new Map(this.state.customerActivity);
    customerActivity.set(activity.conversationId, activity);
    this.set({ customerActivity });
  }

  setClockSkew(clockSkewMs: number): void {
    if (Math.abs(clockSkewMs - this.state.clockSkewMs) < 1000) return;
    this.set({ clockSkewMs });
  }

  /** Sets what the host page knows about the current customer and case (see DesktopState.crmContext). */
  setCrmContext(crmContext: Readonly<Record<string, string>>): void {
    if (shallowEqual(crmContext, this.state.crmContext)) return;
    this.set({ crmContext });
  }

  setVoiceSettings(voice: VoiceSettings | null): void {
    this.set({ voice });
  }

  /**
   * Replaces every call (a `getCalls` snapshot). Calls in `keep` were changed live while the snapshot was on its
   * way: they stay as they are (or stay away, once dropped).
   */
  replaceCalls(list: readonly Call[], keep: ReadonlySet<string> = new Set()): void {
    const calls = new Map<string, Call>();
    for (const call of list) if (!keep.has(call.id)) calls.set(call.id, call);
    for (const id of keep) {
      const current = this.state.calls.get(id);
      if (current) calls.set(id, current);
    }
    this.set({ calls });
  }

  /**
   * Puts a call in the store, or takes it out (`drop`). A version older than the one held (by `updatedAt`) is
   * ignored: returns false then.
   */
  putCall(call: Call, drop = false): boolean {
    const current = this.state.calls.get(call.id);
    if (current && Date.parse(current.updatedAt) > Date.parse(call.updatedAt)) return false;
    if (drop ? !current : current === call) return true;
    const calls = new Map(this.state.calls);
    if (drop) calls.delete(call.id);
    else calls.set(call.id, call);
    this.set({ calls });
    return true;
  }

  /** Replaces this agent's routing state (a `getRoutingState` answer), or forgets it (null). */
  setRouting(routing: RoutingState | null): void {
    this.set({ routing });
  }

  /** Changes this agent's routing state (nothing before the hub's first answer). */
  updateRouting(change: (routing: RoutingState) => RoutingState): void {
    const routing = this.state.routing;
    if (routing) this.set({ routing: change(routing) });
  }

  setRoutingOverview(routingOverview: RoutingOverview | null): void {
    this.set({ routingOverview });
  }

  /** Records a failure for the agent to see; returns it with its id. */
  addError(error: Omit<DesktopError, 'id' | 'at'>): DesktopError {
    const added: DesktopError = { ...error, id: this.nextErrorId++, at: Date.now() };
    this.set({ errors: [...this.state.errors, added].slice(-MAX_ERRORS) });
    return added;
  }

  dismissError(errorId: number): void {
    if (!this.state.errors.some((error) => error.id === errorId)) return;
    this.set({ errors: this.state.errors.filter((error) => error.id !== errorId) });
  }

  /**
   * Forgets every conversation, message, template, call and identity (another agent signed in); keeps the connection
   * state and the host page's CRM context.
   */
  clearData(): void {
    this.set({
      ...initialDesktopState,
      connection: this.state.connection,
      crmContext: this.state.crmContext,
      clockSkewMs: this.state.clockSkewMs,
    });
  }

  private set(patch: Partial<DesktopState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of [...this.listeners]) listener(this.state);
  }
}
