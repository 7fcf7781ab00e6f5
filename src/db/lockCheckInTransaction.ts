import {
  Locked,
  type CollectionAfterOperationHook,
  type CollectionBeforeOperationHook,
  type CollectionConfig,
  type PayloadRequest,
  type SanitizedCollectionConfig,
  type Where,
} from 'payload'

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
 * Whether an update or delete is held to the edit locks. Payload's REST handlers ask
 * (`overrideLock: false`), but they take `?overrideLock=true` from anyone, and its GraphQL
 * resolvers pass nothing, which Payload reads as "override": either way the check was skipped
 * and the lock rows deleted, so a colleague's open form then saved stale values over the change
 * (review round 28). The admin never sends it (a take-over moves the lock to the taker). Server
 * code's own writes (the Local API, or `overrideAccess`) still skip it.
 */
function mustCheckLock(
  args: { overrideLock?: boolean; overrideAccess?: boolean },
  req: PayloadRequest,
) {
  if (args.overrideLock === false) {
    return true
  }
  if (req.payloadAPI === 'local' || args.overrideAccess === true) {
    return false
  }
  return req.payloadAPI === 'GraphQL' || req.query?.overrideLock !== undefined
}

type LockRow = { updatedAt?: string; user?: { value?: unknown }; document?: { value?: unknown } }

/**
 * Payload checks the admin's edit lock before a REST update or delete (by id, and per
 * document in bulk) with a query that leaves the operation's transaction for the pool. On
 * the embedded database every connection shares one session that serves only the transaction's connection while it is
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
    !mustCheckLock(args as { overrideLock?: boolean; overrideAccess?: boolean }, req) ||
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
  const lockedByOthers = [...newestPerDocument.entries()]
    .filter(
      ([, lock]) =>
        lock.user?.value !== req.user?.id &&
        Date.now() - new Date(lock.updatedAt ?? 0).getTime() <= lockSeconds * 1000,
    )
    .map(([documentId]) => documentId)
  if (byId && lockedByOthers.length > 0) {
    throw new Locked(LOCKED_MESSAGE[operation](id))
  }
  if (byId || lockedByOthers.length === 0) {
    return { ...args, overrideLock: true }
  }
  // A bulk edit: Payload would go on with the other documents and list each locked one it
  // reached in `errors`, but its per-document check deletes the lock rows first and queries
  // outside the transaction. So the locked documents are taken out of the edit here, and
  // the ones the caller's edit would have reached are listed after it (reportLockedDocuments).
  const lockedIds = lockedByOthers.map((value) => (/^\d+$/.test(value) ? Number(value) : value))
  const where = (args as { where?: Where }).where ?? {}
  req.context[lockedKey(collection.slug)] = await reachableLockedDocuments(
    req,
    collection,
    operation,
    where,
    lockedIds,
    (args as { overrideAccess?: boolean }).overrideAccess === true,
  )
  return { ...args, overrideLock: true, where: { and: [where, { id: { not_in: lockedIds } }] } }
}

const lockedKey = (slug: string) => `documentsLockedByOthers:${slug}`

/** The locked documents that match the edit's filter under the caller's own access. */
async function reachableLockedDocuments(
  req: PayloadRequest,
  collection: SanitizedCollectionConfig,
  operation: 'update' | 'delete',
  where: Where,
  lockedIds: Array<number | string>,
  overrideAccess: boolean,
): Promise<Array<number | string>> {
  const access = overrideAccess ? true : await collection.access[operation]?.({ req })
  if (access === false) {
    return []
  }
  const found = await req.payload.db.find({
    collection: collection.slug,
    limit: 0,
    pagination: false,
    where: {
      and: [where, { id: { in: lockedIds } }, ...(typeof access === 'object' ? [access] : [])],
    },
    req,
  })
  return found.docs.map((doc) => doc.id as number | string)
}

/** Lists the documents the bulk edit left because someone else is editing them. */
const reportLockedDocuments: CollectionAfterOperationHook = ({
  collection,
  operation,
  req,
  result,
}) => {
  const key = lockedKey(collection.slug)
  const locked = req.context[key] as Array<number | string> | undefined
  delete req.context[key]
  if (!locked?.length || (operation !== 'update' && operation !== 'delete')) {
    return result
  }
  const bulk = result as {
    errors?: Array<{ id: number | string; isPublic: boolean; message: string }>
  }
  bulk.errors = [
    ...(bulk.errors ?? []),
    ...locked.map((id) => ({ id, isPublic: true, message: LOCKED_MESSAGE[operation](id) })),
  ]
  return result
}

/** Adds the in-transaction lock check ahead of a collection's own beforeOperation hooks. */
export function withLockCheckInTransaction(collection: CollectionConfig): CollectionConfig {
  return {
    ...collection,
    hooks: {
      ...collection.hooks,
      beforeOperation: [checkLockInTransaction, ...(collection.hooks?.beforeOperation ?? [])],
      afterOperation: [reportLockedDocuments, ...(collection.hooks?.afterOperation ?? [])],
    },
  }
}
