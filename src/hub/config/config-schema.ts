/**
 * The hub's configuration: one JSON file validated with zod, every secret and endpoint overridable from the
 * environment (see `load-config.ts`). Errors name the offending field.
 */
import { z } from 'zod';
import { gbmConfigSchema } from './gbm-config-schema.js';

const digitsOnly = z.string().regex(/^\d{5,15}$/, 'must be 5 to 15 digits, no "+", spaces or punctuation');
const slug = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, "-" or "_"');

const e164 = z.string().regex(/^\+\d{6,15}$/, 'must be an E.164 number with a leading "+", e.g. +14155550100');

/** Who may send files on a channel: customers' media is shown, agents may attach (where the provider allows). */
const attachmentsSchema = z.object({ customers: z.boolean().default(true), agents: z.boolean().default(true) });

export const channelSchema = z.discriminatedUnion('provider', [
  z.object({
    channel: z.literal('sms'),
    provider: z.literal('telesign'),
    /** Our number customers text, digits only (TeleSign's format). */
    number: digitsOnly,
    name: z.string().min(1).optional(),
    // TeleSign SMS carries text only.
    attachments: z
      .object({ customers: z.literal(false), agents: z.literal(false) })
      .default({ customers: false, agents: false }),
  }),
  z.object({
    channel: z.enum(['whatsapp', 'sms']),
    provider: z.literal('twilio'),
    /** Our number, E.164 with "+" (without the "whatsapp:" prefix). */
    number: e164,
    name: z.string().min(1).optional(),
    attachments: attachmentsSchema.default({ customers: true, agents: true }),
  }),
  z.object({
    channel: z.literal('gbm'),
    provider: z.literal('google'),
    /** The Business Messages agent customers write to, "brands/{brandId}/agents/{agentId}". */
    number: z
      .string()
      .regex(/^brands\/[^/]+\/agents\/[^/]+$/, 'must be the agent\'s name, "brands/{brandId}/agents/{agentId}"'),
    name: z.string().min(1).optional(),
    // The API sends images only (by URL): agents' files are off until file hosting for it is configured.
    attachments: z
      .object({ customers: z.boolean().default(true), agents: z.literal(false).default(false) })
      .default({ customers: true, agents: false }),
  }),
]);

const templateNameSchema = z
  .string()
  .regex(/^[a-z0-9_]{1,64}$/, 'must be lower-case letters, digits and "_" (as WhatsApp names templates)');

export const templateSchema = z
  .object({
    name: templateNameSchema,
    channels: z.array(z.enum(['sms', 'whatsapp', 'gbm'])).min(1),
    defaultLanguage: z.string().min(2),
    localizations: z
      .array(
        z.object({
          language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag like "en" or "fr-FR"'),
          text: z.string().min(1).max(1600),
          contentSid: z
            .string()
            .regex(/^HX[0-9a-f]{32}$/, 'must be a Twilio Content SID (HX and 32 hex digits)')
            .optional(),
        }),
      )
      .min(1),
  })
  .superRefine((template, ctx) => {
    if (!template.localizations.some((l) => l.language === template.defaultLanguage)) {
      ctx.addIssue({
        code: 'custom',
        path: ['defaultLanguage'],
        message: `"${template.defaultLanguage}" has no localization`,
      });
    }
  });

/** How much work an agent takes at once: messaging conversations (all channels, and optionally per channel) and calls. */
const capacitySchema = z.object({
  messaging: z.number().int().min(0).max(1000),
  voice: z.number().int().min(0).max(10),
  sms: z.number().int().min(0).max(1000).optional(),
  whatsapp: z.number().int().min(0).max(1000).optional(),
  gbm: z.number().int().min(0).max(1000).optional(),
});

export const agentSchema = z.object({
  id: slug,
  displayName: z.string().min(1),
  roles: z.array(z.enum(['agent', 'supervisor'])).default(['agent']),
  /** This agent's own limits, over the organisation's `routing.capacity`. */
  capacity: capacitySchema.partial().optional(),
  /** The routing queues this agent takes conversations from (default: all of the organisation's). */
  queues: z.array(slug).optional(),
});

