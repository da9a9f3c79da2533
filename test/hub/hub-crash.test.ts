// A short run of the chaos script (`npm run chaos` runs the long one): the hub killed with SIGKILL while
// customers text and an agent replies loses nothing and stores nothing twice.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';

describe('hub crashes', () => {
  it('lose no message and store none twice across kill -9 and restart', { timeout: 180_000 }, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/chaos/hub-crash-chaos.ts'], {
      env: { ...process.env, CHAOS_CUSTOMERS: '3', CHAOS_MESSAGES: '12', CHAOS_KILLS: '2' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 0, output);
    assert.match(output, /every message exists exactly once, in order, numbered without gaps/);
  });
});
