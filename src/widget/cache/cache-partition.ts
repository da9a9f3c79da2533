import type { AgentIdentity } from '../../protocol/payloads.js';
import type { TokenClaims } from '../auth/jwt-claims.js';

/**
 * Whose data a cache holds. Each organisation + agent gets its own IndexedDB database, so on a shared browser
 * one agent never paints another's conversations.
 */
export interface CachePartition {
  organisationId: string;
  agentId: string;
}

export function partitionFromClaims(claims: TokenClaims): CachePartition {
  return { organisationId: claims.org, agentId: claims.sub };
}

export function partitionFromIdentity(identity: AgentIdentity): CachePartition {
  return { organisationId: identity.organisationId, agentId: identity.agentId };
}

export function samePartition(a: CachePartition, b: CachePartition): boolean {
  return a.organisationId === b.organisationId && a.agentId === b.agentId;
}

/**
 * The IndexedDB database name of a partition. The ids are URI-encoded, which always escapes the "/" separator,
 * so no two partitions share a name.
 */
export function cacheDatabaseName(partition: CachePartition): string {
  const org = encodeURIComponent(partition.organisationId);
  const agent = encodeURIComponent(partition.agentId);
  return `agent-desktop-cache/v1/${org}/${agent}`;
}
