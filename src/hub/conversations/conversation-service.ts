/**
 * What happens to conversations' messages: customer messages come in (and are handed to routing), agents read and
 * reply, providers report delivery. Assignment (offers, parking, resolving, transfers) is the router's.
 * Every change is committed before anyone is told about it.
 */
import { ErrorCodes } from '../../protocol/errors.js';
import {
  MAX_ATTACHMENTS_PER_MESSAGE,
  MAX_INBOUND_MESSAGE_CHARACTERS,
  MAX_MESSAGE_CHARACTERS,
} from '../../protocol/limits.js';
import type {
  Attachment,
  Channel,
  ConversationSummary,
  CustomerActivity,
  Message,
  SendMessageRequest,
  SendTemplateRequest,
} from '../../protocol/payloads.js';
import { sessionWindow } from '../../protocol/session-window.js';
import { characterCount } from '../../protocol/sms-segments.js';
import { fillTemplate, type MessageTemplate, type TemplateLocalization } from '../../protocol/templates.js';
import type { StartConversationRequest, StartConversationResult } from '../../protocol/outbound.js';
import { customerAddressFor } from '../shared/customer-address.js';
import { optOutSignal } from '../shared/opt-out-keywords.js';
import { isOptedOut } from '../store/opt-outs.js';
import type { MediaUrls } from '../attachments/media-urls.js';
import type { ChannelDirectory } from '../channel-directory.js';
import type { MessageDispatcher, DispatchTarget, TypingSender } from '../channels/message-dispatch.js';
import type { TemplateCatalog } from '../templates/template-catalog.js';
import { findUploads } from '../store/uploads.js';
import type { AgentPrincipal } from '../auth/agent-token.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Database } from '../store/database.js';
import * as conversations from '../store/conversations.js';
import * as messages from '../store/messages.js';
import { toMessage, type ConversationRow, type MessageRow } from '../store/rows.js';
import type { ConversationNotifier } from './conversation-notifier.js';
import { isSupervisor, readableConversation, workableConversation } from './conversation-access.js';
import { DomainError } from '../shared/domain-error.js';

/** What routing does when a customer writes (the router's part of an inbound message). */
export interface InboundRouting {
  /** Routes the conversation (or brings a parked one back to its agent) and answers it as it now is. */
  customerWrote(conversation: ConversationRow): Promise<ConversationRow>;
  /** Refuses (agent_unavailable, capacity_full) an agent who would take a conversation waiting in a queue when routing would not give it to them. */
  mayTakeWaiting(agent: AgentPrincipal, channel: Channel): Promise<void>;
}

export interface ConversationServiceDeps {
  db: Database;
  clock: Clock;
  notifier: ConversationNotifier;
  channels: ChannelDirectory;
  templates: TemplateCatalog;
  mediaUrls: MediaUrls;
  routing: InboundRouting;
  /** Sends agent messages and outbound sends through their channel's provider. */
  dispatcher: MessageDispatcher;
  /** Tells the customer's channel the agent is typing (channels that show it). */
  typing: TypingSender;
  log: Logger;
}

export class ConversationService {
  /** Sends under way, so a clean shutdown can let them finish and record what the provider said. */
  private readonly sending = new Set<Promise<void>>();

  constructor(private readonly deps: ConversationServiceDeps) {}

  /** A customer's message arrived through a provider webhook. Resolves once it is committed (and routed). */
  async receiveInbound(
    input: messages.InboundMessageInput,
  ): Promise<{ duplicate: boolean; message: Message; conversationId: string }> {
    validateInboundText(input.text, (input.attachments?.length ?? 0) > 0);
    // STOP / START (or the provider's opt-out signal) is recorded with the message, which agents still see.
    const optOut =
      input.channel === 'gbm' ? null : (input.optOut ?? optOutSignal(input.text, input.optOutType, input.provider));
    const result = await messages.recordInboundMessage(this.deps.db, { ...input, optOut });
    if (result.duplicate)
      return { duplicate: true, message: toMessage(result.message), conversationId: result.message.conversation_id! };
    // routed (or a parked conversation brought back to its agent) before anyone is told
    const conversation = await this.deps.routing.customerWrote(result.conversation);
    const summary = this.deps.channels.summaryOf(conversation);
    this.deps.notifier.conversationUpdated(summary);
    this.deps.notifier.messageAdded(summary, toMessage(result.message));
    return { duplicate: false, message: toMessage(result.message), conversationId: conversation.id };
  }

