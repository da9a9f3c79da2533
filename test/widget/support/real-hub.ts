/**
 * The browser side of the real hub the widget's tests run against (see real-hub-harness.ts): the hub's
 * addresses, an organisation of its own for each test, customers texting through the hub's signed TeleSign
 * webhook, stopping and starting the hub, and cutting the browser's link to it.
 */
import type {
  CrmRecords,
  GateMode,
  HarnessInfo,
  HubClock,
  PhoneThread,
  SimulatedCall,
  TestOrganisationInfo,
  WebhookReply,
  WhatsAppMessage,
  WhatsAppReply,
} from './real-hub-api.js';
import type {
  OutboundConfiguration,
  OutboundConfigurationInput,
  OutboundContact,
  OutboundSendResult,
} from '../../../src/protocol/outbound.js';

async function harnessCall<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/harness${path}`, {
    method,
    cache: 'no-store',
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`harness ${method} ${path}: HTTP ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

let cachedInfo: Promise<HarnessInfo> | null = null;

export const realHub = {
  /** The hub's addresses (they never change during a run) and whether it runs. */
  info(): Promise<HarnessInfo> {
    return harnessCall<HarnessInfo>('GET', '/info');
  },

  /** The hub's base URL, what `hub-url` takes. */
  async url(): Promise<string> {
    cachedInfo ??= realHub.info();
    return (await cachedInfo).hubUrl;
  },

  /** The hub's base URL through the gate (see `gate`). */
  async gatedUrl(): Promise<string> {
    cachedInfo ??= realHub.info();
    return (await cachedInfo).gatedHubUrl;
  },

  /** Stops the hub (SignalR's Close to every client, then the server and its store). */
  stop(): Promise<HarnessInfo> {
    return harnessCall('POST', '/hub/stop');
  },

  /** Starts the hub again on the same port and data folder (does nothing if it runs). */
  start(): Promise<HarnessInfo> {
    return harnessCall('POST', '/hub/start');
  },

  /** Sets the link between the browser and `gatedUrl()`: open, down, or one-way (the hub's answers are lost). */
  gate(mode: GateMode): Promise<HarnessInfo> {
    return harnessCall('POST', '/gate', { mode });
  },

  /** Moves the hub's clock forward (e.g. past WhatsApp's 24-hour window); `restore()` puts it back. */
  advanceClock(ms: number): Promise<HubClock> {
    return harnessCall('POST', '/clock', { advanceMs: ms });
  },

  /** The hub's clock as it stands. */
  clock(): Promise<HubClock> {
    return harnessCall('GET', '/clock');
  },

  /** The demo CRM's contacts and cases (seeded: Jane Doe with case CAS-01042, Sam Carter without a case). */
  crm(): Promise<CrmRecords> {
    return harnessCall('GET', '/crm');
  },

  /** Makes the demo CRM fail every request with `status` (null: it answers again). `restore()` puts it back. */
  failCrm(status: number | null): Promise<unknown> {
    return harnessCall('POST', '/crm', { failWith: status });
  },

  /** Puts everything back for the next test: the hub running, the gate open, the hub's clock true, the CRM up. */
  async restore(): Promise<void> {
    await realHub.gate('open');
    await realHub.start();
    await harnessCall('POST', '/clock', { reset: true });
    await realHub.failCrm(null);
  },

  /**
   * An organisation of the hub's configuration that no other test uses. Its conversations are assigned without
   * asking (`auto`, plenty at once), or with `{ routing: 'offer' }` offered to agents to accept or decline (queues
   * "General" and "Billing", 3 conversations at once, 30 s to answer an offer, 60 s of wrap-up).
   */
  async organisation(options: { routing?: 'offer' } = {}): Promise<TestOrganisation> {
    return new TestOrganisation(await harnessCall<TestOrganisationInfo>('POST', '/organisations', options));
  },
};

/** One test's organisation: its number, its demo agents (alice, bob; sam the supervisor) and its customers. */
export class TestOrganisation implements TestOrganisationInfo {
  readonly id: string;
  readonly name: string;
  readonly number: string;
  readonly whatsAppNumber: string;
  readonly agents: TestOrganisationInfo['agents'];

  constructor(info: TestOrganisationInfo) {
    this.id = info.id;
    this.name = info.name;
    this.number = info.number;
    this.whatsAppNumber = info.whatsAppNumber;
    this.agents = info.agents;
  }

