/**
 * Public, unguessable URLs for files agents upload: the provider (Twilio) fetches them without credentials,
 * so each URL carries an HMAC of the upload id, keyed from the hub's secret.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export class MediaUrls {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly publicUrl: () => string,
  ) {
    this.key = createHmac('sha256', secret).update('agent-desktop media urls').digest();
  }

  private signature(id: string): string {
    return createHmac('sha256', this.key).update(id).digest('base64url').slice(0, 32);
  }

  urlFor(id: string): string {
    return `${this.publicUrl()}/media/${id}?sig=${this.signature(id)}`;
  }

  verify(id: string, signature: string | undefined): boolean {
    if (!signature) return false;
    const expected = Buffer.from(this.signature(id));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