  templatesFor(agent: AgentPrincipal): MessageTemplate[] {
    return this.deps.templates.list(agent.organisationId);
  }

  async listFor(agent: AgentPrincipal): Promise<ConversationSummary[]> {
    const rows = await conversations.listConversationsFor(
      this.deps.db,
      agent.organisationId,
      agent.agentId,
      isSupervisor(agent),
    );
    return rows.map((row) => this.deps.channels.summaryOf(row));
  }

  async messagesFor(
    agent: AgentPrincipal,
    conversationId: string,
    afterSeq: number,
    limit: number,
  ): Promise<Message[]> {
    await readableConversation(this.deps.db, agent, conversationId);
    const rows = await messages.listMessages(this.deps.db, agent.organisationId, conversationId, afterSeq, limit);
    return rows.map(toMessage);
  }

  async markRead(agent: AgentPrincipal, conversationId: string): Promise<ConversationSummary> {
    await readableConversation(this.deps.db, agent, conversationId);
    const row = await conversations.markConversationRead(this.deps.db, agent.organisationId, conversationId);
    const summary = this.deps.channels.summaryOf(row!);
    this.deps.notifier.conversationUpdated(summary);
    return summary;
  }

  /**
   * An agent's reply. Committed as `pending` before the provider is called; the same clientMessageId again
   * returns the first message and sends nothing (exactly-once from the agent's outbox). Free text is refused
   * outside WhatsApp's 24-hour window.
   */
  async sendAgentMessage(agent: AgentPrincipal, request: SendMessageRequest): Promise<Message> {
    await workableConversation(this.deps.db, agent, request.conversationId);
    const earlier = await this.earlierSend(agent, request.clientMessageId, request.conversationId);
    if (earlier) return earlier;
    const conversation = await this.replyableConversation(agent, request.conversationId);
    const attachments = await this.agentAttachments(agent, conversation, request.attachmentIds ?? []);
    validateText(request.text, attachments.length > 0);
    const window = sessionWindow(this.deps.channels.summaryOf(conversation), this.deps.clock.now());
    if (!window.open) {
      throw new DomainError(
        ErrorCodes.sessionWindowClosed,
        'The customer last wrote more than 24 hours ago: WhatsApp allows only approved templates until they write again.',
      );
    }
    return this.storeAndSend(agent, conversation, {
      clientMessageId: request.clientMessageId,
      text: request.text,
      attachments,
      agentDisplayName: agent.displayName,
    });
  }

  /** Sends an approved template, filled; allowed outside the 24-hour window. */
  async sendTemplate(agent: AgentPrincipal, request: SendTemplateRequest): Promise<Message> {
    await workableConversation(this.deps.db, agent, request.conversationId);
    const earlier = await this.earlierSend(agent, request.clientMessageId, request.conversationId);
    if (earlier) return earlier;
    const conversation = await this.replyableConversation(agent, request.conversationId);
    const { text, template } = this.filledTemplate(agent.organisationId, conversation.channel, request);
    return this.storeAndSend(agent, conversation, {
      clientMessageId: request.clientMessageId,
      text,
      agentDisplayName: agent.displayName,
      template,
    });
  }

