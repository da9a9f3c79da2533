/**
 * The demo's outbound side: the configuration seeded at start ("Delivery delay" on WhatsApp, the case-created
 * event's), and the CRM-side client the simulator uses (`npm run simulate -- outbound …` / `event …`), which calls
 * the hub's real outbound API with the organisation's API key.
 */
import { parseArgs } from 'node:util';
import type { HubConfig, OrganisationConfig } from '../src/hub/config/config-schema.js';
import type { RunningHub } from '../src/hub/hub-server.js';
import type {
  OutboundConfiguration,
  OutboundContact,
  OutboundEventResult,
  OutboundSendResult,
} from '../src/protocol/outbound.js';
import { loadDemoConfig } from './demo-settings.js';

export const DEMO_OUTBOUND_CONFIGURATION = 'Delivery delay';

/** Creates the demo's outbound configuration when the store has none by that name (so restarts keep its id). */
export async function seedDemoOutbound(hub: RunningHub, config: HubConfig): Promise<OutboundConfiguration | null> {
  const org = config.organisations.find(
    (o) => o.channels.some((c) => c.channel === 'whatsapp') && o.templates.some((t) => t.name === 'delivery_update'),
  );
  const number = org?.channels.find((c) => c.channel === 'whatsapp')?.number;
  if (!org || !number) return null;
  const existing = await hub.outbound.findConfigurationByIdOrName(org.id, DEMO_OUTBOUND_CONFIGURATION);
  if (existing) return hub.outbound.getConfiguration(org.id, existing.id);
  return hub.outbound.createConfiguration(org.id, {
    name: DEMO_OUTBOUND_CONFIGURATION,
    showOnTimeline: true,
    channelType: 'whatsapp',
    channelNumber: number,
    templateName: 'delivery_update',
  });
}

/** The organisation's key for its HTTP APIs: `apiKey`, or its voice key. */
export function demoApiKey(org: OrganisationConfig): string | undefined {
  return org.apiKey ?? org.voice?.apiKey;
}

export class OutboundApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(`The hub answered ${status}: ${typeof body.message === 'string' ? body.message : JSON.stringify(body)}`);
  }
}

export interface OutboundApi {
  hubUrl: string;
  apiKey: string;
}

async function call<T>(api: OutboundApi, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${api.hubUrl.replace(/\/$/, '')}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${api.apiKey}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const parsed = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new OutboundApiError(response.status, parsed);
  return parsed as T;
}

/** A configuration by id or name. */
export async function findOutboundConfiguration(api: OutboundApi, idOrName: string): Promise<OutboundConfiguration> {
  const { configurations } = await call<{ configurations: OutboundConfiguration[] }>(
    api,
    'GET',
    '/api/outbound/configurations',
  );
  const found =
    configurations.find((c) => c.id === idOrName) ??
    configurations.find((c) => c.name.toLowerCase() === idOrName.toLowerCase());
  if (!found) {
    throw new OutboundApiError(404, {
      message: `No outbound configuration "${idOrName}" (there are: ${configurations.map((c) => `"${c.name}" ${c.id}`).join(', ') || 'none'})`,
    });
  }
  return found;
}

export function sendOutbound(
  api: OutboundApi,
  configurationId: string,
  contacts: OutboundContact[],
  requestId?: string,
): Promise<OutboundSendResult> {
  return call(api, 'POST', `/api/outbound/${configurationId}/send`, {
    ContactList: contacts,
    ...(requestId ? { requestId } : {}),
  });
}

export function postOutboundEvent(
  api: OutboundApi,
  eventName: string,
  contacts: OutboundContact[],
  eventId?: string,
): Promise<OutboundEventResult> {
  return call(api, 'POST', `/api/events/${encodeURIComponent(eventName)}`, {
    ContactList: contacts,
    ...(eventId ? { eventId } : {}),
  });
}

