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
import {
  TeleSignStandIn,
  type TeleSignStandInOptions,
  TwilioStandIn,
  GbmStandIn,
  CrmStandIn,
  type CrmStandInOptions,
} from '../../support/stand-ins/index.js';
import { sendInboundWhatsApp } from '../../../demo/simulated-whatsapp-customer.js';
import type { Clock } from '../../../src/hub/clock.js';
import { generateKeyPairSync } from 'node:crypto';
import { postCallEvent } from '../../../demo/simulated-caller.js';
import type { CallEventResult } from '../../../src/protocol/calls.js';
import { onEach, type EventHandlers } from './hub-client.js';

export const CONTOSO_NUMBER = '18005550199';
export const FABRIKAM_NUMBER = '18005550123';
export const TELESIGN = {
  customerId: 'TEST-CUSTOMER-0001',
  apiKey: Buffer.from('test-api-key-for-signatures').toString('base64'),
};
export const TWILIO = { accountSid: 'AC' + 'a'.repeat(32), authToken: 'test-twilio-auth-token-0123456789' };
export const CONTOSO_WHATSAPP = '+14155550100';
/** The contact-centre platform's API keys (voice). */
export const CONTOSO_VOICE_KEY = 'test-contoso-voice-key-0123456789';
export const FABRIKAM_VOICE_KEY = 'test-fabrikam-voice-key-0123456789';
export const CRM_CLIENT = { clientId: 'test-crm-client', clientSecret: 'test-crm-client-secret-0123456789' };
export const CONTOSO_TWILIO_SMS = '+14155550111';
/** The organisations' API keys for their HTTP APIs (outbound messages, events). */
export const CONTOSO_API_KEY = 'test-contoso-api-key-0123456789';
export const FABRIKAM_API_KEY = 'test-fabrikam-api-key-0123456789';
export const CONTOSO_GBM_AGENT = 'brands/contoso/agents/support';

/** A throw-away service account for Business Messages (one per test process). */
export const GBM_ACCOUNT = (() => {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return {
    partnerId: 'test-partner',
    clientToken: 'test-gbm-client-token-0123456789',
    clientEmail: 'hub@test-project.iam.gserviceaccount.com',
    privateKey,
  };
})();

/** Templates as an organisation configures them (see the README's templates reference). */
export const TEST_TEMPLATES = [
  {
    name: 'delivery_update',
    channels: ['whatsapp', 'sms'] as ('whatsapp' | 'sms')[],
    defaultLanguage: 'en',
    localizations: [
      {
        language: 'en',
        text: 'Hi {{CustomerName}}, an update on {{CaseName}}: it arrives {{DeliveryDay}}.',
        contentSid: 'HX' + '1'.repeat(32),
      },
      {
        language: 'fr',
        text: 'Bonjour {{CustomerName}}, du nouveau pour {{CaseName}} : arrivée {{DeliveryDay}}.',
        contentSid: 'HX' + '2'.repeat(32),
      },
    ],
  },
  {
    name: 'plain_notice',
    channels: ['sms', 'whatsapp'] as ('whatsapp' | 'sms')[],
    defaultLanguage: 'en',
    localizations: [{ language: 'en', text: 'Hi {{1}}, your case {{2}} is closed.' }],
  },
];

/** Routing for tests that are not about routing: auto-assignment, room for 100 conversations. */
export const LEGACY_ROUTING = { mode: 'auto', capacity: { messaging: 100, voice: 1 } } as const;

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
    gbm: {
      partnerId: GBM_ACCOUNT.partnerId,
      clientToken: GBM_ACCOUNT.clientToken,
      baseUrl: 'http://127.0.0.1:9',
      credentials: {
        client_email: GBM_ACCOUNT.clientEmail,
        private_key: GBM_ACCOUNT.privateKey,
        token_uri: 'http://127.0.0.1:9/token',
      },
    },
    crm: { ...CRM_CLIENT, baseUrl: 'http://127.0.0.1:9', tokenUrl: 'http://127.0.0.1:9/token' },
    organisations: [
      {
        id: 'contoso',
        name: 'Contoso',
        channels: [
          { channel: 'sms', provider: 'telesign', number: CONTOSO_NUMBER },
          { channel: 'whatsapp', provider: 'twilio', number: CONTOSO_WHATSAPP },
          {
            channel: 'sms',
            provider: 'twilio',
            number: CONTOSO_TWILIO_SMS,
            attachments: { customers: true, agents: false },
          },
          { channel: 'gbm', provider: 'google', number: CONTOSO_GBM_AGENT },
        ],
        templates: TEST_TEMPLATES,
        apiKey: CONTOSO_API_KEY,
        voice: {
          apiKey: CONTOSO_VOICE_KEY,
          countryCode: '1',
          queues: [
            { id: 'support', name: 'Support' },
            { id: 'billing', name: 'Billing' },
          ],
          wrapUpSeconds: 60,
        },
        // Most tests are about what happens once an agent has a conversation: assigned without offers, plenty at once.
        routing: LEGACY_ROUTING,
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
        apiKey: FABRIKAM_API_KEY,
        voice: { apiKey: FABRIKAM_VOICE_KEY, countryCode: '1', queues: [{ id: 'claims', name: 'Claims' }] },
        routing: LEGACY_ROUTING,
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
  /** The Business Messages API and Google token endpoint stand-in. */
  gbm: GbmStandIn;
  /** The Dataverse stand-in the voice data dip reads (seeded with Jane Doe and her case CAS-01042). */
  crm: CrmStandIn;
  url: string;
  tokenFor(agentId: string, organisationId?: string, roles?: string[]): Promise<string>;
  /** An agent's connection (Alice's WebSockets by default); `onEvent` handlers listen from before it starts. */
  connect(
    agentId: string,
    options?: { transport?: HttpTransportType; organisationId?: string; onEvent?: EventHandlers },
  ): Promise<HubConnection>;
  /** A customer texts `to` (Contoso's number by default) through the signed webhook. */
  sms(from: string, text: string, options?: { to?: string; referenceId?: string }): Promise<WebhookAnswer>;
  /** A customer writes on WhatsApp (to Contoso's WhatsApp number by default) through the signed Twilio webhook. */
  whatsapp(
    from: string,
    text: string,
    options?: {
      to?: string;
      messageSid?: string;
      media?: Array<{ url: string; contentType: string }>;
      profileName?: string;
      channel?: 'whatsapp' | 'sms';
      optOutType?: string;
    },
  ): Promise<WebhookAnswer>;
  /** The contact-centre platform posts a call event (with Contoso's voice API key unless another is given). */
  callEvent(event: Record<string, unknown>, apiKey?: string): Promise<CallEventResult>;
  /** A JSON request to the hub's HTTP API with an organisation's API key (Contoso's unless another, or null for none). */
  api<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    options?: { apiKey?: string | null; headers?: Record<string, string> },
  ): Promise<ApiAnswer<T>>;
  close(): Promise<void>;
}

