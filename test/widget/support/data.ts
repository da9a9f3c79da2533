import type { ConversationSummary, Message } from '../../../src/protocol/payloads.js';

/** A conversation summary with sensible defaults. */
export function conversation(overrides: Partial<ConversationSummary> & { id: string }): ConversationSummary {
  return {
    organisationId: 'org-1',
    channel: 'sms',
    channelAddress: '14155550000',
    customerAddress: '+14155550100',
    customerName: null,
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
