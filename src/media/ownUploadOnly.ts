import { ValidationError, type CollectionBeforeChangeHook, type CollectionSlug } from 'payload'

import { relationId } from '@/shared/relationId'

/**
 * A face is its owner's to show: a profile or guide photo must be a catalog picture or an
 * upload by the person it portrays. Otherwise anyone who may edit a profile (the member, cs)
 * could put someone else's photo there, publishing a private one through the feed or keeping
 * a replaced one public after its owner moved on. Applies to server code too: it is a rule
 * of the data, not of a role.
 */
export function photoMustBeTheirs(options: {
  collection: CollectionSlug
  field: string
  /** Whose face the document shows: the user row itself, or the guide's account. */
  ownerOf: (doc: Record<string, unknown>) => number | null
  message: string
}): CollectionBeforeChangeHook {
  return async ({ data, operation, originalDoc, req }) => {
    if (data[options.field] === undefined) {
      return data
    }
    // Only an edit keeps a photo already checked: a create (a duplicate too, which carries
    // the original as originalDoc) shows it on a new document, for a possibly new person.
    const kept = operation === 'update' ? originalDoc : undefined
    const photoId = relationId(data[options.field])
    if (photoId === null || photoId === relationId(kept?.[options.field])) {
      return data
    }
    const media = await req.payload.db.findOne<{
      id: number
      visibility?: string
      uploadedBy?: unknown
    }>({
      collection: 'media',
      where: { id: { equals: photoId } },
      req,
    })
    const ownerId = options.ownerOf({ ...(kept ?? {}), ...data })
    const theirs =
      media?.visibility === 'catalog' ||
      (ownerId !== null && relationId(media?.uploadedBy) === ownerId)
    if (!theirs) {
      throw new ValidationError({
        collection: options.collection,
        errors: [{ path: options.field, message: options.message }],
      })
    }
    return data
  }
}
