/**
 * `npm run chaos`: while simulated customers text and an agent replies, the hub is killed with SIGKILL several
 * times and restarted. Afterwards every message either side sent must exist exactly once, in order, with
 * gap-free sequence numbers. Customers retry a webhook until it is answered 200 (as TeleSign does); the agent
 * re-sends with the same client message id until the hub confirms (as the widget's outbox does).
 * Options (environment): CHAOS_CUSTOMERS (4), CHAOS_MESSAGES (25 per customer), CHAOS_KILLS (4).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  HubConnectionBuilder,
  HubConnectionState,
  LogLevel,
  type HubConnection,
  type IRetryPolicy,
} from '@microsoft/signalr';
import { sendInboundSms } from '../../demo/simulated-customer.js';
import { TeleSignStandIn } from '../support/stand-ins/index.js';
import { issueAgentToken } from '../../src/hub/auth/agent-token.js';
import { freePort } from '../hub/support/free-port.js';
import { invoke } from '../hub/support/hub-client.js';
import type { ConversationSummary, Message } from '../../src/protocol/payloads.js';

const CUSTOMERS = Number(process.env.CHAOS_CUSTOMERS ?? 4);
const MESSAGES = Number(process.env.CHAOS_MESSAGES ?? 25);
const KILLS = Number(process.env.CHAOS_KILLS ?? 4);
const NUMBER = '18005550199';
const TELESIGN = { customerId: 'CHAOS-CUSTOMER', apiKey: Buffer.from('chaos-api-key').toString('base64') };
const AUTH = {
  jwtSecret: 'chaos-secret-0123456789-abcdefghijklmnop',
  issuer: 'agent-desktop',
  audience: 'agent-desktop-hub',
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dir = mkdtempSync(join(tmpdir(), 'agent-desktop-chaos-'));
const port = await freePort();
const hubUrl = `http://127.0.0.1:${port}`;
const standIn = new TeleSignStandIn({ ...TELESIGN, deliveryDelayMs: 50 });
const standInUrl = await standIn.start();
const configFile = join(dir, 'config.json');
writeFileSync(
  configFile,
  JSON.stringify({
    port,
    dataDir: join(dir, 'data'),
    logLevel: 'warn',
    publicUrl: hubUrl,
    auth: { jwtSecret: AUTH.jwtSecret },
    telesign: { ...TELESIGN, baseUrl: standInUrl },
    // the agent takes every conversation as it comes (this is about losing nothing, not about distribution)
    organisations: [
      {
        id: 'contoso',
        name: 'Contoso',
        channels: [{ channel: 'sms', provider: 'telesign', number: NUMBER }],
        routing: { mode: 'auto', capacity: { messaging: 1000, voice: 1 } },
      },
    ],
  }),
);

let hub: ChildProcess | null = null;
let hubLog = '';
async function startHubProcess(): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/hub/main.ts'], {
    env: { ...process.env, CONFIG_FILE: configFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  hub = child;
  child.stdout.on('data', (d) => (hubLog += d));
  child.stderr.on('data', (d) => (hubLog += d));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the hub exited with ${child.exitCode} on start:\n${hubLog.slice(-3000)}`);
    const ok = await fetch(`${hubUrl}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`the hub did not start:\n${hubLog.slice(-3000)}`);
    await sleep(100);
  }
}

function killHub(): Promise<void> {
  const child = hub;
  hub = null;
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** A customer: texts in order, each one retried (same reference id) until the hub answers 200. */
async function customer(index: number): Promise<void> {
  const from = `1555700${String(index).padStart(4, '0')}`;
  for (let n = 1; n <= MESSAGES; n++) {
    const referenceId = `${String(index).padStart(4, '0')}${String(n).padStart(4, '0')}`.padEnd(32, 'A');
    for (;;) {
      const answer = await sendInboundSms({
        hubUrl,
        ...TELESIGN,
        from,
        to: NUMBER,
        text: `customer ${index} message ${n}`,
        referenceId,
      }).catch(() => null);
      if (answer?.status === 200) break;
      await sleep(100);
    }
    await sleep(20 + Math.random() * 60);
  }
}

const foreverRetry: IRetryPolicy = { nextRetryDelayInMilliseconds: () => 200 };

