/**
 * `npm start`: the demo. Starts a TeleSign stand-in and the hub in demo mode, serves the CRM host page with
 * the embedded widget at `/`, and prints where to go. PORT overrides 8080; data lives in DATA_DIR.
 */
import { startHub } from '../src/hub/hub-server.js';
import { ConfigError } from '../src/hub/config/load-config.js';
import { registerDemoRoutes } from './demo-routes.js';
import { loadDemoConfig } from './demo-settings.js';
import { TeleSignStandIn } from './telesign-stand-in.js';

/** A handset whose carrier rejects everything, to show a failed delivery. */
export const FAILING_DEMO_NUMBER = '15550000000';

let config;
try {
  config = loadDemoConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}

const standIn = new TeleSignStandIn({ ...config.telesign, deliveryDelayMs: 400, failingNumbers: [FAILING_DEMO_NUMBER] });
// A TELESIGN_BASE_URL in the environment means "use that TeleSign", otherwise the stand-in takes the messages.
if (!process.env.TELESIGN_BASE_URL) config.telesign.baseUrl = await standIn.start();
config.demo = true;
const port = config.port;
config.allowedOrigins = [...new Set([...config.allowedOrigins, `http://localhost:${port}`, `http://127.0.0.1:${port}`])];

let hubUrl = '';
const hub = await startHub({ config, extend: (app) => registerDemoRoutes(app, config, standIn, () => hubUrl) });
hubUrl = hub.url;

const pageUrl = `http://localhost:${hub.port}`;
const agents = config.organisations.flatMap((o) => o.agents.map((a) => `    ${pageUrl}/?agent=${a.id}`.padEnd(48) + `${a.displayName} — ${o.name}`));
console.log(`
  Agent desktop demo is running.

  Open the CRM page:  ${pageUrl}
  Demo agents (one per browser tab):
${agents.join('\n')}

  Text the support line from another terminal:
    npm run simulate -- sms --from 15551234567 --text "My parcel is late"

  TeleSign webhook: ${pageUrl}/webhooks/telesign   (stand-in TeleSign API: ${standIn.url || config.telesign.baseUrl})
  Press Ctrl+C to stop.
`);

const stop = async () => {
  await hub.close();
  await standIn.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
