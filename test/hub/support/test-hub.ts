/**
 * Starts a real hub (real HTTP, real SignalR) with a TeleSign stand-in, for tests and benchmarks.
 * Agents connect with the official @microsoft/signalr client; customers text through the real webhook.
 */
import { HttpTransportType, HubConnectionBuilder, LogLevel, type HubConnection } from '@microsoft/signalr';
import { issueAgentToken } from '../../../src/hub/auth/agent-token.js';
import type { HubConfig, HubConfigInput } from '../../../src/hub/config/config-schema.js';
import { parseConfig } from '../../../src/hub/config/load-config.js';
import { startHub, type RunningHub, type StartHubOptions } from '../../../src/hub/hub-server.js';
import { createLogger } from '../../../src/hub/logger.js';
import { HUB_PATH } from '../../../src/protocol/hub-contract.js';
import { sendInboundSms, type WebhookAnswer } from '../../../demo/simulated-customer.js';
import { TeleSignStandIn, type TeleSignStandInOptions } from '../../../demo/telesign-stand-in.js';
import { TwilioStandIn } from '../../../demo/twilio-stand-in.js';
import { sendInboundWhatsApp } from '../../../demo/simulated-whatsapp-customer.js';
import type { Clock } from '../../../src/hub/clock.js';

export const CONTOSO_NUMBER = '18005550199';
export const FABRIKAM_NUMBER = '18005550123';
export const TELESIGN = { customerId: 'TEST-CUSTOMER-0001', apiKey: Buffer.from('test-api-key-for-signatures').toString('base64') };
export const TWILIO = { accountSid: 'AC' + 'a'.repeat(32), authToken: 'test-twilio-auth-token-0123456789' };
export const CONTOSO_WHATSAPP = '+14155550100';
export const CONTOSO_TWILIO_SMS = '+14155550111';

/** Templates as an organisation configures them (see the README's templates reference). */
export const TEST_TEMPLATES = [
  {
    name: 'delivery_update',
    channels: ['whatsapp', 'sms'] as ('whatsapp' | 'sms')[],
    defaultLanguage: 'en',
    localizations: [
      { language: 'en', text: 'Hi {{CustomerName}}, an update on {{CaseName}}: it arrives {{DeliveryDay}}.', contentSid: 'HX' + '1'.repeat(32) },
      { language: 'fr', text: 'Bonjour {{CustomerName}}, du nouveau pour {{CaseName}} : arrivée {{DeliveryDay}}.', contentSid: 'HX' + '2'.repeat(32) },
    ],
  },
  {
    name: 'plain_notice',
    channels: ['sms', 'whatsapp'] as ('whatsapp' | 'sms')[],
    defaultLanguage: 'en',
    localizations: [{ language: 'en', text: 'Hi {{1}}, your case {{2}} is closed.' }],
  },
];

export function testConfig(overrides: Partial<HubConfigInput> = {}): HubConfig {
  return parseConfig({
    port: 0,
    dataDir: 'memory://',
    logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    demo: true,
    allowedOrigins: ['http://crm.test'],
    auth: { jwtSecret: 'test-secret-that-is-long-enough-0123456789' },
    telesign: { ...TELESIGN, baseUrl: 'http://127.0.0.1:9' },
    twilio: { ...TWILIO, baseUrl: 'http://127.0.0.1:9' },
    organisations: [
      {
        id: 'contoso',
        name: 'Contoso',
        channels: [
          { channel: 'sms', provider: 'telesign', number: CONTOSO_NUMBER },
          { channel: 'whatsapp', provider: 'twilio', number: CONTOSO_WHATSAPP },
          { channel: 'sms', provider: 'twilio', number: CONTOSO_TWILIO_SMS, attachments: { customers: true, agents: false } },
        ],
        templates: TEST_TEMPLATES,
        agents: [
          { id: 'alice', displayName: 'Alice', roles: ['agent'] },
          { id: 'bob', displayName: 'Bob', roles: ['agent'] },
          { id: 'sam', displayName: 'Sam', roles: ['agent', 'supervisor'] },
        ],
      },
      {
        id: 'fabrikam',
        name: 'Fabrikam',
        channels: [{ channel: 'sms', provider: 'telesign', number: FABRIKAM_NUMBER }],
        agents: [{ id: 'fiona', displayName: 'Fiona', roles: ['agent'] }],
      },
    ],
    ...overrides,
  });
}

