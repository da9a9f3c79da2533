/**
 * Simulated customers, posting correctly signed provider webhooks to the hub's real endpoints:
 *   npm run simulate -- sms --from 15551234567 --text "My parcel is late" [--to 18005550199] [--hub URL]
 *     a TeleSign inbound callback; `--reference-id` repeats a delivery (a provider retry)
 *   npm run simulate -- whatsapp --from +15551234567 --text "Photo attached" [--image] [--media URL] [--to +14155550100]
 *     a Twilio WhatsApp webhook, with the demo's parcel photo (--image) or any media URL
 *   npm run simulate -- call --ani +15551234567 [--dnis +18005550199] [--hang-up] [--queue support] [--org contoso]
 *     a caller through the IVR flow: arrival, CRM data dip and greeting, menu "agent", queue (hold music), offer
 *   npm run simulate -- call-ended --interaction-id <id>
 *     that caller hangs up
 */
import { parseArgs } from 'node:util';
import { loadDemoConfig } from './demo-settings.js';
import { sendInboundSms } from './simulated-customer.js';
import { sendInboundWhatsApp } from './simulated-whatsapp-customer.js';
import { OUTBOUND_USAGE, simulateOutbound } from './simulated-outbound.js';
import { CallApiError, DEMO_DNIS, describeStep, postCallEvent, runSimulatedCall } from './simulated-caller.js';

const USAGE = `usage:
  npm run simulate -- sms --from <digits> --text "<text>" [--to <our number>] [--hub <url>] [--reference-id <32 hex>]
  npm run simulate -- gbm --from <phone> --text "<text>" [--image] [--typing] [--name <name>] [--locale fr] [--hub <url>]
  npm run simulate -- whatsapp --from <+E.164> --text "<text>" [--image] [--media <url>] [--name <profile name>] [--to <+E.164>] [--hub <url>]
  npm run simulate -- call --ani <caller's number> [--dnis <number dialled>] [--hang-up] [--queue <queue id>] [--org <organisation id>] [--hub <url>]
  npm run simulate -- call-ended --interaction-id <id> [--org <organisation id>] [--hub <url>]
${OUTBOUND_USAGE}`;

const [kind, ...rest] = process.argv.slice(2);
if (kind === 'outbound' || kind === 'event') process.exit(await simulateOutbound(kind, rest));
if (kind === 'gbm') {
  await simulateGbm(rest);
  process.exit(0);
}
if (kind === 'whatsapp') {
  await simulateWhatsApp(rest);
  process.exit(0);
}
if (kind === 'call' || kind === 'call-ended') {
  await simulateCall(kind, rest);
  process.exit(0);
}
if (kind !== 'sms') {
  console.error(kind ? `unknown simulation "${kind}"\n${USAGE}` : USAGE);
  process.exit(2);
}
const { values } = parseArgs({
  args: rest,
  options: {
    from: { type: 'string' },
    text: { type: 'string' },
    to: { type: 'string' },
    hub: { type: 'string' },
    'reference-id': { type: 'string' },
  },
});
if (!values.from || values.text === undefined) {
  console.error(`--from and --text are required\n${USAGE}`);
  process.exit(2);
}
const config = loadDemoConfig();
const hubUrl = values.hub ?? process.env.HUB_URL ?? `http://localhost:${config.port}`;
const to = values.to ?? config.organisations[0].channels[0].number;
try {
  const answer = await sendInboundSms({
    hubUrl,
    ...config.telesign!,
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

async function simulateWhatsApp(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: 'string' },
      text: { type: 'string' },
      to: { type: 'string' },
      hub: { type: 'string' },
      name: { type: 'string' },
      image: { type: 'boolean' },
      media: { type: 'string', multiple: true },
    },
  });
  if (!values.from || (values.text === undefined && !values.image && !values.media)) {
    console.error(`--from and --text (or --image / --media) are required\n${USAGE}`);
    process.exit(2);
  }
  const config = loadDemoConfig();
  if (!config.twilio) {
    console.error('No Twilio account in the configuration');
    process.exit(2);
  }
  const hubUrl = (values.hub ?? process.env.HUB_URL ?? `http://localhost:${config.port}`).replace(/\/$/, '');
  const to = values.to ?? config.organisations.flatMap((o) => o.channels).find((c) => c.channel === 'whatsapp')?.number;
  if (!to) {
    console.error('No WhatsApp number in the configuration; pass --to');
    process.exit(2);
  }
  const media = [...(values.media ?? []), ...(values.image ? [`${hubUrl}/demo/media/parcel.png`] : [])];
  try {
    const answer = await sendInboundWhatsApp({
      hubUrl,
      webhookUrl: `${config.publicUrl?.replace(/\/$/, '') ?? hubUrl}/webhooks/twilio`,
      ...config.twilio,
      from: '+' + values.from.replace(/\D/g, ''),
      to,
      text: values.text ?? '',
      ...(values.name ? { profileName: values.name } : {}),
      media: media.map((url) => ({
        url,
        contentType: url.endsWith('.png') ? 'image/png' : 'application/octet-stream',
      })),
    });
    console.log(`${answer.status} ${JSON.stringify(answer.body)}  (MessageSid ${answer.referenceId})`);
    process.exit(answer.status === 200 ? 0 : 1);
  } catch (error) {
    console.error(`Could not reach the hub at ${hubUrl}: ${(error as Error).message}. Is \`npm start\` running?`);
    process.exit(1);
  }
}

