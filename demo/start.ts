/**
 * `npm start`: the demo. Starts a TeleSign stand-in and the hub in demo mode, serves the CRM host page with
 * the embedded widget at `/`, and prints where to go. PORT overrides 8080; data lives in DATA_DIR.
 */
import { ConfigError } from '../src/hub/config/load-config.js';
import { startDemo } from './demo-server.js';
import { loadDemoConfig } from './demo-settings.js';

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

// A TELESIGN_BASE_URL in the environment means "use that TeleSign"; otherwise the stand-in takes the messages.
// Likewise CRM_BASE_URL: that CRM (with CRM_TOKEN_URL, CRM_CLIENT_ID, CRM_CLIENT_SECRET) instead of the CRM stand-in.
const demo = await startDemo(config, {
  ...(process.env.TELESIGN_BASE_URL ? { teleSignBaseUrl: process.env.TELESIGN_BASE_URL } : {}),
  ...(process.env.CRM_BASE_URL ? { useConfiguredCrm: true } : {}),
});
const { pageUrl } = demo;
const agents = demo.config.organisations.flatMap((o) =>
  o.agents.map((a) => `    ${`${pageUrl}/?agent=${a.id}`.padEnd(40)} ${a.displayName} (${o.name})`),
);
console.log(`
  Agent desktop demo is running.

  Open the CRM page:  ${pageUrl}
  Demo agents (one per browser tab):
${agents.join('\n')}

  Text the support line from another terminal:
    npm run simulate -- sms --from 15551234567 --text "My parcel is late"
  Call the support line (IVR greeting from the CRM, then an agent's softphone rings):
    npm run simulate -- call --ani +15551234567

  TeleSign webhook: ${pageUrl}/webhooks/telesign   (TeleSign API: ${demo.config.telesign!.baseUrl})
  Press Ctrl+C to stop.
`);

const stop = async () => {
  await demo.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
