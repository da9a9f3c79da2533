/** The claims of the hub's access token that the widget reads. */
export interface TokenClaims {
  /** Agent id. */
  sub: string;
  /** Organisation id. */
  org: string;
  name?: string;
  roles?: string[];
  /** Expiry, seconds since the epoch. */
  exp?: number;
}

/**
 * Reads a JWT's payload WITHOUT verifying it. Only for choosing this agent's cache partition and for token
 * reuse timing; the hub verifies every token. Returns null when the token is not a JWT with `sub` and `org`.
 */
export function decodeJwtClaims(token: string): TokenClaims | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims: unknown = JSON.parse(decodeBase64Url(payload));
    if (typeof claims !== 'object' || claims === null) return null;
    const { sub, org } = claims as Record<string, unknown>;
    if (typeof sub !== 'string' || typeof org !== 'string' || !sub || !org) return null;
    return claims as TokenClaims;
  } catch {
    return null;
  }
}

function decodeBase64Url(text: string): string {
  const base64 = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
