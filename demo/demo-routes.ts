/**
 * The demo's own routes, added to the hub's server: the CRM host page at `/`, and the control panel's
 * simulated customer phone (send a text through the signed webhook, see what the phone received).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { HubConfig } from '../src/hub/config/config-schema.js';
import type { RunningHub } from '../src/hub/hub-server.js';
import { placeholdersIn } from '../src/protocol/templates.js';
import { parcelPng } from './sample-image.js';
import { sendInboundSms } from './simulated-customer.js';
import { sendInboundWhatsApp } from './simulated-whatsapp-customer.js';
import type { TeleSignStandIn, CrmStandIn, TwilioStandIn, GbmStandIn } from '../test/support/stand-ins/index.js';
import { CallApiError, DEMO_DNIS, postCallEvent, runSimulatedCall } from './simulated-caller.js';
import { sendGbmMessage, sendGbmTypingStatus } from './simulated-gbm-customer.js';

const PAGE = fileURLToPath(new URL('./public/index.html', import.meta.url));

interface PhoneEntry {
  direction: 'sent' | 'received';
  channel: 'sms' | 'whatsapp' | 'gbm';
  text: string;
  at: string;
  /** Images the phone received or sent. */
  media?: string[];
  /** For texts the phone received: what the delivery report said. */
  delivery?: string;
}

const phoneNumber = z.string().regex(/^\+?[\d\s().-]{5,20}$/, 'must be a phone number');
const simulateSchema = z.object({
  from: phoneNumber,
  to: z
    .string()
    .regex(/^\d{5,15}$/)
    .optional(),
  text: z.string().min(1, 'must not be empty'),
});
const simulateWhatsAppSchema = z.object({
  from: phoneNumber,
  to: z
    .string()
    .regex(/^\+\d{6,15}$/)
    .optional(),
  text: z.string().default(''),
  profileName: z.string().max(100).optional(),
  /** Attach the demo's sample parcel photo. */
  image: z.boolean().default(false),
  mediaUrls: z.array(z.url()).max(10).optional(),
});

export interface DemoStandIns {
  standIn: TeleSignStandIn;
  twilio: TwilioStandIn;
  crm: CrmStandIn;
  gbm: GbmStandIn;
}

const simulateCallSchema = z.object({
  ani: z.string().max(40),
  dnis: z.string().max(40).optional(),
  menu: z.enum(['agent', 'hang_up']).default('agent'),
  organisationId: z.string().min(1).optional(),
  queueId: z.string().min(1).optional(),
});
const simulateGbmSchema = z.object({
  from: phoneNumber,
  text: z.string().default(''),
  displayName: z.string().max(100).optional(),
  locale: z.string().max(35).optional(),
  image: z.boolean().default(false),
  /** Send a typing status (true/false) instead of a message. */
  typing: z.boolean().optional(),
  requestedLiveAgent: z.boolean().optional(),
});

/** The Business Messages conversation id of a demo phone (one device, one conversation with the brand). */
export const demoGbmConversationId = (number: string) => `demo-${number.replace(/\D/g, '')}`;

const callerHangsUpSchema = z.object({
  interactionId: z.string().min(1).max(200),
  organisationId: z.string().min(1).optional(),
});

const digits = (number: string) => number.replace(/\D/g, '');

/** What a handset shows for a template sent by ContentSid: the approved text with Twilio's variables in it. */
function templateTextFor(config: HubConfig) {
  const bySid = new Map(
    config.organisations.flatMap((o) =>
      o.templates.flatMap((t) =>
        t.localizations.filter((l) => l.contentSid).map((l) => [l.contentSid!, l.text] as const),
      ),
    ),
  );
  return (contentSid: string | null, variables: Record<string, string>): string => {
    const text = contentSid ? bySid.get(contentSid) : undefined;
    if (!text) return `[template ${contentSid}] ${JSON.stringify(variables)}`;
    const names = placeholdersIn(text);
    return text.replace(
      /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g,
      (whole, name: string) => variables[/^\d+$/.test(name) ? name : String(names.indexOf(name) + 1)] ?? whole,
    );
  };
}

