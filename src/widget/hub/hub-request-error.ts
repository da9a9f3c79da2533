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

/** Reads any error thrown by a hub call (SignalR wraps the completion text) as a HubRequestError. */
export function toHubRequestError(error: unknown, method: string | null = null): HubRequestError {
  if (error instanceof HubRequestError) return error;
  const { code, message } = parseHubError(error);
  return new HubRequestError(code, message, method);
}
