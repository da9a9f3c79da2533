import type { Call, CallCustomer, VoiceSettings } from '../../../src/protocol/calls.js';
import type { OutboundActivity } from '../../../src/protocol/outbound.js';
import type { ConversationSummary, Message } from '../../../src/protocol/payloads.js';
import type { ConversationOffer, RoutingState } from '../../../src/protocol/routing.js';
import type { MessageTemplate } from '../../../src/protocol/templates.js';

/** A conversation summary with sensible defaults. */
export function conversation(overrides: Partial<ConversationSummary> & { id: string }): ConversationSummary {
  return {
    organisationId: 'org-1',
    channel: 'sms',
    channelAddress: '14155550000',
    customerAddress: '+14155550100',
    customerName: null,
    customerLocale: null,
    // as the hub's defaults: WhatsApp channels take agent files, SMS ones do not
    agentAttachments: overrides.channel === 'whatsapp',
    status: 'active',
    assignedAgentId: 'agent-1',
    lastSeq: 0,
    unreadCount: 0,
    preview: 'Hello',
    lastActivityAt: '2025-01-01T10:00:00.000Z',
    lastInboundAt: null,
    createdAt: '2025-01-01T09:00:00.000Z',
    queueId: null,
    queuedAt: null,
    offeredAgentId: null,
    wrapUpEndsAt: null,
    transfer: null,
    ...overrides,
  };
}

