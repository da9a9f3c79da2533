// Runs the real hub for the widget's browser tests: a web-test-runner plugin that starts
// real-hub-harness.ts in a child Node process when the test server starts and stops it when the server stops,
// and a middleware that forwards the page's `/harness/…` requests to the harness's control API (so the
// tests' control calls are same-origin; the widget itself talks to the hub's own address, cross-origin,
// as it does when embedded in a CRM page).
//
// The child cannot outlive web-test-runner: it is stopped in serverStop, killed on process exit, and exits by
// itself when its stdin (a pipe held by this process) closes, which also happens when this process is killed.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HARNESS = fileURLToPath(new URL('./real-hub-harness.ts', import.meta.url));
const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const PREFIX = '/harness';

export function realHub() {
  /** @type {import('node:child_process').ChildProcess | null} */
  let child = null;
  /** @type {string | null} */
  let controlUrl = null;
  const killNow = () => child?.kill('SIGKILL');

  const plugin = {
    name: 'real-hub',

    async serverStart({ config }) {
      const origins = new Set([
        `http://${config.hostname}:${config.port}`,
        `http://localhost:${config.port}`,
        `http://127.0.0.1:${config.port}`,
      ]);
      child = spawn(process.execPath, ['--import', 'tsx', HARNESS], {
        cwd: REPOSITORY,
        env: { ...process.env, HARNESS_ALLOWED_ORIGINS: [...origins].join(',') },
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      process.once('exit', killNow);
      // Awaited (the browser starts after), so no test's time-out includes the hub's first start (a few s).
      controlUrl = (await waitForReady(child)).controlUrl;
    },

    async serverStop() {
      const running = child;
      child = null;
      controlUrl = null;
      process.off('exit', killNow);
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.stdin?.end();
      running.kill('SIGTERM');
      const timer = setTimeout(() => running.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };

  /** Koa middleware: `/harness/<path>` → `<controlUrl>/<path>`, status and JSON body as they come. */
  async function middleware(ctx, next) {
    if (ctx.path !== PREFIX && !ctx.path.startsWith(`${PREFIX}/`)) return next();
    ctx.set('Cache-Control', 'no-store');
    const base = controlUrl;
    if (!base) {
      ctx.status = 503;
      ctx.body = { error: 'harness', message: 'The real-hub harness is not running.' };
      return;
    }
    const body = ctx.method === 'GET' || ctx.method === 'HEAD' ? undefined : await readBody(ctx.req);
    try {
      const response = await fetch(base + ctx.url.slice(PREFIX.length), {
        method: ctx.method,
        headers: { 'content-type': 'application/json' },
        body,
      });
      ctx.status = response.status;
      ctx.type = 'application/json';
      ctx.body = await response.text();
    } catch (error) {
      ctx.status = 502;
      ctx.body = { error: 'harness', message: `The real-hub harness did not answer: ${error.message}` };
    }
  }

  return { plugin, middleware };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Resolves with the harness's `HARNESS_READY {…}` line; rejects if it exits or takes too long. */
function waitForReady(child) {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const fail = (message) => {
      cleanup();
      child.kill('SIGKILL');
      reject(new Error(`real-hub harness: ${message}`));
    };
    const timer = setTimeout(() => fail(`not ready within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    const onExit = (code, signal) => fail(`exited before it was ready (code ${code}, signal ${signal})`);
    const onData = (chunk) => {
      buffer += chunk.toString('utf8');
      const line = buffer.split('\n').find((l) => l.startsWith('HARNESS_READY '));
      if (!line) return;
      cleanup();
      // Keep draining what it prints: the hub's log, shown when TEST_LOG_LEVEL asks for one.
      if (process.env.TEST_LOG_LEVEL) child.stdout.pipe(process.stderr);
      else child.stdout.resume();
      resolve(JSON.parse(line.slice('HARNESS_READY '.length)));
    };
    function cleanup() {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.stdout.off('data', onData);
    }
    child.once('exit', onExit);
    child.stdout.on('data', onData);
  });
}
