/**
 * Reads Twilio's webhook forms: inbound messages (WhatsApp or SMS, with media) and message status callbacks.
 * Twilio adds fields without notice, so only the fields we use are read and anything else is ignored.
 */
import type { Attachment, Channel, MessageStatus } from '../../../protocol/payloads.js';
import type { FormParams } from './twilio-signature.js';
import { ErrorCodes } from '../../../protocol/errors.js';
import { MAX_PHONE_NUMBER_CHARACTERS } from '../../../protocol/limits.js';
import { cleanText } from '../../shared/clean-text.js';
import { DomainError } from '../../shared/domain-error.js';

export interface TwilioInbound {
  kind: 'inbound';
  messageSid: string;
  channel: Channel;
  /** Customer address, E.164 without the "whatsapp:" prefix. */
  from: string;
  /** Our number, E.164 without the prefix. */
  to: string;
  text: string;
  profileName: string | null;
  attachments: Attachment[];
  /** Twilio's Advanced Opt-Out signal on this message (STOP, START, HELP), when the sender has it on. */
  optOutType: string | null;
}

export interface TwilioStatus {
  kind: 'status';
  messageSid: string;
  twilioStatus: string;
  status: MessageStatus | null;
  errorCode: string | null;
}

/** A payload the provider would not send: 400 `invalid_request` naming the field. */
export class TwilioFormError extends DomainError {
  constructor(message: string, field: string) {
    super(ErrorCodes.invalidRequest, message, 400, field);
  }
}

/** A parameter's (first) value, cleaned of what the store cannot keep (read after the signature was checked). */
const one = (params: FormParams, key: string): string | undefined => {
  const value = params[key];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : cleanText(first);
};

/** Twilio's message states, as ours (queued/accepted/sending change nothing we show). */
const STATUS: Record<string, MessageStatus | null> = {
  accepted: null,
  queued: null,
  sending: null,
  scheduled: null,
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  failed: 'failed',
  undelivered: 'failed',
  canceled: 'failed',
};

function address(raw: string): { channel: Channel; number: string } {
  return raw.startsWith('whatsapp:')
    ? { channel: 'whatsapp', number: raw.slice('whatsapp:'.length) }
    : { channel: 'sms', number: raw };
}

/** A display name for customer media: Twilio gives only the type. */
function mediaName(contentType: string, index: number): string {
  const subtype =
    contentType
      .split('/')[1]
      ?.split(';')[0]
      ?.replace(/[^a-z0-9.+-]/gi, '') || 'bin';
  return `attachment-${index + 1}.${subtype === 'jpeg' ? 'jpg' : subtype}`;
}

export function parseTwilioWebhook(params: FormParams): TwilioInbound | TwilioStatus {
  const messageSid = one(params, 'MessageSid') ?? one(params, 'SmsSid');
  if (!messageSid || !/^(SM|MM)[0-9a-fA-F]{32}$/.test(messageSid))
    throw new TwilioFormError('MessageSid is missing or malformed', 'MessageSid');
  const messageStatus = one(params, 'MessageStatus') ?? one(params, 'SmsStatus');
  if (messageStatus && messageStatus !== 'received') {
    if (!(messageStatus in STATUS))
      throw new TwilioFormError(`unknown MessageStatus "${messageStatus}"`, 'MessageStatus');
    return {
      kind: 'status',
      messageSid,
      twilioStatus: messageStatus,
      status: STATUS[messageStatus]!,
      errorCode: one(params, 'ErrorCode') || null,
    };
  }
  const fromRaw = one(params, 'From');
  const toRaw = one(params, 'To');
  if (!fromRaw) throw new TwilioFormError('From is missing', 'From');
  if (!toRaw) throw new TwilioFormError('To is missing', 'To');
  const from = address(fromRaw);
  const to = address(toRaw);
  if (from.number.length > MAX_PHONE_NUMBER_CHARACTERS)
    throw new TwilioFormError(`From: at most ${MAX_PHONE_NUMBER_CHARACTERS} characters`, 'From');
  if (to.number.length > MAX_PHONE_NUMBER_CHARACTERS)
    throw new TwilioFormError(`To: at most ${MAX_PHONE_NUMBER_CHARACTERS} characters`, 'To');
  const count = Number(one(params, 'NumMedia') ?? '0');
  if (!Number.isInteger(count) || count < 0 || count > 10)
    throw new TwilioFormError('NumMedia must be 0 to 10', 'NumMedia');
  const attachments: Attachment[] = [];
  for (let i = 0; i < count; i++) {
    const url = one(params, `MediaUrl${i}`);
    const contentType = one(params, `MediaContentType${i}`) ?? 'application/octet-stream';
    if (!url || !/^https?:\/\//i.test(url))
      throw new TwilioFormError(`MediaUrl${i} is missing or not an http(s) URL`, `MediaUrl${i}`);
    attachments.push({ url, contentType, name: mediaName(contentType, i), sizeBytes: null });
  }
  return {
    kind: 'inbound',
    messageSid,
    channel: to.channel,
    from: from.number,
    to: to.number,
    text: one(params, 'Body') ?? '',
    profileName: one(params, 'ProfileName') || null,
    attachments,
    optOutType: one(params, 'OptOutType') || null,
  };
}
