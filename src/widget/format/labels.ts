import type { Call } from '../../protocol/calls.js';
import type { ConversationStatus, MessageStatus } from '../../protocol/payloads.js';
import type { TransferNote } from '../../protocol/routing.js';

export { CHANNEL_LABELS } from '../../protocol/payloads.js';

export const CONVERSATION_STATUS_LABELS: Record<ConversationStatus, string> = {
  open: 'Open',
  active: 'Active',
  waiting: 'Waiting',
  wrap_up: 'Wrap-up',
  closed: 'Closed',
};

export const MESSAGE_STATUS_LABELS: Record<MessageStatus, string> = {
  received: 'Received',
  pending: 'Sending',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Failed',
};

/** The caller as the softphone and the screen pop show them: the CRM's name when known, and the number. */
export function callerOf(call: Call): { name: string | null; number: string } {
  return { name: call.customer?.fullName ?? null, number: call.callerNumber || call.ani || 'Withheld number' };
}

/** A transfer's hand-over as the receiving agent reads it: "From Ann: <note>", or "Transferred by Ann" without one. */
export function transferText({ fromAgentName, note }: TransferNote): string {
  return note ? `From ${fromAgentName}: ${note}` : `Transferred by ${fromAgentName}`;
}

/** What an incoming call is announced as (the live region, the desktop notification): "Incoming call from Jane Doe, +1…". */
export function incomingCallText(call: Call): string {
  const { name, number } = callerOf(call);
  return `Incoming call from ${name ? `${name}, ` : ''}${number}.`;
}
