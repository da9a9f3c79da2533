import { ErrorCodes } from '../../protocol/errors.js';
import { MAX_ATTACHMENT_BYTES } from '../../protocol/limits.js';
import { HUB_UNREACHABLE } from '../hub/hub-request-error.js';

const DESCRIPTIONS: Record<string, string> = {
  [HUB_UNREACHABLE]: 'Not connected to the hub. The desktop keeps reconnecting; try again in a moment.',
  [ErrorCodes.unauthorized]: 'Your session has expired. Sign in to the CRM again.',
  [ErrorCodes.forbidden]: 'You are not allowed to do that.',
  [ErrorCodes.notFound]: 'That conversation no longer exists or is no longer yours.',
  [ErrorCodes.textTooLong]: 'The message is too long.',
  [ErrorCodes.textEmpty]: 'The message is empty.',
  [ErrorCodes.conversationClosed]: 'This conversation is closed.',
  [ErrorCodes.notAssigned]: 'This conversation is assigned to someone else.',
  [ErrorCodes.providerError]: 'The messaging provider refused the message.',
  [ErrorCodes.providerUnreachable]: 'The messaging provider cannot be reached. Try again shortly.',
  [ErrorCodes.sessionWindowClosed]:
    "The customer's 24-hour reply window has closed; only an approved template can be sent now.",
  [ErrorCodes.customerOptedOut]: 'This customer opted out of messages on this channel (they replied STOP).',
  [ErrorCodes.templateNotFound]: 'That template is no longer available. Choose another one.',
  [ErrorCodes.templateValueMissing]: 'Every value of the template must be filled in before it is sent.',
  [ErrorCodes.attachmentsNotAllowed]: 'Files cannot be sent on this channel; send text only.',
  [ErrorCodes.attachmentTooLarge]: `The file is too large; files can be at most ${MAX_ATTACHMENT_BYTES / (1024 * 1024)} MB.`,
  [ErrorCodes.attachmentTypeNotAllowed]:
    'Files of this type cannot be sent. Send an image, a PDF, audio or an MP4 video.',
  [ErrorCodes.payloadTooLarge]: 'That is too large to send.',
  [ErrorCodes.unsupportedMediaType]: 'Files of this type cannot be sent.',
  [ErrorCodes.illegalCallTransition]:
    'That is no longer possible: the call has moved on (the caller may have hung up, or someone else has it now).',
  [ErrorCodes.callNotConnected]: 'That only works while you are talking with the caller.',
  [ErrorCodes.agentUnavailable]: 'That agent cannot take a call right now. Choose a queue or another agent.',
  [ErrorCodes.crmUnavailable]: 'The CRM cannot be reached right now. Try again in a moment.',
  [ErrorCodes.voiceNotConfigured]: 'Phone calls are not set up for your organisation.',
  [ErrorCodes.internal]: 'Something went wrong on the hub.',
};

/**
 * Text for the agent from an error code and the hub's own message. Known codes get a plain explanation
 * (with the hub's detail when it adds something); unknown codes show the hub's message as it is.
 */
export function describeError(code: string, detail: string | null = null): string {
  const description = DESCRIPTIONS[code];
  if (!description) return detail || 'Something went wrong.';
  if (!detail || code === HUB_UNREACHABLE) return description;
  return `${description} (${detail})`;
}
