/**
 * Test fixtures for the SignalR server: a fastify app on 127.0.0.1 with a test hub, the official client
 * configured per transport, a raw WebSocket hub client, and small wait helpers (no fixed long sleeps).
 */
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  HubConnectionBuilder,
  HttpTransportType,
  LogLevel,
  type HubConnection,
  type IRetryPolicy,
} from '@microsoft/signalr';
import WebSocket, { type RawData } from 'ws';
import {
  HubError,
  SignalRServer,
  type HubDefinition,
  type SignalRLogger,
  type SignalRServerOptions,
} from '../../../src/hub/signalr/index.js';
import { pause, waitUntil } from '../support/wait.js';

export interface TestUser {
  id: string;
  name: string;
}

export const USERS: Record<string, TestUser> = {
  'agent-a': { id: 'a', name: 'Agent A' },
  'agent-b': { id: 'b', name: 'Agent B' },
};

export const RS = '\u001e';
export const ALLOWED_ORIGIN = 'http://allowed.example';

export interface LogEntry {
  level: string;
  obj: object;
  msg: string | undefined;
}

export interface TestServer {
  app: FastifyInstance;
  server: SignalRServer<TestUser>;
  port: number;
  url: string;
  base: string;
  logs: LogEntry[];
  recorded: unknown[];
  connected: string[];
  disconnected: { connectionId: string; reason: Error | undefined }[];
  stop(): Promise<void>;
}

