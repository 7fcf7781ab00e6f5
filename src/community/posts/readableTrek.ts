import { type RelationshipFieldSingleValidation, validations } from 'payload'

import type { Batch } from '@/payload-types'
import { relationId } from '@/shared/relationId'

/**
 * Payload checks a relationship's ids against its filter options with the caller's read
 * access; with no filter of its own this leaves the treks rule, so a trekker tags a post
 * only to a live trek, never to one content is still preparing.
 */
export const readableTrekOptions = () => true

/**
 * A post names a trek its author can read. Two treks stay allowed whatever their status: the
 * one the post already names (a trek archived later must not lock its posts against edits)
 * and, for a journal, its batch's trek, which the server fills in (linkJournalToTrip).
 */
export const readableTrek: RelationshipFieldSingleValidation = async (value, options) => {
  const trekId = relationId(value)
  if (trekId && trekId === relationId(options.previousValue)) {
    return true
  }

  // The admin form validates as one types, in the browser: only the server looks rows up.
  const post = options.data as { kind?: string; batch?: unknown }
  const batchId = relationId(post.batch)
  if (trekId && options.event !== 'onChange' && post.kind === 'journal' && batchId) {
    const batch = (await options.req.payload.findByID({
      collection: 'batches',
      id: batchId,
      depth: 0,
      overrideAccess: true,
      disableErrors: true,
      req: options.req,
    })) as Batch | null
    if (batch && relationId(batch.trek) === trekId) {
      return true
    }
  }
  return validations.relationship(value, options)
}