/** The agent: replies once to every customer message it sees, re-sending until the hub confirms. */
async function agent(done: () => boolean): Promise<HubConnection> {
  const token = await issueAgentToken(
    AUTH,
    { agentId: 'alice', organisationId: 'contoso', displayName: 'Alice', roles: ['agent'] },
    3600,
  );
  const connection = new HubConnectionBuilder()
    .withUrl(`${hubUrl}/hub`, { accessTokenFactory: () => token })
    .withAutomaticReconnect(foreverRetry)
    .configureLogging(LogLevel.None)
    .build();
  connection.onclose(() => void reconnect());
  const reconnect = async () => {
    while (connection.state === HubConnectionState.Disconnected) {
      try {
        await connection.start();
      } catch {
        await sleep(200);
      }
    }
  };
  await reconnect();
  void (async () => {
    while (!done()) {
      try {
        if (connection.state !== HubConnectionState.Connected) {
          await sleep(100);
          continue;
        }
        const conversations = await invoke(connection, 'getConversations');
        for (const conversation of conversations) {
          const messages = await invoke(connection, 'getMessages', { conversationId: conversation.id, afterSeq: 0 });
          const replied = new Set(messages.filter((m) => m.direction === 'outbound').map((m) => m.clientMessageId));
          for (const inbound of messages.filter((m) => m.direction === 'inbound')) {
            const clientMessageId = `reply-${inbound.id}`;
            if (replied.has(clientMessageId)) continue;
            await invoke(connection, 'sendMessage', {
              conversationId: conversation.id,
              clientMessageId,
              text: `re: ${inbound.text}`,
            });
          }
        }
      } catch {
        // the hub went away mid-call: the next round sends again with the same client message ids
      }
      await sleep(150);
    }
  })();
  return connection;
}

const started = Date.now();
await startHubProcess();
const customers = Promise.all(Array.from({ length: CUSTOMERS }, (_, i) => customer(i + 1)));
let finished = false;
const connection = await agent(() => finished);

for (let kill = 1; kill <= KILLS; kill++) {
  await sleep(1500 + Math.random() * 1500);
  await killHub();
  console.log(`kill -9 #${kill} at ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await sleep(200 + Math.random() * 500);
  await startHubProcess();
}
await customers;
// let the agent answer everything, then check
const expectedReplies = CUSTOMERS * MESSAGES;
let conversations: ConversationSummary[] = [];
let all: Message[] = [];
for (let tries = 0; tries < 300; tries++) {
  try {
    conversations = await invoke(connection, 'getConversations');
    all = (
      await Promise.all(
        conversations.map((c) => invoke(connection, 'getMessages', { conversationId: c.id, afterSeq: 0 })),
      )
    ).flat();
    if (all.filter((m) => m.direction === 'outbound').length >= expectedReplies) break;
  } catch {
    // reconnecting
  }
  await sleep(200);
}
finished = true;

const problems: string[] = [];
if (conversations.length !== CUSTOMERS) problems.push(`${conversations.length} conversations, expected ${CUSTOMERS}`);
for (const conversation of conversations) {
  const messages = all.filter((m) => m.conversationId === conversation.id).sort((a, b) => a.seq - b.seq);
  messages.forEach((m, i) => {
    if (m.seq !== i + 1)
      problems.push(`${conversation.customerAddress}: seq ${m.seq} at position ${i + 1} (gap or repeat)`);
  });
  const inbound = messages.filter((m) => m.direction === 'inbound').map((m) => m.text);
  const index = Number(conversation.customerAddress.slice(-4));
  const expected = Array.from({ length: MESSAGES }, (_, n) => `customer ${index} message ${n + 1}`);
  if (JSON.stringify(inbound) !== JSON.stringify(expected))
    problems.push(
      `${conversation.customerAddress}: customer messages ${JSON.stringify(inbound.slice(0, 5))}… are not exactly the ${MESSAGES} sent, in order`,
    );
  const replies = messages.filter((m) => m.direction === 'outbound').map((m) => m.clientMessageId);
  if (new Set(replies).size !== replies.length) problems.push(`${conversation.customerAddress}: a reply stored twice`);
  const inboundIds = new Set(messages.filter((m) => m.direction === 'inbound').map((m) => `reply-${m.id}`));
  if (replies.length !== inboundIds.size || !replies.every((r) => inboundIds.has(r!)))
    problems.push(
      `${conversation.customerAddress}: ${replies.length} replies for ${inboundIds.size} customer messages`,
    );
}
const handsetCopies = standIn.messages.length - new Set(standIn.messages.map((m) => m.externalId)).size;

await connection.stop();
await killHub();
await standIn.stop();
rmSync(dir, { recursive: true, force: true });

console.log(
  `\n${CUSTOMERS} customers × ${MESSAGES} messages, ${expectedReplies} agent replies, ${KILLS} × kill -9, ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
console.log(
  `stored: ${all.filter((m) => m.direction === 'inbound').length} customer messages, ${all.filter((m) => m.direction === 'outbound').length} agent replies`,
);
console.log(
  `replies the TeleSign stand-in received twice (a send cut off between TeleSign's answer and our commit): ${handsetCopies}`,
);
if (problems.length > 0) {
  console.log(`FAILED:\n  ${problems.slice(0, 20).join('\n  ')}`);
  process.exit(1);
}
console.log('every message exists exactly once, in order, numbered without gaps');
process.exit(0);
