import type { Message } from '../../protocol/payloads.js';

/**
 * Merges messages into a list sorted by seq, without duplicates. Two versions of one message (same id or seq)
 * keep the later `updatedAt` (the incoming one on a tie), so a stale catch-up page never undoes a live
 * delivery update. Returns `existing` itself when nothing changed.
 */
export function mergeMessages(existing: readonly Message[], incoming: readonly Message[]): readonly Message[] {
  const bySeq = new Map<number, Message>();
  for (const message of existing) bySeq.set(message.seq, message);
  let changed = false;
  for (const message of incoming) {
    const current = bySeq.get(message.seq);
    if (current === message) continue;
    if (current && current.updatedAt > message.updatedAt) continue;
    if (current && sameMessage(current, message)) continue;
    bySeq.set(message.seq, message);
    changed = true;
  }
  if (!changed) return existing;
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function sameMessage(a: Message, b: Message): boolean {
  return (
    a.id === b.id &&
    a.updatedAt === b.updatedAt &&
    a.status === b.status &&
    a.text === b.text &&
    a.errorCode === b.errorCode &&
    a.errorDetail === b.errorDetail
  );
}

/** The highest seq `k` such that messages 1…k are all held (0 when message 1 is missing). */
export function contiguousSeq(messages: readonly Message[]): number {
  let expected = 1;
  for (const message of messages) {
    if (message.seq < expected) continue;
    if (message.seq !== expected) break;
    expected += 1;
  }
  return expected - 1;
}

/**
 * Where to resume fetching a conversation's history: after the contiguous run of held messages, or earlier,
 * just before the first agent message still in flight (pending/sent), to pick up delivery updates that were
 * missed while disconnected.
 */
export function catchUpAfterSeq(messages: readonly Message[]): number {
  let after = contiguousSeq(messages);
  for (const message of messages) {
    if (message.seq > after) break;
    if (message.direction === 'outbound' && (message.status === 'pending' || message.status === 'sent')) {
      after = message.seq - 1;
      break;
    }
  }
  return after;
}
