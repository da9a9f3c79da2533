/** The demo (hub + TeleSign stand-in + CRM page) on a free port with a throw-away data folder. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo, type RunningDemo } from '../../../demo/demo-server.js';
import { loadDemoConfig } from '../../../demo/demo-settings.js';
import { createLogger } from '../../../src/hub/logger.js';

/**
 * `autoAssign`: conversations go to the agent without an offer to accept, as many as come (for measurements of the
 * message path, not of routing).
 */
export async function startDemoStack(
  options: { deliveryDelayMs?: number; dataDir?: string; autoAssign?: boolean; widgetBundlePath?: string } = {},
): Promise<RunningDemo> {
  const config = loadDemoConfig({
    PORT: '0',
    DATA_DIR: options.dataDir ?? mkdtempSync(join(tmpdir(), 'agent-desktop-e2e-')),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  });
  if (options.autoAssign) {
    for (const org of config.organisations)
      org.routing = { ...org.routing, mode: 'auto', capacity: { ...org.routing.capacity, messaging: 1000 } };
  }
  return startDemo(config, {
    deliveryDelayMs: options.deliveryDelayMs ?? 50,
    logger: createLogger(config.logLevel),
    ...(options.widgetBundlePath ? { widgetBundlePath: options.widgetBundlePath } : {}),
  });
}
