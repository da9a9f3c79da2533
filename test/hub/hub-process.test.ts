// The hub as an operator runs it: `src/hub/main.ts` in its own process, configured by file and environment.
// Data survives a restart, SIGTERM shuts it down cleanly, and no secret reaches the logs.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import { sendInboundSms } from '../../demo/simulated-customer.js';
import { issueAgentToken } from '../../src/hub/auth/agent-token.js';
import { invoke } from './support/hub-client.js';
import { CONTOSO_NUMBER, TELESIGN, TWILIO, testConfig } from './support/test-hub.js';

const dir = mkdtempSync(join(tmpdir(), 'hub-process-'));
const JWT_SECRET = 'process-test-secret-0123456789-abcdefghijkl';
const configFile = join(dir, 'config.json');
const { organisations, gbm } = testConfig();
writeFileSync(
  configFile,
  JSON.stringify({
    organisations,
    auth: { jwtSecret: 'overridden-by-environment-000000000000' },
    telesign: { customerId: 'x', apiKey: 'eA==' },
    twilio: TWILIO,
    gbm,
  }),
);

interface RunningProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
}

async function startProcess(): Promise<RunningProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/hub/main.ts'], {
    env: {
      ...process.env,
      CONFIG_FILE: configFile,
      PORT: '0',
      DATA_DIR: join(dir, 'data'),
      LOG_LEVEL: 'debug',
      HUB_JWT_SECRET: JWT_SECRET,
      TELESIGN_CUSTOMER_ID: TELESIGN.customerId,
      TELESIGN_API_KEY: TELESIGN.apiKey,
      TELESIGN_BASE_URL: 'http://127.0.0.1:9',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start:\n${output}`)), 30_000);
    const check = () => {
      const match = /"url":"(http:\/\/[^"]+)".*hub listening/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => reject(new Error(`hub exited with ${code}:\n${output}`)));
  });
  return { child, url, output: () => output };
}

const stopProcess = (p: RunningProcess) =>
  new Promise<number | null>((resolve) => {
    p.child.once('exit', (code) => resolve(code));
    p.child.kill('SIGTERM');
  });

describe('hub process', () => {
  let running: RunningProcess | undefined;
  after(() => running?.child.kill('SIGKILL'));

  it('keeps conversations across a restart, stops cleanly on SIGTERM and never logs a secret', async () => {
    running = await startProcess();
    const token = await issueAgentToken(
      { jwtSecret: JWT_SECRET, issuer: 'agent-desktop', audience: 'agent-desktop-hub' },
      { agentId: 'alice', organisationId: 'contoso', displayName: 'Alice', roles: ['agent'] },
      600,
    );
    const answer = await sendInboundSms({
      hubUrl: running.url,
      ...TELESIGN,
      from: '15551230000',
      to: CONTOSO_NUMBER,
      text: 'Persist me',
    });
    assert.equal(answer.status, 200);
    const connection = new HubConnectionBuilder()
      .withUrl(`${running.url}/hub`, { accessTokenFactory: () => token })
      .configureLogging(LogLevel.None)
      .build();
    const closed = new Promise<Error | undefined>((resolve) => connection.onclose(resolve));
    await connection.start();
    assert.equal(await stopProcess(running), 0, 'SIGTERM exits 0');
    const closeError = await closed;
    assert.match(String(closeError?.message ?? ''), /shutting down/i, 'the agent is told the server is going away');
    const log = running.output();
    for (const secret of [JWT_SECRET, TELESIGN.apiKey, token.split('.')[2]]) {
      assert.equal(log.includes(secret), false, 'a secret reached the log');
    }

    running = await startProcess();
    const again = new HubConnectionBuilder()
      .withUrl(`${running.url}/hub`, { accessTokenFactory: () => token })
      .configureLogging(LogLevel.None)
      .build();
    await again.start();
    const conversations = await invoke(again, 'getConversations');
    assert.equal(conversations.length, 1);
    assert.equal(conversations[0].preview, 'Persist me');
    await again.stop();
    assert.equal(await stopProcess(running), 0);
    running = undefined;
  });

  it('fails to start with a message naming the bad field', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/hub/main.ts'], {
      env: {
        ...process.env,
        CONFIG_FILE: configFile,
        HUB_JWT_SECRET: 'short',
        TELESIGN_CUSTOMER_ID: 'x',
        TELESIGN_API_KEY: 'eA==',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (d) => (output += d));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 2);
    assert.match(output, /auth\.jwtSecret: must be at least 32 characters/);
  });
});
