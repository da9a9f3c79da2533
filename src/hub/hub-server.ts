/**
 * Assembles and starts the hub: store, HTTP server (fastify), SignalR hub, provider webhooks and senders.
 * `startHub` is what `main.ts`, the demo and the tests all call, so they run the same hub.
 */
import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { HUB_PATH } from '../protocol/hub-contract.js';
import { MAX_REQUEST_BYTES } from '../protocol/limits.js';
import { createAgentHub } from './agent-hub/agent-hub.js';
import { registerAttachmentRoutes } from './attachments/attachment-routes.js';
import { LocalFolderFileStore } from './attachments/file-store.js';
import { MediaUrls } from './attachments/media-urls.js';
import { principalKey, verifyAgentToken, type AgentPrincipal, type TokenSettings } from './auth/agent-token.js';
import { installAuthentication } from './auth/http-auth.js';
import { OrganisationApiKeys } from './auth/organisation-api-keys.js';
import { registerCallEventsRoute } from './calls/call-events-route.js';
import { CallService } from './calls/call-service.js';
import { registerIvrLookupRoute } from './calls/ivr-lookup-route.js';
import { VoiceDirectory } from './calls/voice-directory.js';
import { ChannelDirectory } from './channel-directory.js';
import { registerGbmWebhook } from './channels/gbm/gbm-webhook-route.js';
import { providerSenders } from './channels/provider-senders.js';
import { registerTeleSignWebhook } from './channels/telesign/telesign-webhook-route.js';
import { registerTwilioWebhook, TWILIO_WEBHOOK_PATH } from './channels/twilio/twilio-webhook-route.js';
import { AdjustableClock, systemClock, type Clock } from './clock.js';
import type { HubConfig } from './config/config-schema.js';
import { ConversationService } from './conversations/conversation-service.js';
import { CrmDirectory } from './crm/crm-directory.js';
import { CustomerLookup } from './crm/customer-lookup.js';
import { registerDemoClockRoute } from './demo/demo-clock-route.js';
import { registerDemoTokenRoute } from './demo/demo-token-route.js';
import { installCors } from './http/cors.js';
import { installFormParser } from './http/form-body.js';
import { AdmissionControl, DEFAULT_ADMISSION_LIMITS, type AdmissionLimits } from './http/admission-control.js';
import { registerHealth } from './http/health-route.js';
import { DEFAULT_HTTP_TIMEOUTS, httpTimeoutOptions, type HttpTimeouts } from './http/http-timeouts.js';
import { installErrorHandlers } from './http/http-errors.js';
import { PublicUrl } from './http/public-url.js';
import { installRawJsonParser } from './http/raw-json-body.js';
import { registerWidgetScript } from './http/widget-script-route.js';
import { createLogger, redactUrl, type Logger } from './logger.js';
import { AgentNotifications } from './notifications/agent-notifications.js';
import { OutboundScheduler } from './outbound/outbound-scheduler.js';
import { registerOutboundRoutes } from './outbound/outbound-routes.js';
import { OutboundService } from './outbound/outbound-service.js';
import { RequestRateLimiter } from './outbound/request-rate-limiter.js';
import { AgentPresence } from './routing/agent-presence.js';
import { ConversationRouter } from './routing/conversation-router.js';
import { RoutingDirectory } from './routing/routing-directory.js';
import { InMemoryHubLifetimeManager, SignalRServer } from './signalr/index.js';
import { openDatabase } from './store/database.js';
import { meterDatabase, type MeteredDatabase } from './store/store-load.js';
import { TemplateCatalog } from './templates/template-catalog.js';