function capturingLogger(logs: LogEntry[]): SignalRLogger {
  const at = (level: string) => (obj: object, msg?: string) => logs.push({ level, obj, msg });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export async function startTestServer(
  options: Partial<SignalRServerOptions<TestUser>> = {},
  port = 0,
): Promise<TestServer> {
  const logs: LogEntry[] = [];
  const recorded: unknown[] = [];
  const connected: string[] = [];
  const disconnected: { connectionId: string; reason: Error | undefined }[] = [];
  const hub: HubDefinition<TestUser> = {
    methods: {
      echo: (_ctx, value) => value,
      add: (_ctx, a, b) => Number(a) + Number(b),
      nothing: () => undefined,
      slowEcho: async (_ctx, value, ms) => {
        await new Promise((resolve) => setTimeout(resolve, Number(ms)));
        return value;
      },
      failWithHubError: () => {
        throw new HubError('not_assigned', 'This conversation is not assigned to you.');
      },
      crash: () => {
        throw new Error('secret internals: db password hunter2');
      },
      pushBack: (ctx, text) => {
        ctx.connection.send('pushed', text, ctx.connection.user.id);
        return 'sent';
      },
      joinGroup: (ctx, group) => ctx.connection.addToGroup(String(group)),
      leaveGroup: (ctx, group) => ctx.lifetimeManager.removeFromGroup(ctx.connection.connectionId, String(group)),
      sendToGroup: (ctx, group, text) =>
        ctx.lifetimeManager.sendToGroup(String(group), 'groupMessage', [group, text, ctx.connection.user.id]),
      sendToUser: (ctx, userKey, text) => ctx.lifetimeManager.sendToUser(String(userKey), 'userMessage', [text]),
      record: (_ctx, value) => {
        recorded.push(value);
      },
      whoAmI: (ctx) => ({ ...ctx.connection.user, transport: ctx.connection.transport }),
    },
    onConnected(connection) {
      connected.push(connection.connectionId);
    },
    onDisconnected(connection, reason) {
      disconnected.push({ connectionId: connection.connectionId, reason });
    },
  };
  // forceCloseConnections: HTTP clients (undici) may leave a connected socket that never carried a request;
  // Node counts it as active, so the default ("idle") would make app.close() wait for headersTimeout.
  const app = Fastify({ forceCloseConnections: true });
  const server = new SignalRServer<TestUser>({
    path: '/hub',
    hub,
    authenticate: async (token) => (token !== undefined ? (USERS[token] ?? null) : null),
    userKey: (user) => user.id,
    allowedOrigins: [ALLOWED_ORIGIN],
    logger: capturingLogger(logs),
    ...options,
  });
  await server.register(app);
  await app.listen({ host: '127.0.0.1', port });
  const actualPort = (app.server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${actualPort}`;
  return {
    app,
    server,
    port: actualPort,
    url: `${base}/hub`,
    base,
    logs,
    recorded,
    connected,
    disconnected,
    async stop() {
      await server.close();
      await app.close();
    },
  };
}

export const TRANSPORTS = [
  { name: 'WebSockets', type: HttpTransportType.WebSockets },
  { name: 'ServerSentEvents', type: HttpTransportType.ServerSentEvents },
  { name: 'LongPolling', type: HttpTransportType.LongPolling },
] as const;

export function buildClient(
  url: string,
  transport: HttpTransportType,
  token = 'agent-a',
  retryPolicy?: IRetryPolicy,
): HubConnection {
  let builder = new HubConnectionBuilder()
    .withUrl(url, { transport, accessTokenFactory: () => token })
    .configureLogging(LogLevel.None);
  if (retryPolicy) builder = builder.withAutomaticReconnect(retryPolicy);
  return builder.build();
}

/** Resolves once the condition holds; fails naming `what` after `timeoutMs`. */
export function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 3000): Promise<void> {
  return waitUntil(condition, what, timeoutMs);
}

/** Lets time pass: only for bounded waits that prove something did NOT happen (each says why). */
export const delay = pause;

/** POST negotiate (version null: without negotiateVersion, i.e. v0). */
export async function negotiate(base: string, token = 'agent-a', version: number | null = 1) {
  const query = version === null ? '' : `?negotiateVersion=${version}`;
  const response = await fetch(`${base}/hub/negotiate${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await response.json()) as { connectionToken?: string; connectionId: string };
  return { response, body, token: body.connectionToken ?? body.connectionId };
}

/** A hand-driven WebSocket hub client: records frames as parsed JSON messages. */
export class RawHubSocket {
  readonly messages: Record<string, unknown>[] = [];
  closed = false;
  closeCode: number | undefined;
  readonly socket: WebSocket;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data) => {
      for (const record of rawText(data).split(RS)) if (record) this.messages.push(JSON.parse(record));
    });
    socket.on('close', (code) => {
      this.closed = true;
      this.closeCode = code;
    });
  }

  static async open(
    base: string,
    id: string,
    token = 'agent-a',
    headers: Record<string, string> = {},
  ): Promise<RawHubSocket> {
    const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/hub?id=${encodeURIComponent(id)}`, {
      headers: { authorization: `Bearer ${token}`, ...headers },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    return new RawHubSocket(socket);
  }

  send(text: string): void {
    this.socket.send(text);
  }

  async handshake(): Promise<void> {
    this.send(`{"protocol":"json","version":1}${RS}`);
    await waitFor(() => this.messages.length > 0, 'handshake response');
    if (JSON.stringify(this.messages[0]) !== '{}')
      throw new Error(`handshake failed: ${JSON.stringify(this.messages[0])}`);
  }

  close(): void {
    this.socket.terminate();
  }
}

/** Status code of a refused WebSocket upgrade (or "open"). */
export function upgradeStatus(url: string, headers: Record<string, string>): Promise<number | 'open'> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => {
      socket.terminate();
      resolve('open');
    });
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      socket.terminate();
    });
    socket.once('error', (err) => {
      if (!String(err.message).includes('Unexpected server response')) reject(err);
    });
  });
}

/** A WebSocket message's bytes as UTF-8 text (ws hands over a Buffer, an ArrayBuffer or fragments). */
function rawText(data: RawData): string {
  return new TextDecoder().decode(Array.isArray(data) ? Buffer.concat(data) : data);
}
