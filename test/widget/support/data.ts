import type { ConversationSummary, Message } from '../../../src/protocol/payloads.js';
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
      { language: 'en', text: 'Hi {{CustomerName}}, an update on {{CaseName}}: your parcel is on its way and arrives {{DeliveryDay}}.', contentSid: 'HX11111111111111111111111111111111' },
      { language: 'fr', text: 'Bonjour {{CustomerName}}, du nouveau pour {{CaseName}} : votre colis est en route et arrive {{DeliveryDay}}.', contentSid: 'HX22222222222222222222222222222222' },
      { language: 'es', text: 'Hola {{CustomerName}}, novedades sobre {{CaseName}}: su paquete está en camino y llega {{DeliveryDay}}.', contentSid: 'HX33333333333333333333333333333333' },
    ],
  },
  {
    name: 'follow_up',
    channels: ['whatsapp'],
    defaultLanguage: 'en',
    localizations: [
      { language: 'en', text: 'Hi {{1}}, we tried to reach you about {{2}}. Reply to this message to continue the conversation.' },
      { language: 'de', text: 'Hallo {{1}}, wir haben versucht, Sie wegen {{2}} zu erreichen. Antworten Sie auf diese Nachricht, um fortzufahren.' },
    ],
  },
  {
    name: 'case_closed',
    channels: ['sms', 'whatsapp'],
    defaultLanguage: 'en',
    localizations: [{ language: 'en', text: 'Hi {{CustomerName}}, we have closed {{CaseName}}. Reply any time if you need us again.' }],
  },
  {
    name: 'sms_opt_out',
    channels: ['sms'],
    defaultLanguage: 'en',
    localizations: [{ language: 'en', text: 'Reply STOP to stop messages.' }],
  },
];
