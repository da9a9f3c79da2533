/**
 * Twilio's request signature: `X-Twilio-Signature` = base64(HMAC-SHA1(auth token, URL + each POST parameter's
 * name and value, names sorted; repeated names once per distinct value, values sorted)). As the official
 * library does, the URL is also tried with and without its default port. Compared in constant time.
 * Tests check this against the `twilio` package's own functions.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type FormParams = Record<string, string | string[]>;

export function twilioSignature(authToken: string, url: string, params: FormParams): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => {
      const value = params[key];
      const values = Array.isArray(value) ? [...new Set(value)].sort() : [value];
      return acc + values.map((v) => key + v).join('');
    }, url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}

/** The URL with and without its scheme's default port (Twilio may sign either form). */
function urlVariants(url: string): string[] {
  const match = /^(https?):\/\/([^/?#:]+)(:\d+)?(.*)$/i.exec(url);
  if (!match) return [url];
  const [, scheme, host, port, rest] = match;
  const defaultPort = scheme.toLowerCase() === 'https' ? ':443' : ':80';
  const without = `${scheme}://${host}${port && port !== defaultPort ? port : ''}${rest}`;
  const withPort = `${scheme}://${host}${port ?? defaultPort}${rest}`;
  return [...new Set([url, without, withPort])];
}

export function verifyTwilioSignature(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: FormParams,
): boolean {
  if (!signature) return false;
  const given = Buffer.from(signature);
  return urlVariants(url).some((candidate) => {
    const expected = Buffer.from(twilioSignature(authToken, candidate, params));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}
