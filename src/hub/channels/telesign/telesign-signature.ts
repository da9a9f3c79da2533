/**
 * TeleSign callback signatures: `Authorization: TSA {customerId}:{signature}` where the signature is
 * base64(HMAC-SHA256(base64decode(apiKey), raw body)). Compared in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signTeleSignCallback(apiKey: string, rawBody: string | Buffer): string {
  return createHmac('sha256', Buffer.from(apiKey, 'base64')).update(rawBody).digest('base64');
}

export function teleSignAuthorizationHeader(customerId: string, apiKey: string, rawBody: string | Buffer): string {
  return `TSA ${customerId}:${signTeleSignCallback(apiKey, rawBody)}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function verifyTeleSignCallback(
  authorization: string | undefined,
  rawBody: string | Buffer,
  account: { customerId: string; apiKey: string },
): SignatureCheck {
  if (!authorization) return { ok: false, reason: 'missing Authorization header' };
  const match = /^TSA ([^:\s]+):(\S+)$/.exec(authorization.trim());
  if (!match) return { ok: false, reason: 'Authorization header is not "TSA customerId:signature"' };
  const [, customerId, signature] = match;
  const expected = Buffer.from(signTeleSignCallback(account.apiKey, rawBody));
  const given = Buffer.from(signature);
  const customerOk = safeEqual(Buffer.from(customerId), Buffer.from(account.customerId));
  const signatureOk = given.length === expected.length && timingSafeEqual(given, expected);
  return customerOk && signatureOk ? { ok: true } : { ok: false, reason: 'signature does not match' };
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
