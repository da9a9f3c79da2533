/**
 * The real hub for the widget's browser tests, in its own Node process (started and stopped by
 * real-hub-plugin.mjs from web-test-runner.config.mjs): the demo stack of `npm start` (the hub in demo mode
 * and the TeleSign stand-in, see demo/demo-server.ts) on a free port with a throw-away data folder, plus a
 * small control API the tests reach through web-test-runner at `/harness/…` (see real-hub.ts):
 *
 *   GET  /info                          → HarnessInfo (hub URL, gated URL, running, gate mode)
 *   POST /organisations {routing?}      → an organisation of the hub's configuration no other test uses; work is
 *                                         assigned without offers (`auto`), or with `{"routing": "offer"}` offered
 *                                         (see OFFER_ROUTING: two queues, 3 conversations at once, a wrap-up)
 *   GET  /token?organisationId&agentId  → {"token"} from the hub's POST /demo/token (a token-url)
 *   POST /text {organisationId, from, text} → a customer texts the organisation's number: the demo's
 *                                         POST /demo/simulate/sms, a signed TeleSign callback to the webhook
 *   POST /whatsapp {organisationId, from, text?, mediaUrls?, image?, profileName?}
 *                                       → a customer writes to the organisation's WhatsApp number: the demo's
 *                                         POST /demo/simulate/whatsapp, a signed Twilio callback to the webhook
 *   POST /clock {"advanceMs": n} | {"reset": true} → moves the hub's clock (the demo's POST /demo/clock)
 *   GET  /phone/:number                 → what that handset sent and received (the demo's GET /demo/phone)
 *   GET  /connections?organisationId    → {"agents": [...]}: the agent of each open SignalR connection
 *   POST /call {organisationId, ani, menu?, queueId?} → a caller rings the organisation: the demo's
 *                                         POST /demo/simulate/call (the platform's call events and the IVR data
 *                                         dip, signed with the organisation's voice API key) → SimulatedCall
 *   POST /call/hang-up {organisationId, interactionId} → the caller hangs up (the platform's `ended` event)
 *   POST /outbound {organisationId, method, path, body?} → the organisation's outbound HTTP API (path under
 *                                         /api/outbound/ or /api/events/: configurations, sends, events) with
 *                                         its API key; answers the hub's status and JSON as {status, body}
 *   GET  /crm                           → the demo CRM's contacts and cases (the demo's GET /demo/crm)
 *   POST /crm {"failWith": status | null} → makes the demo CRM answer every Web API request with that status
 *   POST /hub/stop, POST /hub/start     → stops the hub / starts it again on the same port and data folder
 *   POST /gate {"mode"}                 → sets the gate between the browser and the hub (see GateMode)
 *
 * Each test leases its own organisation (its own SMS number and WhatsApp number, the demo's agents and
 * templates, the demo's voice settings with an API key of its own) from a pool added to the demo configuration,
 * so tests never see each other's conversations or calls or compete for routing. The demo CRM is shared: its
 * seeded callers (Jane Doe with a case, Sam Carter without) answer for every organisation. The hub's clock is shared: a test that moves it puts it back (`realHub.restore()`).
 *
 * On start it prints one line `HARNESS_READY {"controlUrl": …}`. It exits (stopping the hub and deleting its
 * data) on SIGTERM/SIGINT and as soon as its stdin closes, so it cannot outlive web-test-runner.
 *
 * Environment: HARNESS_ALLOWED_ORIGINS (comma-separated page origins the hub must accept), TEST_LOG_LEVEL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo, type RunningDemo } from '../../../demo/demo-server.js';
import { loadDemoConfig } from '../../../demo/demo-settings.js';
import { routingSchema, type HubConfig } from '../../../src/hub/config/config-schema.js';
import { createLogger } from '../../../src/hub/logger.js';
import type { GateMode, HarnessInfo, TestOrganisationInfo } from './real-hub-api.js';

const POOL_SIZE = 200;
const OFFER_POOL_SIZE = 40;
const HOST = '127.0.0.1';

const dataDir = mkdtempSync(join(tmpdir(), 'agent-desktop-widget-tests-'));
const config: HubConfig = loadDemoConfig({
  PORT: '0',
  DATA_DIR: dataDir,
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
});
config.allowedOrigins.push(...(process.env.HARNESS_ALLOWED_ORIGINS ?? '').split(',').filter(Boolean));
const logger = createLogger(config.logLevel);
const demoAgents = config.organisations[0].agents;
const demoTemplates = config.organisations[0].templates;
const demoVoice = config.organisations[0].voice;

// ---- organisations: a pool added to the demo configuration, one per test ----

/** How the organisations leased with `{"routing": "offer"}` distribute work (the others: `auto`, plenty at once). */
const OFFER_ROUTING = {
  mode: 'offer',
  offerTimeoutSeconds: 30,
  wrapUpSeconds: 60,
  capacity: { messaging: 3, voice: 1 },
  queues: [
    { id: 'general', name: 'General' },
    { id: 'billing', name: 'Billing' },
  ],
};

