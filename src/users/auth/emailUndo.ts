import { APIError, type PayloadRequest } from 'payload'

import { findAccount } from './accounts'
import { lockAccount } from './accountLock'
import { authClock } from './clock'
import { endCredentialGrants } from './credentialGrants'
import { hashUndoToken } from './emailUndoLink'
import { dropEveryProviderLink } from './providerLinks'
import { takeOffRecentPhone } from './recentPhone'
import { revokeAllSessions } from './sessions'
import { inTransaction } from './transaction'

const BAD_UNDO_LINK =
  'This undo link is invalid, already used or expired. Reply to the e-mail it came in for help.'

type UndoRow = {
  id: number | string
  user: number | string | { id: number | string }
  previousEmail?: string | null
  previousPhone?: string | null
}

const userOf = (row: UndoRow) => (typeof row.user === 'object' ? row.user.id : row.user)

/** The live undo link of `token`, spent; null when there is none. Under the account's lock. */
async function spendUndoToken(req: PayloadRequest, token: string): Promise<UndoRow | null> {
  const now = authClock.now().toISOString()
  return (await req.payload.db.updateOne({
    collection: 'email-changes',
    where: {
      undoTokenHash: { equals: hashUndoToken(token) },
      undoneAt: { exists: false },
      undoExpiresAt: { greater_than: now },
    },
    data: { undoneAt: now },
    options: { atomic: true },
    req,
  })) as UndoRow | null
}

/**
 * Changes the account made after this one are undone with it: the thief's second address got
 * an undo link of its own, which must not put the account back in the thief's hands. Earlier
 * changes keep theirs (the owner's own, or the one whose link the owner still holds).
 */
async function spendLaterUndoLinks(req: PayloadRequest, userId: number | string, after: UndoRow) {
  await req.payload.db.updateMany({
    collection: 'email-changes',
    where: {
      user: { equals: userId },
      id: { greater_than: after.id },
      undoTokenHash: { exists: true },
      undoneAt: { exists: false },
    },
    data: { undoneAt: authClock.now().toISOString() },
    req,
  })
}

function addressTaken() {
  return new APIError(
    'Your old e-mail address now belongs to another account, so it cannot be put back. ' +
      'Reply to the e-mail with the undo link for help.',
    409,
    null,
    true,
  )
}

const isUniqueViolation = (err: unknown) => {
  const { name, code, cause } = err as { name?: string; code?: string; cause?: { code?: string } }
  return name === 'ValidationError' || code === '23505' || cause?.code === '23505'
}

function phoneTaken() {
  return new APIError(
    'The phone number this link was texted to now belongs to another account, so the account ' +
      'cannot be put back. Contact OBS support.',
    409,
    null,
    true,
  )
}

/**
 * Reset links went to the address being left; a lock set by wrong passwords is lifted, as a
 * reset does.
 */
async function putBackAccount(
  req: PayloadRequest,
  userId: number | string,
  data: Record<string, unknown>,
) {
  await req.payload.db.updateOne({
    collection: 'users',
    id: userId,
    data: {
      ...data,
      pendingEmail: null,
      resetPasswordToken: null,
      resetPasswordExpiration: null,
      loginAttempts: 0,
      lockUntil: null,
    },
    req,
    returning: false,
  })
}

/**
 * An account that had no address goes back to signing in by its phone, so the phone the link
 * was texted to (its holder just proved it) is its phone again: one the account got since, or
 * a reset from the added address took off, is replaced. Unlike an address account's undo, no
 * recent phone is taken off: the phone is its only way in.
 */
async function phoneBack(req: PayloadRequest, userId: number | string, change: UndoRow) {
  const account = await findAccount(req, { id: { equals: userId } })
  const back = {
    phone: change.previousPhone,
    phoneVerified: true,
    phoneChangedAt: null,
    phoneChangedBy: null,
  }
  return account?.phoneTakenOff === change.previousPhone
    ? { ...back, phoneTakenOff: null, phoneTakenOffAt: null }
    : back
}

/**
 * Takes an account back with the undo link mailed to the address a change replaced, in one
 * transaction: that address is the account's again (verified, it got the mail), `password`
 * the new password (Payload's own rules, 400 naming them), and what whoever made the change
 * could have set up ends as at a password reset, more thoroughly: every sign-in, waiting
 * e-mail change links, reset links, every provider link (one "by verified e-mail" may have
 * been made with the thief's address) and a phone changed in the last 30 days. The password
 * change notice goes to the restored address (revokeSessionsOnPasswordChange).
 * A link texted to an account that had no address takes the added address off (email null:
 * the account signs in by its username and phone again) and gives back the phone it went to;
 * the answer's `email` is then null.
 */
export async function undoEmailChange(
  req: PayloadRequest,
  token: string,
  password: string,
): Promise<{ userId: number | string; email: string | null }> {
  const found = (await req.payload.db.findOne({
    collection: 'email-changes',
    where: { undoTokenHash: { equals: hashUndoToken(token) } },
    req,
  })) as UndoRow | null
  if (!found) {
    throw new APIError(BAD_UNDO_LINK, 400, null, true)
  }
  const userId = userOf(found)

  const email = await inTransaction(req, async () => {
    await lockAccount(req, userId)
    const change = await spendUndoToken(req, token)
    if (!change?.previousEmail && !change?.previousPhone) {
      throw new APIError(BAD_UNDO_LINK, 400, null, true)
    }
    const previousEmail = change.previousEmail ?? null
    if (previousEmail) {
      const holder = await findAccount(req, { email: { equals: previousEmail } })
      if (holder && String(holder.id) !== String(userId)) {
        throw addressTaken()
      }
    }
    await spendLaterUndoLinks(req, userId, change)
    await endCredentialGrants(req, userId)
    await dropEveryProviderLink(req, userId)
    if (previousEmail) {
      await takeOffRecentPhone(req, { id: userId, email: previousEmail }, { undo: true })
    }
    try {
      await putBackAccount(
        req,
        userId,
        previousEmail
          ? { email: previousEmail, _verified: true }
          : { email: null, ...(await phoneBack(req, userId, change)) },
      )
    } catch (err) {
      throw isUniqueViolation(err) ? (previousEmail ? addressTaken() : phoneTaken()) : err
    }
    await req.payload.update({
      collection: 'users',
      id: userId,
      data: { password },
      overrideAccess: true,
      req,
    })
    await revokeAllSessions(req.payload, userId, req)
    return previousEmail
  })
  req.payload.logger.info({ msg: 'E-mail change undone', userId })
  return { userId, email }
}
