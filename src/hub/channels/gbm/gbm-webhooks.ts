/**
 * Reads Business Messages webhook bodies. Each carries requestId, conversationId, agent, context and exactly
 * one of: message (text or image), receipts, userStatus (typing, asked for a live agent), suggestionResponse,
 * surveyResponse. Fields Google adds are ignored.
 */
import { z } from 'zod';
import type { Attachment } from '../../../protocol/payloads.js';
import { ErrorCodes } from '../../../protocol/errors.js';
import { MAX_INBOUND_MESSAGE_CHARACTERS } from '../../../protocol/limits.js';
import { DomainError } from '../../shared/domain-error.js';

export interface GbmContext {
  resolvedLocale: string | null;
  userDeviceLocale: string | null;
  placeId: string | null;
  entryPoint: string | null;
  displayName: string | null;
}

interface GbmBase {
  requestId: string;
  conversationId: string;
  /** The Business Messages agent the customer wrote to ("brands/…/agents/…"). */
  agent: string;
  context: GbmContext;
}

export type GbmEvent =
  | (GbmBase & { kind: 'message'; messageId: string; text: string; attachments: Attachment[] })
  | (GbmBase & { kind: 'receipts'; receipts: Array<{ messageId: string; type: 'DELIVERED' | 'READ' }> })
  | (GbmBase & { kind: 'user-status'; isTyping: boolean | null; requestedLiveAgent: boolean })
  | (GbmBase & { kind: 'other'; type: string });

/** A payload the provider would not send: 400 `invalid_request` naming the field. */
export class GbmPayloadError extends DomainError {
  constructor(message: string, field: string) {
    super(ErrorCodes.invalidRequest, message, 400, field);
  }
}

const str = z.string();
const payloadSchema = z.object({
  requestId: str.min(1).max(200),
  conversationId: str.regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be a Business Messages conversation id'),
  agent: str.regex(/^brands\/[^/]+\/agents\/[^/]+$/, 'must be "brands/{brand}/agents/{agent}"'),
  context: z
    .object({
      resolvedLocale: str.max(35).optional(),
      userDeviceLocale: str.max(35).optional(),
      placeId: str.max(200).optional(),
      entryPoint: str.max(100).optional(),
      userInfo: z
        .object({ displayName: str.max(200).optional() })
        .partial()
        .optional(),
    })
    .partial()
    .default({}),
  message: z
    .object({
      messageId: str.min(1).max(200),
      text: str.max(MAX_INBOUND_MESSAGE_CHARACTERS).optional(),
      image: z
        .object({ contentInfo: z.object({ fileUrl: z.url(), forceRefresh: z.boolean().optional() }).partial() })
        .partial()
        .optional(),
    })
    .optional(),
  receipts: z.object({ receipts: z.array(z.object({ message: str, receiptType: str })).default([]) }).optional(),
  userStatus: z
    .object({ isTyping: z.boolean().optional(), requestedLiveAgent: z.object({}).passthrough().optional() })
    .passthrough()
    .optional(),
  suggestionResponse: z.unknown().optional(),
  surveyResponse: z.unknown().optional(),
});

export function parseGbmWebhook(body: unknown): GbmEvent {
  const parsed = payloadSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join('.') || 'body';
    throw new GbmPayloadError(`${field}: ${issue.message}`, field);
  }
  const p = parsed.data;
  const base: GbmBase = {
    requestId: p.requestId,
    conversationId: p.conversationId,
    agent: p.agent,
    context: {
      resolvedLocale: p.context.resolvedLocale ?? null,
      userDeviceLocale: p.context.userDeviceLocale ?? null,
      placeId: p.context.placeId ?? null,
      entryPoint: p.context.entryPoint ?? null,
      displayName: p.context.userInfo?.displayName ?? null,
    },
  };
  if (p.message) {
    const url = p.message.image?.contentInfo?.fileUrl;
    const attachments: Attachment[] = url ? [{ url, contentType: 'image/*', name: 'image', sizeBytes: null }] : [];
    if (!p.message.text && attachments.length === 0)
      throw new GbmPayloadError('message has neither text nor an image', 'message');
    return { ...base, kind: 'message', messageId: p.message.messageId, text: p.message.text ?? '', attachments };
  }
  if (p.receipts) {
    const receipts = p.receipts.receipts
      .filter((r) => r.receiptType === 'DELIVERED' || r.receiptType === 'READ')
      .map((r) => ({ messageId: r.message.split('/').pop()!, type: r.receiptType as 'DELIVERED' | 'READ' }));
    return { ...base, kind: 'receipts', receipts };
  }
  if (p.userStatus) {
    return {
      ...base,
      kind: 'user-status',
      isTyping: p.userStatus.isTyping ?? null,
      requestedLiveAgent: p.userStatus.requestedLiveAgent !== undefined,
    };
  }
  return {
    ...base,
    kind: 'other',
    type: p.suggestionResponse ? 'suggestionResponse' : p.surveyResponse ? 'surveyResponse' : 'unknown',
  };
}
