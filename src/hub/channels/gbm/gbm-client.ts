/**
 * Sends through the Business Messages API: `POST {base}/v1/conversations/{id}/messages` with a unique messageId
 * and a HUMAN representative carrying the agent's display name, and typing events
 * `POST {base}/v1/conversations/{id}/events?eventId=…` (TYPING_STARTED / TYPING_STOPPED).
 */
import { randomUUID } from 'node:crypto';
import { ErrorCodes } from '../../../protocol/errors.js';
import type { SendOutcome } from '../provider-request.js';
import type { ServiceAccountTokenSource } from './google-service-account-token.js';

export interface GbmApi {
  baseUrl: string;
  tokens: ServiceAccountTokenSource;
  timeoutMs: number;
}

async function call(api: GbmApi, path: string, body: unknown): Promise<Response> {
  const url = `${api.baseUrl.replace(/\/$/, '')}${path}`;
  const send = async () =>
    fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${await api.tokens.token()}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(api.timeoutMs),
    });
  let response = await send();
  if (response.status === 401) {
    // The token was revoked or expired early: one fresh token, one more try.
    api.tokens.invalidate();
    response = await send();
  }
  return response;
}

export interface GbmMessageToSend {
  conversationId: string;
  /** Our message id: Google's receipts name it, so delivery and read map straight back. */
  messageId: string;
  agentDisplayName: string;
  text?: string;
  imageUrl?: string;
}

export async function sendGbmMessage(api: GbmApi, message: GbmMessageToSend): Promise<SendOutcome> {
  const body = {
    messageId: message.messageId,
    representative: { representativeType: 'HUMAN', displayName: message.agentDisplayName },
    ...(message.imageUrl ? { image: { contentInfo: { fileUrl: message.imageUrl } } } : { text: message.text ?? '' }),
  };
  let response: Response;
  try {
    response = await call(api, `/v1/conversations/${encodeURIComponent(message.conversationId)}/messages`, body);
  } catch (error) {
    return {
      ok: false,
      errorCode: ErrorCodes.providerUnreachable,
      detail: `Business Messages unreachable: ${(error as Error).message}`,
      retryable: true,
    };
  }
  if (response.ok) return { ok: true, providerMessageId: message.messageId };
  const detail =
    ((await response.json().catch(() => ({}))) as { error?: { message?: string } }).error?.message ??
    response.statusText;
  return {
    ok: false,
    errorCode: ErrorCodes.providerError,
    detail: `Business Messages answered ${response.status}: ${detail}`,
    retryable: response.status >= 500 || response.status === 429,
  };
}

export async function sendGbmTyping(
  api: GbmApi,
  conversationId: string,
  typing: boolean,
  agentDisplayName: string,
): Promise<void> {
  await call(api, `/v1/conversations/${encodeURIComponent(conversationId)}/events?eventId=${randomUUID()}`, {
    eventType: typing ? 'TYPING_STARTED' : 'TYPING_STOPPED',
    representative: { representativeType: 'HUMAN', displayName: agentDisplayName },
  });
}
