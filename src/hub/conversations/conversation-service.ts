/**
 * What happens to conversations: customer messages come in and are routed, agents read, reply and resolve,
 * providers report delivery. Every change is committed before anyone is told about it.
 */
import { ErrorCodes } from '../../protocol/errors.js';
import { MAX_ATTACHMENTS_PER_MESSAGE, MAX_MESSAGE_CHARACTERS } from '../../protocol/limits.js';
import type { Attachment, Channel, ConversationSummary, CustomerActivity, Message, SendMessageRequest, SendTemplateRequest } from '../../protocol/payloads.js';
import { sessionWindow } from '../../protocol/session-window.js';
import { characterCount } from '../../protocol/sms-segments.js';
import { fillTemplate, type MessageTemplate, type TemplateLocalization } from '../../protocol/templates.js';
import type { StartConversationRequest, StartConversationResult } from '../../protocol/outbound.js';
import { customerAddressFor } from '../shared/customer-address.js';
import { optOutSignal } from '../shared/opt-out-keywords.js';
import { isOptedOut } from '../store/opt-outs.js';
import type { MediaUrls } from '../attachments/media-urls.js';
import type { ChannelDirectory } from '../channel-directory.js';
import type { TemplateCatalog } from '../templates/template-catalog.js';
import { findUploads } from '../store/uploads.js';
import type { AgentPrincipal } from '../auth/agent-token.js';
import type { Clock } from '../clock.js';
import type { ConversationRouter } from '../routing/conversation-router.js';
import type { TransferConversationRequest } from '../../protocol/routing.js';
import type { Database } from '../store/database.js';
import * as conversations from '../store/conversations.js';
import * as messages from '../store/messages.js';
import { toConversationSummary, toMessage, type ConversationRow, type MessageRow } from '../store/rows.js';
import type { AgentNotifier } from './agent-notifier.js';
import { DomainError } from '../shared/domain-error.js';

/** Where a message goes: its conversation, or for an outbound send its own addresses. */
export type DispatchTarget = Pick<ConversationRow, 'channel' | 'channel_address' | 'customer_address'>;

/** Sends a stored message (an agent's, or an outbound send) through the provider of its channel. */
export type MessageDispatcher = (message: MessageRow, conversation: DispatchTarget) => Promise<void>;

export interface ConversationServiceDeps {
  db: Database;
  clock: Clock;
  notifier: AgentNotifier;
  channels: ChannelDirectory;
  templates: TemplateCatalog;
  mediaUrls: MediaUrls;
}

const isSupervisor = (agent: AgentPrincipal) => agent.roles.includes('supervisor');

export class ConversationService {
  private dispatcher: MessageDispatcher = async () => {};
  private typingSender: (conversation: ConversationRow, isTyping: boolean, agentDisplayName: string) => Promise<void> = async () => {};
  /** Sends under way, so a clean shutdown can let them finish and record what the provider said. */
  private readonly sending = new Set<Promise<void>>();

  private router!: ConversationRouter;

  constructor(private readonly deps: ConversationServiceDeps) {}

  /** Who distributes conversations (created after this service, since it shows conversations as this service does). */
  setRouter(router: ConversationRouter): void {
    this.router = router;
  }

  /** Who sends agent messages out (set once the providers are wired). */
  setDispatcher(dispatcher: MessageDispatcher): void {
    this.dispatcher = dispatcher;
  }

  /** A customer's message arrived through a provider webhook. Resolves once it is committed (and routed). */
  async receiveInbound(input: messages.InboundMessageInput): Promise<{ duplicate: boolean; message: Message; conversationId: string }> {
    validateText(input.text, (input.attachments?.length ?? 0) > 0);
    // STOP / START (or the provider's opt-out signal) is recorded with the message, which agents still see.
    const optOut = input.channel === 'gbm' ? null : (input.optOut ?? optOutSignal(input.text, input.optOutType, input.provider));
    const result = await messages.recordInboundMessage(this.deps.db, { ...input, optOut });
    if (result.duplicate) return { duplicate: true, message: toMessage(result.message), conversationId: result.message.conversation_id! };
    // routed (or a parked conversation brought back to its agent) before anyone is told
    const conversation = await this.router.customerWrote(result.conversation);
    const summary = this.summary(conversation);
    this.deps.notifier.conversationUpdated(summary);
    this.deps.notifier.messageAdded(summary, toMessage(result.message));
    return { duplicate: false, message: toMessage(result.message), conversationId: conversation.id };
  }

