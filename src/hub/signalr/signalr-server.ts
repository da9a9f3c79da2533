/**
 * SignalRServer: an ASP.NET Core SignalR server (JSON hub protocol; WebSockets, Server-Sent Events and
 * Long Polling; negotiate v0/v1) for fastify, so the official @microsoft/signalr client works unchanged.
 *
 *   const server = new SignalRServer({ path: '/hub', hub, authenticate, userKey, allowedOrigins });
 *   await server.register(app);          // before app.listen()/app.ready()
 *   ...
 *   await server.close();                // Close(allowReconnect) to everyone, transports ended; then app.close()
 *
 * Routes (in an encapsulated plugin with its own body parsers and route log level "warn", so URLs carrying
 * the secret `id`/`access_token` are not request-logged): POST {path}/negotiate, GET/POST/DELETE {path}.
 * WebSockets come through app.server's 'upgrade' event (other paths are left to other listeners).
 * Every request is authenticated; a transport request must come from the user who negotiated.
 * app.close() also runs close() (preClose hook), but by then fastify answers 503 to everything, so long
 * polls cannot collect the Close message: call close() first. Create the app with
 * `forceCloseConnections: true`, or app.close() may wait on sockets HTTP clients opened but never used.
 *
 * Sends to connections, users and groups, and group membership, go through the lifetime manager
 * (`lifetimeManager`, typed with hub-clients.ts); the server registers each connection there once handshaken.
 */
import type { IncomingHttpHeaders, IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WebSocketServer } from 'ws';
import { ErrorCodes } from '../../protocol/errors.js';
import type { HubLifetimeManager } from './hub-lifetime-manager.js';
import { HubMethodTable } from './hub-method-table.js';
import { HubSession, type SessionHost } from './hub-session.js';
import { InMemoryHubLifetimeManager } from './in-memory-hub-lifetime-manager.js';
import {
  bearerToken,
  errorBody,
  isOriginAllowed,
  pathnameOf,
  readQuery,
  rejectUpgrade,
  type HttpErrorReply,
} from './http-helpers.js';
import { LongPollingTransport } from './long-polling-transport.js';
import { negotiateResponse, newConnectionIds, parseNegotiateVersion } from './negotiate.js';
import {
  noopLogger,
  resolveTimings,
  type ResolvedTimings,
  type SignalRLogger,
  type SignalRServerOptions,
} from './options.js';
import type { ServerConnection } from './server-connection.js';
import { ServerSentEventsTransport } from './server-sent-events-transport.js';
import type { ServerTransport } from './transport.js';
import { WebSocketTransport } from './websocket-transport.js';

export const SHUTDOWN_MESSAGE = 'Server is shutting down.';

/** One negotiated connection, by its secret token. */
interface ConnectionRecord<TUser> {
  readonly token: string;
  readonly connectionId: string;
  readonly user: TUser;
  readonly userKey: string;
  negotiateTimer: NodeJS.Timeout | undefined;
  transport: ServerTransport | undefined;
  session: HubSession<TUser> | undefined;
  /** A WebSocket upgrade is being completed. */
  upgrading: boolean;
  /** A client→server POST is in flight (they must not overlap). */
  receiving: boolean;
}

type Authorization<TUser> = { ok: true; record: ConnectionRecord<TUser> } | ({ ok: false } & HttpErrorReply);

