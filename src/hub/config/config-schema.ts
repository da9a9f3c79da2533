/**
 * The hub's configuration: one JSON file validated with zod, every secret and endpoint overridable from the
 * environment (see `load-config.ts`). Errors name the offending field.
 */
import { z } from 'zod';

const digitsOnly = z.string().regex(/^\d{5,15}$/, 'must be 5 to 15 digits, no "+", spaces or punctuation');
const slug = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, "-" or "_"');

export const channelSchema = z.object({
  channel: z.literal('sms'),
  provider: z.literal('telesign'),
  /** Our number customers text, digits only (TeleSign's format). */
  number: digitsOnly,
  name: z.string().min(1).optional(),
});

export const agentSchema = z.object({
  id: slug,
  displayName: z.string().min(1),
  roles: z.array(z.enum(['agent', 'supervisor'])).default(['agent']),
});

export const organisationSchema = z.object({
  id: slug,
  name: z.string().min(1),
  channels: z.array(channelSchema).default([]),
  /** Agents the demo can issue tokens for; production tokens come from the integrator's own identity service. */
  agents: z.array(agentSchema).default([]),
});

export const hubConfigSchema = z
  .object({
    port: z.number().int().min(0).max(65535).default(8080),
    host: z.string().min(1).default('127.0.0.1'),
    /** Where providers reach this hub (used for delivery-report callback URLs). Defaults to http://localhost:{port}. */
    publicUrl: z.url().optional(),
    dataDir: z.string().min(1).default('./.data'),
    /** A PostgreSQL server (`postgres://user:password@host/db`) to use instead of PGlite in dataDir. */
    databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Demo mode: `POST /demo/token` issues tokens for configured agents. Never on in production. */
    demo: z.boolean().default(false),
    /** Host-page origins allowed to connect (CORS with credentials, WebSocket Origin check). */
    allowedOrigins: z.array(z.string().regex(/^https?:\/\/[^/]+$/, 'must be an origin like https://crm.example.com')).default([]),
    auth: z.object({
      /** HS256 secret the hub and the integrator's token service share. */
      jwtSecret: z.string().min(32, 'must be at least 32 characters'),
      issuer: z.string().min(1).default('agent-desktop'),
      audience: z.string().min(1).default('agent-desktop-hub'),
      /** Lifetime of tokens the demo issues. */
      demoTokenTtlSeconds: z.number().int().positive().default(3600),
    }),
    telesign: z.object({
      customerId: z.string().min(1),
      /** Base64 API key, as TeleSign shows it. */
      apiKey: z.string().min(1).refine((k) => Buffer.from(k, 'base64').length > 0, 'must be base64'),
      baseUrl: z.url().default('https://rest-ww.telesign.com'),
      messageType: z.enum(['ARN', 'MKT', 'OTP']).default('ARN'),
      timeoutMs: z.number().int().positive().default(10_000),
    }),
    signalr: z
      .object({
        keepAliveIntervalMs: z.number().int().positive().default(15_000),
        clientTimeoutMs: z.number().int().positive().default(30_000),
      })
      .default({ keepAliveIntervalMs: 15_000, clientTimeoutMs: 30_000 }),
    organisations: z.array(organisationSchema).min(1, 'at least one organisation is needed'),
  })
  .superRefine((config, ctx) => {
    const seen = new Map<string, string>();
    config.organisations.forEach((org, o) => {
      org.channels.forEach((ch, c) => {
        const key = `${ch.channel}:${ch.number}`;
        const owner = seen.get(key);
        if (owner) {
          ctx.addIssue({
            code: 'custom',
            path: ['organisations', o, 'channels', c, 'number'],
            message: `number ${ch.number} is already used by organisation "${owner}"`,
          });
        }
        seen.set(key, org.id);
      });
    });
    const ids = config.organisations.map((o) => o.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) {
        ctx.addIssue({ code: 'custom', path: ['organisations', i, 'id'], message: `duplicate organisation id "${id}"` });
      }
    });
  });

export type HubConfig = z.infer<typeof hubConfigSchema>;
export type OrganisationConfig = z.infer<typeof organisationSchema>;
export type ChannelConfig = z.infer<typeof channelSchema>;
export type AgentConfig = z.infer<typeof agentSchema>;
/** Configuration as written in the file, before defaults. */
export type HubConfigInput = z.input<typeof hubConfigSchema>;
