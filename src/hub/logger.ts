/**
 * The hub's pino logger. Secrets never reach a log line: authorization headers, tokens in query strings
 * (SignalR's `id` and `access_token`, provider signatures) and configured secrets are redacted.
 */
import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

const SECRET_QUERY_KEYS = /([?&](?:id|access_token|token|signature)=)[^&]*/gi;

/** A URL safe to log: secret-bearing query values replaced. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY_KEYS, '$1[redacted]');
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'headers.authorization',
          '*.apiKey',
          '*.jwtSecret',
          '*.authToken',
          'config.telesign.apiKey',
          'config.auth.jwtSecret',
          'req.headers["x-api-key"]',
          'headers["x-api-key"]',
          '*.clientSecret',
          'config.crm.clientSecret',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { method?: string; url?: string; ip?: string }) => ({
          method: req.method,
          url: redactUrl(req.url ?? ''),
          ip: req.ip,
        }),
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}