/** One line per contact, for the terminal. */
export function describeOutcomes(result: Pick<OutboundSendResult, 'contacts'>): string {
  const icon: Record<string, string> = {
    sent: '📤',
    skipped_no_consent: '🚫',
    skipped_opted_out: '🔕',
    invalid: '⚠️ ',
    failed: '❌',
  };
  return result.contacts
    .map(
      (c) =>
        `${icon[c.status] ?? '•'} ${c.tocontactid}: ${c.status}${c.language ? ` (${c.language})` : ''}${c.field ? ` — ${c.field}` : ''}${c.message ? ` — ${c.message}` : ''}${c.duplicate ? ' (already sent)' : ''}`,
    )
    .join('\n');
}

export const OUTBOUND_USAGE = `  npm run simulate -- outbound --configuration <id|name> --to <phone> [--locale fr] [--customer-name "Jane Doe"] [--case-name CAS-01042] [--context DeliveryDay=Friday] [--no-consent] [--request-id <id>] [--org <id>] [--hub <url>]
  npm run simulate -- event <event name, e.g. case-created> --to <phone> [--channel whatsapp|sms] [same options as outbound] [--event-id <id>]`;

/** `npm run simulate -- outbound …` and `… event <name> …`: the CRM sends an outbound message through the hub's API. */
export async function simulateOutbound(kind: 'outbound' | 'event', args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      configuration: { type: 'string' },
      to: { type: 'string' },
      channel: { type: 'string' },
      locale: { type: 'string' },
      'customer-name': { type: 'string' },
      'case-name': { type: 'string' },
      context: { type: 'string', multiple: true },
      'no-consent': { type: 'boolean' },
      'request-id': { type: 'string' },
      'event-id': { type: 'string' },
      org: { type: 'string' },
      hub: { type: 'string' },
    },
  });
  const eventName = positionals[0];
  if (!values.to || (kind === 'outbound' && !values.configuration) || (kind === 'event' && !eventName)) {
    console.error(
      `${kind === 'outbound' ? '--configuration and --to are' : 'an event name and --to are'} required\nusage:\n${OUTBOUND_USAGE}`,
    );
    return 2;
  }
  const config = loadDemoConfig();
  const org = config.organisations.find((o) => (values.org ? o.id === values.org : Boolean(demoApiKey(o))));
  const apiKey = org && demoApiKey(org);
  if (!org || !apiKey) {
    console.error(
      `${values.org ? `Organisation "${values.org}" has` : 'No organisation has'} no API key (apiKey or voice.apiKey)`,
    );
    return 2;
  }
  const api = { hubUrl: values.hub ?? process.env.HUB_URL ?? `http://localhost:${config.port}`, apiKey };
  const contextitems = Object.fromEntries(
    (values.context ?? ['DeliveryDay=tomorrow'])
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)] as const)
      .filter(([k]) => k),
  );
  const contact = (channelid: string): OutboundContact => ({
    tocontactid: values.to!,
    channelid,
    option: !values['no-consent'],
    ...(values.locale ? { locale: values.locale } : {}),
    contextitems,
    CustomerName: values['customer-name'] ?? 'Jane Doe',
    CaseName: values['case-name'] ?? 'CAS-01042',
  });
  try {
    if (kind === 'outbound') {
      const configuration = await findOutboundConfiguration(api, values.configuration!);
      const result = await sendOutbound(
        api,
        configuration.id,
        [contact(configuration.channelType)],
        values['request-id'],
      );
      console.log(
        `"${configuration.name}" (${configuration.channelType} from ${configuration.channelNumber}, template ${configuration.templateName}):\n${describeOutcomes(result)}`,
      );
      return result.summary.sent > 0 ? 0 : 1;
    }
    const result = await postOutboundEvent(api, eventName, [contact(values.channel ?? 'whatsapp')], values['event-id']);
    for (const r of result.results) console.log(`"${r.configurationName}":\n${describeOutcomes(r)}`);
    for (const u of result.unmatched) console.log(`• ${u.tocontactid}: ${u.message}`);
    if (result.missingConfigurations.length)
      console.log(`(mapped but not created: ${result.missingConfigurations.join(', ')})`);
    return result.results.some((r) => r.summary.sent > 0) ? 0 : 1;
  } catch (error) {
    if (error instanceof OutboundApiError) {
      console.error(error.message);
      return 1;
    }
    console.error(`Could not reach the hub at ${api.hubUrl}: ${(error as Error).message}. Is \`npm start\` running?`);
    return 1;
  }
}
