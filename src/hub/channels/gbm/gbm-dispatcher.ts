/** Sends agents' Business Messages replies (text, then one message per image) and records what Google answered. */
import type { ConversationService, MessageDispatcher } from '../../conversations/conversation-service.js';
import type { Logger } from '../../logger.js';
import { sendGbmMessage, type GbmApi } from './gbm-client.js';

export function gbmDispatcher(api: GbmApi, service: ConversationService, log: Logger): MessageDispatcher {
  return async (message, conversation) => {
    try {
      const agentDisplayName = message.agent_display_name ?? 'Customer service';
      // The API takes text or one image per message: the text carries our id (receipts name it), images follow.
      const parts = [
        ...(message.body ? [{ text: message.body }] : []),
        ...message.attachments.map((a) => ({ imageUrl: a.url })),
      ];
      let outcome = null;
      for (const [index, part] of parts.entries()) {
        const messageId = index === 0 ? message.id : `${message.id}-${index}`;
        const result = await sendGbmMessage(api, { conversationId: conversation.customer_address, messageId, agentDisplayName, ...part });
        outcome ??= result;
        if (!result.ok) {
          outcome = result;
          break;
        }
      }
      if (!outcome) return;
      if (outcome.ok) await service.providerAccepted(message, 'google', message.id);
      else {
        log.warn({ messageId: message.id, errorCode: outcome.errorCode, detail: outcome.detail }, 'Business Messages did not take the message');
        await service.providerRejected(message, outcome.errorCode, outcome.detail);
      }
    } catch (error) {
      log.error({ err: error, messageId: message.id }, 'sending through Business Messages failed');
    }
  };
}
