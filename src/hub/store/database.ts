/**
 * The store: PGlite (PostgreSQL compiled to WASM) in a data folder, or in memory for `memory://`.
 * Everything above this file speaks plain SQL through `Queryable`, so a PostgreSQL server can stand in.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
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

export async function openDatabase(dataDir: string): Promise<Database> {
  const inMemory = dataDir === 'memory://';
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(inMemory ? undefined : dataDir);
  const db: Database = {
    query: (sql, params) => pg.query(sql, params),
    transaction: (work) => pg.transaction((tx) => work({ query: (sql, params) => tx.query(sql, params) })),
    close: () => pg.close(),
  };
  await runMigrations(db);
  return db;
}

/** True when a query failed on a unique constraint (PostgreSQL error 23505). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}