/** Organisations of each kind: how many are in the configuration and how many have been leased. */
const pools = {
  auto: { prefix: 'widget-test', pooled: 0, leased: 0 },
  offer: { prefix: 'widget-offers', pooled: 0, leased: 0 },
};
type PoolKind = keyof typeof pools;

function addToPool(count: number, kind: PoolKind = 'auto'): void {
  const pool = pools[kind];
  // Numbers and keys apart per kind: auto organisations use 1990…/+14155552…, offering ones 1991…/+14155542….
  const k = kind === 'auto' ? 0 : 1;
  for (let i = 0; i < count; i++) {
    const n = ++pool.pooled;
    config.organisations.push({
      id: `${pool.prefix}-${n}`,
      name: kind === 'auto' ? `Widget test organisation ${n}` : `Widget test organisation (offers) ${n}`,
      channels: [
        {
          channel: 'sms',
          provider: 'telesign',
          number: `199${k}${String(n).padStart(6, '0')}`,
          name: `Test line ${n}`,
          attachments: { customers: false, agents: false },
        },
        {
          channel: 'whatsapp',
          provider: 'twilio',
          // +1415555xxxx (offering: +1415554xxxx), clear of the demo's own +14155550100.
          number: `+141555${5 - k}${String(2000 + n).padStart(4, '0')}`,
          name: `Test WhatsApp ${n}`,
          attachments: { customers: true, agents: true },
        },
      ],
      agents: demoAgents.map((agent) => ({ ...agent, roles: [...agent.roles] })),
      // Work is assigned without offers and agents take plenty at once, unless a test leases an organisation that offers.
      routing: routingSchema.parse(
        kind === 'auto' ? { mode: 'auto', capacity: { messaging: 100, voice: 1 } } : OFFER_ROUTING,
      ),
      templates: structuredClone(demoTemplates),
      // Each organisation's platform signs call events with its own key (keys name the organisation).
      ...(demoVoice
        ? { voice: { ...structuredClone(demoVoice), apiKey: `${pool.prefix}-voice-key-${String(n).padStart(6, '0')}` } }
        : {}),
    });
  }
}

function organisationInfo(id: string): TestOrganisationInfo | null {
  const org = config.organisations.find((o) => o.id === id);
  if (!org) return null;
  return {
    id: org.id,
    name: org.name,
    number: org.channels.find((c) => c.channel === 'sms')!.number,
    whatsAppNumber: org.channels.find((c) => c.channel === 'whatsapp')!.number,
    agents: org.agents.map((a) => ({ id: a.id, displayName: a.displayName, roles: a.roles })),
  };
}

async function leaseOrganisation(kind: PoolKind): Promise<TestOrganisationInfo> {
  const pool = pools[kind];
  if (pool.leased >= pool.pooled) {
    // More tests than the pool (e.g. reruns in watch mode): the configuration is read at start, so restart.
    addToPool(kind === 'auto' ? POOL_SIZE : OFFER_POOL_SIZE, kind);
    if (demo) {
      await stopHub();
      await startHub();
    }
  }
  return organisationInfo(`${pool.prefix}-${++pool.leased}`)!;
}

// ---- the hub: stopped and started again on the same port and data folder ----

let demo: RunningDemo | null = null;
let hubPort = 0;

async function startHub(): Promise<void> {
  if (demo) return;
  demo = await startDemo({ ...config, port: hubPort }, { deliveryDelayMs: 20, logger });
  hubPort = demo.hub.port;
}

async function stopHub(): Promise<void> {
  const running = demo;
  demo = null;
  await running?.close();
}

function requireHub(): RunningDemo {
  if (!demo) throw new HttpError(409, 'The hub is stopped (POST /hub/start starts it again).');
  return demo;
}

// ---- the gate: a TCP relay in front of the hub whose link the tests can cut ----