const messagingChannel = z.enum(['sms', 'whatsapp', 'gbm']);

/** One routing rule: every condition given must match; the first matching rule of a workstream picks the queue. */
const routingRuleSchema = z.object({
  name: z.string().min(1).max(100).optional(),
  queue: slug,
  when: z
    .object({
      channel: messagingChannel.optional(),
      /** Our number (or Business Messages agent) the customer wrote to. */
      entryNumber: z.string().min(1).optional(),
      /** The customer's language: "fr" matches fr, fr-FR, fr-CA…; "fr-CA" only fr-CA. */
      locale: z
        .string()
        .regex(/^[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag like "fr" or "fr-CA"')
        .optional(),
      /** Values the channel sent with the conversation (Business Messages: placeId, entryPoint, …), all equal. */
      context: z.record(z.string().min(1), z.string()).optional(),
    })
    .default({}),
});

/** A channel (and optionally one of its numbers) and the rules that send its conversations to queues. */
const workstreamSchema = z.object({
  id: slug,
  channel: messagingChannel,
  /** One number of the channel; absent: every number of the channel (a workstream naming the number wins). */
  channelAddress: z.string().min(1).optional(),
  rules: z.array(routingRuleSchema).default([]),
  /** Where conversations no rule matched go (default: the organisation's fallback queue). */
  queue: slug.optional(),
});

/** Work distribution of one organisation's messaging conversations. */
export const routingSchema = z.object({
  /** `offer`: agents accept or decline each conversation; `auto`: it is assigned without asking. */
  mode: z.enum(['offer', 'auto']).default('offer'),
  /** An offer not accepted within this long goes to the next agent. */
  offerTimeoutSeconds: z.number().int().min(5).max(600).default(30),
  /** An agent whose last tab closed keeps their presence this long (a reload is not going offline). */
  presenceGraceSeconds: z.number().int().min(0).max(3600).default(30),
  /** After resolving, the conversation stays in wrap-up this long (0: closed at once). */
  wrapUpSeconds: z.number().int().min(0).max(3600).default(0),
  capacity: capacitySchema.default({ messaging: 3, voice: 1 }),
  queues: z
    .array(z.object({ id: slug, name: z.string().min(1).max(100) }))
    .min(1)
    .default([{ id: 'general', name: 'General' }]),
  /** Where conversations go that no workstream or rule placed (default: the first queue). */
  fallbackQueue: slug.optional(),
  workstreams: z.array(workstreamSchema).default([]),
});

/**
 * The CRM the voice data dip reads (Dataverse Web API), with an app registration's client credentials
 * (OAuth 2 client-credentials flow). `baseUrl` is the organisation URL (https://contoso.crm.dynamics.com);
 * the Web API is `/api/data/v9.2` under it unless the URL already names an `/api/data/v…` path.
 */
export const crmSchema = z.object({
  baseUrl: z.url(),
  /** The token endpoint, e.g. https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token */
  tokenUrl: z.url(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** Default: the base URL's origin + "/.default" (what Dataverse expects). */
  scope: z.string().min(1).optional(),
  /** The whole data dip (token, contact, case) gives up after this long: the caller is then an unknown caller. */
  timeoutMs: z.number().int().positive().max(30_000).default(1500),
  /** Found contacts are remembered this long, so the arrival event and the IVR's look-up make one CRM round trip. */
  cacheSeconds: z.number().int().min(0).default(60),
  /** The CRM's web UI, for "open the record" links (main.aspx?pagetype=entityrecord…); none when unset. */
  appUrl: z.url().optional(),
});

export const greetingsSchema = z.object({
  /** Placeholders: {{FirstName}}, {{FullName}}, {{CaseNumber}}, {{CaseTitle}}, {{OrganisationName}}. */
  withCase: z
    .string()
    .min(1)
    .default(
      'Hello {{FirstName}}, thank you for calling {{OrganisationName}}. Your latest case is {{CaseNumber}}: {{CaseTitle}}.',
    ),
  noCase: z
    .string()
    .min(1)
    .default('Hello {{FirstName}}, thank you for calling {{OrganisationName}}. We found no case for you.'),
  unknownCaller: z
    .string()
    .min(1)
    .default('Thank you for calling {{OrganisationName}}. We found no case for your number.'),
});

const dispositionSchema = z.object({
  id: z.string().regex(/^[a-z0-9_]{1,64}$/, 'must be lower-case letters, digits and "_"'),
  label: z.string().min(1).max(100),
});

/** Voice for one organisation: the platform's API key, how its numbers are written, queues and wrap-up. */
export const voiceSchema = z.object({
  /** What the contact-centre platform sends (Bearer or X-Api-Key); it names the organisation. VOICE_API_KEY_<ORG ID>. */
  apiKey: z.string().min(16, 'must be at least 16 characters'),
  /** The country code stripped from callers' numbers to match the CRM ("1" for North America). */
  countryCode: z
    .string()
    .regex(/^\d{1,3}$/, 'must be 1 to 3 digits, without "+"')
    .default('1'),
  queues: z
    .array(z.object({ id: slug, name: z.string().min(1).max(100) }))
    .min(1)
    .default([{ id: 'general', name: 'General' }]),
  dispositions: z.array(dispositionSchema).min(1).optional(),
  /** How long an agent has for notes after a call before being offered the next one. */
  wrapUpSeconds: z.number().int().min(0).max(3600).default(60),
  /** An offer nobody answers goes back to the queue (and to another agent) after this long. */
  ringTimeoutSeconds: z.number().positive().max(600).default(30),
  /** `hub`: the hub offers queued calls to connected agents; `platform`: the platform sends `offered` events. */
  routing: z.enum(['hub', 'platform']).default('hub'),
  greetings: greetingsSchema.prefault({}),
  /** This organisation's own CRM, instead of the top-level `crm`. */
  crm: crmSchema.optional(),
});

/**
 * Outbound messages of one organisation: which outbound configurations (by name or id; configurations are created
 * through the API) each event of `POST /api/events/{eventName}` sends through.
 */
export const organisationOutboundSchema = z.object({
  events: z
    .record(z.string(), z.array(z.string().min(1).max(200)).min(1))
    .superRefine((events, ctx) => {
      for (const name of Object.keys(events)) {
        if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(name)) {
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: 'event names are lower-case letters, digits, ".", "-" or "_" (e.g. case-created)',
          });
        }
      }
    })
    .default({}),
});

