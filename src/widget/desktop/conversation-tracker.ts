import type { ConversationSummary, Message } from '../../protocol/payloads.js';
import type { HubLink } from '../hub/hub-link.js';
import type { Outbox } from '../outbox/outbox.js';
import { isMine } from '../state/routing.js';
import type { DesktopData } from './desktop-data.js';
import type { DesktopServiceHooks } from './desktop-hooks.js';
import type { ReadMarker } from './read-marker.js';

/**
 * The agent's conversations and their messages in the store, from live events and the answers to conversation
 * actions: a conversation that stops being the agent's leaves, new work is told to the host, the open conversation
 * is marked read as messages arrive, and the outbox learns which of its messages the hub has.
 */
export class ConversationTracker {
  /** Conversations changed live while a getConversations snapshot was in flight: they keep their live version. */
  private touched: Set<string> | null = null;

  constructor(
    private readonly data: DesktopData,
    private readonly outbox: Outbox,
    private readonly reads: ReadMarker,
    private readonly hooks: Pick<DesktopServiceHooks, 'onMessageReceived' | 'onWork'>,
  ) {}

  /** Follows the hub's live conversation events; returns what stops it. */
  follow(hub: HubLink): () => void {
    const stops = [
      hub.on('conversationUpdated', (conversation) => this.updated(conversation)),
      hub.on('messageAdded', (message) => this.messageArrived(message, true)),
      hub.on('messageUpdated', (message) => this.messageArrived(message, false)),
      hub.on('customerActivity', (activity) => this.data.store.setCustomerActivity(activity)),
      // Kept for the conversations whose history is held; the others get theirs when they open.
      hub.on('outboundActivityAdded', (activity) => this.data.keepActivities([activity])),
    ];
    return () => stops.forEach((stop) => stop());
  }

  /**
   * Takes the hub's whole list, keeping the conversations that changed live while it was on its way. `current()` says
   * whether this sync is still the latest.
   */
  async sync(hub: HubLink, current: () => boolean): Promise<void> {
    const touched = (this.touched = new Set());
    try {
      const conversations = await hub.invoke('getConversations');
      if (current()) this.data.replaceConversations(conversations, touched);
    } finally {
      if (this.touched === touched) this.touched = null;
    }
  }

  /** A conversation as the hub now has it (a live event, or the answer to an action). */
  updated(conversation: ConversationSummary): void {
    this.touched?.add(conversation.id);
    const { identity, routing, conversations } = this.data.store.getState();
    // Transferred away or given to someone else: an agent no longer sees it (a supervisor sees everything).
    if (
      identity &&
      !identity.roles.includes('supervisor') &&
      conversation.assignedAgentId !== identity.agentId &&
      conversation.offeredAgentId !== identity.agentId
    ) {
      this.data.store.removeConversation(conversation.id);
      return;
    }
    const previous = conversations.get(conversation.id);
    if (
      routing?.mode === 'auto' &&
      isMine(conversation, identity?.agentId) &&
      !(previous && isMine(previous, identity?.agentId))
    ) {
      this.hooks.onWork?.({ kind: 'assigned', conversation, key: `${conversation.id}:${conversation.lastSeq}` });
    }
    this.data.keepConversations([conversation]);
    if (conversation.id === this.data.store.getState().selectedConversationId && conversation.unreadCount > 0) {
      this.reads.schedule();
    }
  }

  private messageArrived(message: Message, added: boolean): void {
    const { store } = this.data;
    if (added && message.direction === 'inbound') {
      this.hooks.onMessageReceived?.(message);
      const conversation = store.getState().conversations.get(message.conversationId);
      if (conversation && isMine(conversation, store.getState().identity?.agentId)) {
        this.hooks.onWork?.({ kind: 'message', conversation, key: `${message.conversationId}:${message.seq}` });
      }
      // the customer's message is what their typing was
      const activity = store.getState().customerActivity.get(message.conversationId);
      if (activity?.isTyping) store.setCustomerActivity({ ...activity, isTyping: false });
    }
    // A lone live message would leave a gap in a history we never loaded; its summary already updates the inbox.
    this.data.keepMessages([message]);
    // Ours, from the outbox (perhaps of another tab): the hub has it.
    if (message.clientMessageId) void this.outbox.remove(message.clientMessageId);
  }
}