  /** Routes the organisation's waiting conversations (after an agent connects or changes presence). */
  routeWaiting(orgId: string): Promise<void> {
    return this.router.route(orgId);
  }

  /** A conversation as agents see it, with its channel's settings. */
  summary(row: ConversationRow): ConversationSummary {
    return toConversationSummary(row, this.deps.channels.find(row.channel, row.channel_address)?.agentAttachments ?? false);
  }

  templatesFor(agent: AgentPrincipal): MessageTemplate[] {
    return this.deps.templates.list(agent.organisationId);
  }

  async listFor(agent: AgentPrincipal): Promise<ConversationSummary[]> {
    const rows = await conversations.listConversationsFor(this.deps.db, agent.organisationId, agent.agentId, isSupervisor(agent));
    return rows.map((row) => this.summary(row));
  }

  async messagesFor(agent: AgentPrincipal, conversationId: string, afterSeq: number, limit: number): Promise<Message[]> {
    await this.readableConversation(agent, conversationId);
    const rows = await messages.listMessages(this.deps.db, agent.organisationId, conversationId, afterSeq, limit);
    return rows.map(toMessage);
  }

  async markRead(agent: AgentPrincipal, conversationId: string): Promise<ConversationSummary> {
    await this.readableConversation(agent, conversationId);
    const row = await conversations.markConversationRead(this.deps.db, agent.organisationId, conversationId);
    const summary = this.summary(row!);
    this.deps.notifier.conversationUpdated(summary);
    return summary;
  }

  /** Resolves it (into wrap-up when the organisation has a wrap-up time; from wrap-up, closed). */
  async close(agent: AgentPrincipal, conversationId: string): Promise<ConversationSummary> {
    return this.router.resolve(agent, await this.visibleConversation(agent, conversationId));
  }

  async park(agent: AgentPrincipal, conversationId: string): Promise<ConversationSummary> {
    return this.router.park(agent, await this.visibleConversation(agent, conversationId));
  }

  async resume(agent: AgentPrincipal, conversationId: string): Promise<ConversationSummary> {
    return this.router.resume(agent, await this.visibleConversation(agent, conversationId));
  }

  async transfer(agent: AgentPrincipal, request: TransferConversationRequest): Promise<ConversationSummary> {
    return this.router.transfer(agent, await this.visibleConversation(agent, request.conversationId), request);
  }

  /**
   * An agent's reply. Committed as `pending` before the provider is called; the same clientMessageId again
   * returns the first message and sends nothing (exactly-once from the agent's outbox). Free text is refused
   * outside WhatsApp's 24-hour window.
   */
  async sendAgentMessage(agent: AgentPrincipal, request: SendMessageRequest): Promise<Message> {
    const earlier = await messages.findByClientMessageId(this.deps.db, agent.organisationId, request.clientMessageId);
    if (earlier) return toMessage(earlier);
    const conversation = await this.replyableConversation(agent, request.conversationId);
    const attachments = await this.agentAttachments(agent, conversation, request.attachmentIds ?? []);
    validateText(request.text, attachments.length > 0);
    const window = sessionWindow(this.summary(conversation), this.deps.clock.now());
    if (!window.open) {
      throw new DomainError(
        ErrorCodes.sessionWindowClosed,
        'The customer last wrote more than 24 hours ago: WhatsApp allows only approved templates until they write again.',
      );
    }
    return this.storeAndSend(agent, conversation, { clientMessageId: request.clientMessageId, text: request.text, attachments, agentDisplayName: agent.displayName });
  }

  /** Sends an approved template, filled; allowed outside the 24-hour window. */
  async sendTemplate(agent: AgentPrincipal, request: SendTemplateRequest): Promise<Message> {
    const earlier = await messages.findByClientMessageId(this.deps.db, agent.organisationId, request.clientMessageId);
    if (earlier) return toMessage(earlier);
    const conversation = await this.replyableConversation(agent, request.conversationId);
    const { text, template } = this.filledTemplate(agent.organisationId, conversation.channel, request);
    return this.storeAndSend(agent, conversation, { clientMessageId: request.clientMessageId, text, agentDisplayName: agent.displayName, template });
  }

