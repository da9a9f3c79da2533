/** Limits the hub enforces and the widget shows before the agent hits them. */

/** Longest message text, in characters (Unicode code points), sent or received on SMS and WhatsApp. */
export const MAX_MESSAGE_CHARACTERS = 1600;

/** Largest request body the hub accepts on any endpoint, in bytes. */
export const MAX_REQUEST_BYTES = 64 * 1024;
