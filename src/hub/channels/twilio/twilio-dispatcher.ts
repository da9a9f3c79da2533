/** Sends agents' WhatsApp/SMS messages through Twilio, templates by ContentSid. */
import { contentVariables } from '../../../protocol/templates.js';
import type { TemplateCatalog } from '../../templates/template-catalog.js';
import type { ProviderDispatcher } from '../message-dispatch.js';
import { sendTwilioMessage, type TwilioAccount } from './twilio-client.js';

/** `statusCallback`: where Twilio reports delivery (known once the hub listens). */
export function twilioDispatcher(
  account: TwilioAccount,
  templates: TemplateCatalog,
  statusCallback: () => string,
): ProviderDispatcher {
  return (message, conversation) => {
    const localization =
      message.template_name && message.template_language
        ? templates.localization(message.org_id, message.template_name, message.template_language)
        : undefined;
    const byContentSid = localization?.contentSid !== undefined;
    return sendTwilioMessage(account, {
      channel: conversation.channel,
      to: conversation.customer_address,
      from: conversation.channel_address,
      ...(byContentSid
        ? {
            contentSid: localization.contentSid!,
            contentVariables: contentVariables(localization.text, message.template_values ?? {}),
          }
        : { body: message.body }),
      mediaUrls: message.attachments.map((a) => a.url),
      statusCallback: statusCallback(),
    });
  };
}