export const organisationSchema = z.object({
  id: slug,
  name: z.string().min(1),
  channels: z.array(channelSchema).default([]),
  /** Agents the demo can issue tokens for; production tokens come from the integrator's own identity service. */
  agents: z.array(agentSchema).default([]),
  /** Approved message templates, localized. */
  templates: z.array(templateSchema).default([]),
  /** Voice calls (IVR data dip, call events, softphone); none when absent. */
  voice: voiceSchema.optional(),
  /**
   * The organisation's API key for its HTTP APIs (outbound messages, events): Bearer or X-Api-Key; it names the
   * organisation. API_KEY_<ORG ID>. An organisation without one uses its voice API key there.
   */
  apiKey: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Outbound messages: event → configuration mappings (none when absent). */
  outbound: organisationOutboundSchema.optional(),
  /** Presence, capacity, queues and rules for messaging conversations (defaults: one queue, offers, 3 at once). */
  routing: routingSchema.prefault({}),
});

export const hubConfigSchema = z
  .object({
    port: z.number().int().min(0).max(65535).default(8080),
    host: z.string().min(1).default('127.0.0.1'),
    /** Where providers reach this hub (used for delivery-report callback URLs). Defaults to http://localhost:{port}. */
    publicUrl: z.url().optional(),
    dataDir: z.string().min(1).default('./.data'),
    /** A PostgreSQL server (`postgres://user:password@host/db`) to use instead of PGlite in dataDir. */
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Demo mode: `POST /demo/token` issues tokens for configured agents. Never on in production. */
    demo: z.boolean().default(false),
    /** Host-page origins allowed to connect (CORS with credentials, WebSocket Origin check). */
    allowedOrigins: z
      .array(z.string().regex(/^https?:\/\/[^/]+$/, 'must be an origin like https://crm.example.com'))
      .default([]),
    auth: z
      .object({
        /** HS256 secret the hub and the integrator's token service share. */
        jwtSecret: z.string().min(32, 'must be at least 32 characters'),
        issuer: z.string().min(1).default('agent-desktop'),
        audience: z.string().min(1).default('agent-desktop-hub'),
        /** Longest lifetime of an agent token (exp - iat) the hub accepts; tokens without exp are refused. */
        maxTokenLifetimeSeconds: z
          .number()
          .int()
          .positive()
          .max(7 * 24 * 3600)
          .default(12 * 3600),
        /** Lifetime of tokens the demo issues (at most maxTokenLifetimeSeconds). */
        demoTokenTtlSeconds: z.number().int().positive().default(3600),
      })
      .refine((auth) => auth.demoTokenTtlSeconds <= auth.maxTokenLifetimeSeconds, {
        message: 'must be at most maxTokenLifetimeSeconds',
        path: ['demoTokenTtlSeconds'],
      }),
    /** TeleSign account; needed when a channel uses TeleSign. */
    telesign: z
      .object({
        customerId: z.string().min(1),
        /** Base64 API key, as TeleSign shows it. */
        apiKey: z
          .string()
          .min(1)
          .refine((k) => Buffer.from(k, 'base64').length > 0, 'must be base64'),
        baseUrl: z.url().default('https://rest-ww.telesign.com'),
        messageType: z.enum(['ARN', 'MKT', 'OTP']).default('ARN'),
        timeoutMs: z.number().int().positive().default(10_000),
      })
      .optional(),
    /** Twilio account (WhatsApp, and SMS through Twilio); needed when a channel uses Twilio. */
    twilio: z
      .object({
        accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be a Twilio Account SID (AC and 32 hex digits)'),
        authToken: z.string().min(16),
        baseUrl: z.url().default('https://api.twilio.com'),
        timeoutMs: z.number().int().positive().default(10_000),
      })
      .optional(),
    /** Google's Business Messages (retired by Google on 31 July 2024; kept for deployments that still need it). */
    gbm: gbmConfigSchema.optional(),
    /** The CRM for the voice data dip (organisations may have their own, `organisations[].voice.crm`). */
    crm: crmSchema.optional(),
    signalr: z
      .object({
        keepAliveIntervalMs: z.number().int().positive().default(15_000),
        clientTimeoutMs: z.number().int().positive().default(30_000),
      })
      .default({ keepAliveIntervalMs: 15_000, clientTimeoutMs: 30_000 }),
    /** Scheduled outbound sends: how often due schedules are looked for, and how long a claimed occurrence is held. */
    schedules: z
      .object({
        pollIntervalMs: z.number().int().min(10).max(3_600_000).default(5000),
        leaseSeconds: z.number().int().min(1).max(86_400).default(600),
      })
      .prefault({}),
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
    const googleUser = config.organisations.find((o) => o.channels.some((c) => c.provider === 'google'));
    if (googleUser && !config.gbm)
      ctx.addIssue({
        code: 'custom',
        path: ['gbm'],
        message: `is required: organisation "${googleUser.id}" has a Business Messages channel`,
      });
    for (const provider of ['telesign', 'twilio'] as const) {
      const user = config.organisations.find((o) => o.channels.some((c) => c.provider === provider));
      if (user && !config[provider]) {
        ctx.addIssue({
          code: 'custom',
          path: [provider],
          message: `is required: organisation "${user.id}" has a ${provider} channel`,
        });
      }
    }
    config.organisations.forEach((org, o) => {
      const names = org.templates.map((t) => t.name);
      names.forEach((name, t) => {
        if (names.indexOf(name) !== t)
          ctx.addIssue({
            code: 'custom',
            path: ['organisations', o, 'templates', t, 'name'],
            message: `duplicate template "${name}"`,
          });
      });
    });
    const keyOwners = new Map<string, string>();
    config.organisations.forEach((org, o) => {
      if (!org.voice) return;
      const owner = keyOwners.get(org.voice.apiKey);
      if (owner)
        ctx.addIssue({
          code: 'custom',
          path: ['organisations', o, 'voice', 'apiKey'],
          message: `is already the API key of organisation "${owner}"`,
        });
      keyOwners.set(org.voice.apiKey, org.id);
      const queueIds = org.voice.queues.map((q) => q.id);
      queueIds.forEach((id, q) => {
        if (queueIds.indexOf(id) !== q)
          ctx.addIssue({
            code: 'custom',
            path: ['organisations', o, 'voice', 'queues', q, 'id'],
            message: `duplicate queue "${id}"`,
          });
      });
    });
    // An API key names one organisation: the same key for two organisations would let one reach the other.
    const apiKeyOwners = new Map<string, string>();
    config.organisations.forEach((org, o) => {
      for (const [key, path] of [
        [org.apiKey, ['apiKey']],
        [org.voice?.apiKey, ['voice', 'apiKey']],
      ] as const) {
        if (!key) continue;
        const owner = apiKeyOwners.get(key);
        if (owner && owner !== org.id)
          ctx.addIssue({
            code: 'custom',
            path: ['organisations', o, ...path],
            message: `is already an API key of organisation "${owner}"`,
          });
        apiKeyOwners.set(key, org.id);
      }
    });
    config.organisations.forEach((org, o) => checkRouting(org, ['organisations', o], ctx));
    const ids = config.organisations.map((o) => o.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) {
        ctx.addIssue({
          code: 'custom',
          path: ['organisations', i, 'id'],
          message: `duplicate organisation id "${id}"`,
        });
      }
    });
  });

