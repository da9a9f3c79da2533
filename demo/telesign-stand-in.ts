/**
 * A local stand-in for TeleSign's REST API (a real HTTP server), for the demo, the tests and the benchmarks.
 * `POST /v1/messaging` checks Basic auth and the form fields like TeleSign, answers with a reference_id and
 * status 290, then posts a signed delivery report to the message's callback_url, as TeleSign does.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { teleSignAuthorizationHeader } from '../src/hub/channels/telesign/telesign-signature.js';

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

export class TeleSignStandIn extends EventEmitter {
  readonly messages: StandInMessage[] = [];
  private server: Server | undefined;
  private readonly pendingReports = new Set<NodeJS.Timeout>();
  url = '';

  constructor(private readonly options: TeleSignStandInOptions) {
    super();
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        ({ status, body }) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        },
        () => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ status: { code: 500, description: 'stand-in failure' } }));
        },
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(this.options.port ?? 0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const timer of this.pendingReports) clearTimeout(timer);
    this.pendingReports.clear();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Messages a handset received, oldest first. */
  messagesTo(number: string): StandInMessage[] {
    return this.messages.filter((m) => m.to === number);
  }

  /** Resolves with the first message (already here or arriving) that matches. */
  waitForMessage(match: (m: StandInMessage) => boolean, timeoutMs = 10_000): Promise<StandInMessage> {
    const found = this.messages.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('message', listener);
        reject(new Error('the TeleSign stand-in received no matching message'));
      }, timeoutMs);
      const listener = (m: StandInMessage) => {
        if (!match(m)) return;
        clearTimeout(timer);
        this.off('message', listener);
        resolve(m);
      };
      this.on('message', listener);
    });
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const error = (status: number, code: number, description: string) => ({ status, body: { status: { code, description }, errors: [{ code, description }] } });
    if (req.method !== 'POST' || req.url !== '/v1/messaging') return error(404, 404, 'Not found');
    const expected = 'Basic ' + Buffer.from(`${this.options.customerId}:${this.options.apiKey}`).toString('base64');
    if (req.headers.authorization !== expected) return error(401, -30000, 'Invalid Customer ID or API key');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
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
    this.messages.push(message);
    this.emit('message', message);
    const callbackUrl = form.get('callback_url');
    if (callbackUrl) this.scheduleDeliveryReport(message, callbackUrl);
    return { status: 200, body: { reference_id: message.referenceId, external_id: message.externalId, status: { code: 290, description: 'Message in progress' } } };
  }

  private scheduleDeliveryReport(message: StandInMessage, callbackUrl: string): void {
    const timer = setTimeout(() => {
      this.pendingReports.delete(timer);
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
        headers: { 'content-type': 'application/json', authorization: teleSignAuthorizationHeader(this.options.customerId, this.options.apiKey, body) },
        body,
      }).then(
        (res) => this.emit('report', message, res.status),
        (err: Error) => this.emit('report-error', message, err),
      );
    }, this.options.deliveryDelayMs ?? 150);
    this.pendingReports.add(timer);
  }
}
