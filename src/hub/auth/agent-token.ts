/**
 * Agent access tokens: HS256 JWTs (jose) carrying the agent id (`sub`), organisation (`org`), display name and
 * roles. The integrator's own back end issues them with the shared HUB_JWT_SECRET; in demo mode the hub does.
 * Every token must expire (`exp`), at most `maxLifetimeSeconds` (12 h by default, `auth.maxTokenLifetimeSeconds`)
 * after it was issued (`iat`, or now when it has none or names a time still to come): a stolen token is useless
 * by the end of the working day.
 */
import { SignJWT, jwtVerify } from 'jose';
import { z } from 'zod';
import type { AgentIdentity } from '../../protocol/payloads.js';

export type AgentPrincipal = AgentIdentity;

export interface TokenSettings {
  jwtSecret: string;
  issuer: string;
  audience: string;
  /** Longest lifetime accepted, exp - iat (DEFAULT_MAX_TOKEN_LIFETIME_SECONDS when not given). */
  maxLifetimeSeconds?: number;
  /** The organisations the hub serves: HTTP routes answer 403 to an agent of any other (see requireAgent). */
  organisations?: { has(organisationId: string): boolean };
}

/** Twelve hours: a working day. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;

const claimsSchema = z.object({
  sub: z.string().min(1).max(128),
  org: z.string().min(1).max(128),
  name: z.string().max(200).optional(),
  roles: z.array(z.string().max(64)).max(20).default(['agent']),
});

const key = (secret: string) => new TextEncoder().encode(secret);

export async function issueAgentToken(
  settings: TokenSettings,
  agent: AgentPrincipal,
  ttlSeconds: number,
): Promise<string> {
  return new SignJWT({ org: agent.organisationId, name: agent.displayName, roles: agent.roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(agent.agentId)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key(settings.jwtSecret));
}

/** The agent a token names, or null when it is missing, forged, expired, valid for too long or malformed. */
export async function verifyAgentToken(
  settings: TokenSettings,
  token: string | undefined,
): Promise<AgentPrincipal | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, key(settings.jwtSecret), {
      algorithms: ['HS256'],
      issuer: settings.issuer,
      audience: settings.audience,
      requiredClaims: ['exp'],
    });
    const now = Math.floor(Date.now() / 1000);
    const issuedAt = typeof payload.iat === 'number' ? Math.min(payload.iat, now) : now;
    if (payload.exp! - issuedAt > (settings.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS)) return null;
    const claims = claimsSchema.parse(payload);
    return {
      agentId: claims.sub,
      organisationId: claims.org,
      displayName: claims.name ?? claims.sub,
      roles: claims.roles,
    };
  } catch {
    return null;
  }
}

/**
 * A stable key for "the same agent": SignalR checks every transport request against the negotiating agent, and
 * sending to this user reaches every tab the agent has open.
 */
export function principalKey(agent: AgentPrincipal): string {
  return agentKey(agent.organisationId, agent.agentId);
}

export function agentKey(organisationId: string, agentId: string): string {
  return `${organisationId}/${agentId}`;
}
