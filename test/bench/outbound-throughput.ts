/**
 * Outbound throughput for `npm run bench`: 10,000 contacts sent in batches of 100 (the API's limit) through a real
 * hub (PGlite in a temporary folder) and the TeleSign and Twilio stand-ins, half on WhatsApp (by ContentSid), half
 * on SMS. Batches go one after another, as a client batching a list would send them; every contact's answer is
 * checked. Run alone with `tsx test/bench/outbound-throughput.ts`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  MAX_OUTBOUND_CONTACTS,
  type OutboundConfiguration,
  type OutboundSendResult,
} from '../../src/protocol/outbound.js';
import { CONTOSO_NUMBER, CONTOSO_WHATSAPP, startTestHub } from '../hub/support/test-hub.js';

export interface OutboundThroughput {
  contacts: number;
  batches: number;
  seconds: number;
  contactsPerSecond: number;
  batchMsP50: number;
  batchMsMax: number;
}

export async function measureOutboundThroughput(
  contacts = Number(process.env.BENCH_OUTBOUND_CONTACTS ?? 10_000),
): Promise<OutboundThroughput> {
  const t = await startTestHub({
    config: { dataDir: process.env.BENCH_MEMORY ? 'memory://' : mkdtempSync(join(tmpdir(), 'bench-outbound-')) },
  });
  try {
    const configure = async (body: Record<string, unknown>) => {
      const answer = await t.api<OutboundConfiguration>('POST', '/api/outbound/configurations', {
        showOnTimeline: true,
        ...body,
      });
      if (answer.status !== 201)
        throw new Error(`creating a configuration answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      return answer.body;
    };
    const whatsapp = await configure({
      name: 'Bench WhatsApp',
      channelType: 'whatsapp',
      channelNumber: CONTOSO_WHATSAPP,
      templateName: 'delivery_update',
    });
    const sms = await configure({
      name: 'Bench SMS',
      channelType: 'sms',
      channelNumber: CONTOSO_NUMBER,
      templateName: 'delivery_update',
    });
    const batches = Math.ceil(contacts / MAX_OUTBOUND_CONTACTS);
    const batchMs: number[] = [];
    const started = performance.now();
    for (let b = 0; b < batches; b++) {
      const configuration = b % 2 === 0 ? whatsapp : sms;
      const ContactList = Array.from(
        { length: Math.min(MAX_OUTBOUND_CONTACTS, contacts - b * MAX_OUTBOUND_CONTACTS) },
        (_, i) => ({
          tocontactid: `+1555${String(b * MAX_OUTBOUND_CONTACTS + i).padStart(7, '0')}`,
          channelid: configuration.channelType,
          option: true,
          locale: i % 3 === 0 ? 'fr-FR' : 'en-US',
          CustomerName: `Customer ${i}`,
          CaseName: `CAS-${b}-${i}`,
          contextitems: { DeliveryDay: 'Friday' },
        }),
      );
      const batchStarted = performance.now();
      const answer = await t.api<OutboundSendResult>('POST', `/api/outbound/${configuration.id}/send`, {
        ContactList,
        requestId: `bench-${b}`,
      });
      batchMs.push(performance.now() - batchStarted);
      if (answer.status !== 200 || answer.body.summary.sent !== ContactList.length) {
        throw new Error(
          `batch ${b} answered ${answer.status}: ${JSON.stringify(answer.status === 200 ? answer.body.summary : answer.body)}`,
        );
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const atProviders = t.twilio.messages.length + t.standIn.messages.length;
    if (atProviders !== contacts)
      throw new Error(`the stand-ins received ${atProviders} messages for ${contacts} contacts`);
    batchMs.sort((a, b) => a - b);
    return {
      contacts,
      batches,
      seconds,
      contactsPerSecond: contacts / seconds,
      batchMsP50: batchMs[Math.floor(batchMs.length / 2)],
      batchMsMax: batchMs.at(-1)!,
    };
  } finally {
    await t.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await measureOutboundThroughput();
  console.log(result);
}
