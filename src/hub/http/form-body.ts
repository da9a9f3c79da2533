/**
 * Form-encoded bodies (Twilio's webhooks) as { name: value }, or { name: [values] } for repeated names, in a map
 * without a prototype: a parameter named `__proto__`, `constructor` or `toString` is a parameter like any other,
 * so the signature check covers every parameter exactly as sent.
 */
import type { FastifyInstance } from 'fastify';

export function installFormParser(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, parseForm(body as string));
  });
}

export function parseForm(body: string): Record<string, string | string[]> {
  const params = Object.create(null) as Record<string, string | string[]>;
  for (const [key, value] of new URLSearchParams(body)) {
    const existing = Object.hasOwn(params, key) ? params[key] : undefined;
    params[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return params;
}
