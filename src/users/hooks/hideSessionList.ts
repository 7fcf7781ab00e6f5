import type { CollectionAfterReadHook } from 'payload'

/**
 * The `sessions` field's read access already empties it for API callers, but Payload still
 * answers an array field it may not show with `[]`; drop the key so responses do not
 * advertise it. Reads with access overridden (Payload's own JWT check) keep the list.
 */
export const hideSessionList: CollectionAfterReadHook = ({ doc, overrideAccess }) => {
  if (!overrideAccess && doc && typeof doc === 'object' && 'sessions' in doc) {
    const { sessions: _hidden, ...rest } = doc
    return rest
  }
  return doc
}
