import { APIError, type CollectionBeforeDeleteHook, type CollectionSlug } from 'payload'

/**
 * Deleting a row that others still point at would orphan them (a batch with no trek, a
 * booking with no batch) or, where they must point somewhere, fail in PostgreSQL with a 500.
 * The caller is told what to do instead, with a 400, and nothing is deleted.
 */
export function refuseDeleteWhileUsed(
  referencing: CollectionSlug,
  field: string,
  message: string,
): CollectionBeforeDeleteHook {
  return async ({ id, req }) => {
    const { totalDocs } = await req.payload.count({
      collection: referencing,
      where: { [field]: { equals: id } },
      overrideAccess: true,
      req,
    })
    if (totalDocs > 0) {
      throw new APIError(message, 400, undefined, true)
    }
  }
}
