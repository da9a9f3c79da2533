/**
 * POST /webhooks/telesign: TeleSign's callbacks for inbound SMS and delivery reports.
 * The signature is checked over the raw body before anything is read; an inbound message is answered 200
 * only after it is committed, so TeleSign retries anything we did not keep (and we de-duplicate retries).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCodes } from '../../../protocol/errors.js';
import type { ChannelDirectory } from '../../channel-directory.js';
import type { ConversationService } from '../../conversations/conversation-service.js';
import type { Clock } from '../../clock.js';
import { sendError } from '../../http/http-errors.js';
import { parseTeleSignCallback } from './telesign-callbacks.js';
import { verifyTeleSignCallback } from './telesign-signature.js';

export const TELESIGN_WEBHOOK_PATH = '/webhooks/telesign';

export interface TeleSignWebhookDeps {
  account: { customerId: string; apiKey: string };
  channels: ChannelDirectory;
  service: ConversationService;
  clock: Clock;
}

export function registerTeleSignWebhook(app: FastifyInstance, deps: TeleSignWebhookDeps): void {
  /** TeleSign signs the raw body: checked over those exact bytes before anything is read. */
  const verifySignature = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.rawBody || !/^application\/json/i.test(request.headers['content-type'] ?? '')) {
      return sendError(reply, 415, ErrorCodes.unsupportedMediaType, 'TeleSign callbacks must be application/json');
    }
    const check = verifyTeleSignCallback(request.headers.authorization, request.rawBody, deps.account);
    if (!check.ok) {
      request.log.warn({ reason: check.reason }, 'rejected a TeleSign callback');
      return sendError(reply, 401, ErrorCodes.invalidSignature, `TeleSign signature rejected: ${check.reason}`);
    }
  };

  app.post(TELESIGN_WEBHOOK_PATH, { preValidation: verifySignature }, async (request, reply) => {
    const callback = parseTeleSignCallback(request.body);
    if (callback.kind === 'delivery-report') {
      if (!callback.status)
        return reply.send({ status: 'ignored', reason: `status code ${callback.code} changes nothing` });
      const failed = callback.status === 'failed';
      const { known } = await deps.service.applyDeliveryReport('telesign', callback.referenceId, {
        status: callback.status,
        errorCode: failed ? ErrorCodes.providerError : null,
        errorDetail: failed ? `${callback.code} ${callback.description}`.trim() : null,
      });
      return reply.send({ status: known ? 'applied' : 'held' });
    }
    const channel = deps.channels.find('sms', callback.to);
    if (!channel) {
      return sendError(
        reply,
        404,
        ErrorCodes.unknownNumber,
        `Number ${callback.to} is not configured for any organisation`,
        'user_response.sender_id',
      );
    }
    const result = await deps.service.receiveInbound({
      orgId: channel.orgId,
      channel: 'sms',
      channelAddress: callback.to,
      customerAddress: callback.from,
      text: callback.text,
      provider: 'telesign',
      providerMessageId: callback.referenceId,
      receivedAt: deps.clock.now(),
    });
    return reply.send({
      status: result.duplicate ? 'duplicate' : 'accepted',
      messageId: result.message.id,
      conversationId: result.conversationId,
    });
  });
}
