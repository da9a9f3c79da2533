/**
 * Sends messages through Twilio's Messages API: `POST {base}/2010-04-01/Accounts/{sid}/Messages.json`,
 * form-encoded, Basic auth AccountSid:AuthToken. WhatsApp addresses carry the "whatsapp:" prefix; approved
 * templates go by ContentSid + ContentVariables (Twilio requires that for WhatsApp templates since 2025).
 */
import { ErrorCodes } from '../../../protocol/errors.js';
import type { Channel } from '../../../protocol/payloads.js';
import { isRetryableStatus, postProviderForm, type SendOutcome } from '../provider-request.js';

export interface TwilioAccount {
  accountSid: string;
  authToken: string;
  baseUrl: string;
  timeoutMs: number;
}

export interface TwilioMessageToSend {
  channel: Channel;
  to: string;
  from: string;
  body?: string;
  mediaUrls?: string[];
  contentSid?: string;
  contentVariables?: Record<string, string>;
  statusCallback?: string;
}

/** Twilio's error for a free-form WhatsApp message outside the 24-hour window. */
export const TWILIO_OUTSIDE_WINDOW = '63016';

/** Twilio's error for a recipient who replied STOP ("Attempt to send to unsubscribed recipient"). */
export const TWILIO_UNSUBSCRIBED = '21610';

export function errorCodeForTwilio(twilioCode: string | number | null | undefined): string {
  if (String(twilioCode) === TWILIO_OUTSIDE_WINDOW) return ErrorCodes.sessionWindowClosed;
  if (String(twilioCode) === TWILIO_UNSUBSCRIBED) return ErrorCodes.customerOptedOut;
  return ErrorCodes.providerError;
}

const withPrefix = (channel: Channel, number: string) => (channel === 'whatsapp' ? `whatsapp:${number}` : number);

export async function sendTwilioMessage(account: TwilioAccount, message: TwilioMessageToSend): Promise<SendOutcome> {
  const form = new URLSearchParams({
    To: withPrefix(message.channel, message.to),
    From: withPrefix(message.channel, message.from),
  });
  if (message.contentSid) {
    form.set('ContentSid', message.contentSid);
    form.set('ContentVariables', JSON.stringify(message.contentVariables ?? {}));
  } else if (message.body) {
    form.set('Body', message.body);
  }
  for (const url of message.mediaUrls ?? []) form.append('MediaUrl', url);
  if (message.statusCallback) form.set('StatusCallback', message.statusCallback);
  const url = `${account.baseUrl.replace(/\/$/, '')}/2010-04-01/Accounts/${encodeURIComponent(account.accountSid)}/Messages.json`;
  const answer = await postProviderForm<{ sid: string; code: number; message: string }>(
    'Twilio',
    url,
    { user: account.accountSid, password: account.authToken },
    form,
    account.timeoutMs,
  );
  if (!answer.reached) return answer.outcome;
  const { response, body } = answer;
  if (response.ok && body.sid) return { ok: true, providerMessageId: body.sid };
  return {
    ok: false,
    errorCode: errorCodeForTwilio(body.code),
    detail: `Twilio answered ${response.status}${body.code ? ` (error ${body.code})` : ''}: ${body.message ?? response.statusText}`,
    retryable: isRetryableStatus(response.status),
  };
}
