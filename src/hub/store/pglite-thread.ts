/**
 * The hub's side of PGlite in a worker thread (pglite-worker.ts), as a `Database`: each query is a message to the
 * worker and its answer. The store is one connection, so work is serialised here: a transaction holds it from BEGIN
 * to COMMIT/ROLLBACK and other queries wait meanwhile (as PGlite's own transaction() did); errors keep their
 * PostgreSQL code (unique violations are recognised as before).
 */
import { Worker } from 'node:worker_threads';
import { KeyedLock } from '../shared/keyed-lock.js';
import type { Database, Queryable, QueryResult } from './database.js';

/** What the hub sends the worker (pglite-worker.mjs): a statement, or the last message before it stops. */
interface WorkerRequest {
  id: number;
  sql: string;
  params?: unknown[];
  close?: boolean;
}

/** What the worker answers: the rows, or the error with its PostgreSQL fields. */
type WorkerAnswer =
  | { id: number; rows: unknown[]; affectedRows?: number }
  | { id: number; error: { message: string; code?: string; detail?: string; constraint?: string } };

const WORKER_URL = new URL('./pglite-worker.mjs', import.meta.url);

export class PGliteError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly detail?: string,
    readonly constraint?: string,
  ) {
    super(message);
    this.name = 'PGliteError';
  }
}

export async function openPGliteThread(dataDir: string | undefined): Promise<Database> {
  const worker = new Worker(WORKER_URL, { workerData: { dataDir } });
  const waiting = new Map<number, { resolve: (answer: WorkerAnswer) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let failed: Error | null = null;

  worker.on('error', (error) => {
    failed = error;
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  });
  await new Promise<void>((resolve, reject) => {
    const onMessage = (message: { ready?: boolean }) => {
      if (!message.ready) return;
      worker.off('message', onMessage);
      resolve();
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the PGlite worker stopped (exit code ${code})`)));
  });
  worker.on('message', (answer: WorkerAnswer) => {
    const entry = waiting.get(answer.id);
    waiting.delete(answer.id);
    entry?.resolve(answer);
  });

  const send = (request: Omit<WorkerRequest, 'id'>): Promise<WorkerAnswer> => {
    if (failed) return Promise.reject(failed);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, ...request } satisfies WorkerRequest);
    });
  };
  const run = async <T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> => {
    const answer = await send({ sql, ...(params ? { params } : {}) });
    if ('error' in answer)
      throw new PGliteError(answer.error.message, answer.error.code, answer.error.detail, answer.error.constraint);
    return {
      rows: answer.rows as T[],
      ...(answer.affectedRows !== undefined ? { affectedRows: answer.affectedRows } : {}),
    };
  };

  // One holder of the connection at a time: a single query, or a whole transaction.
  const connection = new KeyedLock();
  const hold = <T>(work: () => Promise<T>): Promise<T> => connection.run('store', work);
  const tx: Queryable = { query: run };
  // A plain query made while a transaction is open runs on the same connection (as PGlite's own did), not after it:
  // waiting for the transaction would deadlock code that reads outside the transaction it is in.
  let inTransaction = false;

  return {
    query: (sql, params) => (inTransaction ? run(sql, params) : hold(() => run(sql, params))),
    transaction: (work) =>
      hold(async () => {
        await run('BEGIN');
        inTransaction = true;
        try {
          const result = await work(tx);
          await run('COMMIT');
          return result;
        } catch (error) {
          await run('ROLLBACK').catch(() => {});
          throw error;
        } finally {
          inTransaction = false;
        }
      }),
    async close() {
      await hold(async () => {
        if (!failed) await send({ sql: '', close: true });
      });
      await worker.terminate();
    },
  };
}
