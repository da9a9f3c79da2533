/**
 * OAuth 2 access tokens for a Google service account: a JWT assertion signed (RS256, jose) with the account's
 * private key, exchanged at its token URI (grant type jwt-bearer). A token is reused until a minute before it
 * expires, and concurrent callers share one request.
 */
import { importPKCS8, SignJWT } from 'jose';
import type { Clock } from '../../clock.js';

export interface ServiceAccountCredentials {
  client_email: string;
  private_key: string;
  token_uri: string;
  private_key_id?: string;
}

export const BUSINESS_MESSAGES_SCOPE = 'https://www.googleapis.com/auth/businessmessages';

export class ServiceAccountTokenSource {
  private cached: { token: string; expiresAt: number } | null = null;
  private inFlight: Promise<string> | null = null;
  /** Token requests actually sent (for tests and logs). */
  requests = 0;

  constructor(
    private readonly credentials: ServiceAccountCredentials,
    private readonly scope: string,
    private readonly clock: Clock,
    private readonly timeoutMs = 10_000,
  ) {}

  async token(): Promise<string> {
    const now = this.clock.now().getTime();
    if (this.cached && now < this.cached.expiresAt - 60_000) return this.cached.token;
    this.inFlight ??= this.fetchToken().finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  /** Forgets the cached token (after the API refused it). */
  invalidate(): void {
    this.cached = null;
  }

  private async fetchToken(): Promise<string> {
    this.requests += 1;
    const issuedAt = Math.floor(this.clock.now().getTime() / 1000);
    const key = await importPKCS8(this.credentials.private_key, 'RS256');
    const assertion = await new SignJWT({ scope: this.scope })
      .setProtectedHeader({
        alg: 'RS256',
        typ: 'JWT',
        ...(this.credentials.private_key_id ? { kid: this.credentials.private_key_id } : {}),
      })
      .setIssuer(this.credentials.client_email)
      .setAudience(this.credentials.token_uri)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + 3600)
      .sign(key);
    const response = await fetch(this.credentials.token_uri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const body = (await response.json().catch(() => ({}))) as {
      access_token?: string;
      expires_in?: number;
      error?: string;
      error_description?: string;
    };
    if (!response.ok || !body.access_token) {
      throw new Error(
        `Google token endpoint answered ${response.status}: ${body.error_description ?? body.error ?? 'no access_token'}`,
      );
    }
    this.cached = {
      token: body.access_token,
      expiresAt: this.clock.now().getTime() + (body.expires_in ?? 3600) * 1000,
    };
    return body.access_token;
  }
}
