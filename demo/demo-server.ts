/**
 * The whole demo in one call: TeleSign, Twilio, Business Messages and CRM (Dataverse) stand-ins, the hub in demo mode with the CRM
 * host page, the simulated customer phone and the simulated caller. `npm start`, the end-to-end tests and the benchmarks all start it this way.
 */
import type { HubConfig } from '../src/hub/config/config-schema.js';
import { startHub, type RunningHub } from '../src/hub/hub-server.js';
import type { Logger } from '../src/hub/logger.js';
import { CrmStandIn, TeleSignStandIn, TwilioStandIn, GbmStandIn } from '../test/support/stand-ins/index.js';
import { registerDemoRoutes } from './demo-routes.js';
import { seedDemoOutbound } from './simulated-outbound.js';

/** A handset whose carrier rejects everything, to show a failed delivery. */
export const FAILING_DEMO_NUMBER = '15550000000';

export interface RunningDemo {
  hub: RunningHub;
  standIn: TeleSignStandIn;
  twilio: TwilioStandIn;
  /** The demo CRM the voice data dip reads and cases are created in. */
  crm: CrmStandIn;
  /** Google's Business Messages API and token endpoint. */
  gbm: GbmStandIn;
  config: HubConfig;
  /** The CRM page, e.g. http://localhost:8080 */
  pageUrl: string;
  close(): Promise<void>;
}

export interface DemoOptions {
  /** Use this TeleSign instead of the stand-in (the stand-in still starts, idle). */
  teleSignBaseUrl?: string;
  /** Use this Twilio instead of the stand-in. */
  twilioBaseUrl?: string;
  deliveryDelayMs?: number;
  logger?: Logger;
  /** Use the CRM of the configuration (e.g. CRM_BASE_URL) instead of the stand-in (which still starts, idle). */
  useConfiguredCrm?: boolean;
  /** Serve the widget's files from this bundle's folder instead of dist/ (tests serve a changed service worker). */
  widgetBundlePath?: string;
}

/** The demo CRM's app registration, when the configuration names none. */
const DEMO_CRM_CLIENT = { clientId: 'demo-crm-client', clientSecret: 'demo-only-crm-client-secret-0000' };

export async function startDemo(config: HubConfig, options: DemoOptions = {}): Promise<RunningDemo> {
  const standIn = new TeleSignStandIn({
    ...config.telesign!,
    deliveryDelayMs: options.deliveryDelayMs ?? 400,
    failingNumbers: [FAILING_DEMO_NUMBER],
  });
  const standInUrl = await standIn.start();
  const twilio = new TwilioStandIn({ ...config.twilio!, statusDelayMs: options.deliveryDelayMs ?? 400 });
  const twilioUrl = await twilio.start();
  const crmClient = config.crm ?? { ...DEMO_CRM_CLIENT, timeoutMs: 1500, cacheSeconds: 60 };
  const crm = new CrmStandIn({ clientId: crmClient.clientId, clientSecret: crmClient.clientSecret });
  const crmUrl = await crm.start();
  let hubRef: RunningHub | undefined;
  const gbm = new GbmStandIn({
    privateKey: config.gbm!.credentials.private_key,
    clientEmail: config.gbm!.credentials.client_email,
    clientToken: config.gbm!.clientToken,
    agent:
      config.organisations.flatMap((o) => o.channels).find((c) => c.channel === 'gbm')?.number ??
      'brands/demo/agents/demo',
    receiptDelayMs: options.deliveryDelayMs ?? 400,
    webhookUrl: () => `${hubRef?.publicUrl ?? ''}/webhooks/gbm`,
  });
  await gbm.start();
  const demoConfig: HubConfig = {
    ...config,
    demo: true,
    gbm: { ...config.gbm!, baseUrl: gbm.url, credentials: { ...config.gbm!.credentials, token_uri: gbm.tokenUri } },
    telesign: { ...config.telesign!, baseUrl: options.teleSignBaseUrl ?? standInUrl },
    twilio: { ...config.twilio!, baseUrl: options.twilioBaseUrl ?? twilioUrl },
    crm:
      options.useConfiguredCrm && config.crm
        ? config.crm
        : { ...crmClient, baseUrl: crmUrl, tokenUrl: crm.tokenUrl, appUrl: `${crmUrl}/main.aspx` },
  };
  // The page is served by the hub itself, so its origin must be allowed whatever port is chosen.
  const hub: RunningHub = await startHub({
    config: demoConfig,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.widgetBundlePath ? { widgetBundlePath: options.widgetBundlePath } : {}),
    extend: (app) => registerDemoRoutes(app, demoConfig, { standIn, twilio, crm, gbm }, () => hub),
    allowedOriginsFor: (port) => [`http://localhost:${port}`, `http://127.0.0.1:${port}`],
  });
  hubRef = hub;
  // "Delivery delay" on WhatsApp, which the case-created event sends through (npm run simulate -- outbound / event)
  await seedDemoOutbound(hub, demoConfig);
  return {
    hub,
    standIn,
    twilio,
    gbm,
    crm,
    config: demoConfig,
    pageUrl: `http://localhost:${hub.port}`,
    async close() {
      await hub.close();
      await standIn.stop();
      await twilio.stop();
      await gbm.stop();
      await crm.stop();
    },
  };
}