let gateMode: GateMode = 'open';
interface Link {
  client: Socket;
  upstream: Socket;
  /** The hub's bytes are being dropped: this link's stream is broken for good. */
  broken: boolean;
}
const links = new Set<Link>();

const gate: TcpServer = createTcpServer((client) => {
  if (gateMode === 'down') {
    client.destroy();
    return;
  }
  const upstream = connect(hubPort, HOST);
  const link: Link = { client, upstream, broken: gateMode === 'one-way' };
  links.add(link);
  const end = () => {
    links.delete(link);
    client.destroy();
    upstream.destroy();
  };
  client.on('data', (chunk) => upstream.write(chunk));
  upstream.on('data', (chunk) => {
    if (!link.broken) client.write(chunk);
  });
  client.on('error', end).on('close', end);
  upstream.on('error', end).on('close', end);
});

function setGate(mode: GateMode): void {
  gateMode = mode;
  for (const link of [...links]) {
    if (mode === 'down' || (mode === 'open' && link.broken)) {
      links.delete(link);
      link.client.destroy();
      link.upstream.destroy();
    } else if (mode === 'one-way') {
      link.broken = true;
    }
  }
}

// ---- the control API ----

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Control requests run one at a time, so a stop and a start never overlap. */
let queue: Promise<unknown> = Promise.resolve();
function serially<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work);
  queue = run.catch(() => undefined);
  return run;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new HttpError(400, 'The body is not JSON.');
  }
}

function info(): HarnessInfo {
  return {
    hubUrl: `http://${HOST}:${hubPort}`,
    gatedHubUrl: `http://${HOST}:${gatePort}`,
    running: demo !== null,
    gate: gateMode,
  };
}

function text(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw new HttpError(400, `"${name}" must be a non-empty string.`);
  return value;
}

/** Forwards a request to the running hub; answers with the hub's status and JSON. */
async function fromHub(
  path: string,
  init?: { method: string; body: unknown; headers?: Record<string, string> },
): Promise<{ status: number; body: unknown }> {
  const hub = requireHub();
  const response = await fetch(
    hub.hub.url + path,
    init
      ? {
          method: init.method,
          headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
          body: init.body === undefined ? undefined : JSON.stringify(init.body),
        }
      : {},
  );
  const raw = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    body = { raw };
  }
  return { status: response.status, body };
}