export interface StartHubOptions {
  config: HubConfig;
  clock?: Clock;
  logger?: Logger;
  /** The built widget bundle (default: dist/agent-desktop.js in this repository); its other files are read from its folder. */
  widgetBundlePath?: string;
  /** Adds routes before the server listens (the demo adds its page and simulators this way). */
  extend?: (app: FastifyInstance) => void | Promise<void>;
  /** More allowed origins once the port is known (a page the hub serves itself, on port 0 in tests). */
  allowedOriginsFor?: (port: number) => string[];
  /** How long the HTTP server waits for slow clients (DEFAULT_HTTP_TIMEOUTS; tests use shorter ones). */
  httpTimeouts?: Partial<HttpTimeouts>;
  /** When providers are asked to retry later (DEFAULT_ADMISSION_LIMITS; tests use smaller ones). */
  admission?: Partial<AdmissionLimits>;
}

export interface RunningHub {
  /** Base URL the hub listens on, e.g. http://127.0.0.1:8080. */
  url: string;
  /** Where providers reach the hub (configured publicUrl, or http://localhost:{port}): what Twilio signs. */
  publicUrl: string;
  port: number;
  app: FastifyInstance;
  /** The store, counting its pending work (what admission control and /healthz read). */
  db: MeteredDatabase;
  /** Turns provider webhooks away (503 + Retry-After) while the hub is saturated. */
  admission: AdmissionControl;
  signalr: SignalRServer<AgentPrincipal>;
  service: ConversationService;
  /** Who gets which conversation (queues, offers, parking, resolving, transfers). */
  router: ConversationRouter;
  /** Voice calls (platform events, the data dip, agents' call actions). */
  calls: CallService;
  /** Outbound messages (configurations, sends, timeline activities) and the scheduler of scheduled sends. */
  outbound: OutboundService;
  scheduler: OutboundScheduler;
  close(): Promise<void>;
}

const DEFAULT_BUNDLE = fileURLToPath(new URL('../../dist/agent-desktop.js', import.meta.url));

