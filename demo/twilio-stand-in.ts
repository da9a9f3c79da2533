/**
 * A local stand-in for Twilio's Messages API (a real HTTP server), for the demo, the tests and the benchmarks.
 * `POST /2010-04-01/Accounts/{sid}/Messages.json` checks Basic auth and the form like Twilio, fetches each
 * MediaUrl as Twilio would, answers with a Message resource, then posts signed status callbacks
 * (sent → delivered → read). A handset listed in `outsideWindow` gets Twilio's error 63016 for free text.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { twilioSignature } from '../src/hub/channels/twilio/twilio-signature.js';

export interface TwilioStandInMessage {
  sid: string;
  to: string;
  from: string;
  body: string | null;
  contentSid: string | null;
  contentVariables: Record<string, string> | null;
  media: Array<{ url: string; contentType: string | null; bytes: number }>;
  statusCallback: string | null;
  receivedAt: Date;
  status: 'queued' | 'sent' | 'delivered' | 'read' | 'failed';
}

export interface TwilioStandInOptions {
  accountSid: string;
  authToken: string;
  port?: number;
  /** Delay between status callbacks. */
  statusDelayMs?: number;
}

export class TwilioStandIn extends EventEmitter {
  readonly messages: TwilioStandInMessage[] = [];
  /** WhatsApp numbers ("+1…") whose 24-hour window is closed: free text fails with 63016, templates pass. */
  readonly outsideWindow = new Set<string>();
  /** Numbers ("+1…") that replied STOP to our sender: Twilio refuses to send to them with error 21610. */
  readonly unsubscribed = new Set<string>();
  private server: Server | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  url = '';

  constructor(private readonly options: TwilioStandInOptions) {
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
          res.end(JSON.stringify({ code: 20500, message: 'stand-in failure', status: 500 }));
        },
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(this.options.port ?? 0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Messages sent to an address ("whatsapp:+1…" or "+1…"), oldest first. */
  messagesTo(to: string): TwilioStandInMessage[] {
    return this.messages.filter((m) => m.to === to);
  }

  waitForMessage(match: (m: TwilioStandInMessage) => boolean, timeoutMs = 10_000): Promise<TwilioStandInMessage> {
    const found = this.messages.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('message', listener);
        reject(new Error('the Twilio stand-in received no matching message'));
      }, timeoutMs);
      const listener = (m: TwilioStandInMessage) => {
        if (!match(m)) return;
        clearTimeout(timer);
        this.off('message', listener);
        resolve(m);
      };
      this.on('message', listener);
    });
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const error = (status: number, code: number, message: string) => ({ status, body: { code, message, status, more_info: `https://www.twilio.com/docs/errors/${code}` } });
    const path = `/2010-04-01/Accounts/${this.options.accountSid}/Messages.json`;
    if (req.method !== 'POST' || req.url !== path) return error(404, 20404, 'The requested resource was not found');
    const expected = 'Basic ' + Buffer.from(`${this.options.accountSid}:${this.options.authToken}`).toString('base64');
    if (req.headers.authorization !== expected) return error(401, 20003, 'Authenticate');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? '';
    const body = form.get('Body');
    const contentSid = form.get('ContentSid');
    const mediaUrls = form.getAll('MediaUrl');
    if (!/^(whatsapp:)?\+\d{6,15}$/.test(to)) return error(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!/^(whatsapp:)?\+\d{6,15}$/.test(from)) return error(400, 21212, `The 'From' number ${from} is not a valid phone number.`);
    if (!body && !contentSid && mediaUrls.length === 0) return error(400, 21602, 'Message body is required.');
    if (this.unsubscribed.has(to.replace(/^whatsapp:/, ''))) return error(400, 21610, 'Attempt to send to unsubscribed recipient');
    if (body && Array.from(body).length > 1600) return error(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    let contentVariables: Record<string, string> | null = null;
    if (contentSid) {
      if (!/^HX[0-9a-f]{32}$/.test(contentSid)) return error(400, 21656, 'The ContentSid is invalid.');
      try {
        contentVariables = JSON.parse(form.get('ContentVariables') ?? '{}') as Record<string, string>;
      } catch {
        return error(400, 21656, 'The ContentVariables Parameter is invalid.');
      }
    }
    // Twilio fetches each media URL before sending; one it cannot fetch fails the request.
    const media: TwilioStandInMessage['media'] = [];
    for (const url of mediaUrls) {
      const response = await fetch(url).catch(() => null);
      if (!response?.ok) return error(400, 11200, `HTTP retrieval failure for ${url}`);
      media.push({ url, contentType: response.headers.get('content-type'), bytes: (await response.arrayBuffer()).byteLength });
    }
    const message: TwilioStandInMessage = {
      sid: 'SM' + randomBytes(16).toString('hex'),
      to,
      from,
      body,
      contentSid,
      contentVariables,
      media,
      statusCallback: form.get('StatusCallback'),
      receivedAt: new Date(),
      status: 'queued',
    };
    this.messages.push(message);
    this.emit('message', message);
    this.scheduleStatuses(message);
    return { status: 201, body: { sid: message.sid, account_sid: this.options.accountSid, to, from, body, status: 'queued', num_media: String(media.length) } };
  }

  private scheduleStatuses(message: TwilioStandInMessage): void {
    const freeTextOutsideWindow = !message.contentSid && message.to.startsWith('whatsapp:') && this.outsideWindow.has(message.to.slice('whatsapp:'.length));
    const steps: Array<[TwilioStandInMessage['status'], string | null]> = freeTextOutsideWindow
      ? [['failed', '63016']]
      : [['sent', null], ['delivered', null], ['read', null]];
    steps.forEach(([status, errorCode], index) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        message.status = status;
        if (message.statusCallback) void this.postStatus(message.statusCallback, message, status, errorCode);
      }, (this.options.statusDelayMs ?? 100) * (index + 1));
      this.timers.add(timer);
    });
  }

  private async postStatus(url: string, message: TwilioStandInMessage, status: string, errorCode: string | null): Promise<void> {
    const params: Record<string, string> = {
      MessageSid: message.sid,
      SmsSid: message.sid,
      AccountSid: this.options.accountSid,
      From: message.from,
      To: message.to,
      MessageStatus: status,
      SmsStatus: status,
      ApiVersion: '2010-04-01',
    };
    if (errorCode) params.ErrorCode = errorCode;
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(this.options.authToken, url, params) },
      body: new URLSearchParams(params),
    }).then(
      (res) => this.emit('status', message, status, res.status),
      (err: Error) => this.emit('status-error', message, err),
    );
  }
}
