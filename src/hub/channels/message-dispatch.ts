/**
 * Sending a stored message through the provider of its channel. Each provider's dispatcher hands the message over
 * and answers what the provider said; the conversation service records that answer and tells the agents.
 */
import type { ChannelDirectory } from '../channel-directory.js';
import type { ConversationRow, MessageRow } from '../store/rows.js';
import { ErrorCodes } from '../../protocol/errors.js';
import type { SendOutcome } from './provider-request.js';

/** Where a message goes: its conversation, or for an outbound send its own addresses. */
export type DispatchTarget = Pick<ConversationRow, 'channel' | 'channel_address' | 'customer_address'>;

/** What a provider answered to a message (null: there was nothing to send). */
export type ProviderDispatcher = (message: MessageRow, target: DispatchTarget) => Promise<SendOutcome | null>;

/** A provider's answer, with the provider's name (its message ids are only unique per provider). */
export interface DispatchOutcome {
  provider: string;
  outcome: SendOutcome;
}

/** Sends a stored message (an agent's, or an outbound send) through the provider of its channel. */
export type MessageDispatcher = (message: MessageRow, target: DispatchTarget) => Promise<DispatchOutcome | null>;

/** Tells a customer's channel that the agent is typing or stopped (channels that show it; others ignore it). */
export type TypingSender = (
  conversation: ConversationRow,
  isTyping: boolean,
  agentDisplayName: string,
) => Promise<void>;

/** The dispatcher that picks the provider configured for the message's channel; a channel without one fails the message. */
export function dispatchByProvider(
  channels: ChannelDirectory,
  providers: Record<string, ProviderDispatcher>,
): MessageDispatcher {
  return async (message, target) => {
    const provider = channels.find(target.channel, target.channel_address)?.provider;
    const dispatcher = provider ? providers[provider] : undefined;
    if (!provider || !dispatcher) {
      const detail = `No provider is configured for ${target.channel} ${target.channel_address}`;
      return {
        provider: provider ?? 'none',
        outcome: { ok: false, errorCode: ErrorCodes.providerError, detail, retryable: false },
      };
    }
    const outcome = await dispatcher(message, target);
    return outcome && { provider, outcome };
  };
}
