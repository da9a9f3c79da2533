// Outbound configuration: the organisations' API keys (from the file or API_KEY_<ORG>, unique across organisations,
// the voice key as fallback), event mappings, scheduler settings, and errors naming the field.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { OrganisationApiKeys } from '../../../src/hub/auth/organisation-api-keys.js';
import { ConfigError, apiKeyVariable, loadConfig } from '../../../src/hub/config/load-config.js';

const base = {
  auth: { jwtSecret: 'x'.repeat(32) },
  organisations: [
    {
      id: 'contoso',
      name: 'Contoso',
      apiKey: 'contoso-api-key-0123456789',
      outbound: { events: { 'case-created': ['Delivery delay'] } },
    },
    { id: 'fab-rikam', name: 'Fabrikam', voice: { apiKey: 'fabrikam-voice-key-0123456789' } },
  ],
};

function writeConfig(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cfg-')), 'config.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('outbound configuration', () => {
  it('reads API keys and event mappings, with the scheduler’s defaults', () => {
    const config = loadConfig({}, writeConfig(base));
    assert.deepEqual(config.organisations[0].outbound, { events: { 'case-created': ['Delivery delay'] } });
    assert.equal(config.organisations[1].outbound, undefined);
    assert.deepEqual(config.schedules, { pollIntervalMs: 5000, leaseSeconds: 600 });
    const keys = new OrganisationApiKeys(config);
    assert.equal(keys.organisationForApiKey('contoso-api-key-0123456789'), 'contoso');
    assert.equal(
      keys.organisationForApiKey('fabrikam-voice-key-0123456789'),
      'fab-rikam',
      'an organisation without apiKey uses its voice key',
    );
    assert.equal(keys.organisationForApiKey('nope'), null);
    assert.equal(keys.organisationForApiKey(undefined), null);
  });

  it('takes an organisation’s API key from API_KEY_<ORGANISATION ID>', () => {
    assert.equal(apiKeyVariable('fab-rikam'), 'API_KEY_FAB_RIKAM');
    const config = loadConfig({ API_KEY_FAB_RIKAM: 'fabrikam-from-env-0123456789' }, writeConfig(base));
    assert.equal(config.organisations[1].apiKey, 'fabrikam-from-env-0123456789');
    assert.equal(
      new OrganisationApiKeys(config).organisationForApiKey('fabrikam-voice-key-0123456789'),
      null,
      'the API key replaces the voice key there',
    );
  });

  it('refuses a key two organisations share, a short key and a bad event name, naming the field', () => {
    const shared = structuredClone(base);
    shared.organisations[1].voice!.apiKey = 'contoso-api-key-0123456789';
    assert.throws(
      () => loadConfig({}, writeConfig(shared)),
      (e: ConfigError) =>
        /organisations\.1\.voice\.apiKey: is already an API key of organisation "contoso"/.test(e.message),
    );
    const short = structuredClone(base);
    short.organisations[0].apiKey = 'short';
    assert.throws(
      () => loadConfig({}, writeConfig(short)),
      (e: ConfigError) => /organisations\.0\.apiKey: must be at least 16 characters/.test(e.message),
    );
    const badEvent = structuredClone(base);
    badEvent.organisations[0].outbound = { events: { 'Case Created!': ['x'] } } as never;
    assert.throws(
      () => loadConfig({}, writeConfig(badEvent)),
      (e: ConfigError) => /organisations\.0\.outbound\.events\.Case Created!: event names/.test(e.message),
    );
  });
});
