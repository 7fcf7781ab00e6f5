import {
  APIError,
  type CollectionBeforeChangeHook,
  type CollectionConfig,
  type CollectionBeforeOperationHook,
  type PayloadRequest,
} from 'payload'

import { lockRow, lockRowAndRead, tableOfCollection } from '@/shared/sql'

import { holdsLock, keyLockKey, rowKey } from './heldLocks'

type LockFirst = (req: PayloadRequest, id: number | string) => Promise<void>

/**
 * Payload's update reads the row without a lock, runs the hooks and writes every column
 * back. Server code that changes the same row under a row lock (a cancellation, a payment,
 * points, an erasure, a moderator's hide) would be overwritten by any update that read the
 * row just before it committed: a ticked document box could undo a cancellation. So:
 *
 * - an update by id locks the row before Payload reads it (the operation's transaction is
 *   already open), and so waits for the other writer and reads what it committed;
 * - a delete by id does too: two deletes at once (a double tap, an app's retry), or a delete
 *   during an edit, otherwise both read the row, and the later found nothing left to write or
 *   delete, a 500 (review round 37); now it waits, finds no row and answers 404;
 * - an update of many rows (`PATCH ?where=`) read its rows before any lock, so each row is
 *   locked as it is written and refused if it changed since it was read (Payload answers a
 *   bulk update with refused rows 400 and lists them in `errors`).
 *
 * `lockFirst` takes locks that must come before the row's own, in the order the locking
 * server code takes them (a booking's batch), so the two never deadlock. Each lock is taken
 * once per transaction: a row this transaction already holds (locked before the read, or by
 * the server code that is now saving it) had its `lockFirst` locks taken before its own, as
 * that order requires, so neither is asked for again.
 */
export function preventLostUpdates(table: string, lockFirst?: LockFirst) {
  const lockUnlessHeld = async (req: PayloadRequest, id: number | string) => {
    if (await holdsLock(req, rowKey(table, id))) {
      return
    }
    await lockFirst?.(req, id)
    await lockRow(req, table, id)
  }

  const lockBeforeRead: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
    const id = (args as { id?: number | string }).id
    if (operation === 'update' && id !== undefined && req.transactionID) {
      await lockUnlessHeld(req, id)
    }
    if (operation === 'delete' && id !== undefined && req.transactionID) {
      if (!(await holdsLock(req, keyLockKey(table, id)))) {
        await lockFirst?.(req, id)
      }
      await lockRow(req, table, id, 'for update')
    }
    if (operation === 'update' && id === undefined) {
      // A bulk edit locks its rows one by one as it writes them: in id order, as every
      // other writer of several rows does, so the two queue instead of deadlocking.
      return { ...args, sort: 'id' }
    }
    return args
  }

  const refuseStaleWrite: CollectionBeforeChangeHook = async ({
    data,
    operation,
    originalDoc,
    req,
  }) => {
    if (operation !== 'update' || !originalDoc?.id || !originalDoc.updatedAt) {
      return data
    }
    if (!(await holdsLock(req, rowKey(table, originalDoc.id)))) {
      await lockFirst?.(req, originalDoc.id)
    }
    const row = await lockRowAndRead<{ updated_at: string | Date }>(req, table, originalDoc.id, [
      'updated_at',
    ])
    if (!row) {
      throw deletedMeanwhile()
    }
    // Any change, not only a later stamp: raw SQL writers stamp `now()`, their transaction's
    // start, which can be earlier than a stamp another writer committed meanwhile.
    if (new Date(row.updated_at).getTime() !== new Date(originalDoc.updatedAt).getTime()) {
      throw new APIError(
        'This document changed while you were saving it: reload it and try again',
        409,
      )
    }
    return data
  }

  markRowLock(lockBeforeRead)
  return { lockBeforeRead, refuseStaleWrite }
}

/**
 * Payload writes a row it read by inserting it when it is gone: a bulk edit that read an
 * account, a post or a guide card just before its delete wrote it back whole, password hash
 * included (review round 38). A write of a row deleted meanwhile is refused instead.
 */
const deletedMeanwhile = () =>
  new APIError('This document was deleted while you were saving it', 404, null, true)

const ROW_LOCK = Symbol('rowLock')

const markRowLock = (hook: CollectionBeforeOperationHook) =>
  Object.defineProperty(hook, ROW_LOCK, { value: true })

const takesRowLocks = (collection: CollectionConfig) =>
  (collection.hooks?.beforeOperation ?? []).some((hook) => ROW_LOCK in hook)

/**
 * Every collection's delete by id waits for the row, as preventLostUpdates' own do, so the
 * later of two deletes is a 404, never a 500, and no write brings a deleted row back.
 * Collections with their own preventLostUpdates (and so their own lock order) are left as
 * they are.
 */
export function withRowLockedDeletes(collection: CollectionConfig): CollectionConfig {
  if (takesRowLocks(collection)) {
    return collection
  }
  const { lockBeforeDelete, refuseWriteOfDeletedRow } = rowLockedDeletes(
    tableOfCollection(collection.slug),
  )
  return {
    ...collection,
    hooks: {
      ...collection.hooks,
      beforeOperation: [...(collection.hooks?.beforeOperation ?? []), lockBeforeDelete],
      beforeChange: [refuseWriteOfDeletedRow, ...(collection.hooks?.beforeChange ?? [])],
    },
  }
}

/** The hooks of withRowLockedDeletes, for collections Payload adds itself (the admin's). */
export function rowLockedDeletes(table: string) {
  const lockBeforeDelete: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
    const id = (args as { id?: number | string }).id
    if (operation === 'delete' && id !== undefined && req.transactionID) {
      await lockRow(req, table, id, 'for update')
    }
    return args
  }
  const refuseWriteOfDeletedRow: CollectionBeforeChangeHook = async ({
    data,
    operation,
    originalDoc,
    req,
  }) => {
    if (operation === 'update' && originalDoc?.id && req.transactionID) {
      if (!(await lockRow(req, table, originalDoc.id))) {
        throw deletedMeanwhile()
      }
    }
    return data
  }
  return { lockBeforeDelete, refuseWriteOfDeletedRow }
}
