import type { CollectionAfterChangeHook, CollectionBeforeChangeHook } from 'payload'

import { revokeAllSessions } from '../auth/sessions'

const flagFor = (id: unknown) => `passwordChanged:${String(id)}`

/** Payload drops the password from `data` before afterChange, so note the change here. */
export const notePasswordChange: CollectionBeforeChangeHook = ({
  data,
  operation,
  originalDoc,
  req,
}) => {
  if (
    operation === 'update' &&
    typeof data?.password === 'string' &&
    data.password &&
    originalDoc
  ) {
    req.context[flagFor(originalDoc.id)] = true
  }
  return data
}

/** A new password ends every sign-in, the one that changed it included. */
export const revokeSessionsOnPasswordChange: CollectionAfterChangeHook = async ({ doc, req }) => {
  if (req.context[flagFor(doc.id)]) {
    delete req.context[flagFor(doc.id)]
    await revokeAllSessions(req.payload, doc.id, req)
    req.payload.logger.info({ msg: 'Password changed: all sign-ins ended', userId: doc.id })
  }
  return doc
}
