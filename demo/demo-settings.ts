/** The demo's configuration: demo/demo.config.json (or CONFIG_FILE) with the environment laid over it. */
import { fileURLToPath } from 'node:url';
import type { HubConfig } from '../src/hub/config/config-schema.js';
import { loadConfig } from '../src/hub/config/load-config.js';

export const DEMO_CONFIG_FILE = fileURLToPath(new URL('./demo.config.json', import.meta.url));

export function loadDemoConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  return loadConfig(env, env.CONFIG_FILE ?? DEMO_CONFIG_FILE);
}
