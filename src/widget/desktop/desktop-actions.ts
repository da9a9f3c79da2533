import type {
  ConversationSummary,
  Message,
  SendMessageRequest,
  SendTemplateRequest,
  UploadedAttachment,
} from '../../protocol/payloads.js';

/**
 * The intents components send. Components never call the hub: the desktop service implements these by
 * calling the hub client and updating the store. A host can provide its own implementation.
 */
export interface DesktopActions {
  /** Opens a conversation: loads its history and marks it read. */
  selectConversation(conversationId: string | null): void;
  /** Sends an agent message; rejects with a HubRequestError the composer shows. */
  sendMessage(request: SendMessageRequest): Promise<Message>;
  /** Sends an approved template, filled; rejects with a HubRequestError the template picker shows. */
  sendTemplate(request: SendTemplateRequest): Promise<Message>;
  /**
   * Uploads a file the agent attached (`POST {hubUrl}/api/attachments`); its `id` then goes into
   * `sendMessage`'s `attachmentIds`. Rejects with a HubRequestError (e.g. `attachment_too_large`).
   */
  uploadAttachment(file: File): Promise<UploadedAttachment>;
  /** Resolves a conversation; rejects with a HubRequestError. */
  closeConversation(conversationId: string): Promise<ConversationSummary>;
  /** Marks a conversation read; failures are recorded in the store. */
  markRead(conversationId: string): Promise<void>;
  /** Removes an error the agent has seen. */
  dismissError(errorId: number): void;
}
