/**
 * How hub logic reaches agents' desktops: each service's notifier, implemented with typed fan-out over the lifetime
 * manager. Who hears what: an agent (every tab) about their conversations, offers, calls and presence; the
 * organisation's supervisors about everything in it; every agent of the organisation about queue counters.
 */
import type { Call } from '../../protocol/calls.js';
import type { HubEvents } from '../../protocol/hub-contract.js';
import type { OutboundActivity } from '../../protocol/outbound.js';
import type { ConversationSummary, CustomerActivity, Message } from '../../protocol/payloads.js';
import type {
  ChoosablePresence,
  ConversationOffer,
  OfferEndReason,
  QueueStats,
  RoutingOverview,
} from '../../protocol/routing.js';
import { agentKey, type AgentPrincipal } from '../auth/agent-token.js';
import type { CallNotifier } from '../calls/call-notifier.js';
import type { ConversationNotifier } from '../conversations/conversation-notifier.js';
import type { Logger } from '../logger.js';
import type { OutboundNotifier } from '../outbound/outbound-service.js';
import type { RoutingNotifier } from '../routing/conversation-router.js';
import { hubClients, type ClientProxy, type HubClients, type HubLifetimeManager } from '../signalr/index.js';
import type { ConversationRow } from '../store/rows.js';

/** Group of every connection of an organisation's agents (queue counters), and of its supervisors. */
const organisationGroup = (orgId: string) => `organisation:${orgId}`;
const supervisorGroup = (orgId: string) => `supervisors:${orgId}`;

export class AgentNotifications implements ConversationNotifier, RoutingNotifier, CallNotifier, OutboundNotifier {
  readonly #clients: HubClients<HubEvents>;

  constructor(
    private readonly lifetimeManager: HubLifetimeManager,
    private readonly log: Logger,
  ) {
    this.#clients = hubClients<HubEvents>(lifetimeManager);
  }

  /** A connection of this agent started: it joins the groups its agent hears. */
  async join(connectionId: string, agent: AgentPrincipal): Promise<void> {
    await this.lifetimeManager.addToGroup(connectionId, organisationGroup(agent.organisationId));
    if (agent.roles.includes('supervisor'))
      await this.lifetimeManager.addToGroup(connectionId, supervisorGroup(agent.organisationId));
  }

  // ---- conversations ----

  conversationUpdated(conversation: ConversationSummary, alsoTo?: string | null): void {
    if (alsoTo && alsoTo !== conversation.assignedAgentId)
      this.send(this.agent(conversation.organisationId, alsoTo).conversationUpdated(conversation));
    this.toAudience(conversation, (to) => to.conversationUpdated(conversation));
  }

  messageAdded(conversation: ConversationSummary, message: Message): void {
    this.toAudience(conversation, (to) => to.messageAdded(message));
  }

  messageUpdated(conversation: ConversationSummary, message: Message): void {
    this.toAudience(conversation, (to) => to.messageUpdated(message));
  }

  customerActivity(conversation: ConversationSummary, activity: CustomerActivity): void {
    this.toAudience(conversation, (to) => to.customerActivity(activity));
  }

  outboundActivityAdded(conversation: ConversationRow, activity: OutboundActivity): void {
    this.toAudience({ organisationId: conversation.org_id, assignedAgentId: conversation.assigned_agent_id }, (to) =>
      to.outboundActivityAdded(activity),
    );
  }

  // ---- routing ----

  offered(orgId: string, agentId: string, offer: ConversationOffer): void {
    this.send(this.agent(orgId, agentId).conversationOffered(offer));
  }

  offerEnded(orgId: string, agentId: string, conversationId: string, reason: OfferEndReason): void {
    this.send(this.agent(orgId, agentId).offerWithdrawn({ conversationId, reason }));
  }

  queueStats(orgId: string, stats: QueueStats[]): void {
    this.send(this.#clients.group(organisationGroup(orgId)).queueStatsUpdated(stats));
  }

  overview(orgId: string, overview: RoutingOverview): void {
    this.send(this.#clients.group(supervisorGroup(orgId)).routingOverviewUpdated(overview));
  }

  presenceChanged(orgId: string, agentId: string, presence: ChoosablePresence): void {
    this.send(this.agent(orgId, agentId).presenceChanged(presence));
  }

  // ---- calls ----

  callUpdated(call: Call, previousAgentId: string | null): void {
    if (previousAgentId) this.send(this.agent(call.organisationId, previousAgentId).callUpdated(call));
    this.toAudience(call, (to) => to.callUpdated(call));
  }

  // ---- helpers ----

  private agent(orgId: string, agentId: string): ClientProxy<HubEvents> {
    return this.#clients.user(agentKey(orgId, agentId));
  }

  /** To the agent something is assigned to (if any) and to the organisation's supervisors. */
  private toAudience(
    subject: { organisationId: string; assignedAgentId: string | null },
    send: (to: ClientProxy<HubEvents>) => Promise<void>,
  ): void {
    if (subject.assignedAgentId) this.send(send(this.agent(subject.organisationId, subject.assignedAgentId)));
    this.send(send(this.#clients.group(supervisorGroup(subject.organisationId))));
  }

  /** Sends are fire and forget for the services; one that fails (a distributed lifetime manager's) is logged. */
  private send(sending: Promise<void>): void {
    sending.catch((error: unknown) => this.log.warn({ err: error }, 'could not send an event to agents'));
  }
}
