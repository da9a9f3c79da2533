/**
 * Reads the configuration file (CONFIG_FILE, default ./agent-desktop.config.json), lays the environment over it
 * and validates the result. A bad value fails start-up with a message naming each bad field.
 */
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';

import { hubConfigSchema, type HubConfig } from './config-schema.js';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Json = Record<string, unknown>;

/** Environment variables and where each lands in the configuration. Numbers are parsed. */
const ENVIRONMENT: Array<[name: string, path: string[], kind: 'string' | 'number' | 'boolean' | 'list']> = [
  ['PORT', ['port'], 'number'],
  ['HOST', ['host'], 'string'],
  ['PUBLIC_URL', ['publicUrl'], 'string'],
  ['DATA_DIR', ['dataDir'], 'string'],
  ['DATABASE_URL', ['databaseUrl'], 'string'],
  ['LOG_LEVEL', ['logLevel'], 'string'],
  ['DEMO', ['demo'], 'boolean'],
  ['ALLOWED_ORIGINS', ['allowedOrigins'], 'list'],
  ['HUB_JWT_SECRET', ['auth', 'jwtSecret'], 'string'],
  ['TELESIGN_CUSTOMER_ID', ['telesign', 'customerId'], 'string'],
  ['TELESIGN_API_KEY', ['telesign', 'apiKey'], 'string'],
  ['TELESIGN_BASE_URL', ['telesign', 'baseUrl'], 'string'],
  ['TWILIO_ACCOUNT_SID', ['twilio', 'accountSid'], 'string'],
  ['TWILIO_AUTH_TOKEN', ['twilio', 'authToken'], 'string'],
  ['TWILIO_BASE_URL', ['twilio', 'baseUrl'], 'string'],
  ['GBM_PARTNER_ID', ['gbm', 'partnerId'], 'string'],
  ['GBM_CLIENT_TOKEN', ['gbm', 'clientToken'], 'string'],
  ['GBM_CREDENTIALS_FILE', ['gbm', 'credentialsFile'], 'string'],
  ['GBM_BASE_URL', ['gbm', 'baseUrl'], 'string'],
  ['CRM_BASE_URL', ['crm', 'baseUrl'], 'string'],
  ['CRM_TOKEN_URL', ['crm', 'tokenUrl'], 'string'],
  ['CRM_CLIENT_ID', ['crm', 'clientId'], 'string'],
  ['CRM_CLIENT_SECRET', ['crm', 'clientSecret'], 'string'],
  ['CRM_SCOPE', ['crm', 'scope'], 'string'],
];

/** VOICE_API_KEY_<ORGANISATION ID> (upper case, "-" as "_"), e.g. VOICE_API_KEY_CONTOSO: one organisation's voice API key. */
export function voiceApiKeyVariable(orgId: string): string {
  return `VOICE_API_KEY_${orgId.toUpperCase().replace(/-/g, '_')}`;
}

/** API_KEY_<ORGANISATION ID>, e.g. API_KEY_CONTOSO: one organisation's API key for its HTTP APIs (outbound, events). */
export function apiKeyVariable(orgId: string): string {
  return `API_KEY_${orgId.toUpperCase().replace(/-/g, '_')}`;
}

/** Lays each organisation's voice and API keys from the environment over the file (organisations are a list, not a path). */
function applyVoiceApiKeys(content: Json, env: NodeJS.ProcessEnv): void {
  if (!Array.isArray(content.organisations)) return;
  for (const org of content.organisations as Json[]) {
    if (typeof org?.id !== 'string') continue;
    const key = env[voiceApiKeyVariable(org.id)];
    if (key) setPath(org, ['voice', 'apiKey'], key);
    const apiKey = env[apiKeyVariable(org.id)];
    if (apiKey) org.apiKey = apiKey;
  }
}

function setPath(target: Json, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Json;
  }
  node[path[path.length - 1]] = value;
}

function parseEnv(name: string, raw: string, kind: (typeof ENVIRONMENT)[number][2]): unknown {
  switch (kind) {
    case 'number': {
      const n = Number(raw);
      if (!Number.isInteger(n)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
      return n;
    }
    case 'boolean':
      if (!/^(1|0|true|false|yes|no)$/i.test(raw)) throw new ConfigError(`${name} must be true or false, got "${raw}"`);
      return /^(1|true|yes)$/i.test(raw);
    case 'list':
      return raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    default:
      return raw;
  }
}

/** Validates a configuration object (file content with the environment already applied). */
export function parseConfig(input: unknown, source = 'configuration'): HubConfig {
  const result = hubConfigSchema.safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const field = issue.path.length ? issue.path.join('.') : '(root)';
      return `  - ${field}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid ${source}:\n${lines.join('\n')}`);
  }
  return result.data;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, file = env.CONFIG_FILE): HubConfig {
  const path = resolve(file ?? 'agent-desktop.config.json');
  let fileContent: Json = {};
  if (existsSync(path)) {
    try {
      fileContent = JSON.parse(readFileSync(path, 'utf8')) as Json;
    } catch (error) {
      throw new ConfigError(`Cannot read ${path}: ${(error as Error).message}`);
    }
  } else if (file) {
    throw new ConfigError(`Configuration file ${path} does not exist`);
  }
  for (const [name, path_, kind] of ENVIRONMENT) {
    const raw = env[name];
    if (raw !== undefined && raw !== '') setPath(fileContent, path_, parseEnv(name, raw, kind));
  }
  applyVoiceApiKeys(fileContent, env);
  return parseConfig(fileContent, existsSync(path) ? path : 'configuration from the environment');
}