export interface ApiAnswer<T> {
  status: number;
  body: T;
  headers: Headers;
}

export async function startTestHub(
  options: {
    config?: Partial<HubConfigInput>;
    standIn?: Partial<TeleSignStandInOptions>;
    hub?: Partial<StartHubOptions>;
    clock?: Clock;
    crm?: Partial<CrmStandInOptions>;
  } = {},
): Promise<TestHub> {
  const standIn = new TeleSignStandIn({ ...TELESIGN, deliveryDelayMs: 20, ...options.standIn });
  const standInUrl = await standIn.start();
  const twilio = new TwilioStandIn({ ...TWILIO, statusDelayMs: 20 });
  const twilioUrl = await twilio.start();
  const crm = new CrmStandIn({ ...CRM_CLIENT, ...options.crm });
  const crmUrl = await crm.start();
  let hubRef: RunningHub | undefined;
  const gbm = new GbmStandIn({
    privateKey: GBM_ACCOUNT.privateKey,
    clientEmail: GBM_ACCOUNT.clientEmail,
    clientToken: GBM_ACCOUNT.clientToken,
    agent: CONTOSO_GBM_AGENT,
    receiptDelayMs: 20,
    webhookUrl: () => `${hubRef?.publicUrl ?? ''}/webhooks/gbm`,
  });
  const gbmUrl = await gbm.start();
  const config = testConfig({
    gbm: {
      partnerId: GBM_ACCOUNT.partnerId,
      clientToken: GBM_ACCOUNT.clientToken,
      baseUrl: gbmUrl,
      credentials: {
        client_email: GBM_ACCOUNT.clientEmail,
        private_key: GBM_ACCOUNT.privateKey,
        token_uri: gbm.tokenUri,
      },
    },
    ...options.config,
    telesign: { ...TELESIGN, baseUrl: standInUrl, ...options.config?.telesign },
    twilio: { ...TWILIO, baseUrl: twilioUrl, ...options.config?.twilio },
    crm: {
      ...CRM_CLIENT,
      baseUrl: crmUrl,
      tokenUrl: crm.tokenUrl,
      appUrl: `${crmUrl}/main.aspx`,
      ...options.config?.crm,
    },
  });
  const hub = await startHub({
    config,
    logger: createLogger(config.logLevel),
    ...(options.clock ? { clock: options.clock } : {}),
    ...options.hub,
  });
  hubRef = hub;
  const connections: HubConnection[] = [];

  const tokenFor = (
    agentId: string,
    organisationId = 'contoso',
    roles = agentId === 'sam' ? ['agent', 'supervisor'] : ['agent'],
  ) => issueAgentToken(config.auth, { agentId, organisationId, displayName: agentId, roles }, 600);

  return {
    hub,
    config,
    standIn,
    twilio,
    gbm,
    crm,
    url: hub.url,
    tokenFor,
    async connect(agentId, { transport = HttpTransportType.WebSockets, organisationId, onEvent = {} } = {}) {
      const token = await tokenFor(agentId, organisationId);
      const connection = new HubConnectionBuilder()
        .withUrl(hub.url + HUB_PATH, { transport, accessTokenFactory: () => token })
        .configureLogging(LogLevel.None)
        .build();
      onEach(connection, onEvent);
      await connection.start();
      connections.push(connection);
      return connection;
    },
    sms: (from, text, { to = CONTOSO_NUMBER, referenceId } = {}) =>
      sendInboundSms({ hubUrl: hub.url, ...TELESIGN, from, to, text, ...(referenceId ? { referenceId } : {}) }),
    whatsapp: (from, text, { to = CONTOSO_WHATSAPP, ...rest } = {}) =>
      sendInboundWhatsApp({
        hubUrl: hub.url,
        webhookUrl: `${hub.publicUrl}/webhooks/twilio`,
        ...TWILIO,
        from,
        to,
        text,
        ...rest,
      }),
    callEvent: (event, apiKey = CONTOSO_VOICE_KEY) => postCallEvent({ hubUrl: hub.url, apiKey }, event),
    async api(method, path, body, { apiKey = CONTOSO_API_KEY, headers = {} } = {}) {
      const response = await fetch(hub.url + path, {
        method,
        headers: {
          ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : null) as never, headers: response.headers };
    },
    async close() {
      await Promise.all(connections.map((c) => c.stop().catch(() => {})));
      await hub.close();
      await standIn.stop();
      await twilio.stop();
      await gbm.stop();
      await crm.stop();
    },
  };
}