  /** The template's text filled in for sending, refused when it is unknown, not for this channel, or a value is missing. */
  private filledTemplate(
    orgId: string,
    channel: Channel,
    request: Pick<SendTemplateRequest, 'templateName' | 'language' | 'values'>,
  ): {
    text: string;
    localization: TemplateLocalization;
    template: { name: string; language: string; values: Record<string, string> };
  } {
    const template = this.deps.templates.find(orgId, request.templateName);
    if (!template) throw new DomainError(ErrorCodes.templateNotFound, `No template "${request.templateName}".`);
    if (!template.channels.includes(channel)) {
      throw new DomainError(ErrorCodes.invalidRequest, `Template "${template.name}" is not approved for ${channel}.`);
    }
    const localization = template.localizations.find((l) => l.language === request.language);
    if (!localization) {
      throw new DomainError(
        ErrorCodes.invalidRequest,
        `Template "${template.name}" has no "${request.language}" version (it has ${languagesOf(template)}).`,
      );
    }
    const filled = fillTemplate(localization.text, request.values);
    if (filled.missing.length > 0) {
      throw new DomainError(
        ErrorCodes.templateValueMissing,
        `Fill in ${filled.missing.map((m) => `{{${m}}}`).join(', ')} before sending.`,
      );
    }
    validateText(filled.text, false);
    const values = Object.fromEntries(Object.entries(request.values).map(([k, v]) => [k, v.trim()]));
    return {
      text: filled.text,
      localization,
      template: { name: template.name, language: localization.language, values },
    };
  }

  /**
   * The agent writes first, with an approved template, to a customer who may have no conversation yet: everything
   * is checked first (number, opt-out, template), then the conversation is opened for the agent and the template
   * sent into it exactly as sendTemplate sends. A conversation waiting in a queue is taken only as routing would
   * give it (the agent available with room, or a supervisor), else agent_unavailable / capacity_full. The same
   * clientMessageId again answers the caller's first result.
   */
  async startConversation(agent: AgentPrincipal, request: StartConversationRequest): Promise<StartConversationResult> {
    const { db, channels, clock } = this.deps;
    const orgId = agent.organisationId;
    const earlier = await messages.findByClientMessageId(db, orgId, request.clientMessageId);
    if (earlier && earlier.agent_id !== agent.agentId) throw clientMessageIdTaken();
    if (earlier?.conversation_id) {
      const conversation = await conversations.findConversation(db, orgId, earlier.conversation_id);
      if (conversation)
        return { conversation: this.deps.channels.summaryOf(conversation), message: toMessage(earlier) };
    }
    const channel = request.channelAddress
      ? channels.listFor(orgId, request.channel).find((c) => c.address === request.channelAddress)
      : channels.listFor(orgId, request.channel)[0];
    if (!channel) {
      throw new DomainError(
        ErrorCodes.notFound,
        `No ${request.channel} number${request.channelAddress ? ` ${request.channelAddress}` : ''} is configured for your organisation.`,
      );
    }
    const customerAddress = customerAddressFor(channel.provider, request.customerAddress);
    if (!customerAddress)
      throw new DomainError(
        ErrorCodes.invalidRequest,
        `"${request.customerAddress}" is not a phone number in international format.`,
      );
    if (await isOptedOut(db, orgId, channel.channel, channel.address, customerAddress)) {
      throw new DomainError(
        ErrorCodes.customerOptedOut,
        `${customerAddress} opted out of ${channel.channel === 'sms' ? 'SMS' : 'WhatsApp'} from ${channel.address}; they opt back in by sending START.`,
      );
    }
    const { text, template } = this.filledTemplate(orgId, channel.channel, request);
    // a customer waiting in a queue is the queue's: taken only as routing would allow it
    const existing = await conversations.findConversationByAddress(
      db,
      orgId,
      channel.channel,
      channel.address,
      customerAddress,
    );
    if (existing?.status === 'open') await this.deps.routing.mayTakeWaiting(agent, channel.channel);
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
    const message = await this.storeAndSend(agent, conversation, {
      clientMessageId: request.clientMessageId,
      text,
      agentDisplayName: agent.displayName,
      template,
    });
    const now = await conversations.findConversation(db, orgId, conversation.id);
    return { conversation: this.deps.channels.summaryOf(now ?? conversation), message };
  }

  /**
   * The message this agent already sent with this clientMessageId into this conversation (their outbox retrying),
   * asked only once the agent may work the conversation. The id used by anyone else, or elsewhere, is a conflict
   * that says nothing about the other message.
   */
  private async earlierSend(
    agent: AgentPrincipal,
    clientMessageId: string,
    conversationId: string,
  ): Promise<Message | null> {
    const earlier = await messages.findByClientMessageId(this.deps.db, agent.organisationId, clientMessageId);
    if (!earlier) return null;
    if (earlier.agent_id !== agent.agentId || earlier.conversation_id !== conversationId) throw clientMessageIdTaken();
    return toMessage(earlier);
  }

