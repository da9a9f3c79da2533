/**
 * Which queue a conversation waits in: the workstream of its channel and number (one naming the number wins over
 * one for the whole channel), its first rule whose every condition matches, else the workstream's queue, else the
 * organisation's fallback queue.
 */
import type { RoutingConfig } from '../config/config-schema.js';
import type { ConversationRow } from '../store/rows.js';

type Routed = Pick<ConversationRow, 'channel' | 'channel_address' | 'customer_locale' | 'channel_context'>;
type Rule = RoutingConfig['workstreams'][number]['rules'][number];

/** Numbers are compared without "+", spaces or punctuation (TeleSign writes them as digits, Twilio as E.164). */
const sameAddress = (a: string, b: string) => a === b || a.replace(/[\s+()-]/g, '') === b.replace(/[\s+()-]/g, '');

/** "fr" matches fr, fr-FR and fr-CA; "fr-CA" matches fr-CA only. Case does not matter. */
export function localeMatches(wanted: string, locale: string | null): boolean {
  if (!locale) return false;
  const w = wanted.toLowerCase();
  const l = locale.toLowerCase().replace(/_/g, '-');
  return l === w || l.startsWith(`${w}-`);
}

function ruleMatches(rule: Rule, conversation: Routed): boolean {
  const { when } = rule;
  if (when.channel && when.channel !== conversation.channel) return false;
  if (when.entryNumber && !sameAddress(when.entryNumber, conversation.channel_address)) return false;
  if (when.locale && !localeMatches(when.locale, conversation.customer_locale)) return false;
  for (const [key, value] of Object.entries(when.context ?? {})) {
    if (contextText(conversation.channel_context?.[key]) !== value) return false;
  }
  return true;
}

/** A channel context value as a rule's string compares to it: a scalar as written; nothing else ever matches. */
function contextText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function queueFor(routing: RoutingConfig, conversation: Routed): string {
  const fallback = routing.fallbackQueue ?? routing.queues[0].id;
  const candidates = routing.workstreams.filter(
    (w) =>
      w.channel === conversation.channel &&
      (!w.channelAddress || sameAddress(w.channelAddress, conversation.channel_address)),
  );
  const workstream = candidates.find((w) => w.channelAddress) ?? candidates[0];
  if (!workstream) return fallback;
  return workstream.rules.find((rule) => ruleMatches(rule, conversation))?.queue ?? workstream.queue ?? fallback;
}