export function registerDemoRoutes(
  app: FastifyInstance,
  config: HubConfig,
  { standIn, twilio, crm, gbm }: DemoStandIns,
  hub: () => RunningHub,
): void {
  const sentByPhone = new Map<string, PhoneEntry[]>();
  const channelsOf = (kind: string) =>
    config.organisations.flatMap((o) =>
      o.channels.filter((c) => c.channel === kind && (kind !== 'sms' || c.provider === 'telesign')),
    );
  const defaultNumber = channelsOf('sms')[0].number;
  const defaultWhatsApp = channelsOf('whatsapp')[0]?.number;
  const remember = (from: string, entry: PhoneEntry) => {
    const list = sentByPhone.get(from) ?? [];
    list.push(entry);
    sentByPhone.set(from, list);
  };
  const samplePhoto = parcelPng();
  const templateText = templateTextFor(config);

  app.get('/demo/media/parcel.png', async (_request, reply) =>
    reply.type('image/png').header('Cache-Control', 'max-age=3600').send(samplePhoto),
  );

  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(await readFile(PAGE)));

  app.get('/demo/setup', async () => ({
    organisations: config.organisations.map((o) => ({
      id: o.id,
      name: o.name,
      numbers: o.channels.map((c) => ({
        channel: c.channel,
        provider: c.provider,
        number: c.number,
        name: c.name ?? c.number,
      })),
      agents: o.agents.map((a) => ({ id: a.id, displayName: a.displayName, roles: a.roles })),
    })),
  }));

  // The simulators' bodies are checked by their schemas; a refusal names the field (400 invalid_request).
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post('/demo/simulate/sms', { schema: { body: simulateSchema } }, async (request, reply) => {
    const { text, to } = request.body;
    const from = digits(request.body.from);
    const answer = await sendInboundSms({
      hubUrl: hub().url,
      ...config.telesign!,
      from,
      to: to ?? defaultNumber,
      text,
    });
    if (answer.status === 200)
      remember(from, { direction: 'sent', channel: 'sms', text, at: new Date().toISOString() });
    return reply.code(answer.status).send(answer.body);
  });

  routes.post('/demo/simulate/whatsapp', { schema: { body: simulateWhatsAppSchema } }, async (request, reply) => {
    const body = request.body;
    const to = body.to ?? defaultWhatsApp;
    if (!to)
      return reply
        .code(400)
        .send({ error: 'invalid_request', message: 'no WhatsApp number is configured', field: 'to' });
    const { publicUrl } = hub();
    const mediaUrls = [...(body.mediaUrls ?? []), ...(body.image ? [`${publicUrl}/demo/media/parcel.png`] : [])];
    if (!body.text && mediaUrls.length === 0)
      return reply.code(400).send({ error: 'invalid_request', message: 'text: must not be empty', field: 'text' });
    const from = '+' + digits(body.from);
    const answer = await sendInboundWhatsApp({
      hubUrl: hub().url,
      webhookUrl: `${publicUrl}/webhooks/twilio`,
      ...config.twilio!,
      from,
      to,
      text: body.text,
      ...(body.profileName ? { profileName: body.profileName } : {}),
      media: mediaUrls.map((url) => ({
        url,
        contentType: url.endsWith('.png') ? 'image/png' : 'application/octet-stream',
      })),
    });
    if (answer.status === 200) {
      remember(digits(from), {
        direction: 'sent',
        channel: 'whatsapp',
        text: body.text,
        at: new Date().toISOString(),
        media: mediaUrls,
      });
    }
    return reply
      .code(answer.status)
      .send(answer.status === 200 ? { status: 'accepted', messageSid: answer.referenceId } : answer.body);
  });

  /**
   * Runs a simulated caller's step against the hub's call API with the organisation's voice key: 400 naming
   * `organisationId` when no organisation has voice, and the hub's own refusal passed on as it answered.
   */
  const asCaller = async (
    organisationId: string | undefined,
    reply: FastifyReply,
    step: (caller: { hubUrl: string; apiKey: string }) => Promise<unknown>,
  ) => {
    const voice = config.organisations.find((o) =>
      organisationId ? o.id === organisationId : Boolean(o.voice),
    )?.voice;
    if (!voice)
      return reply.code(400).send({
        error: 'invalid_request',
        message: 'no organisation with voice is configured',
        field: 'organisationId',
      });
    try {
      return await step({ hubUrl: hub().url, apiKey: voice.apiKey });
    } catch (error) {
      if (error instanceof CallApiError) return reply.code(error.status).send(error.body);
      throw error;
    }
  };

  /** The simulated caller: the IVR flow against the hub's call API (arrival, data dip and greeting, menu, queue). */
  routes.post(
    '/demo/simulate/call',
    { schema: { body: z.preprocess((body) => body ?? {}, simulateCallSchema) } },
    (request, reply) => {
      const { organisationId, ani, dnis, menu, queueId } = request.body;
      return asCaller(organisationId, reply, (caller) =>
        runSimulatedCall({ ...caller, ani, dnis: dnis ?? DEMO_DNIS, menu, ...(queueId ? { queueId } : {}) }),
      );
    },
  );

  /** The simulated caller hangs up (the platform's `ended` event). */
  routes.post(
    '/demo/simulate/call/hang-up',
    { schema: { body: z.preprocess((body) => body ?? {}, callerHangsUpSchema) } },
    (request, reply) =>
      asCaller(request.body.organisationId, reply, (caller) =>
        postCallEvent(caller, { event: 'ended', interactionId: request.body.interactionId }),
      ),
  );

  /** What the demo CRM holds (contacts and cases), to see cases created from a call. */
  app.get('/demo/crm', async () => ({ contacts: crm.contacts, incidents: crm.incidents }));

  routes.post('/demo/simulate/gbm', { schema: { body: simulateGbmSchema } }, async (request, reply) => {
    const body = request.body;
    const agent = channelsOf('gbm')[0]?.number;
    if (!agent || !config.gbm)
      return reply
        .code(400)
        .send({ error: 'invalid_request', message: 'no Business Messages agent is configured', field: 'to' });
    const { from, text, displayName, locale, image, typing, requestedLiveAgent } = body;
    const customer = {
      hubUrl: hub().url,
      clientToken: config.gbm.clientToken,
      agent,
      conversationId: demoGbmConversationId(from),
      displayName: displayName ?? 'Jane Doe',
      ...(locale ? { locale } : {}),
      placeId: 'ChIJdemoContosoStore',
    };
    if (typing !== undefined || requestedLiveAgent) {
      const answer = await sendGbmTypingStatus({
        ...customer,
        ...(typing !== undefined ? { isTyping: typing } : {}),
        ...(requestedLiveAgent ? { requestedLiveAgent } : {}),
      });
      return reply.code(answer.status).send(answer.body);
    }
    const imageUrl = image ? `${hub().publicUrl}/demo/media/parcel.png` : undefined;
    if (!text && !imageUrl)
      return reply.code(400).send({ error: 'invalid_request', message: 'text: must not be empty', field: 'text' });
    // Business Messages carries a text or an image per message.
    let answer = text ? await sendGbmMessage({ ...customer, text }) : null;
    if (imageUrl && (!answer || answer.status === 200)) answer = await sendGbmMessage({ ...customer, imageUrl });
    if (answer!.status === 200)
      remember(digits(from), {
        direction: 'sent',
        channel: 'gbm',
        text,
        at: new Date().toISOString(),
        ...(imageUrl ? { media: [imageUrl] } : {}),
      });
    return reply.code(answer!.status).send(answer!.body);
  });

  app.get<{ Params: { number: string } }>('/demo/phone/:number', async (request) => {
    const number = digits(request.params.number);
    const received: PhoneEntry[] = standIn.messagesTo(number).map((m) => ({
      direction: 'received',
      channel: 'sms',
      text: m.text,
      at: m.receivedAt.toISOString(),
      delivery: m.delivery,
    }));
    const onWhatsApp: PhoneEntry[] = twilio.messagesTo(`whatsapp:+${number}`).map((m) => ({
      direction: 'received',
      channel: 'whatsapp',
      text: m.body ?? templateText(m.contentSid, m.contentVariables ?? {}),
      at: m.receivedAt.toISOString(),
      delivery: m.status,
      media: m.media.map((x) => x.url),
    }));
    const onGbm: PhoneEntry[] = gbm.messages
      .filter((m) => m.conversationId === demoGbmConversationId(number))
      .map((m) => ({
        direction: 'received',
        channel: 'gbm',
        text: `${m.representative.displayName}: ${m.text ?? ''}`,
        at: m.receivedAt.toISOString(),
        ...(m.imageUrl ? { media: [m.imageUrl] } : {}),
      }));
    const thread = [...(sentByPhone.get(number) ?? []), ...received, ...onWhatsApp, ...onGbm].sort((a, b) =>
      a.at.localeCompare(b.at),
    );
    return { number, thread };
  });
}
