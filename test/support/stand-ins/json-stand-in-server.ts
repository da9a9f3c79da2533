/**
 * What every provider stand-in (TeleSign, Twilio, Business Messages) shares: a real HTTP server on loopback
 * answering JSON, the messages it received (with a way to wait for one), and callbacks it posts later
 * (delivery reports, receipts) that stop with it.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface JsonAnswer {
  status: number;
  body: unknown;
}

export abstract class JsonStandInServer<TMessage> extends EventEmitter {
  /** Everything the stand-in accepted, oldest first. */
  readonly messages: TMessage[] = [];
  url = '';
  private server: Server | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();

  /** Answers one request. */
  protected abstract handle(req: IncomingMessage): Promise<JsonAnswer>;

  /** The body answered when `handle` throws. */
  protected abstract failureBody(): unknown;

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        ({ status, body }) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        },
        () => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify(this.failureBody()));
        },
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
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

  /** Resolves with the first message (already here or arriving) that matches. */
  waitForMessage(match: (m: TMessage) => boolean, timeoutMs = 10_000): Promise<TMessage> {
    const found = this.messages.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('message', listener);
        reject(new Error(`the ${this.constructor.name} received no matching message`));
      }, timeoutMs);
      const listener = (m: TMessage) => {
        if (!match(m)) return;
        clearTimeout(timer);
        this.off('message', listener);
        resolve(m);
      };
      this.on('message', listener);
    });
  }

  /** Keeps a message and tells whoever waits for it. */
  protected accept(message: TMessage): void {
    this.messages.push(message);
    this.emit('message', message);
  }

  /** Runs `work` after `ms`, unless the stand-in stops first. */
  protected later(ms: number, work: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work();
    }, ms);
    this.timers.add(timer);
  }

  protected async readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
}
