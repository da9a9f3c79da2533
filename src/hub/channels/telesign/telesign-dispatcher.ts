/** Sends agents' SMS replies through TeleSign. */
import type { ProviderDispatcher } from '../message-dispatch.js';
import { sendTeleSignSms, type TeleSignAccount } from './telesign-client.js';

/** `callbackUrl`: where TeleSign reports delivery (known once the hub listens). */
export function teleSignDispatcher(account: TeleSignAccount, callbackUrl: () => string): ProviderDispatcher {
  return (message, conversation) =>
    sendTeleSignSms(account, {
      to: conversation.customer_address,
      from: conversation.channel_address,
      text: message.body,
      externalId: message.id,
      callbackUrl: callbackUrl(),
    });
}
