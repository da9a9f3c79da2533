/**
 * HubError: the error a hub method throws to fail an invocation with a code the client may show.
 * The completion carries `formatHubError(code, message)` ("[code] message"); any other thrown error is
 * masked as `[internal_error] An unexpected error occurred.` and logged on the server.
 */
import { ErrorCodes, formatHubError, type ErrorCode } from '../../protocol/errors.js';

export class HubError extends Error {
  readonly code: string;

  constructor(code: ErrorCode | (string & {}), message: string) {
    super(message);
    this.name = 'HubError';
    this.code = code;
  }
}

/**
 * The completion error text for something a hub method threw. `unexpected` is true when it was not a
 * HubError: the text is then generic and the caller should log the original.
 */
export function completionErrorFor(thrown: unknown): { error: string; unexpected: boolean } {
  if (thrown instanceof HubError) return { error: formatHubError(thrown.code, thrown.message), unexpected: false };
  return { error: formatHubError(ErrorCodes.internal, 'An unexpected error occurred.'), unexpected: true };
}
