/**
 * What sending through a provider's REST API has in common (TeleSign, Twilio): a form POST with Basic auth and a
 * time limit, an answer read as JSON when it is JSON, and "unreachable" when no answer came.
 */
import { ErrorCodes } from '../../protocol/errors.js';

/** The outcome of handing a message to a provider. */
export type SendOutcome =
  { ok: true; providerMessageId: string } | { ok: false; errorCode: string; detail: string; retryable: boolean };

export type ProviderAnswer<T> =
  { reached: true; response: Response; body: Partial<T> } | { reached: false; outcome: SendOutcome };

export async function postProviderForm<T>(
  provider: string,
  url: string | URL,
  credentials: { user: string; password: string },
  form: URLSearchParams,
  timeoutMs: number,
): Promise<ProviderAnswer<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        Authorization: 'Basic ' + Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64'),
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: form,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const reason =
      (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error as Error).message;
    return {
      reached: false,
      outcome: {
        ok: false,
        errorCode: ErrorCodes.providerUnreachable,
        detail: `${provider} unreachable: ${reason}`,
        retryable: true,
      },
    };
  }
  // a non-JSON answer is described by its HTTP status
  const body = (await response.json().catch(() => ({}))) as Partial<T>;
  return { reached: true, response, body };
}

/** Whether sending again later may succeed (the provider was overloaded or failed, not the request). */
export const isRetryableStatus = (status: number) => status >= 500 || status === 429;
