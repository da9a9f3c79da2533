/**
 * `npm run simulate -- sms --from 15551234567 --text "My parcel is late" [--to 18005550199] [--hub URL]`
 * A simulated customer texting the support number: a TeleSign inbound callback, signed with the configured
 * TeleSign API key, posted to the hub's real webhook. `--reference-id` repeats a delivery (a provider retry).
 */
import { parseArgs } from 'node:util';
import { loadDemoConfig } from './demo-settings.js';
import { sendInboundSms } from './simulated-customer.js';

const USAGE = 'usage: npm run simulate -- sms --from <digits> --text "<text>" [--to <our number>] [--hub <url>] [--reference-id <32 hex>]';

const [kind, ...rest] = process.argv.slice(2);
if (kind !== 'sms') {
  console.error(kind ? `unknown simulation "${kind}"\n${USAGE}` : USAGE);
  process.exit(2);
}
const { values } = parseArgs({
  args: rest,
  options: { from: { type: 'string' }, text: { type: 'string' }, to: { type: 'string' }, hub: { type: 'string' }, 'reference-id': { type: 'string' } },
});
if (!values.from || values.text === undefined) {
  console.error(`--from and --text are required\n${USAGE}`);
  process.exit(2);
}
const config = loadDemoConfig();
const hubUrl = values.hub ?? process.env.HUB_URL ?? `http://localhost:${config.port}`;
const to = values.to ?? config.organisations[0]!.channels[0]!.number;
try {
  const answer = await sendInboundSms({
    hubUrl,
    ...config.telesign,
    from: values.from.replace(/\D/g, ''),
    to,
    text: values.text,
    ...(values['reference-id'] ? { referenceId: values['reference-id'] } : {}),
  });
  console.log(`${answer.status} ${JSON.stringify(answer.body)}  (reference_id ${answer.referenceId})`);
  process.exit(answer.status === 200 ? 0 : 1);
} catch (error) {
  console.error(`Could not reach the hub at ${hubUrl}: ${(error as Error).message}. Is \`npm start\` running?`);
  process.exit(1);
}
