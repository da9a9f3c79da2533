/**
 * POST /webhooks/twilio: inbound WhatsApp/SMS messages and message status callbacks from Twilio.
 * The signature is checked against the public URL Twilio called; a message is answered only once committed
 * (with empty TwiML, so Twilio sends no automatic reply), and a retried MessageSid is stored once.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCodes } from '../../../protocol/errors.js';
import type { ChannelDirectory } from '../../channel-directory.js';
import type { Clock } from '../../clock.js';
import type { ConversationService } from '../../conversations/conversation-service.js';
import { sendError } from '../../http/http-errors.js';
import { errorCodeForTwilio } from './twilio-client.js';
import { verifyTwilioSignature, type FormParams } from './twilio-signature.js';
import { parseTwilioWebhook } from './twilio-webhooks.js';

export const TWILIO_WEBHOOK_PATH = '/webhooks/twilio';
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

export interface TwilioWebhookDeps {
  authToken: string;
  /** The URL Twilio is configured to call (publicUrl + path), which is what it signs. */
  webhookUrl: () => string;
  channels: ChannelDirectory;
  service: ConversationService;
  clock: Clock;
}

export function registerTwilioWebhook(app: FastifyInstance, deps: TwilioWebhookDeps): void {
  /** Twilio signs the URL it called and the form's parameters: checked before the form is read. */
  const verifySignature = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!/^application\/x-www-form-urlencoded/i.test(request.headers['content-type'] ?? '')) {
      return sendError(
        reply,
        415,
        ErrorCodes.unsupportedMediaType,
        'Twilio webhooks must be application/x-www-form-urlencoded',
      );
    }
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    const signature = request.headers['x-twilio-signature'];
    if (
      !verifyTwilioSignature(
        deps.authToken,
        typeof signature === 'string' ? signature : undefined,
        deps.webhookUrl() + query,
        (request.body ?? {}) as FormParams,
      )
    ) {
      request.log.warn({ hasSignature: Boolean(signature) }, 'rejected a Twilio webhook');
      return sendError(
        reply,
        401,
        ErrorCodes.invalidSignature,
        signature ? 'X-Twilio-Signature does not match' : 'missing X-Twilio-Signature header',
      );
    }
  };

  app.post(TWILIO_WEBHOOK_PATH, { preValidation: verifySignature }, async (request, reply) => {
    const event = parseTwilioWebhook((request.body ?? {}) as FormParams);
    if (event.kind === 'status') {
      if (event.status) {
        const failed = event.status === 'failed';
        await deps.service.applyDeliveryReport('twilio', event.messageSid, {
          status: event.status,
          errorCode: failed ? errorCodeForTwilio(event.errorCode) : null,
          errorDetail: failed
            ? `Twilio ${event.twilioStatus}${event.errorCode ? ` (error ${event.errorCode})` : ''}`
            : null,
        });
      }
      return reply.code(204).send();
    }
    const channel = deps.channels.find(event.channel, event.to);
    if (!channel || channel.provider !== 'twilio') {
      return sendError(
        reply,
        404,
        ErrorCodes.unknownNumber,
        `${event.channel} number ${event.to} is not configured for any organisation`,
        'To',
      );
    }
    await deps.service.receiveInbound({
      orgId: channel.orgId,
      channel: event.channel,
      channelAddress: event.to,
      customerAddress: event.from,
      customerName: event.profileName,
      text: event.text,
      attachments: channel.customerAttachments ? event.attachments : [],
      provider: 'twilio',
      providerMessageId: event.messageSid,
      receivedAt: deps.clock.now(),
      optOutType: event.optOutType,
    });
    return reply.type('text/xml').send(EMPTY_TWIML);
  });
}
