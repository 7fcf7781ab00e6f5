import { APIError, type CollectionBeforeDeleteHook, type CollectionSlug, type Where } from 'payload'

import { forgetLock, rowKey } from '@/db/heldLocks'

import { lockRow, tableOfCollection } from './sql'

/**
 * Deleting a row that others still point at would orphan them (a batch with no trek, a
 * booking with no batch) or, where they must point somewhere, fail in PostgreSQL with a 500.
 * The caller is told what to do instead, with a 400, and nothing is deleted. The row is
 * locked before the count: writers that add a reference lock it too (a booking its batch), or
 * wait on it through their foreign key, so none slips in between the count and the delete.
 * `still` narrows the referencing rows to those that still need this one (a guide's batches
 * still under way or ahead; a function is read at each delete); the others lose the reference through the foreign key.
 */
export function refuseDeleteWhileUsed(
  referencing: CollectionSlug,
  field: string,
  message: string,
  still?: Where | (() => Where),
): CollectionBeforeDeleteHook {
  return async ({ collection, id, req }) => {
    if (req.transactionID) {
      // Our collections keep Payload's default table names: the slug in snake case.
      const table = tableOfCollection(collection.slug)
      // `for update`: unlike the weaker lock some tables take for changes (batches), it also
      // holds up a foreign-key check naming the row until the delete is decided.
      await lockRow(req, table, id, 'for update')
      // The row is about to go: a later lock in this transaction must find it gone.
      await forgetLock(req, rowKey(table, id))
    }
    const { totalDocs } = await req.payload.count({
      collection: referencing,
      where: still
        ? { and: [{ [field]: { equals: id } }, typeof still === 'function' ? still() : still] }
        : { [field]: { equals: id } },
      overrideAccess: true,
      req,
    })
    if (totalDocs > 0) {
      throw new APIError(message, 400, undefined, true)
    }
  }
}
