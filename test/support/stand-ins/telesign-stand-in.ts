/**
 * A local stand-in for TeleSign's REST API (a real HTTP server), for the demo, the tests and the benchmarks.
 * `POST /v1/messaging` checks Basic auth and the form fields like TeleSign, answers with a reference_id and
 * status 290, then posts a signed delivery report to the message's callback_url, as TeleSign does.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { JsonStandInServer, type JsonAnswer } from './json-stand-in-server.js';
import { teleSignAuthorizationHeader } from '../../../src/hub/channels/telesign/telesign-signature.js';

export interface StandInMessage {
  referenceId: string;
  to: string;
  from: string | null;
  text: string;
  messageType: string;
  externalId: string | null;
  receivedAt: Date;
  delivery: 'pending' | 'delivered' | 'failed';
}

export interface TeleSignStandInOptions {
  customerId: string;
  apiKey: string;
  port?: number;
  /** Delay before the delivery report is posted back. */
  deliveryDelayMs?: number;
  /** Handsets that reject messages: their delivery report says 210 (carrier rejected). */
  failingNumbers?: string[];
}

export class TeleSignStandIn extends JsonStandInServer<StandInMessage> {
  constructor(private readonly options: TeleSignStandInOptions) {
    super();
  }

  protected failureBody(): unknown {
    return { status: { code: 500, description: 'stand-in failure' } };
  }

  override start(): Promise<string> {
    return super.start(this.options.port ?? 0);
  }

  /** Messages a handset received, oldest first. */
  messagesTo(number: string): StandInMessage[] {
    return this.messages.filter((m) => m.to === number);
  }

  protected async handle(req: IncomingMessage): Promise<JsonAnswer> {
    const error = (status: number, code: number, description: string) => ({
      status,
      body: { status: { code, description }, errors: [{ code, description }] },
    });
    if (req.method !== 'POST' || req.url !== '/v1/messaging') return error(404, 404, 'Not found');
    const expected = 'Basic ' + Buffer.from(`${this.options.customerId}:${this.options.apiKey}`).toString('base64');
    if (req.headers.authorization !== expected) return error(401, -30000, 'Invalid Customer ID or API key');
    const form = new URLSearchParams(await this.readBody(req));
    const to = form.get('phone_number') ?? '';
    const text = form.get('message') ?? '';
    if (!/^\d{5,15}$/.test(to)) return error(400, -10001, 'Invalid phone_number: digits only');
    if (!text || Array.from(text).length > 1600) return error(400, -10001, 'Invalid message: 1 to 1600 characters');
    const message: StandInMessage = {
      referenceId: randomBytes(16).toString('hex').toUpperCase(),
      to,
      from: form.get('sender_id'),
      text,
      messageType: form.get('message_type') ?? 'ARN',
      externalId: form.get('external_id'),
      receivedAt: new Date(),
      delivery: 'pending',
    };
    this.accept(message);
    const callbackUrl = form.get('callback_url');
    if (callbackUrl) this.scheduleDeliveryReport(message, callbackUrl);
    return {
      status: 200,
      body: {
        reference_id: message.referenceId,
        external_id: message.externalId,
        status: { code: 290, description: 'Message in progress' },
      },
    };
  }

  private scheduleDeliveryReport(message: StandInMessage, callbackUrl: string): void {
    this.later(this.options.deliveryDelayMs ?? 150, () => {
      const failed = this.options.failingNumbers?.includes(message.to) ?? false;
      message.delivery = failed ? 'failed' : 'delivered';
      const body = JSON.stringify({
        reference_id: message.referenceId,
        external_id: message.externalId,
        sub_resource: 'sms',
        errors: [],
        status: failed
          ? { code: 210, description: 'Carrier rejected', updated_on: new Date().toISOString() }
          : { code: 200, description: 'Delivered to handset', updated_on: new Date().toISOString() },
      });
      fetch(callbackUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: teleSignAuthorizationHeader(this.options.customerId, this.options.apiKey, body),
        },
        body,
      }).then(
        (res) => this.emit('report', message, res.status),
        (err: Error) => this.emit('report-error', message, err),
      );
    });
  }
}
