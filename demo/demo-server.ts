/**
 * The whole demo in one call: TeleSign and Twilio stand-ins, the hub in demo mode with the CRM host page and the
 * simulated customer phone. `npm start`, the end-to-end tests and the benchmarks all start it this way.
 */
import type { HubConfig } from '../src/hub/config/config-schema.js';
import { startHub, type RunningHub } from '../src/hub/hub-server.js';
import type { Logger } from '../src/hub/logger.js';
import { registerDemoRoutes } from './demo-routes.js';
import { TeleSignStandIn } from './telesign-stand-in.js';
import { TwilioStandIn } from './twilio-stand-in.js';

/** A handset whose carrier rejects everything, to show a failed delivery. */
export const FAILING_DEMO_NUMBER = '15550000000';

export interface RunningDemo {
  hub: RunningHub;
  standIn: TeleSignStandIn;
  twilio: TwilioStandIn;
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
}

export async function startDemo(config: HubConfig, options: DemoOptions = {}): Promise<RunningDemo> {
  const standIn = new TeleSignStandIn({ ...config.telesign!, deliveryDelayMs: options.deliveryDelayMs ?? 400, failingNumbers: [FAILING_DEMO_NUMBER] });
  const standInUrl = await standIn.start();
  const twilio = new TwilioStandIn({ ...config.twilio!, statusDelayMs: options.deliveryDelayMs ?? 400 });
  const twilioUrl = await twilio.start();
  const demoConfig: HubConfig = {
    ...config,
    demo: true,
    telesign: { ...config.telesign!, baseUrl: options.teleSignBaseUrl ?? standInUrl },
    twilio: { ...config.twilio!, baseUrl: options.twilioBaseUrl ?? twilioUrl },
  };
  // The page is served by the hub itself, so its origin must be allowed whatever port is chosen.
  const hub: RunningHub = await startHub({
    config: demoConfig,
    ...(options.logger ? { logger: options.logger } : {}),
    extend: (app) => registerDemoRoutes(app, demoConfig, { standIn, twilio }, () => hub),
    allowedOriginsFor: (port) => [`http://localhost:${port}`, `http://127.0.0.1:${port}`],
  });
  return {
    hub,
    standIn,
    twilio,
    config: demoConfig,
    pageUrl: `http://localhost:${hub.port}`,
    async close() {
      await hub.close();
      await standIn.stop();
      await twilio.stop();
    },
  };
}