/** Every queue a routing setting names exists; ids are unique. */
function checkRouting(org: z.infer<typeof organisationSchema>, at: Array<string | number>, ctx: z.RefinementCtx): void {
  const routing = org.routing;
  const queueIds = routing.queues.map((q) => q.id);
  const known = new Set(queueIds);
  const unknown = (id: string | undefined, path: Array<string | number>) => {
    if (id !== undefined && !known.has(id))
      ctx.addIssue({
        code: 'custom',
        path: [...at, ...path],
        message: `no queue "${id}" (queues: ${queueIds.join(', ')})`,
      });
  };
  queueIds.forEach((id, q) => {
    if (queueIds.indexOf(id) !== q)
      ctx.addIssue({ code: 'custom', path: [...at, 'routing', 'queues', q, 'id'], message: `duplicate queue "${id}"` });
  });
  unknown(routing.fallbackQueue, ['routing', 'fallbackQueue']);
  const workstreamIds = routing.workstreams.map((w) => w.id);
  routing.workstreams.forEach((workstream, w) => {
    if (workstreamIds.indexOf(workstream.id) !== w)
      ctx.addIssue({
        code: 'custom',
        path: [...at, 'routing', 'workstreams', w, 'id'],
        message: `duplicate workstream "${workstream.id}"`,
      });
    unknown(workstream.queue, ['routing', 'workstreams', w, 'queue']);
    workstream.rules.forEach((rule, r) => unknown(rule.queue, ['routing', 'workstreams', w, 'rules', r, 'queue']));
  });
  org.agents.forEach((agent, a) => agent.queues?.forEach((id, q) => unknown(id, ['agents', a, 'queues', q])));
}

export type HubConfig = z.infer<typeof hubConfigSchema>;
export type RoutingConfig = z.infer<typeof routingSchema>;
export type OrganisationConfig = z.infer<typeof organisationSchema>;
export type ChannelConfig = z.infer<typeof channelSchema>;
export type AgentConfig = z.infer<typeof agentSchema>;
export type TemplateConfig = z.infer<typeof templateSchema>;
export type TeleSignConfig = NonNullable<HubConfig['telesign']>;
export type TwilioConfig = NonNullable<HubConfig['twilio']>;
export type CrmConfig = z.infer<typeof crmSchema>;
export type VoiceConfig = z.infer<typeof voiceSchema>;
/** Configuration as written in the file, before defaults. */
export type HubConfigInput = z.input<typeof hubConfigSchema>;