export async function startHub(options: StartHubOptions): Promise<RunningHub> {
  const { config } = options;
  // Demo mode can move time (POST /demo/clock) to show WhatsApp's 24-hour window; elsewhere time is real.
  const clock = options.clock ?? (config.demo ? new AdjustableClock() : systemClock);
  const log = options.logger ?? createLogger(config.logLevel);
  const db = meterDatabase(await openDatabase(config.databaseUrl ?? config.dataDir));
  // Upload contents: a files folder under the data folder (a temporary one for an in-memory store).
  const files = await LocalFolderFileStore.forDataDir(config.dataDir);
  for (const org of config.organisations) {
    await db.query(
      'INSERT INTO organisations (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name',
      [org.id, org.name],
    );
  }

  const app = Fastify({
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- without it Fastify infers pino's Logger and its route types no longer fit FastifyInstance
    loggerInstance: log as FastifyBaseLogger,
    bodyLimit: MAX_REQUEST_BYTES,
    logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: true,
    ...httpTimeoutOptions({ ...DEFAULT_HTTP_TIMEOUTS, ...options.httpTimeouts }),
  });
  // One debug line per request, with secret query values (SignalR's id, access_token) redacted.
  app.addHook('onResponse', async (request, reply) => {
    request.log.debug(
      {
        method: request.method,
        url: redactUrl(request.url),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
  // Routes validate with zod schemas (fastify-type-provider-zod); a refusal answers an HttpErrorBody naming the field.
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app);
  const admission = new AdmissionControl(db.load, { ...DEFAULT_ADMISSION_LIMITS, ...options.admission });
  admission.install(app);
  installAuthentication(app);
  installRawJsonParser(app);
  installFormParser(app);
  // Filled in at listen time too, when the port is known (see allowedOriginsFor).
  const allowedOrigins = [...config.allowedOrigins];
  await installCors(app, allowedOrigins);

  const organisations = new Set(config.organisations.map((o) => o.id));
  const tokenSettings: TokenSettings = {
    jwtSecret: config.auth.jwtSecret,
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    maxLifetimeSeconds: config.auth.maxTokenLifetimeSeconds,
    organisations,
  };
  const publicUrl = new PublicUrl(config.publicUrl);
  const channels = new ChannelDirectory(config);
  const templates = new TemplateCatalog(config);
  const mediaUrls = new MediaUrls(config.auth.jwtSecret, () => publicUrl.base);
  const routingDirectory = new RoutingDirectory(config);
  const voice = new VoiceDirectory(config);
  const crm = new CrmDirectory(config, clock);

  // Every event to agents goes through the lifetime manager (this process's connections; a distributed one spans hubs).
  const lifetimeManager = new InMemoryHubLifetimeManager();
  const notifications = new AgentNotifications(lifetimeManager, log);
  const presence = new AgentPresence({
    db,
    clock,
    graceSeconds: (orgId) => routingDirectory.get(orgId).presenceGraceSeconds,
  });
  const router = new ConversationRouter({
    db,
    clock,
    presence,
    directory: routingDirectory,
    notifier: notifications,
    channels,
    log,
  });
  const service = new ConversationService({
    db,
    clock,
    notifier: notifications,
    channels,
    templates,
    mediaUrls,
    routing: router,
    ...providerSenders(config, { channels, templates, publicUrl, clock, log }),
    log,
  });
  const calls = new CallService({
    db,
    clock,
    presence,
    routing: routingDirectory,
    voice,
    crm,
    lookup: new CustomerLookup({ crm, clock, log }),
    notifier: notifications,
    log,
  });
  const outbound = new OutboundService({
    db,
    clock,
    channels,
    templates,
    conversations: service,
    config,
    notifier: notifications,
    log,
  });
  const scheduler = new OutboundScheduler({
    db,
    clock,
    outbound,
    pollIntervalMs: config.schedules.pollIntervalMs,
    leaseSeconds: config.schedules.leaseSeconds,
    log,
  });

  const signalr = new SignalRServer<AgentPrincipal>({
    path: HUB_PATH,
    hub: createAgentHub({ service, router, calls, outbound, presence, notifications, clock, log }),
    lifetimeManager,
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

  registerHealth(app, db, db.load);
  registerWidgetScript(app, options.widgetBundlePath ?? DEFAULT_BUNDLE);
  if (config.telesign) registerTeleSignWebhook(app, { account: config.telesign, channels, service, clock });
  if (config.gbm) registerGbmWebhook(app, { clientToken: config.gbm.clientToken, channels, service, db, clock });
  if (config.twilio)
    registerTwilioWebhook(app, {
      authToken: config.twilio.authToken,
      webhookUrl: () => publicUrl.at(TWILIO_WEBHOOK_PATH),
      channels,
      service,
      clock,
    });
  registerCallEventsRoute(app, { voice, calls });
  registerIvrLookupRoute(app, { voice, calls });
  registerOutboundRoutes(app, {
    apiKeys: new OrganisationApiKeys(config),
    outbound,
    rateLimiter: new RequestRateLimiter(db, clock),
  });
  registerAttachmentRoutes(app, { db, clock, mediaUrls, files, tokens: tokenSettings });
  if (config.demo) {
    registerDemoTokenRoute(app, config, tokenSettings);
    if (clock instanceof AdjustableClock) registerDemoClockRoute(app, clock);
  }
  await options.extend?.(app);

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  allowedOrigins.push(...(options.allowedOriginsFor?.(port) ?? []));
  // With port 0 the real port is known only now; callbacks must name it.
  publicUrl.listening(port);
  const resumed = await service.resumeUnsentMessages();
  if (resumed > 0) log.info({ count: resumed }, 'sent agent messages left unsent when the hub last stopped');
  await calls.rearmTimers();
  // Due schedules run now (a restart catches up) and then every pollIntervalMs.
  scheduler.start();
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      calls.close();
      router.close();
      presence.close();
      await scheduler.close();
      await signalr.close();
      await app.close();
      await service.drain();
      await db.close();
      await files.close();
      admission.close();
    })());
  return {
    url,
    publicUrl: publicUrl.base,
    port,
    app,
    db,
    admission,
    signalr,
    service,
    router,
    calls,
    outbound,
    scheduler,
    close,
  };
}
