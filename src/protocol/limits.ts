/** Limits the hub enforces and the widget shows before the agent hits them. */

/** Longest message text, in characters (Unicode code points), sent or received on SMS and WhatsApp. */
export const MAX_MESSAGE_CHARACTERS = 1600;

/** Largest request body the hub accepts on any endpoint, in bytes. */
export const MAX_REQUEST_BYTES = 64 * 1024;

/** Largest file an agent may attach, in bytes (Twilio accepts up to 5 MB of media per message). */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

/** At most this many files on one agent message. */
export const MAX_ATTACHMENTS_PER_MESSAGE = 5;

/** File types an agent may attach (what WhatsApp delivers through Twilio). */
export const ATTACHMENT_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'application/pdf', 'audio/mpeg', 'audio/ogg', 'video/mp4'] as const;