async function simulateCall(kind: 'call' | 'call-ended', args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      ani: { type: 'string' },
      dnis: { type: 'string' },
      'hang-up': { type: 'boolean' },
      queue: { type: 'string' },
      org: { type: 'string' },
      hub: { type: 'string' },
      'interaction-id': { type: 'string' },
    },
  });
  const config = loadDemoConfig();
  const org = config.organisations.find((o) => (values.org ? o.id === values.org : Boolean(o.voice)));
  if (!org?.voice) {
    console.error(
      `${values.org ? `Organisation "${values.org}" has` : 'No organisation has'} no voice configuration\n${USAGE}`,
    );
    process.exit(2);
  }
  const hubUrl = (values.hub ?? process.env.HUB_URL ?? `http://localhost:${config.port}`).replace(/\/$/, '');
  const api = { hubUrl, apiKey: org.voice.apiKey };
  try {
    if (kind === 'call-ended') {
      if (!values['interaction-id']) {
        console.error(`--interaction-id is required\n${USAGE}`);
        process.exit(2);
      }
      const answer = await postCallEvent(api, { event: 'ended', interactionId: values['interaction-id'] });
      console.log(
        `👋 the caller hangs up: the call is ${answer.call.state}${answer.duplicate ? ' (it had ended already)' : ''}`,
      );
      return;
    }
    if (values.ani === undefined) {
      console.error(`--ani is required\n${USAGE}`);
      process.exit(2);
    }
    const result = await runSimulatedCall({
      ...api,
      ani: values.ani,
      dnis: values.dnis ?? DEMO_DNIS,
      menu: values['hang-up'] ? 'hang_up' : 'agent',
      ...(values.queue ? { queueId: values.queue } : {}),
      onStep: (step) => console.log(describeStep(step)),
    });
    if (result.call.state !== 'ended')
      console.log(
        `\n   interaction id ${result.interactionId}; the caller hangs up with: npm run simulate -- call-ended --interaction-id ${result.interactionId}`,
      );
  } catch (error) {
    if (error instanceof CallApiError) {
      console.error(error.message);
      process.exit(1);
    }
    console.error(`Could not reach the hub at ${hubUrl}: ${(error as Error).message}. Is \`npm start\` running?`);
    process.exit(1);
  }
}

/** A Business Messages customer (their conversation id derived from --from, as on the demo page). */
async function simulateGbm(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: 'string' },
      text: { type: 'string' },
      hub: { type: 'string' },
      name: { type: 'string' },
      locale: { type: 'string' },
      image: { type: 'boolean' },
      typing: { type: 'boolean' },
    },
  });
  if (!values.from || (values.text === undefined && !values.image && !values.typing)) {
    console.error(`--from and --text (or --image / --typing) are required\n${USAGE}`);
    process.exit(2);
  }
  const hubUrl = (values.hub ?? process.env.HUB_URL ?? `http://localhost:${loadDemoConfig().port}`).replace(/\/$/, '');
  const response = await fetch(`${hubUrl}/demo/simulate/gbm`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      from: values.from,
      text: values.text ?? '',
      image: values.image ?? false,
      ...(values.typing ? { typing: true } : {}),
      ...(values.name ? { displayName: values.name } : {}),
      ...(values.locale ? { locale: values.locale } : {}),
    }),
  }).catch((error: Error) => {
    console.error(`Could not reach the hub at ${hubUrl}: ${error.message}. Is \`npm start\` running?`);
    process.exit(1);
  });
  console.log(`${response.status} ${await response.text()}`);
  process.exit(response.ok ? 0 : 1);
}
