import { Locked, type CollectionBeforeOperationHook, type CollectionConfig } from 'payload'

/** Payload's own lock lifetime when a collection sets `lockDocuments: true`. */
const DEFAULT_LOCK_SECONDS = 300

/** Payload's own wording for each operation, so callers see the same message as before. */
const LOCKED_MESSAGE = {
  update: (id: number | string) =>
    `Document with ID ${id} is currently locked by another user and cannot be updated.`,
  delete: (id: number | string) =>
    `Document with ID ${id} is currently locked and cannot be deleted.`,
} as const

/**
 * Payload checks the admin's edit lock before a REST update or delete by id with a
 * query that leaves the operation's transaction for the pool. On the embedded database every
 * connection shares one session that serves only the transaction's connection while it is
 * open, so that query waited for the transaction that was waiting for it: a trekker's own
 * `PATCH /api/users/:id` stalled until a timeout and held up every other request. This hook
 * runs the same check inside the transaction and tells Payload the lock is checked; Payload
 * still clears the document's lock rows afterwards, as it always does.
 */
type LockRow = { updatedAt?: string; user?: { value?: unknown }; document?: { value?: unknown } }

export const checkLockInTransaction: CollectionBeforeOperationHook = async ({
  args,
  collection,
  operation,
  req,
}) => {
  const id = (args as { id?: number | string }).id
  const lockSetting = collection.lockDocuments
  if (
    (operation !== 'update' && operation !== 'delete') ||
    (args as { overrideLock?: boolean }).overrideLock !== false ||
    lockSetting === false
  ) {
    return args
  }
  const byId = id !== undefined && id !== null
  const found = await req.payload.db.find({
    collection: 'payload-locked-documents',
    // 0 is every row.
    limit: 0,
    pagination: false,
    sort: '-updatedAt',
    where: {
      and: [
        { 'document.relationTo': { equals: collection.slug } },
        ...(byId ? [{ 'document.value': { equals: id } }] : []),
      ],
    },
    req,
  })
  const lockSeconds = typeof lockSetting === 'object' ? lockSetting.duration : DEFAULT_LOCK_SECONDS
  // Like Payload, only each document's newest lock row counts.
  const newestPerDocument = new Map<string, LockRow>()
  for (const row of found.docs as LockRow[]) {
    const key = String(row.document?.value)
    if (!newestPerDocument.has(key)) {
      newestPerDocument.set(key, row)
    }
  }
  const blocking = [...newestPerDocument.values()].some(
    (lock) =>
      lock.user?.value !== req.user?.id &&
      Date.now() - new Date(lock.updatedAt ?? 0).getTime() <= lockSeconds * 1000,
  )
  if (!blocking) {
    return { ...args, overrideLock: true }
  }
  if (byId) {
    throw new Locked(LOCKED_MESSAGE[operation](id))
  }
  // A bulk edit while someone holds a lock in this collection: Payload decides per document
  // which ones the lock refuses (its check leaves the transaction, so the embedded database
  // may stall on it; a real server does not).
  return args
}

/** Adds the in-transaction lock check ahead of a collection's own beforeOperation hooks. */
export function withLockCheckInTransaction(collection: CollectionConfig): CollectionConfig {
  return {
    ...collection,
    hooks: {
      ...collection.hooks,
      beforeOperation: [checkLockInTransaction, ...(collection.hooks?.beforeOperation ?? [])],
    },
  }
}