  /** The display name the hub gives an agent (from the configuration, through the token). */
  displayName(agentId: string): string {
    return this.agents.find((agent) => agent.id === agentId)!.displayName;
  }

  /** A URL that answers `{"token": …}` for the agent, as a CRM's token endpoint does (for `token-url`). */
  tokenUrl(agentId: string): string {
    return `${location.origin}/harness/token?${new URLSearchParams({ organisationId: this.id, agentId })}`;
  }

  /** A real token for the agent, issued by the hub's demo token endpoint. */
  async token(agentId: string): Promise<string> {
    return (
      await harnessCall<{ token: string }>('GET', `/token?${new URLSearchParams({ organisationId: this.id, agentId })}`)
    ).token;
  }

  /** The customer at `from` texts the organisation's number (a signed TeleSign callback to the hub's webhook). */
  text(from: string, text: string): Promise<WebhookReply> {
    return harnessCall('POST', '/text', { organisationId: this.id, from, text });
  }

  /**
   * The customer at `from` (digits, as `customerNumber()` makes them) writes to the organisation's WhatsApp
   * number: a signed Twilio callback to the hub's webhook. Find the conversation by `whatsAppAddress(from)`.
   */
  whatsApp(from: string, message: WhatsAppMessage): Promise<WhatsAppReply> {
    return harnessCall('POST', '/whatsapp', { organisationId: this.id, from, ...message });
  }

  /**
   * A caller at `ani` (as the platform reports it, e.g. "+15551234567") rings the organisation: the call arrives,
   * the IVR's data dip runs, the caller picks "agent" (or hangs up in the menu) and the call is queued, then offered
   * to a connected, free agent. Seeded callers: `SEEDED_CALLERS`.
   */
  call(ani: string, options: { menu?: 'agent' | 'hang_up'; queueId?: string } = {}): Promise<SimulatedCall> {
    return harnessCall('POST', '/call', { organisationId: this.id, ani, ...options });
  }

  /** The caller hangs up (the platform's `ended` event for the call). */
  callerHangsUp(interactionId: string): Promise<unknown> {
    return harnessCall('POST', '/call/hang-up', { organisationId: this.id, interactionId });
  }

  /**
   * The organisation's outbound HTTP API (`/api/outbound/…`, `/api/events/…`) with its API key: the hub's status and
   * JSON body, refusals included.
   */
  outbound<T = unknown>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    return harnessCall('POST', '/outbound', { organisationId: this.id, method, path, body });
  }

  /** Creates an outbound configuration (its name, channel, number and template) and answers it. */
  async outboundConfiguration(input: OutboundConfigurationInput): Promise<OutboundConfiguration> {
    const { status, body } = await this.outbound<OutboundConfiguration>('POST', '/api/outbound/configurations', input);
    if (status !== 201) throw new Error(`creating the outbound configuration: HTTP ${status} ${JSON.stringify(body)}`);
    return body;
  }

  /** Sends through an outbound configuration (the ContactList send API) and answers the hub's result. */
  async sendOutbound(configurationId: string, contacts: OutboundContact[]): Promise<OutboundSendResult> {
    const { status, body } = await this.outbound<OutboundSendResult>('POST', `/api/outbound/${configurationId}/send`, {
      ContactList: contacts,
    });
    if (status !== 200) throw new Error(`sending through ${configurationId}: HTTP ${status} ${JSON.stringify(body)}`);
    return body;
  }

  /** What the customer's handset sent and received. */
  phone(number: string): Promise<PhoneThread> {
    return harnessCall('GET', `/phone/${number}`);
  }

  /** The agent of each SignalR connection the hub has open in this organisation, sorted. */
  async connectedAgents(): Promise<string[]> {
    return (
      await harnessCall<{ agents: string[] }>('GET', `/connections?${new URLSearchParams({ organisationId: this.id })}`)
    ).agents;
  }
}

/** The demo CRM's seeded callers (demo/crm-stand-in.ts), as the platform reports their numbers. */
export const SEEDED_CALLERS = {
  /** Jane Doe, latest case CAS-01042 "Parcel delayed in transit" (active). */
  jane: '+15551234567',
  /** Sam Carter, no case. */
  sam: '+15559876543',
} as const;

/** A caller's number no contact in the demo CRM has (E.164). */
export function unknownCaller(): string {
  return `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
}

/** A customer's phone number no other test uses (digits only, as TeleSign sends them). */
export function customerNumber(): string {
  return `1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
}
