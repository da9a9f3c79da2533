/**
 * Google's Business Messages webhook signature: `X-Goog-Signature` = base64(HMAC-SHA512(client token, raw body)).
 * Compared in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function gbmSignature(clientToken: string, rawBody: string | Buffer): string {
  return createHmac('sha512', clientToken).update(rawBody).digest('base64');
}

export function verifyGbmSignature(
  clientToken: string,
  signature: string | undefined,
  rawBody: string | Buffer,
): boolean {
  if (!signature) return false;
  const expected = Buffer.from(gbmSignature(clientToken, rawBody));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
