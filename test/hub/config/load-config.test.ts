import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { HubConfigInput } from '../../../src/hub/config/config-schema.js';
import { ConfigError, loadConfig } from '../../../src/hub/config/load-config.js';

const valid = {
  auth: { jwtSecret: 'x'.repeat(32) },
  telesign: { customerId: 'C', apiKey: Buffer.from('k').toString('base64') },
  organisations: [
    { id: 'contoso', name: 'Contoso', channels: [{ channel: 'sms', provider: 'telesign', number: '18005550199' }] },
  ],
} satisfies HubConfigInput;

function writeConfig(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cfg-')), 'config.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('configuration', () => {
  it('applies defaults', () => {
    const config = loadConfig({}, writeConfig(valid));
    assert.equal(config.port, 8080);
    assert.equal(config.dataDir, './.data');
    assert.equal(config.demo, false);
    assert.equal(config.telesign!.baseUrl, 'https://rest-ww.telesign.com');
  });

  it('takes secrets and endpoints from the environment over the file', () => {
    const config = loadConfig(
      {
        PORT: '9000',
        DATA_DIR: '/tmp/x',
        HUB_JWT_SECRET: 'y'.repeat(40),
        TELESIGN_CUSTOMER_ID: 'ENV-ID',
        TELESIGN_API_KEY: Buffer.from('env').toString('base64'),
        TELESIGN_BASE_URL: 'http://127.0.0.1:1234',
        ALLOWED_ORIGINS: 'https://crm.example.com, https://other.example.com',
        DEMO: 'true',
      },
      writeConfig(valid),
    );
    assert.equal(config.port, 9000);
    assert.equal(config.dataDir, '/tmp/x');
    assert.equal(config.auth.jwtSecret, 'y'.repeat(40));
    assert.equal(config.telesign!.customerId, 'ENV-ID');
    assert.equal(config.telesign!.baseUrl, 'http://127.0.0.1:1234');
    assert.deepEqual(config.allowedOrigins, ['https://crm.example.com', 'https://other.example.com']);
    assert.equal(config.demo, true);
  });

  it('names every bad field', () => {
    const bad = structuredClone(valid);
    bad.auth.jwtSecret = 'short';
    bad.organisations[0].channels[0].number = '+1 800 555';
    assert.throws(
      () => loadConfig({}, writeConfig(bad)),
      (error: unknown) =>
        error instanceof ConfigError &&
        /auth\.jwtSecret: must be at least 32 characters/.test(error.message) &&
        /organisations\.0\.channels\.0\.number: must be 5 to 15 digits/.test(error.message),
    );
  });

  it('refuses one number in two organisations', () => {
    const bad = structuredClone(valid);
    bad.organisations.push({
      id: 'other',
      name: 'Other',
      channels: [{ channel: 'sms', provider: 'telesign', number: '18005550199' }],
    });
    assert.throws(
      () => loadConfig({}, writeConfig(bad)),
      /organisations\.1\.channels\.0\.number: number 18005550199 is already used by organisation "contoso"/,
    );
  });

  it('says which environment variable is malformed, and which file cannot be read', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty' }, writeConfig(valid)), /PORT must be a whole number/);
    assert.throws(() => loadConfig({}, writeConfig('{ not json')), /Cannot read .*config\.json/);
    assert.throws(() => loadConfig({}, '/nonexistent/config.json'), /does not exist/);
  });
});