/** A message with sensible defaults (inbound, received). */
export function message(overrides: Partial<Message> & { conversationId: string; seq: number }): Message {
  const at = new Date(Date.UTC(2025, 0, 1, 10, overrides.seq)).toISOString();
  return {
    id: `${overrides.conversationId}-m${overrides.seq}`,
    organisationId: 'org-1',
    direction: 'inbound',
    clientMessageId: null,
    agentId: null,
    text: `Message ${overrides.seq}`,
    attachments: [],
    templateName: null,
    status: 'received',
    errorCode: null,
    errorDetail: null,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

/** An outbound message on a conversation's timeline, sent by a configuration (delivered, at `sentAt`). */
export function outboundActivity(
  overrides: Partial<OutboundActivity> & { id: string; conversationId: string | null; sentAt: string },
): OutboundActivity {
  return {
    organisationId: 'org-1',
    configurationId: 'cfg-1',
    configurationName: 'Delivery delay',
    trigger: 'event',
    channel: 'sms',
    channelAddress: '14155550000',
    customerAddress: '+14155550100',
    text: 'Hi Ada, your parcel is delayed.',
    templateName: 'delivery_update',
    language: 'en',
    status: 'delivered',
    errorCode: null,
    customerName: 'Ada',
    caseName: 'CAS-1',
    entityRelationshipName: null,
    ...overrides,
  };
}

/** Many conversations, one minute apart, newest first by index. */
export function manyConversations(count: number): ConversationSummary[] {
  const start = Date.UTC(2025, 0, 1);
  return Array.from({ length: count }, (_, i) =>
    conversation({
      id: `c${i}`,
      customerAddress: `+1415555${String(i).padStart(4, '0')}`,
      lastActivityAt: new Date(start - i * 60_000).toISOString(),
      preview: `Preview ${i}`,
    }),
  );
}

/** A JWT with a made-up signature: the widget only decodes it, and the hub refuses it. */
export function testToken(claims: Record<string, unknown>): string {
  const encode = (value: unknown) =>
    btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value))))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}.c2lnbmF0dXJl`;
}

/** The demo's templates (demo/demo.config.json), and one for SMS only. */
export const TEMPLATES: MessageTemplate[] = [
  {
    name: 'delivery_update',
    channels: ['whatsapp', 'sms'],
    defaultLanguage: 'en',
    localizations: [
      {
        language: 'en',
        text: 'Hi {{CustomerName}}, an update on {{CaseName}}: your parcel is on its way and arrives {{DeliveryDay}}.',
        contentSid: 'HX11111111111111111111111111111111',
      },
      {
        language: 'fr',
        text: 'Bonjour {{CustomerName}}, du nouveau pour {{CaseName}} : votre colis est en route et arrive {{DeliveryDay}}.',
        contentSid: 'HX22222222222222222222222222222222',
      },
      {
        language: 'es',
        text: 'Hola {{CustomerName}}, novedades sobre {{CaseName}}: su paquete está en camino y llega {{DeliveryDay}}.',
        contentSid: 'HX33333333333333333333333333333333',
      },
    ],
  },
  {
    name: 'follow_up',
    channels: ['whatsapp'],
    defaultLanguage: 'en',
    localizations: [
      {
        language: 'en',
        text: 'Hi {{1}}, we tried to reach you about {{2}}. Reply to this message to continue the conversation.',
      },
      {
        language: 'de',
        text: 'Hallo {{1}}, wir haben versucht, Sie wegen {{2}} zu erreichen. Antworten Sie auf diese Nachricht, um fortzufahren.',
      },
    ],
  },
  {
    name: 'case_closed',
    channels: ['sms', 'whatsapp'],
    defaultLanguage: 'en',
    localizations: [
      {
        language: 'en',
        text: 'Hi {{CustomerName}}, we have closed {{CaseName}}. Reply any time if you need us again.',
      },
    ],
  },
  {
    name: 'sms_opt_out',
    channels: ['sms'],
    defaultLanguage: 'en',
    localizations: [{ language: 'en', text: 'Reply STOP to stop messages.' }],
  },
];

/** A call with sensible defaults: ringing at agent-1, from +15551234567, the data dip pending. */
export function call(overrides: Partial<Call> & { id: string }): Call {
  return {
    organisationId: 'org-1',
    interactionId: `interaction-${overrides.id}`,
    ani: '+15551234567',
    callerNumber: '+15551234567',
    dnis: '+18005550199',
    state: 'offered',
    assignedAgentId: 'agent-1',
    queue: { id: 'support', name: 'Customer support' },
    muted: false,
    flowVariables: {},
    lookupStatus: 'pending',
    customer: null,
    greeting: null,
    arrivedAt: '2026-03-02T09:00:00.000Z',
    queuedAt: '2026-03-02T09:00:05.000Z',
    offeredAt: '2026-03-02T09:00:06.000Z',
    answeredAt: null,
    heldAt: null,
    endedAt: null,
    wrapUp: null,
    updatedAt: '2026-03-02T09:00:06.000Z',
    ...overrides,
  };
}

/** Jane Doe as the CRM knows her, with her latest case. */
export const JANE: CallCustomer = {
  contactId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
  fullName: 'Jane Doe',
  firstName: 'Jane',
  phone: '+1 (555) 123-4567',
  latestCase: {
    incidentId: '9a6c1e58-2b7d-4c1e-8f3a-5d2b7e9c1042',
    title: 'Parcel delayed in transit',
    ticketNumber: 'CAS-01042',
    status: 'active',
    recordUrl: null,
  },
  recordUrl: null,
};

export const VOICE: VoiceSettings = {
  enabled: true,
  queues: [
    { id: 'support', name: 'Customer support' },
    { id: 'billing', name: 'Billing' },
  ],
  dispositions: [
    { id: 'resolved', label: 'Resolved' },
    { id: 'follow_up', label: 'Follow-up needed' },
  ],
  wrapUpSeconds: 60,
  ringTimeoutSeconds: 30,
};

/** agent-1's routing: available, offered work, in queue `general` of two, nothing offered yet. */
export function routingState(overrides: Partial<RoutingState> = {}): RoutingState {
  return {
    presence: 'available',
    capacity: { messaging: 3, voice: 1 },
    load: { messaging: 0, voice: 0, sms: 0, whatsapp: 0, gbm: 0 },
    queues: [
      { id: 'general', name: 'General' },
      { id: 'billing', name: 'Billing' },
    ],
    myQueueIds: ['general'],
    mode: 'offer',
    offerTimeoutSeconds: 30,
    offers: [],
    queueStats: [{ queueId: 'general', name: 'General', waiting: 0, offered: 0, longestWaitingSince: null }],
    ...overrides,
  };
}

/** An offer to agent-1 of an open SMS conversation in `general`, 30 s from `offeredAt`. */
export function offer(id: string, offeredAt: string, overrides: Partial<ConversationOffer> = {}): ConversationOffer {
  return {
    conversation: conversation({
      id,
      status: 'open',
      assignedAgentId: null,
      offeredAgentId: 'agent-1',
      customerName: 'Grace Hopper',
      customerAddress: '+15550002',
      preview: 'My parcel is late',
      queueId: 'general',
      queuedAt: offeredAt,
    }),
    queueId: 'general',
    offeredAt,
    expiresAt: new Date(Date.parse(offeredAt) + 30_000).toISOString(),
    transfer: null,
    ...overrides,
  };
}
