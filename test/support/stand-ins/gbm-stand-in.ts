/**
 * A local stand-in for Google's Business Messages API and OAuth token endpoint (a real HTTP server), for the demo
 * and the tests. The token endpoint checks the service account's signed JWT assertion (RS256, against the
 * account's public key) and issues short-lived bearer tokens; the API takes messages and typing events only with
 * a valid token, and, like Google, posts signed receipts (DELIVERED, READ) back to the webhook.
 */
import { createPublicKey, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { jwtVerify } from 'jose';
import { gbmSignature } from '../../../src/hub/channels/gbm/gbm-signature.js';
import { JsonStandInServer, type JsonAnswer } from './json-stand-in-server.js';

export interface GbmStandInMessage {
  conversationId: string;
  messageId: string;
  representative: { representativeType: string; displayName: string };
  text: string | null;
  imageUrl: string | null;
  receivedAt: Date;
}

export interface GbmStandInEvent {
  conversationId: string;
  eventId: string;
  eventType: string;
}

export interface GbmStandInOptions {
  /** PEM private key of the service account (its public half verifies assertions). */
  privateKey: string;
  clientEmail: string;
  clientToken: string;
  /** Where receipts go (the hub's /webhooks/gbm); none when unset. */
  webhookUrl?: () => string;
  agent: string;
  tokenLifetimeSeconds?: number;
  receiptDelayMs?: number;
}

/** What a message or event request to the Business Messages API carries (the fields the stand-in reads). */
interface GbmRequestBody {
  eventType?: string;
  messageId?: string;
  representative?: { representativeType?: string; displayName?: string };
  text?: string;
  image?: { contentInfo?: { fileUrl?: string } };
}

export class GbmStandIn extends JsonStandInServer<GbmStandInMessage> {
  readonly events: GbmStandInEvent[] = [];
  /** Tokens issued (tests check the hub caches them). */
  tokensIssued = 0;
  private readonly tokens = new Map<string, number>();
  private readonly publicKey: KeyObject;

  constructor(private readonly options: GbmStandInOptions) {
    super();
    this.publicKey = createPublicKey(options.privateKey);
  }

  protected failureBody(): unknown {
    return { error: { code: 500, message: 'stand-in failure', status: 'INTERNAL' } };
  }

  get tokenUri(): string {
    return `${this.url}/token`;
  }

  protected async handle(req: IncomingMessage): Promise<JsonAnswer> {
    const error = (status: number, message: string, code: string) => ({
      status,
      body: { error: { code: status, message, status: code } },
    });
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (req.method === 'POST' && url.pathname === '/token') {
      const form = new URLSearchParams(await this.readBody(req));
      if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer')
        return { status: 400, body: { error: 'unsupported_grant_type' } };
      try {
        const { payload } = await jwtVerify(form.get('assertion') ?? '', this.publicKey, {
          audience: this.tokenUri,
          issuer: this.options.clientEmail,
        });
        if (payload.scope !== 'https://www.googleapis.com/auth/businessmessages')
          return { status: 400, body: { error: 'invalid_scope' } };
      } catch (e) {
        return { status: 400, body: { error: 'invalid_grant', error_description: (e as Error).message } };
      }
      const token = 'ya29.' + randomBytes(24).toString('base64url');
      const lifetime = this.options.tokenLifetimeSeconds ?? 3600;
      this.tokens.set(token, Date.now() + lifetime * 1000);
      this.tokensIssued += 1;
      return { status: 200, body: { access_token: token, expires_in: lifetime, token_type: 'Bearer' } };
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || (this.tokens.get(bearer) ?? 0) < Date.now())
      return error(401, 'Request had invalid authentication credentials.', 'UNAUTHENTICATED');
    const route = /^\/v1\/conversations\/([^/]+)\/(messages|events)$/.exec(url.pathname);
    if (req.method !== 'POST' || !route) return error(404, 'Not found', 'NOT_FOUND');
    const conversationId = decodeURIComponent(route[1]);
    const body = JSON.parse(await this.readBody(req)) as GbmRequestBody;
    if (route[2] === 'events') {
      const eventId = url.searchParams.get('eventId');
      if (!eventId || !['TYPING_STARTED', 'TYPING_STOPPED'].includes(body.eventType ?? ''))
        return error(400, 'eventId and a typing eventType are required', 'INVALID_ARGUMENT');
      const event = { conversationId, eventId, eventType: body.eventType ?? '' };
      this.events.push(event);
      this.emit('event', event);
      return { status: 200, body: { name: `conversations/${conversationId}/events/${eventId}`, ...body } };
    }
    if (!body.messageId || body.representative?.representativeType !== 'HUMAN' || !body.representative?.displayName) {
      return error(400, 'messageId and a HUMAN representative with a displayName are required', 'INVALID_ARGUMENT');
    }
    if (this.messages.some((m) => m.messageId === body.messageId))
      return error(409, 'Message with this messageId already exists', 'ALREADY_EXISTS');
    const message: GbmStandInMessage = {
      conversationId,
      messageId: body.messageId,
      representative: { representativeType: 'HUMAN', displayName: body.representative.displayName },
      text: body.text ?? null,
      imageUrl: body.image?.contentInfo?.fileUrl ?? null,
      receivedAt: new Date(),
    };
    this.accept(message);
    this.scheduleReceipts(message);
    return { status: 200, body: { name: `conversations/${conversationId}/messages/${message.messageId}`, ...body } };
  }

  private scheduleReceipts(message: GbmStandInMessage): void {
    const webhookUrl = this.options.webhookUrl?.();
    if (!webhookUrl) return;
    (['DELIVERED', 'READ'] as const).forEach((receiptType, index) => {
      this.later((this.options.receiptDelayMs ?? 100) * (index + 1), () => {
        const body = JSON.stringify({
          agent: this.options.agent,
          conversationId: message.conversationId,
          requestId: randomUUID(),
          sendTime: new Date().toISOString(),
          receipts: {
            receipts: [
              { message: `conversations/${message.conversationId}/messages/${message.messageId}`, receiptType },
            ],
          },
        });
        void fetch(webhookUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-goog-signature': gbmSignature(this.options.clientToken, body),
          },
          body,
        }).catch(() => {});
      });
    });
  }
}