export class SignalRServer<TUser> {
  readonly #options: SignalRServerOptions<TUser>;
  readonly #timings: ResolvedTimings;
  readonly #logger: SignalRLogger;
  readonly #methods: HubMethodTable<TUser>;
  readonly #records = new Map<string, ConnectionRecord<TUser>>();
  readonly #connections = new Map<string, ServerConnection<TUser>>();
  readonly #lingerTimers = new Set<NodeJS.Timeout>();
  readonly #authorized = new WeakMap<IncomingMessage, ConnectionRecord<TUser>>();
  readonly #wss: WebSocketServer;
  #httpServer: HttpServer | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: SignalRServerOptions<TUser>) {
    if (!options.path.startsWith('/')) throw new TypeError('SignalR path must start with "/".');
    this.#options = { ...options, path: options.path.replace(/\/+$/, '') || '/' };
    this.#timings = resolveTimings(options as SignalRServerOptions<unknown>);
    this.#logger = options.logger ?? noopLogger;
    this.lifetimeManager = options.lifetimeManager ?? new InMemoryHubLifetimeManager();
    this.#methods = new HubMethodTable(options.hub.methods);
    this.#wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: this.#timings.maxRequestBytes,
    });
  }

  /** Where connections are registered and every send to a connection, user or group goes. */
  readonly lifetimeManager: HubLifetimeManager;

  /** Handshaken connections of this process by connectionId (to look at; sends go through the lifetime manager). */
  get connections(): ReadonlyMap<string, ServerConnection<TUser>> {
    return this.#connections;
  }

  /** Adds the negotiate and transport routes and the WebSocket upgrade handler to `app` (before it is ready). */
  async register(app: FastifyInstance): Promise<void> {
    const path = this.#options.path;
    const { maxRequestBytes } = this.#timings;
    await app.register(async (scope) => {
      // Bodies are hub protocol text (or nothing): take any content type as a raw buffer.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxRequestBytes }, (_request, body, done) => {
        done(null, body);
      });
      const authorize = (request: FastifyRequest, reply: FastifyReply) => this.#authorizeRoute(request, reply);
      scope.post(`${path}/negotiate`, { logLevel: 'warn' }, (request, reply) => this.#negotiate(request, reply));
      scope.get(path, { logLevel: 'warn', exposeHeadRoute: false, onRequest: authorize }, (request, reply) =>
        this.#get(request, reply),
      );
      scope.post(path, { logLevel: 'warn', bodyLimit: maxRequestBytes, onRequest: authorize }, (request, reply) =>
        this.#post(request, reply),
      );
      scope.delete(path, { logLevel: 'warn', onRequest: authorize }, (request, reply) => this.#delete(request, reply));
    });
    this.#httpServer = app.server;
    this.#httpServer.on('upgrade', this.#onUpgrade);
    app.addHook('preClose', async () => {
      await this.close();
    });
  }

  /**
   * Sends Close {error: "Server is shutting down.", allowReconnect: true} to every connection, ends the
   * transports (waiting up to shutdownTimeoutMs, then cutting them) and refuses new requests (503).
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    const sessions: HubSession<TUser>[] = [];
    for (const record of this.#records.values()) {
      clearTimeout(record.negotiateTimer);
      if (record.session?.active) sessions.push(record.session);
    }
    this.#logger.info({ connections: sessions.length }, 'SignalR server shutting down');
    for (const session of sessions) session.close(SHUTDOWN_MESSAGE, true);
    const allEnded = Promise.all(sessions.map((session) => session.ended));
    if (!(await settlesWithin(allEnded, this.#timings.shutdownTimeoutMs))) {
      for (const session of sessions) session.abort();
      await settlesWithin(allEnded, 1000);
    }
    for (const timer of this.#lingerTimers) clearTimeout(timer);
    this.#lingerTimers.clear();
    this.#records.clear();
    this.#httpServer?.off('upgrade', this.#onUpgrade);
    this.#wss.close();
  }

  // ---- authentication -------------------------------------------------------------------------------

  async #authenticate(
    headers: IncomingHttpHeaders,
    query: URLSearchParams,
  ): Promise<{ ok: true; user: TUser } | ({ ok: false } & HttpErrorReply)> {
    const token = bearerToken(headers, query);
    let user: TUser | null = null;
    try {
      user = await this.#options.authenticate(token);
    } catch (err) {
      this.#logger.debug({ err: err instanceof Error ? err.message : String(err) }, 'SignalR authentication threw');
    }
    if (user === null || user === undefined) {
      return {
        ok: false,
        status: 401,
        code: ErrorCodes.unauthorized,
        message: token === undefined ? 'An access token is required.' : 'The access token is invalid or expired.',
      };
    }
    return { ok: true, user };
  }

  /** Checks a transport request: server open, token valid, id known and negotiated by the same user. */
  async #authorizeTransport(headers: IncomingHttpHeaders, query: URLSearchParams): Promise<Authorization<TUser>> {
    // While shutting down, existing connections still get answers (long polls collect the Close message);
    // only new transports are refused (see #get and #upgrade).
    const auth = await this.#authenticate(headers, query);
    if (!auth.ok) return auth;
    const id = query.get('id');
    if (!id) return { ok: false, status: 400, code: ErrorCodes.invalidRequest, message: 'Connection id required.' };
    const record = this.#records.get(id);
    if (!record) return { ok: false, status: 404, code: ErrorCodes.notFound, message: 'No connection with that id.' };
    if (this.#options.userKey(auth.user) !== record.userKey) {
      return {
        ok: false,
        status: 401,
        code: ErrorCodes.unauthorized,
        message: 'The access token does not belong to the user of this connection.',
      };
    }
    return { ok: true, record };
  }

  /** onRequest hook of the transport routes (before any body is read). */
  async #authorizeRoute(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const result = await this.#authorizeTransport(request.headers, readQuery(request.url));
    if (!result.ok) {
      sendError(reply, result);
      return reply;
    }
    const { record } = result;
    if (request.method === 'POST') {
      const refusal = this.#refusePost(record);
      if (refusal) {
        sendError(reply, refusal);
        return reply;
      }
      record.receiving = true;
      reply.raw.once('close', () => (record.receiving = false));
    }
    this.#authorized.set(request.raw, record);
    return undefined;
  }

  #refusePost(record: ConnectionRecord<TUser>): HttpErrorReply | undefined {
    const transport = record.transport;
    if (!transport) {
      return {
        status: 400,
        code: ErrorCodes.invalidRequest,
        message: 'No transport is connected for this connection.',
      };
    }
    if (transport.kind === 'WebSockets') {
      return {
        status: 405,
        code: ErrorCodes.invalidRequest,
        message: 'POST requests are not allowed for WebSocket connections.',
      };
    }
    if (transport instanceof LongPollingTransport && transport.closed) {
      return { status: 404, code: ErrorCodes.notFound, message: 'The connection has ended.' };
    }
    if (record.receiving) {
      return {
        status: 409,
        code: ErrorCodes.invalidRequest,
        message: 'Another POST is in progress for this connection.',
      };
    }
    return undefined;
  }

  // ---- HTTP handlers ---------------------------------------------------------------------------------

  async #negotiate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (this.#closing) return sendError(reply, unavailable());
    const query = readQuery(request.url);
    const auth = await this.#authenticate(request.headers, query);
    if (!auth.ok) return sendError(reply, auth);
    const user = auth.user;
    if (this.#closing) return sendError(reply, unavailable());
    const version = parseNegotiateVersion(query.get('negotiateVersion') ?? undefined);
    if (version === null) {
      return sendError(reply, { status: 400, code: ErrorCodes.invalidRequest, message: 'Invalid negotiateVersion.' });
    }
    const ids = newConnectionIds(version);
    const record: ConnectionRecord<TUser> = {
      token: ids.connectionToken,
      connectionId: ids.connectionId,
      user,
      userKey: this.#options.userKey(user),
      negotiateTimer: undefined,
      transport: undefined,
      session: undefined,
      upgrading: false,
      receiving: false,
    };
    record.negotiateTimer = setTimeout(() => {
      if (!record.transport && this.#records.get(record.token) === record) {
        this.#records.delete(record.token);
        this.#logger.debug({ connectionId: record.connectionId }, 'SignalR negotiated connection never connected');
      }
    }, this.#timings.negotiateTimeoutMs);
    record.negotiateTimer.unref();
    this.#records.set(record.token, record);
    this.#logger.debug({ connectionId: record.connectionId, negotiateVersion: version }, 'SignalR negotiated');
    reply
      .header('cache-control', 'no-cache')
      .type('application/json; charset=utf-8')
      .send(negotiateResponse(version, ids));
  }

  async #get(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const record = this.#authorized.get(request.raw);
    if (!record) return sendError(reply, unavailable());
    const wantsEventStream = (request.headers.accept ?? '').includes('text/event-stream');
    const transport = record.transport;
    if (!transport) {
      if (this.#closing) return sendError(reply, unavailable());
      if (record.upgrading) return sendError(reply, changeOfTransport());
      if (wantsEventStream) {
        reply.hijack();
        this.#attach(record, new ServerSentEventsTransport(reply.raw, reply.getHeaders()));
        return;
      }
      this.#attach(
        record,
        new LongPollingTransport(this.#timings.longPollTimeoutMs, this.#timings.longPollDisconnectTimeoutMs),
      );
      // The first poll returns at once: the client's start() waits for it.
      return sendPoll(reply, 200, '');
    }
    if (transport instanceof LongPollingTransport && !wantsEventStream) {
      const poll = transport.poll();
      reply.raw.once('close', poll.cancel);
      const { status, body } = await poll.result;
      if (reply.raw.destroyed) {
        reply.hijack();
        return;
      }
      return sendPoll(reply, status, body);
    }
    if (transport.kind === 'ServerSentEvents' && wantsEventStream) {
      return sendError(reply, {
        status: 409,
        code: ErrorCodes.invalidRequest,
        message: 'An event stream is already open for this connection.',
      });
    }
    return sendError(reply, changeOfTransport());
  }

  #post(request: FastifyRequest, reply: FastifyReply): void {
    const record = this.#authorized.get(request.raw);
    const transport = record?.transport;
    if (!(transport instanceof LongPollingTransport || transport instanceof ServerSentEventsTransport)) {
      return sendError(reply, { status: 400, code: ErrorCodes.invalidRequest, message: 'No transport accepts POSTs.' });
    }
    const body = request.body;
    if (Buffer.isBuffer(body) && body.length > 0) transport.deliver(body.toString('utf8'));
    else if (typeof body === 'string' && body.length > 0) transport.deliver(body);
    reply.code(200).type('text/plain; charset=utf-8').send('');
  }

  #delete(request: FastifyRequest, reply: FastifyReply): void {
    const record = this.#authorized.get(request.raw);
    const transport = record?.transport;
    if (!(transport instanceof LongPollingTransport)) {
      return sendError(reply, {
        status: 400,
        code: ErrorCodes.invalidRequest,
        message: 'Cannot terminate this connection using the DELETE endpoint.',
      });
    }
    transport.terminate();
    reply.code(202).type('text/plain; charset=utf-8').send('');
  }

  // ---- WebSockets ------------------------------------------------------------------------------------

  readonly #onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (pathnameOf(request.url) !== this.#options.path) {
      // Someone else's upgrade. With no other listener nobody would answer it (Node only destroys
      // unhandled upgrades when there is no listener at all), so answer 404 instead of leaking the socket.
      if (this.#httpServer && this.#httpServer.listenerCount('upgrade') === 1) {
        rejectUpgrade(socket, { status: 404, code: ErrorCodes.notFound, message: 'Not found.' });
      }
      return;
    }
    socket.on('error', () => socket.destroy());
    this.#upgrade(request, socket, head).catch((err: unknown) => {
      this.#logger.error({ err }, 'SignalR WebSocket upgrade failed');
      rejectUpgrade(socket, { status: 500, code: ErrorCodes.internal, message: 'An unexpected error occurred.' });
    });
  };

  async #upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const origin = request.headers.origin;
    if (!isOriginAllowed(origin, this.#options.allowedOrigins)) {
      this.#logger.warn({ origin }, 'SignalR WebSocket from a disallowed origin refused');
      return rejectUpgrade(socket, { status: 403, code: ErrorCodes.forbidden, message: 'Origin not allowed.' });
    }
    if (this.#closing) return rejectUpgrade(socket, unavailable());
    const result = await this.#authorizeTransport(request.headers, readQuery(request.url));
    if (!result.ok) return rejectUpgrade(socket, result);
    const { record } = result;
    if (record.transport?.kind === 'WebSockets' || record.upgrading) {
      return rejectUpgrade(socket, {
        status: 409,
        code: ErrorCodes.invalidRequest,
        message: 'A WebSocket is already connected for this connection.',
      });
    }
    if (record.transport) return rejectUpgrade(socket, changeOfTransport());
    if (socket.destroyed) return;
    record.upgrading = true;
    clearTimeout(record.negotiateTimer);
    this.#wss.handleUpgrade(request, socket, head, (webSocket) => {
      record.upgrading = false;
      if (this.#closing || this.#records.get(record.token) !== record) {
        webSocket.close(1001);
        return;
      }
      this.#attach(record, new WebSocketTransport(webSocket, this.#timings.shutdownTimeoutMs));
    });
  }

  // ---- connection lifecycle --------------------------------------------------------------------------

  #attach(record: ConnectionRecord<TUser>, transport: ServerTransport): void {
    clearTimeout(record.negotiateTimer);
    record.transport = transport;
    const host: SessionHost<TUser> = {
      lifetimeManager: this.lifetimeManager,
      hub: this.#options.hub,
      methods: this.#methods,
      timings: this.#timings,
      logger: this.#logger,
      handshaken: (session) => {
        this.#connections.set(record.connectionId, session.connection);
        return this.lifetimeManager.onConnected(session);
      },
      ended: (session) => this.#ended(record, session),
    };
    record.session = new HubSession(host, transport, record.connectionId, record.user, record.userKey);
    this.#logger.debug({ connectionId: record.connectionId, transport: transport.kind }, 'SignalR transport connected');
  }

  async #ended(record: ConnectionRecord<TUser>, session: HubSession<TUser>): Promise<void> {
    if (this.#connections.get(record.connectionId) === session.connection)
      this.#connections.delete(record.connectionId);
    if (record.transport instanceof LongPollingTransport && !this.#closing) {
      // Keep answering this id for a while (polls get 204, DELETE 202) instead of 404s the client would log.
      const timer = setTimeout(() => {
        this.#lingerTimers.delete(timer);
        if (this.#records.get(record.token) === record) this.#records.delete(record.token);
      }, this.#timings.longPollDisconnectTimeoutMs);
      timer.unref();
      this.#lingerTimers.add(timer);
    } else {
      this.#records.delete(record.token);
    }
    if (session.handshaken) await this.lifetimeManager.onDisconnected(session);
  }
}

function unavailable(): { ok: false } & HttpErrorReply {
  return { ok: false, status: 503, code: 'unavailable', message: SHUTDOWN_MESSAGE };
}

function changeOfTransport(): HttpErrorReply {
  return { status: 400, code: ErrorCodes.invalidRequest, message: 'Cannot change transports mid-connection.' };
}

function sendError(reply: FastifyReply, error: HttpErrorReply): void {
  reply.code(error.status).type('application/json; charset=utf-8').send(errorBody(error.code, error.message));
}

function sendPoll(reply: FastifyReply, status: 200 | 204, body: string): void {
  reply.header('cache-control', 'no-cache, no-store');
  if (status === 204) reply.code(204).send();
  else reply.code(200).type('text/plain; charset=utf-8').send(body);
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
