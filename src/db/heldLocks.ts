import type { PayloadRequest } from 'payload'

import { transactionSession } from './transaction'

type RequestLike = Pick<PayloadRequest, 'payload' | 'transactionID'>

/**
 * The row locks each open transaction holds, so a lock asked for again in the same transaction
 * (an update's lock before its read and again in its stale check, a payment's booking locked by
 * the refund and again by the payment's update) costs no statement.
 *
 * Keyed by the adapter's session object of the transaction: the adapter drops it when the
 * transaction commits or rolls back, and every new transaction gets a new one, so a lock
 * remembered here never outlives its transaction nor is credited to another one. A request
 * that joins an open transaction (a nested `inTransaction`) shares its session, and its locks.
 *
 * Limits: a savepoint rolled back would not un-remember its locks (nothing in src/ opens one),
 * and a row deleted in the transaction by any path other than refuseDeleteWhileUsed (which
 * calls forgetLock) still reads as held here, so `lockRow`'s answer means "held", not "exists".
 */
const heldBySession = new WeakMap<object, Set<string>>()

/** Whether this transaction already holds the lock named by `key` (see rowKey). */
export async function holdsLock(req: RequestLike, key: string): Promise<boolean> {
  const session = await transactionSession(req)
  return Boolean(session && heldBySession.get(session)?.has(key))
}

/** Notes that this transaction now holds the lock; outside a transaction a lock ends with its statement, so nothing is noted. */
export async function noteLockHeld(req: RequestLike, key: string): Promise<void> {
  const session = await transactionSession(req)
  if (!session) {
    return
  }
  const held = heldBySession.get(session) ?? new Set<string>()
  heldBySession.set(session, held)
  held.add(key)
}

export const rowKey = (table: string, id: number | string) => `${table}#${String(id)}`

/** Noted beside rowKey when the row is held `for update`, not only `for no key update`. */
export const keyLockKey = (table: string, id: number | string) => `${rowKey(table, id)}:key`

/** For a row this transaction is deleting: a later lock must find it gone, not remembered. */
export async function forgetLock(req: RequestLike, key: string): Promise<void> {
  const session = await transactionSession(req)
  if (session) {
    heldBySession.get(session)?.delete(key)
    heldBySession.get(session)?.delete(`${key}:key`)
  }
}
