/**
 * POST /webhooks/gbm: Google's Business Messages webhook.
 * - Verification: Google posts {"clientToken","secret"}; we answer the secret as plain text when the token is ours.
 * - Everything else must carry X-Goog-Signature over the raw body; a requestId already handled changes nothing.
 * - Messages (text, image) join the conversation (context kept for routing); receipts move our messages to
 *   delivered/read; user status (typing, asked for a live agent) goes to the agent as it happens.
 */
import type { FastifyInstance } from 'fastify';
import { ErrorCodes } from '../../../protocol/errors.js';
import type { ChannelDirectory } from '../../channel-directory.js';
import type { Clock } from '../../clock.js';
import type { ConversationService } from '../../conversations/conversation-service.js';
import { sendError } from '../../http/http-errors.js';
import type { Database } from '../../store/database.js';
import { markHandled, wasHandled } from '../../store/provider-requests.js';
import { sameToken, verifyGbmSignature } from './gbm-signature.js';
import { GbmPayloadError, parseGbmWebhook } from './gbm-webhooks.js';

export const GBM_WEBHOOK_PATH = '/webhooks/gbm';

export interface GbmWebhookDeps {
  clientToken: string;
  channels: ChannelDirectory;
  service: ConversationService;
  db: Database;
  clock: Clock;
}

export function registerGbmWebhook(app: FastifyInstance, deps: GbmWebhookDeps): void {
  app.post(GBM_WEBHOOK_PATH, async (request, reply) => {
    if (!request.rawBody || !/^application\/json/i.test(request.headers['content-type'] ?? '')) {
      return sendError(reply, 415, ErrorCodes.unsupportedMediaType, 'Business Messages webhooks must be application/json');
    }
    const body = request.body as Record<string, unknown> | undefined;
    if (body && typeof body.secret === 'string' && typeof body.clientToken === 'string' && !('requestId' in body)) {
      if (!sameToken(body.clientToken, deps.clientToken)) return sendError(reply, 401, ErrorCodes.invalidSignature, 'clientToken does not match');
      return reply.type('text/plain').send(body.secret);
    }
    const signature = request.headers['x-goog-signature'];
    if (!verifyGbmSignature(deps.clientToken, typeof signature === 'string' ? signature : undefined, request.rawBody)) {
      request.log.warn({ hasSignature: Boolean(signature) }, 'rejected a Business Messages webhook');
      return sendError(reply, 401, ErrorCodes.invalidSignature, signature ? 'X-Goog-Signature does not match' : 'missing X-Goog-Signature header');
    }
    let event;
    try {
      event = parseGbmWebhook(body);
    } catch (error) {
      if (error instanceof GbmPayloadError) return sendError(reply, 400, ErrorCodes.invalidRequest, error.message, error.field);
      throw error;
    }
    if (await wasHandled(deps.db, 'google', event.requestId)) return reply.send({ status: 'duplicate' });
    const channel = deps.channels.find('gbm', event.agent);
    if (!channel) return sendError(reply, 404, ErrorCodes.unknownNumber, `Business Messages agent ${event.agent} is not configured for any organisation`, 'agent');
    switch (event.kind) {
      case 'message':
        await deps.service.receiveInbound({
          orgId: channel.orgId,
          channel: 'gbm',
          channelAddress: event.agent,
          customerAddress: event.conversationId,
          customerName: event.context.displayName,
          customerLocale: event.context.resolvedLocale ?? event.context.userDeviceLocale,
          channelContext: { ...event.context },
          text: event.text,
          attachments: channel.customerAttachments ? event.attachments : [],
          provider: 'google',
          providerMessageId: event.messageId,
          receivedAt: deps.clock.now(),
        });
        break;
      case 'receipts':
        for (const receipt of event.receipts) {
          await deps.service.applyDeliveryReport('google', receipt.messageId, { status: receipt.type === 'READ' ? 'read' : 'delivered' });
        }
        break;
      case 'user-status':
        await deps.service.customerActivity(channel.orgId, 'gbm', event.agent, event.conversationId, {
          isTyping: event.isTyping,
          requestedLiveAgent: event.requestedLiveAgent,
        });
        break;
      default:
        request.log.info({ type: event.type }, 'Business Messages event not used');
    }
    await markHandled(deps.db, 'google', event.requestId, deps.clock.now());
    return reply.send({ status: 'accepted' });
  });
}
