// Voice and CRM configuration: defaults, secrets from the environment (per-organisation API keys included), and
// errors naming the field.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { HubConfigInput } from '../../../src/hub/config/config-schema.js';
import { ConfigError, loadConfig, voiceApiKeyVariable } from '../../../src/hub/config/load-config.js';

const base: HubConfigInput = {
  auth: { jwtSecret: 'x'.repeat(32) },
  organisations: [
    { id: 'contoso', name: 'Contoso', voice: { apiKey: 'contoso-key-0123456789' } },
    { id: 'fab-rikam', name: 'Fabrikam' },
  ],
  crm: {
    baseUrl: 'https://contoso.crm.dynamics.com',
    tokenUrl: 'https://login.microsoftonline.com/t/oauth2/v2.0/token',
    clientId: 'app',
    clientSecret: 'file-secret',
  },
};

function writeConfig(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cfg-')), 'config.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('voice configuration', () => {
  it('applies defaults: country code 1, one queue, 60 s wrap-up, 30 s ring, hub routing, a 1.5 s CRM timeout', () => {
    const config = loadConfig({}, writeConfig(base));
    const voice = config.organisations[0].voice!;
    assert.deepEqual(
      {
        countryCode: voice.countryCode,
        queues: voice.queues,
        wrapUp: voice.wrapUpSeconds,
        ring: voice.ringTimeoutSeconds,
        routing: voice.routing,
      },
      { countryCode: '1', queues: [{ id: 'general', name: 'General' }], wrapUp: 60, ring: 30, routing: 'hub' },
    );
    assert.match(voice.greetings.withCase, /\{\{CaseNumber\}\}/);
    assert.equal(config.organisations[1].voice, undefined, 'voice is optional');
    assert.equal(config.crm!.timeoutMs, 1500);
    assert.equal(config.crm!.cacheSeconds, 60);
  });

  it('takes the CRM’s endpoints and secret, and each organisation’s API key, from the environment', () => {
    assert.equal(voiceApiKeyVariable('fab-rikam'), 'VOICE_API_KEY_FAB_RIKAM');
    const config = loadConfig(
      {
        CRM_BASE_URL: 'http://127.0.0.1:7000',
        CRM_TOKEN_URL: 'http://127.0.0.1:7000/token',
        CRM_CLIENT_ID: 'env-app',
        CRM_CLIENT_SECRET: 'env-secret',
        CRM_SCOPE: 'api://crm/.default',
        VOICE_API_KEY_CONTOSO: 'env-contoso-key-0123456789',
        VOICE_API_KEY_FAB_RIKAM: 'env-fabrikam-key-0123456789',
      },
      writeConfig(base),
    );
    assert.deepEqual(
      { ...config.crm, timeoutMs: undefined, cacheSeconds: undefined },
      {
        baseUrl: 'http://127.0.0.1:7000',
        tokenUrl: 'http://127.0.0.1:7000/token',
        clientId: 'env-app',
        clientSecret: 'env-secret',
        scope: 'api://crm/.default',
        timeoutMs: undefined,
        cacheSeconds: undefined,
      },
    );
    assert.equal(config.organisations[0].voice!.apiKey, 'env-contoso-key-0123456789');
    // an API key alone turns voice on for an organisation (the rest has defaults)
    assert.equal(config.organisations[1].voice!.apiKey, 'env-fabrikam-key-0123456789');
  });

  it('names every bad voice field', () => {
    const bad = structuredClone(base);
    bad.organisations[0].voice = {
      apiKey: 'short',
      countryCode: '+1',
      queues: [
        { id: 'a', name: 'A' },
        { id: 'a', name: 'Again' },
      ],
    };
    bad.organisations[1].voice = { apiKey: 'short' };
    bad.crm!.timeoutMs = 0;
    assert.throws(
      () => loadConfig({}, writeConfig(bad)),
      (error: unknown) =>
        error instanceof ConfigError &&
        /organisations\.0\.voice\.apiKey: must be at least 16 characters/.test(error.message) &&
        /organisations\.0\.voice\.countryCode: must be 1 to 3 digits/.test(error.message) &&
        /crm\.timeoutMs/.test(error.message),
    );
    const sameKey = structuredClone(base);
    sameKey.organisations[1].voice = { apiKey: 'contoso-key-0123456789' };
    sameKey.organisations[0].voice!.queues = [
      { id: 'a', name: 'A' },
      { id: 'a', name: 'Again' },
    ];
    assert.throws(
      () => loadConfig({}, writeConfig(sameKey)),
      (error: unknown) =>
        error instanceof ConfigError &&
        /organisations\.1\.voice\.apiKey: is already the API key of organisation "contoso"/.test(error.message) &&
        /organisations\.0\.voice\.queues\.1\.id: duplicate queue "a"/.test(error.message),
    );
  });
});
