/**
 * OAuth 2 client-credentials access tokens (Microsoft Entra ID's token endpoint, or any RFC 6749 server):
 * fetched once, reused until shortly before `expires_in` runs out, and shared: callers asking while a request
 * is under way wait for that one instead of starting their own.
 */
import type { Clock } from '../clock.js';
import { CrmError } from './crm-error.js';

export interface ClientCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  /** How long one token request may take. */
  timeoutMs: number;
}

interface CachedToken {
  accessToken: string;
  /** When to stop using it: expiry less a safety margin. */
  refreshAt: number;
}

/** Refresh this long before expiry (or a tenth of the lifetime, for short-lived tokens), so no request carries a token that expires on the way. */
const MAX_MARGIN_MS = 60_000;

export class ClientCredentialsToken {
  private cached: CachedToken | null = null;
  private inFlight: Promise<CachedToken> | null = null;
  /** Token requests made (for tests and diagnostics). */
  requests = 0;

  constructor(
    private readonly credentials: ClientCredentials,
    private readonly clock: Clock,
  ) {}

  /** A valid access token. `signal` abandons this caller's wait, not the shared request. */
  async get(signal?: AbortSignal): Promise<string> {
    if (this.cached && this.clock.now().getTime() < this.cached.refreshAt) return this.cached.accessToken;
    this.inFlight ??= this.fetchToken().finally(() => (this.inFlight = null));
    const token = await abortable(this.inFlight, signal);
    return token.accessToken;
  }

  /** Forget `accessToken` (the API refused it): the next `get` fetches a new one. */
  invalidate(accessToken: string): void {
    if (this.cached?.accessToken === accessToken) this.cached = null;
  }

  private async fetchToken(): Promise<CachedToken> {
    this.requests++;
    const { tokenUrl, clientId, clientSecret, scope, timeoutMs } = this.credentials;
    let response: Response;
    try {
      response = await fetch(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: clientSecret,
          scope,
        }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw CrmError.fromFetch(error, 'token');
    }
    const body = (await response.json().catch(() => null)) as {
      access_token?: unknown;
      expires_in?: unknown;
      error?: unknown;
    } | null;
    if (!response.ok) {
      // The token endpoint's error code ("invalid_client") helps; its description may echo the client id, so it is left out.
      throw new CrmError(
        'auth',
        `token endpoint answered ${response.status}${typeof body?.error === 'string' ? ` (${body.error})` : ''}`,
        response.status,
      );
    }
    const expiresIn = Number(body?.expires_in);
    if (typeof body?.access_token !== 'string' || !body.access_token || !Number.isFinite(expiresIn) || expiresIn <= 0) {
      throw new CrmError('bad_response', 'token endpoint answered without access_token and expires_in');
    }
    const lifetimeMs = expiresIn * 1000;
    const token = {
      accessToken: body.access_token,
      refreshAt: this.clock.now().getTime() + lifetimeMs - Math.min(MAX_MARGIN_MS, lifetimeMs / 10),
    };
    this.cached = token;
    return token;
  }
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(CrmError.fromFetch(signal.reason, 'token'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(CrmError.fromFetch(signal.reason, 'token'));
    signal.addEventListener('abort', onAbort, { once: true });
    // The token request's own outcome, passed on as it is (a rejection is already a CrmError).
    promise.finally(() => signal.removeEventListener('abort', onAbort)).then(resolve, reject);
  });
}
