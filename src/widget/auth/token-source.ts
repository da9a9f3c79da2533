import { decodeJwtClaims } from './jwt-claims.js';

/** Gives the hub's bearer token: set by the host page from script, or made from `token-url`. */
export type AccessTokenFactory = () => Promise<string> | string;

/**
 * A factory that GETs `tokenUrl` with the browser's credentials (the CRM session cookie) and reads
 * `{"token": "..."}`. The widget never sees a password: signing in is the host's business.
 */
export function tokenFromUrl(tokenUrl: string): () => Promise<string> {
  return async () => {
    const response = await fetch(tokenUrl, {
      credentials: 'include',
      cache: 'no-store',
      headers: { Accept: 'application/json' },
    });
    if (!response.ok) throw new Error(`Token request to ${tokenUrl} failed: HTTP ${response.status}`);
    const body: unknown = await response.json();
    const token = (body as { token?: unknown } | null)?.token;
    if (typeof token !== 'string' || token === '') throw new Error(`Token response from ${tokenUrl} has no "token"`);
    return token;
  };
}

/**
 * Shares one token between callers for a short while (the cache partition and the hub's negotiate both want
 * one at start-up), and never past the token's own expiry. Concurrent calls share one request; a failure is
 * not remembered.
 */
export function reuseBriefly(factory: AccessTokenFactory, reuseMs = 30_000): () => Promise<string> {
  let token: string | null = null;
  let until = 0;
  let inFlight: Promise<string> | null = null;
  return () => {
    if (token !== null && Date.now() < until) return Promise.resolve(token);
    inFlight ??= Promise.resolve()
      .then(factory)
      .then((fresh) => {
        const exp = decodeJwtClaims(fresh)?.exp;
        token = fresh;
        until = Math.min(Date.now() + reuseMs, typeof exp === 'number' ? exp * 1000 - 5_000 : Infinity);
        return fresh;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };
}