  /** The files an agent attached: uploads of their organisation, on a channel that takes agent attachments. */
  private async agentAttachments(
    agent: AgentPrincipal,
    conversation: ConversationRow,
    ids: string[],
  ): Promise<Attachment[]> {
    if (ids.length === 0) return [];
    const channel = this.deps.channels.find(conversation.channel, conversation.channel_address);
    if (!channel?.agentAttachments) {
      throw new DomainError(
        ErrorCodes.attachmentsNotAllowed,
        `Agents cannot send files on this ${conversation.channel.toUpperCase()} channel.`,
      );
    }
    if (ids.length > MAX_ATTACHMENTS_PER_MESSAGE) {
      throw new DomainError(ErrorCodes.invalidRequest, `At most ${MAX_ATTACHMENTS_PER_MESSAGE} files per message.`);
    }
    const uploads = await findUploads(this.deps.db, agent.organisationId, ids);
    const missing = ids.filter((id) => !uploads.some((u) => u.id === id));
    if (missing.length > 0) throw new DomainError(ErrorCodes.notFound, `No uploaded file ${missing.join(', ')}.`);
    return uploads.map((u) => ({
      url: this.deps.mediaUrls.urlFor(u.id),
      contentType: u.content_type,
      name: u.name,
      sizeBytes: u.size_bytes,
    }));
  }

  private async replyableConversation(agent: AgentPrincipal, conversationId: string): Promise<ConversationRow> {
    const conversation = await workableConversation(this.deps.db, agent, conversationId);
    if (conversation.status === 'closed') {
      throw new DomainError(
        ErrorCodes.conversationClosed,
        'This conversation is resolved; it re-opens when the customer writes again.',
      );
    }
    return conversation;
  }

