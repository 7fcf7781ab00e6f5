import type { PostgresAdapter } from '@payloadcms/db-postgres'
import { sql, type SQL } from '@payloadcms/db-postgres/drizzle'
import type { Payload } from 'payload'

import { env } from '@/config/env'

/**
 * PostgreSQL stops any statement of this process's pool (primary and read replicas) that runs
 * longer than DATABASE_STATEMENT_TIMEOUT_MS, so no request can keep a backend busy for
 * minutes: the request answers 503 (src/security/statementTimeout.ts), its transaction is
 * rolled back, the connection goes back to the pool.
 *
 * Who is exempt, and why:
 * - `npm run migrate`, `npm run worker`, `npm run seed` and `npm run payload` set the variable
 *   to 0 (package.json): a migration may rewrite or index a large table, and the worker's jobs
 *   are not shaped by callers. Running `npx payload …` directly keeps the environment's value.
 * - The payments CSV export runs each page with no limit (`withoutStatementTimeout`): it is
 *   for finance staff only, and a page that is slow on a large table must finish rather than
 *   cut the file a person is downloading in the middle.
 * - Jobs the web process runs itself (CRON_ENABLED=true on a web instance) share its limit:
 *   each of their statements touches a few rows by index. Run a worker to lift it.
 * - The embedded PGlite database (no DATABASE_URI) has no limit: it is for local use only.
 */
export function statementTimeoutPoolOptions(): { statement_timeout?: number } {
  return env.databaseStatementTimeoutMs > 0
    ? { statement_timeout: env.databaseStatementTimeoutMs }
    : {}
}

type Drizzle = {
  transaction: <T>(work: (tx: { execute: (query: SQL) => Promise<T> }) => Promise<T>) => Promise<T>
}

/** Runs one read statement with no statement timeout (a short transaction of its own). */
export async function withoutStatementTimeout<Row>(
  payload: Payload,
  query: SQL,
): Promise<{ rows: Row[] }> {
  const drizzle = (payload.db as unknown as PostgresAdapter).drizzle as unknown as Drizzle
  return drizzle.transaction(async (tx) => {
    // SET LOCAL lasts until this transaction ends; the pooled connection keeps its own limit.
    await tx.execute(sql`set local statement_timeout = 0`)
    return (await tx.execute(query)) as unknown as { rows: Row[] }
  }) as Promise<{ rows: Row[] }>
}
