import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { holdsLock, noteLockHeld, rowKey } from '@/db/heldLocks'
import { readDb } from '@/db/transaction'

type Statement = ReturnType<typeof sql>
type RequestLike = Pick<PayloadRequest, 'payload' | 'transactionID'>

/**
 * Runs a raw statement on the request's transaction when there is one, else on the pool.
 * Used where the Local API cannot say it: ON CONFLICT, FOR UPDATE, compare-and-set.
 * Running on the same transaction makes it commit or roll back with the `req` writes.
 */
export async function queryRows<T>(req: RequestLike, statement: Statement): Promise<T[]> {
  const result = await (await readDb(req)).execute(statement)
  return result.rows as T[]
}

/**
 * Locks one row for the rest of the request's transaction, so read-modify-write cannot
 * interleave. A row this transaction has locked already costs no statement (see heldLocks).
 */
export async function lockRow(
  req: RequestLike,
  table: string,
  id: number | string,
): Promise<boolean> {
  const key = rowKey(table, id)
  if (await holdsLock(req, key)) {
    return true
  }
  const rows = await queryRows(
    req,
    sql`select id from ${sql.identifier(table)} where id = ${id} for update`,
  )
  if (rows.length === 0) {
    return false
  }
  await noteLockHeld(req, key)
  return true
}

/**
 * lockRow that also reads some of the row's columns, in the one statement. In a transaction
 * that holds the row already the read takes no lock. Undefined when there is no such row.
 */
export async function lockRowAndRead<T>(
  req: RequestLike,
  table: string,
  id: number | string,
  columns: readonly string[],
): Promise<T | undefined> {
  const key = rowKey(table, id)
  const held = await holdsLock(req, key)
  const read = sql`select ${sql.join(
    columns.map((column) => sql.identifier(column)),
    sql`, `,
  )} from ${sql.identifier(table)} where id = ${id}`
  const [row] = await queryRows<T>(req, held ? read : sql`${read} for update`)
  if (row && !held) {
    await noteLockHeld(req, key)
  }
  return row
}

export { sql }
