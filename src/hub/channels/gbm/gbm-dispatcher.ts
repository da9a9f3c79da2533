/** Sends agents' Business Messages replies (text, then one message per image), and the agent's typing state. */
import type { ProviderDispatcher, TypingSender } from '../message-dispatch.js';
import type { Logger } from '../../logger.js';
import { sendGbmMessage, sendGbmTyping, type GbmApi } from './gbm-client.js';
import type { SendOutcome } from '../provider-request.js';

export function gbmDispatcher(api: GbmApi): ProviderDispatcher {
  return async (message, conversation) => {
    const agentDisplayName = message.agent_display_name ?? 'Customer service';
    // The API takes text or one image per message: the text carries our id (receipts name it), images follow.
    const parts = [
      ...(message.body ? [{ text: message.body }] : []),
      ...message.attachments.map((a) => ({ imageUrl: a.url })),
    ];
    let first: SendOutcome | null = null;
    for (const [index, part] of parts.entries()) {
      const messageId = index === 0 ? message.id : `${message.id}-${index}`;
      const result = await sendGbmMessage(api, {
        conversationId: conversation.customer_address,
        messageId,
        agentDisplayName,
        ...part,
      });
      if (!result.ok) return result;
      first ??= result;
    }
    // the first part's id is our message's id, which Google's receipts name
    return first;
  };
}

/** The agent's typing state, shown in Business Messages conversations; a failure is logged, never the agent's problem. */
export function gbmTypingSender(api: GbmApi, log: Logger): TypingSender {
  return async (conversation, isTyping, agentDisplayName) => {
    if (conversation.channel !== 'gbm') return;
    await sendGbmTyping(api, conversation.customer_address, isTyping, agentDisplayName).catch((error: Error) =>
      log.warn({ err: error, conversationId: conversation.id }, 'could not send the typing state to Business Messages'),
    );
  };
}
