/**
 * A simulated Business Messages customer: posts a Google-format webhook (a text or image message, or a typing
 * status), signed with X-Goog-Signature exactly as Google signs it, to the hub's real `/webhooks/gbm`.
 */
import { randomUUID } from 'node:crypto';
import { gbmSignature } from '../src/hub/channels/gbm/gbm-signature.js';
import type { WebhookAnswer } from './simulated-customer.js';

export interface GbmCustomerOptions {
  hubUrl: string;
  clientToken: string;
  /** The Business Messages agent, "brands/…/agents/…". */
  agent: string;
  conversationId: string;
  displayName?: string;
  locale?: string;
  placeId?: string;
  /** Google's requestId; the same one again is a retried delivery. */
  requestId?: string;
}

async function post(options: GbmCustomerOptions, payload: Record<string, unknown>): Promise<WebhookAnswer> {
  const requestId = options.requestId ?? randomUUID();
  const body = JSON.stringify({
    agent: options.agent,
    conversationId: options.conversationId,
    customAgentId: '',
    requestId,
    sendTime: new Date().toISOString(),
    context: {
      resolvedLocale: options.locale ?? 'en',
      userDeviceLocale: options.locale ?? 'en-US',
      ...(options.placeId ? { placeId: options.placeId } : {}),
      entryPoint: 'PLACESHEET',
      userInfo: {
        displayName: options.displayName ?? 'Business Messages customer',
        userDeviceLocale: options.locale ?? 'en-US',
      },
    },
    ...payload,
  });
  const response = await fetch(`${options.hubUrl.replace(/\/$/, '')}/webhooks/gbm`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-goog-signature': gbmSignature(options.clientToken, body) },
    body,
  });
  const text = await response.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { raw: text };
  }
  return { status: response.status, body: parsed, referenceId: requestId };
}

export function sendGbmMessage(
  options: GbmCustomerOptions & { text?: string; imageUrl?: string; messageId?: string },
): Promise<WebhookAnswer> {
  return post(options, {
    message: {
      messageId: options.messageId ?? randomUUID(),
      name: `conversations/${options.conversationId}/messages/${randomUUID()}`,
      createTime: new Date().toISOString(),
      ...(options.imageUrl ? { image: { contentInfo: { fileUrl: options.imageUrl } } } : { text: options.text ?? '' }),
    },
  });
}

export function sendGbmTypingStatus(
  options: GbmCustomerOptions & { isTyping?: boolean; requestedLiveAgent?: boolean },
): Promise<WebhookAnswer> {
  return post(options, {
    userStatus: {
      ...(options.isTyping !== undefined ? { isTyping: options.isTyping } : {}),
      ...(options.requestedLiveAgent ? { requestedLiveAgent: {} } : {}),
      createTime: new Date().toISOString(),
    },
  });
}