  /** The template's text filled in for sending, refused when it is unknown, not for this channel, or a value is missing. */
  private filledTemplate(
    orgId: string,
    channel: Channel,
    request: Pick<SendTemplateRequest, 'templateName' | 'language' | 'values'>,
  ): { text: string; localization: TemplateLocalization; template: { name: string; language: string; values: Record<string, string> } } {
    const template = this.deps.templates.find(orgId, request.templateName);
    if (!template) throw new DomainError(ErrorCodes.templateNotFound, `No template "${request.templateName}".`);
    if (!template.channels.includes(channel)) {
      throw new DomainError(ErrorCodes.invalidRequest, `Template "${template.name}" is not approved for ${channel}.`);
    }
    const localization = template.localizations.find((l) => l.language === request.language);
    if (!localization) {
      throw new DomainError(ErrorCodes.invalidRequest, `Template "${template.name}" has no "${request.language}" version (it has ${languagesOf(template)}).`);
    }
    const filled = fillTemplate(localization.text, request.values);
    if (filled.missing.length > 0) {
      throw new DomainError(ErrorCodes.templateValueMissing, `Fill in ${filled.missing.map((m) => `{{${m}}}`).join(', ')} before sending.`);
    }
    validateText(filled.text, false);
    const values = Object.fromEntries(Object.entries(request.values).map(([k, v]) => [k, v.trim()]));
    return { text: filled.text, localization, template: { name: template.name, language: localization.language, values } };
  }

  /**
   * The agent writes first, with an approved template, to a customer who may have no conversation yet: everything
   * is checked first (number, opt-out, template), then the conversation is opened for the agent and the template
   * sent into it exactly as sendTemplate sends. The same clientMessageId again answers the first result.
   */
  async startConversation(agent: AgentPrincipal, request: StartConversationRequest): Promise<StartConversationResult> {
    const { db, channels, clock } = this.deps;
    const orgId = agent.organisationId;
    const earlier = await messages.findByClientMessageId(db, orgId, request.clientMessageId);
    if (earlier?.conversation_id) {
      const conversation = await conversations.findConversation(db, orgId, earlier.conversation_id);
      if (conversation) return { conversation: this.summary(conversation), message: toMessage(earlier) };
    }
    const channel = request.channelAddress
      ? channels.listFor(orgId, request.channel).find((c) => c.address === request.channelAddress)
      : channels.listFor(orgId, request.channel)[0];
    if (!channel) {
      throw new DomainError(ErrorCodes.notFound, `No ${request.channel} number${request.channelAddress ? ` ${request.channelAddress}` : ''} is configured for your organisation.`);
    }
    const customerAddress = customerAddressFor(channel.provider, request.customerAddress);
    if (!customerAddress) throw new DomainError(ErrorCodes.invalidRequest, `"${request.customerAddress}" is not a phone number in international format.`);
    if (await isOptedOut(db, orgId, channel.channel, channel.address, customerAddress)) {
      throw new DomainError(ErrorCodes.customerOptedOut, `${customerAddress} opted out of ${channel.channel === 'sms' ? 'SMS' : 'WhatsApp'} from ${channel.address}; they opt back in by sending START.`);
    }
    const { text, template } = this.filledTemplate(orgId, channel.channel, request);
    const conversation = await conversations.openConversationForAgent(db, {
      orgId,
      channel: channel.channel,
      channelAddress: channel.address,
      customerAddress,
      customerName: request.customerName?.trim() || null,
      customerLocale: request.customerLocale ?? null,
      agentId: agent.agentId,
      now: clock.now(),
    });
    if (conversation.assigned_agent_id !== agent.agentId && !isSupervisor(agent)) {
      throw new DomainError(ErrorCodes.notAssigned, 'This customer is already in a conversation with another agent.');
    }
    const message = await this.storeAndSend(agent, conversation, { clientMessageId: request.clientMessageId, text, agentDisplayName: agent.displayName, template });
    const now = await conversations.findConversation(db, orgId, conversation.id);
    return { conversation: this.summary(now ?? conversation), message };
  }

  /** The files an agent attached: uploads of their organisation, on a channel that takes agent attachments. */
  private async agentAttachments(agent: AgentPrincipal, conversation: ConversationRow, ids: string[]): Promise<Attachment[]> {
    if (ids.length === 0) return [];
    const channel = this.deps.channels.find(conversation.channel, conversation.channel_address);
    if (!channel?.agentAttachments) {
      throw new DomainError(ErrorCodes.attachmentsNotAllowed, `Agents cannot send files on this ${conversation.channel.toUpperCase()} channel.`);
    }
    if (ids.length > MAX_ATTACHMENTS_PER_MESSAGE) {
      throw new DomainError(ErrorCodes.invalidRequest, `At most ${MAX_ATTACHMENTS_PER_MESSAGE} files per message.`);
    }
    const uploads = await findUploads(this.deps.db, agent.organisationId, ids);
    const missing = ids.filter((id) => !uploads.some((u) => u.id === id));
    if (missing.length > 0) throw new DomainError(ErrorCodes.notFound, `No uploaded file ${missing.join(', ')}.`);
    return uploads.map((u) => ({ url: this.deps.mediaUrls.urlFor(u.id), contentType: u.content_type, name: u.name, sizeBytes: u.size_bytes }));
  }

