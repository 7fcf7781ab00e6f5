import type {
  CollectionBeforeChangeHook,
  CollectionBeforeLoginHook,
  CollectionBeforeOperationHook,
  CollectionBeforeValidateHook,
} from 'payload'

import { endCredentialGrants } from '../auth/credentialGrants'
import { takeOffRecentPhone } from '../auth/recentPhone'

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
