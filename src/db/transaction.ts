import type { PostgresAdapter } from '@payloadcms/db-postgres'
import type { SQL } from '@payloadcms/db-postgres/drizzle'
import { commitTransaction, initTransaction, killTransaction, type PayloadRequest } from 'payload'

export type SqlRow = Record<string, unknown>

export type SqlRunner = { execute: (query: SQL) => Promise<{ rows: SqlRow[] }> }

type RequestLike = Pick<PayloadRequest, 'payload' | 'transactionID'>

type TransactionSession = { db: SqlRunner }

/**
 * The adapter's session of the request's open transaction, undefined outside one. The adapter
 * drops it when the transaction ends, so it also identifies the transaction (see heldLocks).
 */
export async function transactionSession(
  req: RequestLike,
): Promise<TransactionSession | undefined> {
  const id = req.transactionID ? await req.transactionID : undefined
  const sessions = (req.payload.db as unknown as PostgresAdapter).sessions
  return id ? (sessions?.[id] as unknown as TransactionSession | undefined) : undefined
}

/**
 * The drizzle handle of the request's open transaction. Row locks (`FOR UPDATE`) only
 * mean something inside a transaction, so this refuses to hand out the pool instead.
 */
export async function transactionDb(req: RequestLike): Promise<SqlRunner> {
  const session = await transactionSession(req)
  if (!session) {
    throw new Error('A row lock was requested outside a database transaction')
  }
  return session.db
}

/** Runs a read on the request's transaction when it has one, else on the pool. */
export async function readDb(req: RequestLike): Promise<SqlRunner> {
  const session = await transactionSession(req)
  const pool = (req.payload.db as unknown as PostgresAdapter).drizzle as unknown as SqlRunner
  return session?.db ?? pool
}

/**
 * Runs `work` inside the request's transaction, opening one when the caller has none.
 * Only the opener commits or rolls back, so nested calls join the outer transaction.
 */
export async function inTransaction<T>(req: PayloadRequest, work: () => Promise<T>): Promise<T> {
  const opened = await initTransaction(req)
  try {
    const result = await work()
    if (opened) {
      await commitTransaction(req)
    }
    return result
  } catch (err) {
    if (opened) {
      await killTransaction(req)
    }
    throw err
  }
}