  private async replyableConversation(agent: AgentPrincipal, conversationId: string): Promise<ConversationRow> {
    const conversation = await this.visibleConversation(agent, conversationId);
    if (conversation.status === 'closed') {
      throw new DomainError(ErrorCodes.conversationClosed, 'This conversation is resolved; it re-opens when the customer writes again.');
    }
    return conversation;
  }

  private async storeAndSend(
    agent: AgentPrincipal,
    conversation: ConversationRow,
    content: Pick<messages.AgentMessageInput, 'clientMessageId' | 'text' | 'attachments' | 'template' | 'agentDisplayName'>,
  ): Promise<Message> {
    const { db, clock, notifier } = this.deps;
    const orgId = agent.organisationId;
    const provider = this.deps.channels.find(conversation.channel, conversation.channel_address)?.provider ?? 'unknown';
    let stored: { message: MessageRow; conversation: ConversationRow };
    try {
      stored = await db.transaction((tx) =>
        messages.insertAgentMessage(tx, { orgId, conversationId: conversation.id, agentId: agent.agentId, provider, now: clock.now(), ...content }),
      );
    } catch (error) {
      // the same clientMessageId sent twice at once from two tabs: the first one won
      const winner = await messages.findByClientMessageId(db, orgId, content.clientMessageId);
      if (winner) return toMessage(winner);
      throw error;
    }
    const summary = this.summary(stored.conversation);
    notifier.conversationUpdated(summary);
    notifier.messageAdded(summary, toMessage(stored.message));
    void this.dispatch(stored.message, stored.conversation);
    return toMessage(stored.message);
  }

  /**
   * Sends agent messages that were committed but not yet handed to the provider when the hub last stopped.
   * At least once: a crash after the provider took a message but before we recorded it sends it again (our
   * message id travels as the provider's external id, so the two can be matched up).
   */
  async resumeUnsentMessages(): Promise<number> {
    const unsent = await messages.listUnsentAgentMessages(this.deps.db);
    for (const message of unsent) {
      if (message.conversation_id === null) {
        // an outbound send: it carries its own addresses
        if (message.channel && message.channel_address && message.customer_address) {
          void this.dispatch(message, { channel: message.channel, channel_address: message.channel_address, customer_address: message.customer_address });
        }
        continue;
      }
      const conversation = await conversations.findConversation(this.deps.db, message.org_id, message.conversation_id);
      if (conversation) void this.dispatch(message, conversation);
    }
    return unsent.length;
  }

  private dispatch(message: MessageRow, target: DispatchTarget): Promise<void> {
    const sending = this.dispatcher(message, target).finally(() => this.sending.delete(sending));
    this.sending.add(sending);
    return sending;
  }

  /**
   * Sends an outbound message already stored (`messages.insertOutboundMessage`) through the same provider dispatch
   * as agent messages, and resolves once the provider answered, with the row as it then is (`sent`, or `failed`
   * with the provider's error; still `pending` only if the dispatcher itself broke).
   */
  async sendOutbound(message: MessageRow, target: DispatchTarget): Promise<MessageRow> {
    await this.dispatch(message, target);
    return (await messages.findMessage(this.deps.db, message.id)) ?? message;
  }

  /** Resolves when every send under way has finished (called on shutdown, before the store closes). */
  async drain(): Promise<void> {
    while (this.sending.size > 0) await Promise.allSettled([...this.sending]);
  }

  /** The provider accepted a message: record its id (and any report that beat it here) and tell the agent. */
  async providerAccepted(message: MessageRow, provider: string, providerMessageId: string): Promise<void> {
    const row = await messages.recordProviderAcceptance(this.deps.db, message.id, provider, providerMessageId, this.deps.clock.now());
    if (row) await this.announceMessageUpdate(row);
  }

