/**
 * A local stand-in for Twilio's Messages API (a real HTTP server), for the demo, the tests and the benchmarks.
 * `POST /2010-04-01/Accounts/{sid}/Messages.json` checks Basic auth and the form like Twilio, fetches each
 * MediaUrl as Twilio would, answers with a Message resource, then posts signed status callbacks
 * (sent → delivered → read). A handset listed in `outsideWindow` gets Twilio's error 63016 for free text.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { JsonStandInServer, type JsonAnswer } from './json-stand-in-server.js';
import { twilioSignature } from '../../../src/hub/channels/twilio/twilio-signature.js';

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

export class TwilioStandIn extends JsonStandInServer<TwilioStandInMessage> {
  /** WhatsApp numbers ("+1…") whose 24-hour window is closed: free text fails with 63016, templates pass. */
  readonly outsideWindow = new Set<string>();
  /** Numbers ("+1…") that replied STOP to our sender: Twilio refuses to send to them with error 21610. */
  readonly unsubscribed = new Set<string>();
  constructor(private readonly options: TwilioStandInOptions) {
    super();
  }

  protected failureBody(): unknown {
    return { code: 20500, message: 'stand-in failure', status: 500 };
  }

  override start(): Promise<string> {
    return super.start(this.options.port ?? 0);
  }

  /** Messages sent to an address ("whatsapp:+1…" or "+1…"), oldest first. */
  messagesTo(to: string): TwilioStandInMessage[] {
    return this.messages.filter((m) => m.to === to);
  }

  protected async handle(req: IncomingMessage): Promise<JsonAnswer> {
    const error = (status: number, code: number, message: string) => ({
      status,
      body: { code, message, status, more_info: `https://www.twilio.com/docs/errors/${code}` },
    });
    const path = `/2010-04-01/Accounts/${this.options.accountSid}/Messages.json`;
    if (req.method !== 'POST' || req.url !== path) return error(404, 20404, 'The requested resource was not found');
    const expected = 'Basic ' + Buffer.from(`${this.options.accountSid}:${this.options.authToken}`).toString('base64');
    if (req.headers.authorization !== expected) return error(401, 20003, 'Authenticate');
    const form = new URLSearchParams(await this.readBody(req));
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? '';
    const body = form.get('Body');
    const contentSid = form.get('ContentSid');
    const mediaUrls = form.getAll('MediaUrl');
    if (!/^(whatsapp:)?\+\d{6,15}$/.test(to))
      return error(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!/^(whatsapp:)?\+\d{6,15}$/.test(from))
      return error(400, 21212, `The 'From' number ${from} is not a valid phone number.`);
    if (!body && !contentSid && mediaUrls.length === 0) return error(400, 21602, 'Message body is required.');
    if (this.unsubscribed.has(to.replace(/^whatsapp:/, '')))
      return error(400, 21610, 'Attempt to send to unsubscribed recipient');
    if (body && Array.from(body).length > 1600)
      return error(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
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
      media.push({
        url,
        contentType: response.headers.get('content-type'),
        bytes: (await response.arrayBuffer()).byteLength,
      });
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
    this.accept(message);
    this.scheduleStatuses(message);
    return {
      status: 201,
      body: {
        sid: message.sid,
        account_sid: this.options.accountSid,
        to,
        from,
        body,
        status: 'queued',
        num_media: String(media.length),
      },
    };
  }

  private scheduleStatuses(message: TwilioStandInMessage): void {
    const freeTextOutsideWindow =
      !message.contentSid &&
      message.to.startsWith('whatsapp:') &&
      this.outsideWindow.has(message.to.slice('whatsapp:'.length));
    const steps: Array<[TwilioStandInMessage['status'], string | null]> = freeTextOutsideWindow
      ? [['failed', '63016']]
      : [
          ['sent', null],
          ['delivered', null],
          ['read', null],
        ];
    steps.forEach(([status, errorCode], index) => {
      this.later((this.options.statusDelayMs ?? 100) * (index + 1), () => {
        message.status = status;
        if (message.statusCallback) void this.postStatus(message.statusCallback, message, status, errorCode);
      });
    });
  }

  private async postStatus(
    url: string,
    message: TwilioStandInMessage,
    status: string,
    errorCode: string | null,
  ): Promise<void> {
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
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilioSignature(this.options.authToken, url, params),
      },
      body: new URLSearchParams(params),
    }).then(
      (res) => this.emit('status', message, status, res.status),
      (err: Error) => this.emit('status-error', message, err),
    );
  }
}
