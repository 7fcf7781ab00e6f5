import type { Payload } from 'payload'

import { env } from '@/config/env'

/** Pool connections no transaction may take: they are for statements run beside one. */
export const CONNECTIONS_KEPT_FOR_SIDE_STATEMENTS = 2

type TransactionId = string | number | Promise<string | number | null> | null | undefined
type TransactionMethods = {
  beginTransaction: (options?: unknown) => Promise<string | number | null>
  commitTransaction: (id: TransactionId) => Promise<void>
  rollbackTransaction: (id: TransactionId) => Promise<void>
}

/** A counting semaphore: `acquire` waits while every slot is taken. */
function slots(count: number) {
  let free = count
  const waiting: Array<() => void> = []
  return {
    acquire: () =>
      free > 0
        ? Promise.resolve(void (free -= 1))
        : new Promise<void>((resolve) => waiting.push(resolve)),
    release: () => {
      const next = waiting.shift()
      if (next) {
        next()
      } else {
        free += 1
      }
    },
  }
}

/**
 * Some statements run beside the request's transaction, on the shared pool, on purpose: the
 * sign-in, OTP and e-mail change counts (auth_throttles) and OTP codes, which a rollback must
 * not give back. A transaction waiting for such a statement holds a connection while it asks
 * for another, so as many simultaneous requests as the pool has connections (DATABASE_POOL_MAX)
 * each held one and waited for good: every request of the server hung (fifteen simultaneous
 * sign-ins or e-mail changes did it; tests/db/poolUnderLimits.test.ts). So at most
 * DATABASE_POOL_MAX − CONNECTIONS_KEPT_FOR_SIDE_STATEMENTS transactions are open at once; the
 * next waits for one to end before it takes a connection, and the statements beside them
 * always find one. The embedded database (one connection) runs those statements inside the
 * transaction instead and is left alone.
 */
export function keepConnectionsForSideStatements(payload: Payload): void {
  if (!env.databaseUri) {
    return
  }
  const db = payload.db as unknown as TransactionMethods
  const gate = slots(Math.max(1, env.databasePoolMax - CONNECTIONS_KEPT_FOR_SIDE_STATEMENTS))
  const open = new Set<string>()
  const begin = db.beginTransaction.bind(db)
  const commit = db.commitTransaction.bind(db)
  const rollback = db.rollbackTransaction.bind(db)

  db.beginTransaction = async (options) => {
    await gate.acquire()
    try {
      const id = await begin(options)
      if (id === null || id === undefined) {
        gate.release()
      } else {
        open.add(String(id))
      }
      return id
    } catch (err) {
      gate.release()
      throw err
    }
  }
  const ending =
    (end: (id: TransactionId) => Promise<void>) =>
    async (incoming: TransactionId): Promise<void> => {
      const id = incoming instanceof Promise ? await incoming : incoming
      try {
        await end(id)
      } finally {
        if (open.delete(String(id))) {
          gate.release()
        }
      }
    }
  db.commitTransaction = ending(commit)
  db.rollbackTransaction = ending(rollback)
}
