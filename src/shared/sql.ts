import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { holdsLock, keyLockKey, noteLockHeld, rowKey } from '@/db/heldLocks'
import { readDb } from '@/db/transaction'

type Statement = ReturnType<typeof sql>

/** Payload's table for a collection: its slug in snake case (none of ours sets `dbName`). */
export const tableOfCollection = (slug: string) => slug.replace(/-/g, '_')
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
 * `for update` also blocks the key-share locks PostgreSQL takes to check a foreign key to the
 * row; `for no key update` serialises writers of the row just the same but lets those checks
 * through. It is enough for any change that keeps the row's id, and only a delete needs more.
 */
export type RowLockStrength = 'for update' | 'for no key update'

/**
 * Batch rows are locked for seat and money work (bookings, payments, cancellations, call-offs),
 * none of which changes a batch's id: locked `for update`, they held up every insert naming the
 * batch (an SOS, a post) until that work committed. refuseDeleteWhileUsed asks for `for update`.
 */
const STRENGTH_BY_TABLE: Record<string, RowLockStrength> = { batches: 'for no key update' }

const strengthFor = (table: string, strength?: RowLockStrength) =>
  strength ?? STRENGTH_BY_TABLE[table] ?? 'for update'

/** Held `for update` is noted under a second key, so a weaker lock never stands in for it. */
const heldKeys = (table: string, id: number | string, strength: RowLockStrength) =>
  strength === 'for update' ? [rowKey(table, id), keyLockKey(table, id)] : [rowKey(table, id)]

async function holdsAll(req: RequestLike, keys: string[]): Promise<boolean> {
  for (const key of keys) {
    if (!(await holdsLock(req, key))) {
      return false
    }
  }
  return true
}

/**
 * Locks one row for the rest of the request's transaction, so read-modify-write cannot
 * interleave. A row this transaction has locked already costs no statement (see heldLocks).
 */
export async function lockRow(
  req: RequestLike,
  table: string,
  id: number | string,
  strength?: RowLockStrength,
): Promise<boolean> {
  const mode = strengthFor(table, strength)
  const keys = heldKeys(table, id, mode)
  if (await holdsAll(req, keys)) {
    return true
  }
  const rows = await queryRows(
    req,
    sql`select id from ${sql.identifier(table)} where id = ${id} ${sql.raw(mode)}`,
  )
  if (rows.length === 0) {
    return false
  }
  for (const key of keys) {
    await noteLockHeld(req, key)
  }
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
  strength?: RowLockStrength,
): Promise<T | undefined> {
  const mode = strengthFor(table, strength)
  const keys = heldKeys(table, id, mode)
  const held = await holdsAll(req, keys)
  const read = sql`select ${sql.join(
    columns.map((column) => sql.identifier(column)),
    sql`, `,
  )} from ${sql.identifier(table)} where id = ${id}`
  const [row] = await queryRows<T>(req, held ? read : sql`${read} ${sql.raw(mode)}`)
  if (row && !held) {
    for (const key of keys) {
      await noteLockHeld(req, key)
    }
  }
  return row
}

export { sql }
