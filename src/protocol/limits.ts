/** Limits the hub enforces and the widget shows before the agent hits them. */

/**
 * Longest text an agent sends, in characters (Unicode code points): a concatenated SMS tops out at 1600. Customers'
 * messages are never refused for this (see MAX_INBOUND_MESSAGE_CHARACTERS).
 */
export const MAX_MESSAGE_CHARACTERS = 1600;

/**
 * Longest customer message the hub stores, in code points: only a guard against abuse, far above what any channel
 * delivers (WhatsApp 4096, Business Messages 3072); the request body limit bounds it anyway.
 */
export const MAX_INBOUND_MESSAGE_CHARACTERS = 64 * 1024;

/** Longest phone number (or other provider address) accepted, in characters; E.164 numbers have at most 15 digits. */
export const MAX_PHONE_NUMBER_CHARACTERS = 32;

/** Largest request body the hub accepts on any endpoint, in bytes. */
export const MAX_REQUEST_BYTES = 64 * 1024;

/** Largest file an agent may attach, in bytes (Twilio accepts up to 5 MB of media per message). */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

/** At most this many files on one agent message. */
export const MAX_ATTACHMENTS_PER_MESSAGE = 5;

/** File types an agent may attach (what WhatsApp delivers through Twilio). */
export const ATTACHMENT_CONTENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'application/pdf',
  'audio/mpeg',
  'audio/ogg',
  'video/mp4',
] as const;
