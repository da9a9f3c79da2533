/**
 * The demo's own routes, added to the hub's server: the CRM host page at `/`, and the control panel's
 * simulated customer phone (send a text through the signed webhook, see what the phone received).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { HubConfig } from '../src/hub/config/config-schema.js';
import { sendInboundSms } from './simulated-customer.js';
import type { TeleSignStandIn } from './telesign-stand-in.js';

const PAGE = fileURLToPath(new URL('./public/index.html', import.meta.url));

interface PhoneEntry {
  direction: 'sent' | 'received';
  text: string;
  at: string;
  /** For texts the phone received: what the delivery report said. */
  delivery?: string;
}

const simulateSchema = z.object({
  from: z.string().regex(/^\+?[\d\s().-]{5,20}$/, 'must be a phone number'),
  to: z.string().regex(/^\d{5,15}$/).optional(),
  text: z.string().min(1, 'must not be empty'),
});

export function registerDemoRoutes(app: FastifyInstance, config: HubConfig, standIn: TeleSignStandIn, hubUrl: () => string): void {
  const sentByPhone = new Map<string, PhoneEntry[]>();
  const defaultNumber = config.organisations[0]!.channels[0]!.number;

  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(await readFile(PAGE)));

  app.get('/demo/setup', async () => ({
    organisations: config.organisations.map((o) => ({
      id: o.id,
      name: o.name,
      numbers: o.channels.map((c) => ({ number: c.number, name: c.name ?? c.number })),
      agents: o.agents.map((a) => ({ id: a.id, displayName: a.displayName, roles: a.roles })),
    })),
  }));

  app.post('/demo/simulate/sms', async (request, reply) => {
    const parsed = simulateSchema.safeParse(request.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return reply.code(400).send({ error: 'invalid_request', message: `${issue.path.join('.')}: ${issue.message}`, field: issue.path.join('.') });
    }
    const from = parsed.data.from.replace(/\D/g, '');
    const answer = await sendInboundSms({ hubUrl: hubUrl(), ...config.telesign, from, to: parsed.data.to ?? defaultNumber, text: parsed.data.text });
    if (answer.status === 200) {
      const list = sentByPhone.get(from) ?? [];
      list.push({ direction: 'sent', text: parsed.data.text, at: new Date().toISOString() });
      sentByPhone.set(from, list);
    }
    return reply.code(answer.status).send(answer.body);
  });

  app.get<{ Params: { number: string } }>('/demo/phone/:number', async (request) => {
    const number = request.params.number.replace(/\D/g, '');
    const received: PhoneEntry[] = standIn
      .messagesTo(number)
      .map((m) => ({ direction: 'received', text: m.text, at: m.receivedAt.toISOString(), delivery: m.delivery }));
    const thread = [...(sentByPhone.get(number) ?? []), ...received].sort((a, b) => a.at.localeCompare(b.at));
    return { number, thread };
  });
}
