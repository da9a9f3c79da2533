/**
 * POST /webhooks/gbm: Google's Business Messages webhook.
 * - Verification: Google posts {"clientToken","secret"}; we answer the secret as plain text when the token is ours.
 * - Everything else must carry X-Goog-Signature over the raw body; a requestId already handled changes nothing.
 * - Messages (text, image) join the conversation (context kept for routing); receipts move our messages to
 *   delivered/read; user status (typing, asked for a live agent) goes to the agent as it happens.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCodes } from '../../../protocol/errors.js';
import type { ChannelDirectory } from '../../channel-directory.js';
import type { Clock } from '../../clock.js';
import type { ConversationService } from '../../conversations/conversation-service.js';
import { sendError } from '../../http/http-errors.js';
import type { Database } from '../../store/database.js';
import { markHandled, wasHandled } from '../../store/provider-requests.js';
import { sameToken, verifyGbmSignature } from './gbm-signature.js';
import { parseGbmWebhook } from './gbm-webhooks.js';

export const GBM_WEBHOOK_PATH = '/webhooks/gbm';

export interface GbmWebhookDeps {
  clientToken: string;
  channels: ChannelDirectory;
  service: ConversationService;
  db: Database;
  clock: Clock;
}

/** Google's verification request when the webhook is set up: our client token and a secret to echo, unsigned. */
function verificationOf(body: unknown): { clientToken: string; secret: string } | null {
  const b = body as Record<string, unknown> | undefined;
  return b && typeof b.secret === 'string' && typeof b.clientToken === 'string' && !('requestId' in b)
    ? { clientToken: b.clientToken, secret: b.secret }
    : null;
}

export function registerGbmWebhook(app: FastifyInstance, deps: GbmWebhookDeps): void {
  /** Google signs the raw body (X-Goog-Signature), or for its verification request sends our client token. */
  const verifySignature = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.rawBody || !/^application\/json/i.test(request.headers['content-type'] ?? '')) {
      return sendError(
        reply,
        415,
        ErrorCodes.unsupportedMediaType,
        'Business Messages webhooks must be application/json',
      );
    }
    const verification = verificationOf(request.body);
    if (verification) {
      if (!sameToken(verification.clientToken, deps.clientToken))
        return sendError(reply, 401, ErrorCodes.invalidSignature, 'clientToken does not match');
      return;
    }
    const signature = request.headers['x-goog-signature'];
    if (!verifyGbmSignature(deps.clientToken, typeof signature === 'string' ? signature : undefined, request.rawBody)) {
      request.log.warn({ hasSignature: Boolean(signature) }, 'rejected a Business Messages webhook');
      return sendError(
        reply,
        401,
        ErrorCodes.invalidSignature,
        signature ? 'X-Goog-Signature does not match' : 'missing X-Goog-Signature header',
      );
    }
  };

  app.post(GBM_WEBHOOK_PATH, { preValidation: verifySignature }, async (request, reply) => {
    const verification = verificationOf(request.body);
    if (verification) return reply.type('text/plain').send(verification.secret);
    const event = parseGbmWebhook(request.body);
    if (await wasHandled(deps.db, 'google', event.requestId)) return reply.send({ status: 'duplicate' });
    const channel = deps.channels.find('gbm', event.agent);
    if (!channel)
      return sendError(
        reply,
        404,
        ErrorCodes.unknownNumber,
        `Business Messages agent ${event.agent} is not configured for any organisation`,
        'agent',
      );
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
          await deps.service.applyDeliveryReport('google', receipt.messageId, {
            status: receipt.type === 'READ' ? 'read' : 'delivered',
          });
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
