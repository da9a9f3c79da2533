import { parseHubError } from '../../protocol/errors.js';

/** Widget-side code for "the hub cannot be reached right now" (not sent by the hub itself). */
export const HUB_UNREACHABLE = 'hub_unreachable';

/** A failed hub call, with the hub's error code (see protocol/errors.ts) and message. */
export class HubRequestError extends Error {
  override readonly name = 'HubRequestError';

  constructor(
    readonly code: string,
    message: string,
    /** The hub method that failed, when known. */
    readonly method: string | null = null,
  ) {
    super(message);
  }
}

/**
 * Reads any error thrown by a hub call as a HubRequestError. The hub's own refusals carry "[code] message"
 * (SignalR wraps the completion text); anything else means the call never got an answer: the connection
 * dropped under it (e.g. "WebSocket closed with status code: 1006"), so the hub was unreachable.
 */
export function toHubRequestError(error: unknown, method: string | null = null): HubRequestError {
  if (error instanceof HubRequestError) return error;
  const text = error instanceof Error ? error.message : String(error);
  if (!/\[[a-z_]+\] /.test(text)) return new HubRequestError(HUB_UNREACHABLE, text, method);
  const { code, message } = parseHubError(error);
  return new HubRequestError(code, message, method);
}
