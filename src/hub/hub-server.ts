/**
 * Assembles and starts the hub: store, HTTP server (fastify), SignalR hub, provider webhooks and senders.
 * `startHub` is what `main.ts`, the demo and the tests all call, so they run the same hub.
 */
import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { HUB_PATH } from '../protocol/hub-contract.js';
import { MAX_REQUEST_BYTES } from '../protocol/limits.js';
import { createAgentHub } from './agent-hub.js';
import { principalKey, verifyAgentToken, type AgentPrincipal, type TokenSettings } from './auth/agent-token.js';
import { ChannelDirectory } from './channel-directory.js';
import { teleSignDispatcher } from './channels/telesign/telesign-dispatcher.js';
import { registerTeleSignWebhook, TELESIGN_WEBHOOK_PATH } from './channels/telesign/telesign-webhook-route.js';
import { systemClock, type Clock } from './clock.js';
import type { HubConfig } from './config/config-schema.js';
import { agentGroup, supervisorGroup, type AgentNotifier } from './conversations/agent-notifier.js';
import { ConversationService } from './conversations/conversation-service.js';
import { registerDemoTokenRoute } from './demo/demo-token-route.js';
import { installCors } from './http/cors.js';
import { registerHealth } from './http/health-route.js';
import { installErrorHandlers } from './http/http-errors.js';
import { installRawJsonParser } from './http/raw-json-body.js';
import { registerWidgetScript } from './http/widget-script-route.js';
import { createLogger, redactUrl, type Logger } from './logger.js';
import { ConnectedAgents } from './routing/connected-agents.js';
import { SignalRServer } from './signalr/index.js';
import { openDatabase, type Database } from './store/database.js';

export interface StartHubOptions {
  config: HubConfig;
  clock?: Clock;
  logger?: Logger;
  /** The built widget bundle (default: dist/agent-desktop.js in this repository). */
  widgetBundlePath?: string;
  /** Adds routes before the server listens (the demo adds its page and simulators this way). */
  extend?: (app: FastifyInstance) => void | Promise<void>;
  /** More allowed origins once the port is known (a page the hub serves itself, on port 0 in tests). */
  allowedOriginsFor?: (port: number) => string[];
}

export interface RunningHub {
  /** Base URL the hub listens on, e.g. http://127.0.0.1:8080. */
  url: string;
  port: number;
  app: FastifyInstance;
  db: Database;
  signalr: SignalRServer<AgentPrincipal>;
  service: ConversationService;
  close(): Promise<void>;
}

const DEFAULT_BUNDLE = fileURLToPath(new URL('../../dist/agent-desktop.js', import.meta.url));

export async function startHub(options: StartHubOptions): Promise<RunningHub> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const log = options.logger ?? createLogger(config.logLevel);
  const db = await openDatabase(config.databaseUrl ?? config.dataDir);
  for (const org of config.organisations) {
    await db.query('INSERT INTO organisations (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name', [org.id, org.name]);
  }

  const app = Fastify({ loggerInstance: log as FastifyBaseLogger, bodyLimit: MAX_REQUEST_BYTES, logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: true,
  });
  // One debug line per request, with secret query values (SignalR's id, access_token) redacted.
  app.addHook('onResponse', async (request, reply) => {
    request.log.debug({ method: request.method, url: redactUrl(request.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
  installErrorHandlers(app);
  installRawJsonParser(app);
  // Filled in at listen time too, when the port is known (see allowedOriginsFor).
  const allowedOrigins = [...config.allowedOrigins];
  await installCors(app, allowedOrigins);

  const tokenSettings: TokenSettings = { jwtSecret: config.auth.jwtSecret, issuer: config.auth.issuer, audience: config.auth.audience };
  const organisations = new Set(config.organisations.map((o) => o.id));
  const connectedAgents = new ConnectedAgents();
  let signalr: SignalRServer<AgentPrincipal> | undefined;
  const toAudience = (orgId: string, agentId: string | null, target: string, ...args: unknown[]) => {
    if (agentId) signalr?.sendToGroup(agentGroup(orgId, agentId), target, ...args);
    signalr?.sendToGroup(supervisorGroup(orgId), target, ...args);
  };
  const notifier: AgentNotifier = {
    conversationUpdated: (c) => toAudience(c.organisationId, c.assignedAgentId, 'conversationUpdated', c),
    messageAdded: (c, m) => toAudience(c.organisationId, c.assignedAgentId, 'messageAdded', m),
    messageUpdated: (c, m) => toAudience(c.organisationId, c.assignedAgentId, 'messageUpdated', m),
  };
  const service = new ConversationService({ db, clock, connectedAgents, notifier });

  signalr = new SignalRServer<AgentPrincipal>({
    path: HUB_PATH,
    hub: createAgentHub({ service, connectedAgents, addToGroup: (id, group) => signalr!.addToGroup(id, group), log }),
    // A token for an organisation this hub does not serve is as good as no token.
    authenticate: async (token) => {
      const agent = await verifyAgentToken(tokenSettings, token);
      return agent && organisations.has(agent.organisationId) ? agent : null;
    },
    userKey: principalKey,
    allowedOrigins,
    keepAliveIntervalMs: config.signalr.keepAliveIntervalMs,
    clientTimeoutMs: config.signalr.clientTimeoutMs,
    logger: log,
  });
  await signalr.register(app);

  const channels = new ChannelDirectory(config);
  registerHealth(app, db);
  registerWidgetScript(app, options.widgetBundlePath ?? DEFAULT_BUNDLE);
  registerTeleSignWebhook(app, { account: config.telesign, channels, service, clock });
  if (config.demo) registerDemoTokenRoute(app, config, tokenSettings);
  await options.extend?.(app);

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  allowedOrigins.push(...(options.allowedOriginsFor?.(port) ?? []));
  // With port 0 the real port is known only now; callbacks must name it.
  const publicUrl = config.publicUrl?.replace(/\/$/, '') ?? `http://localhost:${port}`;
  const callbackUrl = `${publicUrl}${TELESIGN_WEBHOOK_PATH}`;
  service.setDispatcher(teleSignDispatcher(config.telesign, service, callbackUrl, log));
  const resumed = await service.resumeUnsentMessages();
  if (resumed > 0) log.info({ count: resumed }, 'sent agent messages left unsent when the hub last stopped');
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await signalr!.close();
      await app.close();
      await service.drain();
      await db.close();
    })());
  return { url, port, app, db, signalr, service, close };
}
