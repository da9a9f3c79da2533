import type { Attachment, SendMessageRequest, SendTemplateRequest } from '../../protocol/payloads.js';

/**
 * An agent message kept in this browser until the hub has it (the cache's `outbox` store, by clientMessageId): shown
 * in its conversation after the hub's messages, as "Sending…" or "Waiting for the network", or, refused for good,
 * with why and Retry / Edit / Discard.
 */
export interface OutboxEntry {
  clientMessageId: string;
  conversationId: string;
  /** When the agent sent it (ISO): a conversation's entries go to the hub in this order. */
  createdAt: string;
  /** What goes to the hub: sendMessage's request, or sendTemplate's (it has a `templateName`). */
  request: SendMessageRequest | SendTemplateRequest;
  /** The text as the customer will read it (a template's, filled in). */
  text: string;
  /** The files it carries, already uploaded. */
  attachments: Attachment[];
  /** The hub refused it for good: its error code and words (absent while it waits to be sent). */
  error?: { code: string; message: string };
}
