/**
 * PGlite in a worker thread: PostgreSQL compiled to WASM runs synchronously on whatever thread calls it, so on the
 * main thread every query, and a large one above all, stopped the event loop (webhooks, SignalR, /healthz). Here it
 * has a thread of its own; the hub talks to it with messages (pglite-thread.ts, which also types them). The worker
 * runs one statement at a time, in the order they arrive; transactions are BEGIN … COMMIT sent by the one holder of
 * the store. Plain JavaScript so it starts the same from source (tsx) and once built.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

const port = parentPort;
const lite = await PGlite.create(workerData.dataDir);

let chain = Promise.resolve();
port.on('message', (request) => {
  chain = chain.then(() => handle(request));
});
port.postMessage({ ready: true });

async function handle(request) {
  if (request.close) {
    await lite.close();
    port.postMessage({ id: request.id, rows: [] });
    return;
  }
  try {
    const result = await lite.query(request.sql, request.params);
    port.postMessage({ id: request.id, rows: result.rows, affectedRows: result.affectedRows });
  } catch (error) {
    const { message, code, detail, constraint } = error ?? {};
    port.postMessage({ id: request.id, error: { message: message ?? String(error), code, detail, constraint } });
  }
}
