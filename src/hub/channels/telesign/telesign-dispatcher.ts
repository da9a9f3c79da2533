/** Sends agents' SMS replies through TeleSign and records what TeleSign answered. */
import type { ConversationService, MessageDispatcher } from '../../conversations/conversation-service.js';
import type { Logger } from '../../logger.js';
import { sendTeleSignSms, type TeleSignAccount } from './telesign-client.js';

export function teleSignDispatcher(account: TeleSignAccount, service: ConversationService, callbackUrl: string, log: Logger): MessageDispatcher {
  return async (message, conversation) => {
    try {
      const outcome = await sendTeleSignSms(account, {
        to: conversation.customer_address,
        from: conversation.channel_address,
        text: message.body,
        externalId: message.id,
        callbackUrl,
      });
      if (outcome.ok) {
        await service.providerAccepted(message, 'telesign', outcome.providerMessageId);
      } else {
        log.warn({ messageId: message.id, errorCode: outcome.errorCode, detail: outcome.detail }, 'TeleSign did not take the message');
        await service.providerRejected(message, outcome.errorCode, outcome.detail);
      }
    } catch (error) {
      log.error({ err: error, messageId: message.id }, 'sending through TeleSign failed');
    }
  };
}