  private async storeAndSend(
    agent: AgentPrincipal,
    conversation: ConversationRow,
    content: Pick<
      messages.AgentMessageInput,
      'clientMessageId' | 'text' | 'attachments' | 'template' | 'agentDisplayName'
    >,
  ): Promise<Message> {
    const { db, clock, notifier } = this.deps;
    const orgId = agent.organisationId;
    const provider = this.deps.channels.find(conversation.channel, conversation.channel_address)?.provider ?? 'unknown';
    let stored: { message: MessageRow; conversation: ConversationRow };
    try {
      stored = await db.transaction((tx) =>
        messages.insertAgentMessage(tx, {
          orgId,
          conversationId: conversation.id,
          agentId: agent.agentId,
          provider,
          now: clock.now(),
          ...content,
        }),
      );
    } catch (error) {
      // the same clientMessageId sent twice at once from two tabs: the first one won
      const winner = await messages.findByClientMessageId(db, orgId, content.clientMessageId);
      if (winner?.agent_id === agent.agentId && winner.conversation_id === conversation.id) return toMessage(winner);
      if (winner) throw clientMessageIdTaken();
      throw error;
    }
    const summary = this.deps.channels.summaryOf(stored.conversation);
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
          void this.dispatch(message, {
            channel: message.channel,
            channel_address: message.channel_address,
            customer_address: message.customer_address,
          });
        }
        continue;
      }
      const conversation = await conversations.findConversation(this.deps.db, message.org_id, message.conversation_id);
      if (conversation) void this.dispatch(message, conversation);
    }
    return unsent.length;
  }

  /** Hands the message to its provider and records what the provider answered; resolves once that is recorded. */
  private dispatch(message: MessageRow, target: DispatchTarget): Promise<void> {
    const sending = this.sendAndRecord(message, target).finally(() => this.sending.delete(sending));
    this.sending.add(sending);
    return sending;
  }

  private async sendAndRecord(message: MessageRow, target: DispatchTarget): Promise<void> {
    const { db, clock, log } = this.deps;
    try {
      const sent = await this.deps.dispatcher(message, target);
      if (!sent) return;
      const { provider, outcome } = sent;
      let row: MessageRow | null;
      if (outcome.ok) {
        // the provider's id, and any delivery report that beat this answer here
        row = await messages.recordProviderAcceptance(db, message.id, provider, outcome.providerMessageId, clock.now());
      } else {
        log.warn(
          { messageId: message.id, provider, errorCode: outcome.errorCode, detail: outcome.detail },
          'the provider did not take the message',
        );
        row = await messages.updateMessageStatus(
          db,
          message.id,
          { status: 'failed', errorCode: outcome.errorCode, errorDetail: outcome.detail },
          clock.now(),
        );
      }
      if (row) await this.announceMessageUpdate(row);
    } catch (error) {
      log.error({ err: error, messageId: message.id }, 'sending a message failed');
    }
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

  /** The customer is typing, stopped, or asked for a person: tell the conversation's agent (nothing is stored). */
  async customerActivity(
    orgId: string,
    channel: Channel,
    channelAddress: string,
    customerAddress: string,
    activity: Omit<CustomerActivity, 'conversationId' | 'at'>,
  ): Promise<void> {
    const row = await conversations.findConversationByAddress(
      this.deps.db,
      orgId,
      channel,
      channelAddress,
      customerAddress,
    );
    if (row)
      this.deps.notifier.customerActivity(this.deps.channels.summaryOf(row), {
        ...activity,
        conversationId: row.id,
        at: this.deps.clock.now().toISOString(),
      });
  }

  /** The agent started or stopped typing: channels that show it to the customer are told. */
  async setTyping(agent: AgentPrincipal, conversationId: string, isTyping: boolean): Promise<void> {
    const conversation = await this.replyableConversation(agent, conversationId);
    await this.deps.typing(conversation, isTyping, agent.displayName);
  }

  /** A delivery report from a provider webhook. */
  async applyDeliveryReport(
    provider: string,
    providerMessageId: string,
    change: messages.StatusChange,
  ): Promise<{ known: boolean }> {
    const { message, known } = await messages.applyStatusReport(
      this.deps.db,
      provider,
      providerMessageId,
      change,
      this.deps.clock.now(),
    );
    if (message) await this.announceMessageUpdate(message);
    return { known };
  }

  private async announceMessageUpdate(row: MessageRow): Promise<void> {
    if (row.conversation_id === null) return;
    const conversation = await conversations.findConversation(this.deps.db, row.org_id, row.conversation_id);
    if (conversation) this.deps.notifier.messageUpdated(this.deps.channels.summaryOf(conversation), toMessage(row));
  }
}

function clientMessageIdTaken(): DomainError {
  return new DomainError(
    ErrorCodes.conflict,
    'This clientMessageId is already used by another message; send with a new one.',
  );
}

function languagesOf(template: MessageTemplate): string {
  return template.localizations.map((l) => l.language).join(', ');
}

/** Customers' messages are kept whole: only an empty one, or one past the abuse guard, is refused. */
function validateInboundText(text: string, hasAttachments: boolean): void {
  if (text.trim() === '' && !hasAttachments) throw new DomainError(ErrorCodes.textEmpty, 'The message is empty.');
  const count = characterCount(text);
  if (count > MAX_INBOUND_MESSAGE_CHARACTERS) {
    throw new DomainError(
      ErrorCodes.textTooLong,
      `The message has ${count} characters; at most ${MAX_INBOUND_MESSAGE_CHARACTERS} are stored.`,
    );
  }
}

/** What an agent sends: at most MAX_MESSAGE_CHARACTERS (a concatenated SMS). */
function validateText(text: string, hasAttachments: boolean): void {
  if (text.trim() === '' && !hasAttachments) throw new DomainError(ErrorCodes.textEmpty, 'The message is empty.');
  const count = characterCount(text);
  if (count > MAX_MESSAGE_CHARACTERS) {
    throw new DomainError(
      ErrorCodes.textTooLong,
      `The message has ${count} characters; at most ${MAX_MESSAGE_CHARACTERS} are allowed.`,
    );
  }
}