  async providerRejected(message: MessageRow, errorCode: string, detail: string): Promise<void> {
    const row = await messages.updateMessageStatus(this.deps.db, message.id, { status: 'failed', errorCode, errorDetail: detail }, this.deps.clock.now());
    if (row) await this.announceMessageUpdate(row);
  }

  /** The customer is typing, stopped, or asked for a person: tell the conversation's agent (nothing is stored). */
  async customerActivity(orgId: string, channel: Channel, channelAddress: string, customerAddress: string, activity: Omit<CustomerActivity, 'conversationId' | 'at'>): Promise<void> {
    const row = await conversations.findConversationByAddress(this.deps.db, orgId, channel, channelAddress, customerAddress);
    if (row) this.deps.notifier.customerActivity(this.summary(row), { ...activity, conversationId: row.id, at: this.deps.clock.now().toISOString() });
  }

  /** The agent started or stopped typing: channels that show it to the customer are told. */
  async setTyping(agent: AgentPrincipal, conversationId: string, isTyping: boolean): Promise<void> {
    const conversation = await this.replyableConversation(agent, conversationId);
    await this.typingSender(conversation, isTyping, agent.displayName);
  }

  /** Who tells providers the agent is typing (set once the providers are wired). */
  setTypingSender(sender: (conversation: ConversationRow, isTyping: boolean, agentDisplayName: string) => Promise<void>): void {
    this.typingSender = sender;
  }

  /** A delivery report from a provider webhook. */
  async applyDeliveryReport(provider: string, providerMessageId: string, change: messages.StatusChange): Promise<{ known: boolean }> {
    const { message, known } = await messages.applyStatusReport(this.deps.db, provider, providerMessageId, change, this.deps.clock.now());
    if (message) await this.announceMessageUpdate(message);
    return { known };
  }

  private async announceMessageUpdate(row: MessageRow): Promise<void> {
    if (row.conversation_id === null) return;
    const conversation = await conversations.findConversation(this.deps.db, row.org_id, row.conversation_id);
    if (conversation) this.deps.notifier.messageUpdated(this.summary(conversation), toMessage(row));
  }

  /** The conversation row, when this agent may read it (else `not_found` / `not_assigned`). */
  async conversationVisibleTo(agent: AgentPrincipal, conversationId: string): Promise<ConversationRow> {
    return this.readableConversation(agent, conversationId);
  }

  /**
   * A conversation of the agent's organisation that the agent may work (reply, resolve, park, transfer): theirs and
   * not waiting in a queue — a re-opened one waits there until it is accepted, even by its previous agent — or any
   * for a supervisor.
   */
  private async visibleConversation(agent: AgentPrincipal, conversationId: string): Promise<ConversationRow> {
    const row = await this.readableConversation(agent, conversationId);
    if (!isSupervisor(agent) && (row.assigned_agent_id !== agent.agentId || row.status === 'open')) {
      throw new DomainError(
        ErrorCodes.notAssigned,
        row.offered_agent_id === agent.agentId ? 'Accept the offer to work on this conversation.' : row.status === 'open' ? 'This conversation is waiting in a queue for an agent to accept it.' : 'This conversation is assigned to another agent.',
      );
    }
    return row;
  }

  /** What an agent may read: their conversations (a re-opened one too), one offered to them, any for a supervisor. */
  private async readableConversation(agent: AgentPrincipal, conversationId: string): Promise<ConversationRow> {
    const row = await conversations.findConversation(this.deps.db, agent.organisationId, conversationId);
    // Another organisation's conversation is reported exactly like a missing one.
    if (!row) throw new DomainError(ErrorCodes.notFound, `No conversation ${conversationId}.`);
    if (isSupervisor(agent) || row.assigned_agent_id === agent.agentId || (row.status === 'open' && row.offered_agent_id === agent.agentId)) return row;
    throw new DomainError(ErrorCodes.notAssigned, 'This conversation is assigned to another agent.');
  }
}

function languagesOf(template: MessageTemplate): string {
  return template.localizations.map((l) => l.language).join(', ');
}

function validateText(text: string, hasAttachments: boolean): void {
  if (text.trim() === '' && !hasAttachments) throw new DomainError(ErrorCodes.textEmpty, 'The message is empty.');
  const count = characterCount(text);
  if (count > MAX_MESSAGE_CHARACTERS) {
    throw new DomainError(ErrorCodes.textTooLong, `The message has ${count} characters; at most ${MAX_MESSAGE_CHARACTERS} are allowed.`);
  }
}
