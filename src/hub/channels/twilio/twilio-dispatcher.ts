/** Sends agents' WhatsApp/SMS messages through Twilio, templates by ContentSid, and records Twilio's answer. */
import { contentVariables } from '../../../protocol/templates.js';
import type { ConversationService, MessageDispatcher } from '../../conversations/conversation-service.js';
import type { Logger } from '../../logger.js';
import type { TemplateCatalog } from '../../templates/template-catalog.js';
import { sendTwilioMessage, type TwilioAccount } from './twilio-client.js';

export function twilioDispatcher(account: TwilioAccount, service: ConversationService, templates: TemplateCatalog, statusCallback: string, log: Logger): MessageDispatcher {
  return async (message, conversation) => {
    try {
      const localization =
        message.template_name && message.template_language
          ? templates.localization(message.org_id, message.template_name, message.template_language)
          : undefined;
      const byContentSid = localization?.contentSid !== undefined;
      const outcome = await sendTwilioMessage(account, {
        channel: conversation.channel,
        to: conversation.customer_address,
        from: conversation.channel_address,
        ...(byContentSid
          ? { contentSid: localization!.contentSid!, contentVariables: contentVariables(localization!.text, message.template_values ?? {}) }
          : { body: message.body }),
        mediaUrls: message.attachments.map((a) => a.url),
        statusCallback,
      });
      if (outcome.ok) await service.providerAccepted(message, 'twilio', outcome.providerMessageId);
      else {
        log.warn({ messageId: message.id, errorCode: outcome.errorCode, detail: outcome.detail }, 'Twilio did not take the message');
        await service.providerRejected(message, outcome.errorCode, outcome.detail);
      }
    } catch (error) {
      log.error({ err: error, messageId: message.id }, 'sending through Twilio failed');
    }
  };
}
