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
    id === undefined ||
    id === null ||
    (args as { overrideLock?: boolean }).overrideLock !== false ||
    lockSetting === false
  ) {
    return args
  }
  const found = await req.payload.db.find({
    collection: 'payload-locked-documents',
    limit: 1,
    pagination: false,
    sort: '-updatedAt',
    where: {
      and: [
        { 'document.relationTo': { equals: collection.slug } },
        { 'document.value': { equals: id } },
      ],
    },
    req,
  })
  const lock = found.docs[0] as { updatedAt?: string; user?: { value?: unknown } } | undefined
  if (lock) {
    const lockSeconds =
      typeof lockSetting === 'object' ? lockSetting.duration : DEFAULT_LOCK_SECONDS
    const heldByOther = lock.user?.value !== req.user?.id
    const fresh = Date.now() - new Date(lock.updatedAt ?? 0).getTime() <= lockSeconds * 1000
    if (heldByOther && fresh) {
      throw new Locked(LOCKED_MESSAGE[operation](id))
    }
  }
  return { ...args, overrideLock: true }
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