export interface TestHub {
  hub: RunningHub;
  config: HubConfig;
  standIn: TeleSignStandIn;
  twilio: TwilioStandIn;
  url: string;
  tokenFor(agentId: string, organisationId?: string, roles?: string[]): Promise<string>;
  connect(agentId: string, options?: { transport?: HttpTransportType; organisationId?: string; onEvent?: Record<string, (...args: any[]) => void> }): Promise<HubConnection>;
  /** A customer texts `to` (Contoso's number by default) through the signed webhook. */
  sms(from: string, text: string, options?: { to?: string; referenceId?: string }): Promise<WebhookAnswer>;
  /** A customer writes on WhatsApp (to Contoso's WhatsApp number by default) through the signed Twilio webhook. */
  whatsapp(
    from: string,
    text: string,
    options?: { to?: string; messageSid?: string; media?: Array<{ url: string; contentType: string }>; profileName?: string; channel?: 'whatsapp' | 'sms' },
  ): Promise<WebhookAnswer>;
  close(): Promise<void>;
}

export async function startTestHub(
  options: { config?: Partial<HubConfigInput>; standIn?: Partial<TeleSignStandInOptions>; hub?: Partial<StartHubOptions>; clock?: Clock } = {},
): Promise<TestHub> {
  const standIn = new TeleSignStandIn({ ...TELESIGN, deliveryDelayMs: 20, ...options.standIn });
  const standInUrl = await standIn.start();
  const twilio = new TwilioStandIn({ ...TWILIO, statusDelayMs: 20 });
  const twilioUrl = await twilio.start();
  const config = testConfig({
    ...options.config,
    telesign: { ...TELESIGN, baseUrl: standInUrl, ...options.config?.telesign },
    twilio: { ...TWILIO, baseUrl: twilioUrl, ...options.config?.twilio },
  });
  const hub = await startHub({ config, logger: createLogger(config.logLevel), ...(options.clock ? { clock: options.clock } : {}), ...options.hub });
  const connections: HubConnection[] = [];

  const tokenFor = (agentId: string, organisationId = 'contoso', roles = agentId === 'sam' ? ['agent', 'supervisor'] : ['agent']) =>
    issueAgentToken(config.auth, { agentId, organisationId, displayName: agentId, roles }, 600);

  return {
    hub,
    config,
    standIn,
    twilio,
    url: hub.url,
    tokenFor,
    async connect(agentId, { transport = HttpTransportType.WebSockets, organisationId, onEvent = {} } = {}) {
      const token = await tokenFor(agentId, organisationId);
      const connection = new HubConnectionBuilder()
        .withUrl(hub.url + HUB_PATH, { transport, accessTokenFactory: () => token })
        .configureLogging(LogLevel.None)
        .build();
      for (const [event, handler] of Object.entries(onEvent)) connection.on(event, handler);
      await connection.start();
      connections.push(connection);
      return connection;
    },
    sms: (from, text, { to = CONTOSO_NUMBER, referenceId } = {}) =>
      sendInboundSms({ hubUrl: hub.url, ...TELESIGN, from, to, text, ...(referenceId ? { referenceId } : {}) }),
    whatsapp: (from, text, { to = CONTOSO_WHATSAPP, ...rest } = {}) =>
      sendInboundWhatsApp({ hubUrl: hub.url, webhookUrl: `${hub.publicUrl}/webhooks/twilio`, ...TWILIO, from, to, text, ...rest }),
    async close() {
      await Promise.all(connections.map((c) => c.stop().catch(() => {})));
      await hub.close();
      await standIn.stop();
      await twilio.stop();
    },
  };
}

/** Resolves with the first event of `target` on `connection` whose arguments match. */
export function nextEvent<T = unknown>(connection: HubConnection, target: string, match: (arg: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      connection.off(target, handler);
      reject(new Error(`no ${target} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (arg: T) => {
      if (!match(arg)) return;
      clearTimeout(timer);
      connection.off(target, handler);
      resolve(arg);
    };
    connection.on(target, handler);
  });
}