async function route(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
  const url = new URL(req.url ?? '/', 'http://harness');
  const method = req.method ?? 'GET';
  const ok = (body: unknown) => ({ status: 200, body });
  const key = `${method} ${url.pathname}`;

  if (key === 'GET /info') return ok(info());
  if (key === 'POST /organisations') {
    const kind = (await readJson(req)).routing === 'offer' ? 'offer' : 'auto';
    return ok(await serially(() => leaseOrganisation(kind)));
  }
  if (key === 'POST /hub/stop') return ok(await serially(async () => (await stopHub(), info())));
  if (key === 'POST /hub/start') return ok(await serially(async () => (await startHub(), info())));
  if (key === 'POST /gate') {
    const mode = (await readJson(req)).mode;
    if (mode !== 'open' && mode !== 'down' && mode !== 'one-way')
      throw new HttpError(400, '"mode" must be open, down or one-way.');
    setGate(mode);
    return ok(info());
  }
  if (key === 'GET /token') {
    const organisationId = text(url.searchParams.get('organisationId'), 'organisationId');
    const agentId = text(url.searchParams.get('agentId'), 'agentId');
    return fromHub('/demo/token', { method: 'POST', body: { agentId, organisationId } });
  }
  if (key === 'POST /text') {
    const body = await readJson(req);
    const org = organisationInfo(text(body.organisationId, 'organisationId'));
    if (!org) throw new HttpError(404, `No organisation ${String(body.organisationId)}.`);
    return fromHub('/demo/simulate/sms', {
      method: 'POST',
      body: { from: text(body.from, 'from'), to: org.number, text: text(body.text, 'text') },
    });
  }
  if (key === 'POST /whatsapp') {
    const body = await readJson(req);
    const org = organisationInfo(text(body.organisationId, 'organisationId'));
    if (!org) throw new HttpError(404, `No organisation ${String(body.organisationId)}.`);
    const { organisationId: _, ...message } = body;
    return fromHub('/demo/simulate/whatsapp', {
      method: 'POST',
      body: { ...message, from: text(body.from, 'from'), to: org.whatsAppNumber },
    });
  }
  if (key === 'POST /call' || key === 'POST /call/hang-up') {
    const body = await readJson(req);
    const org = organisationInfo(text(body.organisationId, 'organisationId'));
    if (!org) throw new HttpError(404, `No organisation ${String(body.organisationId)}.`);
    return fromHub(`/demo/simulate${url.pathname}`, { method: 'POST', body });
  }
  if (key === 'POST /outbound') {
    const body = await readJson(req);
    const org = config.organisations.find((o) => o.id === body.organisationId);
    if (!org) throw new HttpError(404, `No organisation ${String(body.organisationId)}.`);
    const path = text(body.path, 'path');
    if (!/^\/api\/(?:outbound|events)\//.test(path))
      throw new HttpError(400, '"path" must be under /api/outbound/ or /api/events/.');
    // The test organisations have no key of their own for the HTTP APIs: their voice key is it.
    const apiKey = org.apiKey ?? org.voice?.apiKey;
    if (!apiKey) throw new HttpError(409, `Organisation ${org.id} has no API key.`);
    // The hub's refusals are answers too (the test reads them): always 200 here, the hub's status inside.
    return ok(
      await fromHub(path, {
        method: text(body.method, 'method'),
        body: body.body,
        headers: { authorization: `Bearer ${apiKey}` },
      }),
    );
  }
  if (key === 'GET /crm') return fromHub('/demo/crm');
  if (key === 'POST /crm') {
    const failWith = (await readJson(req)).failWith;
    if (failWith !== null && !(typeof failWith === 'number' && failWith >= 400 && failWith < 600))
      throw new HttpError(400, '"failWith" must be an HTTP error status or null.');
    requireHub().crm.failWith = failWith;
    return ok({ failWith });
  }
  if (key === 'POST /clock') return fromHub('/demo/clock', { method: 'POST', body: await readJson(req) });
  if (key === 'GET /clock') return fromHub('/demo/clock');
  if (method === 'GET' && url.pathname.startsWith('/phone/')) {
    return fromHub(`/demo/phone/${encodeURIComponent(url.pathname.slice('/phone/'.length))}`);
  }
  if (key === 'GET /connections') {
    const organisationId = text(url.searchParams.get('organisationId'), 'organisationId');
    const agents = [...requireHub().hub.signalr.connections.values()]
      .filter((connection) => connection.user.organisationId === organisationId)
      .map((connection) => connection.user.agentId)
      .sort();
    return ok({ agents });
  }
  throw new HttpError(404, `No harness route ${key}.`);
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

const control = createServer((req, res) => {
  const started = performance.now();
  if (process.env.HARNESS_TRACE)
    res.on('finish', () =>
      console.error(`harness ${req.method} ${req.url} ${res.statusCode} ${Math.round(performance.now() - started)} ms`),
    );
  route(req).then(
    ({ status, body }) => answer(res, status, body),
    (error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) console.error('real-hub-harness:', error);
      answer(res, status, { error: 'harness', message: error instanceof Error ? error.message : String(error) });
    },
  );
});

// ---- start and stop ----

let gatePort = 0;
let shuttingDown = false;

async function shutdown(code: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  setTimeout(() => process.exit(code || 1), 5_000).unref();
  try {
    setGate('down');
    control.closeAllConnections();
    await Promise.allSettled([
      new Promise((resolve) => control.close(resolve)),
      new Promise((resolve) => gate.close(resolve)),
      queue.then(stopHub),
    ]);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(code);
  }
}

process.on('SIGTERM', () => void shutdown(0));
process.on('SIGINT', () => void shutdown(0));
// web-test-runner holds our stdin: when it goes (even killed), so do we.
process.stdin.on('end', () => void shutdown(0));
process.stdin.on('error', () => void shutdown(0));
process.stdin.resume();

try {
  addToPool(POOL_SIZE);
  addToPool(OFFER_POOL_SIZE, 'offer');
  await startHub();
  await new Promise<void>((resolve) => gate.listen(0, HOST, resolve));
  gatePort = (gate.address() as { port: number }).port;
  await new Promise<void>((resolve) => control.listen(0, HOST, resolve));
  const controlUrl = `http://${HOST}:${(control.address() as { port: number }).port}`;
  process.stdout.write(`HARNESS_READY ${JSON.stringify({ controlUrl, ...info() })}\n`);
} catch (error) {
  console.error('real-hub-harness: could not start', error);
  await shutdown(1);
}
