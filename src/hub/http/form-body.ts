/** Form-encoded bodies (Twilio's webhooks) as { name: value }, or { name: [values] } for repeated names. */
import type { FastifyInstance } from 'fastify';

export function installFormParser(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    const params: Record<string, string | string[]> = {};
    for (const [key, value] of new URLSearchParams(body as string)) {
      const existing = params[key];
      params[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
    }
    done(null, params);
  });
}
