import type {
  CollectionAfterChangeHook,
  CollectionAfterOperationHook,
  CollectionBeforeChangeHook,
} from 'payload'

import { endCredentialGrants } from '../auth/credentialGrants'
import { dropLinksOfEndedSignIns, ownSignIn } from '../auth/providerLinks'
import { revokeAllSessions, revokeOtherSessions } from '../auth/sessions'
import { inTransaction } from '../auth/transaction'

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

/**
 * A new password ends every sign-in, the one that changed it included, and what a stolen
 * sign-in could have set up (a pending e-mail change, a provider link made by another sign-in).
 */
export const revokeSessionsOnPasswordChange: CollectionAfterChangeHook = async ({
  doc,
  previousDoc,
  req,
}) => {
  if (req.context[flagFor(doc.id)]) {
    delete req.context[flagFor(doc.id)]
    const changedBy = await ownSignIn(req, doc.id)
    await revokeAllSessions(req.payload, doc.id, req)
    // An e-mail change asked for in this same request is the caller's own, not a leftover.
    if (doc.pendingEmail === previousDoc?.pendingEmail) {
      await endCredentialGrants(req, doc.id, changedBy)
    } else {
      await dropLinksOfEndedSignIns(req, doc.id, changedBy)
    }
    req.payload.logger.info({ msg: 'Password changed: all sign-ins ended', userId: doc.id })
  }
  return doc
}

/**
 * A proven phone is an OTP account's credential, and numbers get recycled: when it changes
 * (through `phone/change` or a staff edit), whoever signed in with the old number is signed
 * out. The caller's own sign-in stays when it is the account's.
 */
export const revokeSessionsOnPhoneChange: CollectionAfterChangeHook = async ({
  doc,
  operation,
  previousDoc,
  req,
}) => {
  if (
    operation !== 'update' ||
    !previousDoc?.phone ||
    !previousDoc.phoneVerified ||
    previousDoc.phone === doc.phone
  ) {
    return doc
  }
  const me = req.user as { id?: number | string; _sid?: string } | null
  const keepSid = me && String(me.id) === String(doc.id) ? me._sid : undefined
  await revokeOtherSessions(req.payload, doc.id, keepSid, req)
  req.payload.logger.info({ msg: 'Phone changed: other sign-ins ended', userId: doc.id })
  return doc
}

/** Payload's password reset (by the e-mailed link) ends the same grants as a change. */
export const endGrantsOnPasswordReset: CollectionAfterOperationHook = async ({
  operation,
  req,
  result,
}) => {
  const userId = (result as { user?: { id?: number | string } } | undefined)?.user?.id
  if (operation === 'resetPassword' && userId !== undefined) {
    await inTransaction(req, () => endCredentialGrants(req, userId))
  }
  return result
}

/** A reset link sent to an address the account no longer has must not work (staff edits). */
export const voidResetLinkOnEmailChange: CollectionBeforeChangeHook = ({
  data,
  operation,
  originalDoc,
}) => {
  if (operation === 'update' && data?.email && originalDoc && data.email !== originalDoc.email) {
    return { ...data, resetPasswordToken: null, resetPasswordExpiration: null }
  }
  return data
}
