/**
 * Error codes shared by the hub's HTTP API and its SignalR completions.
 * Hub method errors travel as the completion's error string `"[code] message"`; `parseHubError` reads it back.
 */
export const ErrorCodes = {
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'not_found',
  invalidRequest: 'invalid_request',
  invalidJson: 'invalid_json',
  unsupportedMediaType: 'unsupported_media_type',
  payloadTooLarge: 'payload_too_large',
  invalidSignature: 'invalid_signature',
  unknownNumber: 'unknown_number',
  textTooLong: 'text_too_long',
  textEmpty: 'text_empty',
  conversationClosed: 'conversation_closed',
  notAssigned: 'not_assigned',
  providerError: 'provider_error',
  providerUnreachable: 'provider_unreachable',
  sessionWindowClosed: 'session_window_closed',
  templateNotFound: 'template_not_found',
  templateValueMissing: 'template_value_missing',
  attachmentsNotAllowed: 'attachments_not_allowed',
  attachmentTooLarge: 'attachment_too_large',
  attachmentTypeNotAllowed: 'attachment_type_not_allowed',
  /** A call action or platform event that the call's state does not allow; the message names from → to. */
  illegalCallTransition: 'illegal_call_transition',
  /** Mute or DTMF on a call that is not connected. */
  callNotConnected: 'call_not_connected',
  /** A transfer to an agent who is not connected or is busy. */
  agentUnavailable: 'agent_unavailable',
  /** The agent has no room for more work of this kind (their capacity; resume, transfer). */
  capacityFull: 'capacity_full',
  /** The offer ended before this answer (expired, or another answer came first). */
  offerGone: 'offer_gone',
  /** The CRM timed out, failed or is not configured (creating a case); look-ups fall back to an unknown caller instead. */
  crmUnavailable: 'crm_unavailable',
  /** The organisation has no voice configuration. */
  voiceNotConfigured: 'voice_not_configured',
  /** More contacts in one outbound request than MAX_OUTBOUND_CONTACTS (400). */
  tooManyContacts: 'too_many_contacts',
  /** Over MAX_OUTBOUND_REQUESTS_PER_HOUR (429, with Retry-After in seconds). */
  rateLimited: 'rate_limited',
  /** The customer opted out of this channel (STOP); they opt back in by writing START. */
  customerOptedOut: 'customer_opted_out',
  /** A name already taken (an outbound configuration's), or a state that forbids the change (409). */
  conflict: 'conflict',
  internal: 'internal_error',
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** Formats a hub method error for a SignalR completion. */
export function formatHubError(code: string, message: string): string {
  return `[${code}] ${message}`;
}

/**
 * Reads a code and message back from an error thrown by the SignalR client for a failed invocation
 * (the client wraps the completion's text, e.g. "An unexpected error occurred invoking 'x' on the server. [code] text").
 */
export function parseHubError(error: unknown): { code: string; message: string } {
  const text = error instanceof Error ? error.message : String(error);
  const match = /\[([a-z_]+)\] (.*)$/s.exec(text);
  if (match) return { code: match[1], message: match[2] };
  return { code: ErrorCodes.internal, message: text };
}
