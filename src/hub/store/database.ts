/**
 * The store: PGlite (PostgreSQL compiled to WASM) in a data folder, or in memory for `memory://`; or a
 * PostgreSQL server when a `postgres://` URL is configured. Everything above this file speaks plain SQL
 * through `Queryable`, and the same migrations and queries run on both (a test runs the hub on each).
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { runMigrations } from './migrations.js';

export interface QueryResult<T> {
  rows: T[];
  affectedRows?: number;
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
}

export interface Database extends Queryable {
  /** Runs `work` in one transaction: all of it commits, or none of it. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Opens the store: a PostgreSQL server for a `postgres://` URL, PGlite otherwise (a folder, or `memory://`). */
export async function openDatabase(location: string): Promise<Database> {
  const db = /^postgres(ql)?:\/\//.test(location) ? openPostgres(location) : await openPGlite(location);
  await runMigrations(db);
  return db;
}

async function openPGlite(dataDir: string): Promise<Database> {
  const inMemory = dataDir === 'memory://';
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const lite = await PGlite.create(inMemory ? undefined : dataDir);
  return {
    query: (sql, params) => lite.query(sql, params),
    transaction: (work) => lite.transaction((tx) => work({ query: (sql, params) => tx.query(sql, params) })),
    close: () => lite.close(),
  };
}

function openPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const query = async <T>(
    client: pg.Pool | pg.PoolClient,
    sql: string,
    params?: unknown[],
  ): Promise<QueryResult<T>> => {
    const result = await client.query(sql, params as unknown[]);
    return { rows: result.rows as T[], affectedRows: result.rowCount ?? 0 };
  };
  return {
    query: (sql, params) => query(pool, sql, params),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({ query: (sql, params) => query(client, sql, params) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** True when a query failed on a unique constraint (PostgreSQL error 23505). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}
