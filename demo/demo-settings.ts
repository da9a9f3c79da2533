/** The demo's configuration: demo/demo.config.json (or CONFIG_FILE) with the environment laid over it. */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HubConfig } from '../src/hub/config/config-schema.js';
import { loadConfig } from '../src/hub/config/load-config.js';

export const DEMO_CONFIG_FILE = fileURLToPath(new URL('./demo.config.json', import.meta.url));

/**
 * The demo's Business Messages service account: a key made on this machine the first time (never committed),
 * which the local Business Messages stand-in checks the hub's signed token requests against.
 */
export function demoServiceAccountFile(): string {
  const dir = join(tmpdir(), 'agent-desktop-demo');
  const file = join(dir, 'gbm-service-account.json');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    // token_uri is replaced by the stand-in's own when the demo starts
    writeFileSync(
      file,
      JSON.stringify({
        type: 'service_account',
        client_email: 'agent-desktop-demo@demo.iam.gserviceaccount.com',
        private_key: privateKey,
        token_uri: 'http://127.0.0.1/token',
      }),
      { mode: 0o600 },
    );
  }
  return file;
}

export function loadDemoConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  return loadConfig({ GBM_CREDENTIALS_FILE: demoServiceAccountFile(), ...env }, env.CONFIG_FILE ?? DEMO_CONFIG_FILE);
}
