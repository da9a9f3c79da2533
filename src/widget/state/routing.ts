import type { ConversationStatus, ConversationSummary } from '../../protocol/payloads.js';
import type { ConversationOffer, RoutingState } from '../../protocol/routing.js';
import type { DesktopState } from './desktop-state.js';

/** The routing state with `offer` open (replacing an earlier offer of the same conversation). */
export function withOffer(routing: RoutingState, offer: ConversationOffer): RoutingState {
  const rest = withoutOffer(routing, offer.conversation.id);
  return { ...rest, offers: [...rest.offers, offer] };
}

/** The routing state without the offer of that conversation. */
export function withoutOffer(routing: RoutingState, conversationId: string): RoutingState {
  const offers = routing.offers.filter((offer) => offer.conversation.id !== conversationId);
  return offers.length === routing.offers.length ? routing : { ...routing, offers };
}

/** Statuses of a conversation an agent holds (`open` waits in a queue, `closed` is over). */
const HELD: readonly ConversationStatus[] = ['active', 'waiting', 'wrap_up'];

/** Whether a conversation is this agent's work now: assigned to them and active, parked or in wrap-up. */
export function isMine(conversation: ConversationSummary, agentId: string | undefined): boolean {
  return !!agentId && conversation.assignedAgentId === agentId && HELD.includes(conversation.status);
}

/** The inbox's filters: the agent's own, those waiting in a queue, parked ones, closed ones; `all`: no filter. */
export type InboxFilter = 'all' | 'mine' | 'open' | 'waiting' | 'closed';

export const INBOX_FILTERS: Record<Exclude<InboxFilter, 'all'>, string> = {
  mine: 'Mine',
  open: 'Open',
  waiting: 'Waiting',
  closed: 'Closed',
};

export function matchesFilter(
  conversation: ConversationSummary,
  filter: InboxFilter,
  agentId: string | undefined,
): boolean {
  return filter === 'all' || (filter === 'mine' ? isMine(conversation, agentId) : conversation.status === filter);
}

/** What the agent has to look at: unread customer messages in their conversations, and open offers. */
export function unreadTotal(state: DesktopState): number {
  const agentId = state.identity?.agentId;
  let total = state.routing?.offers.length ?? 0;
  for (const conversation of state.conversations.values())
    if (isMine(conversation, agentId)) total += conversation.unreadCount;
  return total;
}
