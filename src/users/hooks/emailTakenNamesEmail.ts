import { ValidationError, type CollectionBeforeChangeHook, type PayloadRequest } from 'payload'

import { heldForUndo } from '../auth/emailUndoLink'

/**
 * Payload's sign-up check, with username sign-in enabled (phone accounts get an opaque
 * username), reports a taken e-mail as "username is already registered" on `username`, a
 * field the app never sent. A sign-up whose e-mail is taken is told so, on `email`; so is one
 * with an address an account left within the last days and may take back (heldForUndo), and
 * a super admin's edit giving such an address to another account (an account's own change is
 * held and checked by holdOwnEmailChange).
 */
export const emailTakenNamesEmail: CollectionBeforeChangeHook = async ({
  data,
  operation,
  originalDoc,
  req,
}) => {
  const email = typeof data?.email === 'string' ? data.email.trim().toLowerCase() : ''
  if (!email) {
    return data
  }
  if (operation === 'update') {
    const staffEdit =
      originalDoc &&
      req.user &&
      String(req.user.id) !== String(originalDoc.id) &&
      email !== String(originalDoc.email ?? '').toLowerCase()
    if (staffEdit && (await heldForUndo(req, email, originalDoc.id))) {
      throw takenAddress(req)
    }
    return data
  }
  if (operation !== 'create') {
    return data
  }
  const holder = await req.payload.db.findOne({
    collection: 'users',
    where: { email: { equals: email } },
    select: { id: true },
    req,
  })
  // Not for server code (a Google or Apple sign-up proves the inbox through the provider).
  if (holder || (req.payloadAPI !== 'local' && (await heldForUndo(req, email)))) {
    throw takenAddress(req)
  }
  return data
}

const takenAddress = (req: PayloadRequest) =>
  new ValidationError({
    collection: 'users',
    errors: [{ message: req.t('error:userEmailAlreadyRegistered'), path: 'email' }],
  })
