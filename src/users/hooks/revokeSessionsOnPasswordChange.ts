import type {
  CollectionAfterChangeHook,
  CollectionBeforeChangeHook,
  CollectionBeforeLoginHook,
  CollectionBeforeOperationHook,
  CollectionBeforeValidateHook,
  PayloadRequest,
} from 'payload'

import { noticeToHolder, type Holder } from '@/notifications'

import { endCredentialGrants } from '../auth/credentialGrants'
import { dropLinksOfEndedSignIns, ownSignIn } from '../auth/providerLinks'
import { noticePhoneChange } from '../auth/phoneChangeNotice'
import { stampPhoneChange, takeOffRecentPhone } from '../auth/recentPhone'
import { revokeAllSessions, revokeOtherSessions } from '../auth/sessions'

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
    await noticePasswordChange(req, doc)
    req.payload.logger.info({ msg: 'Password changed: all sign-ins ended', userId: doc.id })
    // A phone another sign-in changed lately may be the one a stolen password put on.
    if (await takeOffRecentPhone(req, doc, { keptBy: changedBy })) {
      return { ...doc, phone: null, phoneVerified: false }
    }
  }
  return doc
}

/**
 * A password change is told to the holder (address, or a phone account's proven number), in
 * the change's transaction: whoever did not make it can take the account back by a reset,
 * which also ends what a stolen session set up.
 */
async function noticePasswordChange(
  req: PayloadRequest,
  doc: Holder & { firstName?: string | null; updatedAt?: string },
) {
  await noticeToHolder(req, doc, {
    key: `password_changed_notice:${doc.id}:${doc.updatedAt ?? Date.now()}`,
    template: 'password_changed_notice',
    params: { name: doc.firstName ?? '' },
  })
}

/**
 * A proven phone is an OTP account's credential, and numbers get recycled: when it changes
 * (through `phone/change` or a staff edit), whoever signed in with the old number is signed
 * out, and the provider links and pending e-mail change other sign-ins set up end too. The
 * caller's own sign-in (and the links it made) stay when it is the account's.
 */
export const revokeSessionsOnPhoneChange: CollectionAfterChangeHook = async ({
  doc,
  operation,
  previousDoc,
  req,
}) => {
  if (
    operation !== 'update' ||
    !previousDoc ||
    (previousDoc.phone ?? null) === (doc.phone ?? null)
  ) {
    return doc
  }
  const oldProvenPhone = previousDoc.phoneVerified ? (previousDoc.phone ?? null) : null
  // Every change of the sign-in phone is told, a first one too (a super admin's included).
  await noticePhoneChange(req, doc, oldProvenPhone)
  await stampPhoneChange(req, doc.id)
  if (!oldProvenPhone) {
    return doc
  }
  const me = req.user as { id?: number | string; _sid?: string } | null
  const keepSid = me && String(me.id) === String(doc.id) ? me._sid : undefined
  const changedBy = keepSid ? await ownSignIn(req, doc.id) : undefined
  await revokeOtherSessions(req.payload, doc.id, keepSid, req)
  // What the ended sign-ins set up ends with them: the old number's new holder is out.
  await endCredentialGrants(req, doc.id, changedBy)
  req.payload.logger.info({ msg: 'Phone changed: other sign-ins ended', userId: doc.id })
  return doc
}

const RESETTING_PASSWORD = 'resettingPassword'

/**
 * Payload's reset runs no change hooks: its beforeOperation is where a reset is known. The
 * mark is the reset's token, and any other operation clears it: GraphQL runs every mutation
 * of a document on one request context, so a reset refused for a bad token must not leave it
 * for the next mutation (an update would mark an unproven address verified).
 */
export const noteResetPassword: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  const token = (args as { data?: { token?: unknown } }).data?.token
  if (operation === 'resetPassword' && typeof token === 'string') {
    req.context[RESETTING_PASSWORD] = token
  } else {
    delete req.context[RESETTING_PASSWORD]
  }
  return args
}

/** Whether this row is the one the request's reset is for (Payload keeps the token on it). */
const isBeingReset = (req: { context: Record<string, unknown> }, row: unknown) => {
  const token = req.context[RESETTING_PASSWORD]
  return (
    typeof token === 'string' &&
    (row as { resetPasswordToken?: unknown } | undefined)?.resetPasswordToken === token
  )
}

/**
 * A reset by the mailed link proves the inbox, as an e-mail change confirmed from it does: an
 * account someone else opened with this address (never verified) becomes its owner's. Payload
 * writes the row it hands to beforeValidate, so the flag is set on it.
 */
export const verifyAddressOnReset: CollectionBeforeValidateHook = ({ data, req }) => {
  if (data && isBeingReset(req, data)) {
    data._verified = true
  }
  return data
}

/**
 * Payload's password reset (by the e-mailed link) ends the same grants as a change, and takes
 * a recently changed phone off (takeOffRecentPhone), in the reset's own transaction (Payload
 * signs the resetter in, running beforeLogin, before it commits): a provider sign-in or an
 * e-mail confirmation queued on the account's row lock then finds the link or the pending
 * change gone.
 */
export const endGrantsOnPasswordReset: CollectionBeforeLoginHook = async ({ req, user }) => {
  if (isBeingReset(req, user)) {
    delete req.context[RESETTING_PASSWORD]
    await endCredentialGrants(req, user.id)
    if (await takeOffRecentPhone(req, user, { reset: true })) {
      return { ...user, phone: null, phoneVerified: false }
    }
  }
  return user
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
