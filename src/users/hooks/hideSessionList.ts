import type { CollectionAfterReadHook, RequestContext } from 'payload'

/**
 * Set on the request only while Payload's JWT check loads the signed-in user: that read
 * needs the session list to find the token's session. No other read gets it.
 */
export const READING_SIGNED_IN_USER = 'obsReadingSignedInUser'

export const isReadingSignedInUser = (context: RequestContext | undefined) =>
  Boolean(context?.[READING_SIGNED_IN_USER])

/**
 * Payload's session list (ids and expiry of every signed-in device) never leaves the server.
 * The field's read access hides it from access-checked reads, but a read with access
 * overridden (a custom endpoint answering with a populated booking, a staff action) would
 * still carry it, on the user itself or on any document the user is populated into. So it is
 * dropped from every read except the JWT check's; Payload's own session code reads the row
 * through the database adapter, which bypasses this hook.
 */
export const hideSessionList: CollectionAfterReadHook = ({ doc, context }) => {
  if (isReadingSignedInUser(context) || !doc || typeof doc !== 'object' || !('sessions' in doc)) {
    return doc
  }
  const { sessions: _hidden, ...rest } = doc
  return rest
}
