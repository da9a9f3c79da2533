/**
 * A loopback port for a server that must keep its port across restarts (the chaos hub) or that is told its port
 * before it starts (PostgreSQL). Picked below the kernel's ephemeral range, so no port 0 server and no outgoing
 * connection of a test running alongside is given it meanwhile; checked free before it is answered.
 */
import { createServer } from 'node:net';

const FIRST = 20_000;
const COUNT = 12_000;

function isFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = FIRST + Math.floor(Math.random() * COUNT);
    if (await isFree(port)) return port;
  }
  throw new Error('no free loopback port found');
}
