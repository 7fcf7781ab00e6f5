import { APIError, type PayloadRequest } from 'payload'

import { findAccount } from './accounts'
import { lockAccount } from './accountLock'
import { authClock, fromNow, HOUR } from './clock'
import { heldForUndo, offerEmailUndo } from './emailUndoLink'
import { ownSignIn } from './providerLinks'
import { keyedHash, randomToken } from './secrets'
import { revokeOtherSessions } from './sessions'
import { inTransaction } from './transaction'

export const EMAIL_CHANGE_LIFETIME_HOURS = 24

const hashToken = (token: string) => keyedHash('email-change', token)

const BAD_LINK =
  'This confirmation link is invalid, already used or expired. Ask for the change again.'

type ChangeRow = {
  id: number | string
  user: number | string | { id: number | string }
  email: string
}

/**
 * Records a requested change of `userId`'s e-mail to `email` and returns the token for the
 * link. Only its hash is kept; any earlier request of the account is spent, so only the
 * newest link works. Call in the transaction that stores `pendingEmail`.
 */
export async function issueEmailChange(
  req: PayloadRequest,
  userId: number | string,
  email: string,
): Promise<{ id: number | string; token: string }> {
  await spendWaitingEmailChanges(req, userId)
  const token = randomToken()
  const row = await req.payload.db.create({
    collection: 'email-changes',
    data: {
      user: userId,
      email,
      requestedBy: (await ownSignIn(req, userId)) ?? null,
      tokenHash: hashToken(token),
      expiresAt: fromNow(EMAIL_CHANGE_LIFETIME_HOURS * HOUR).toISOString(),
    },
    req,
  })
  return { id: row.id as number | string, token }
}

/**
 * Spends the account's e-mail change links still unused, but those asked for by `keepSignIn`
 * (the sign-in that stays): answers whether a kept change is still waiting.
 */
export async function spendWaitingEmailChanges(
  req: PayloadRequest,
  userId: number | string,
  keepSignIn?: string,
): Promise<boolean> {
  const waiting = { user: { equals: userId }, usedAt: { exists: false } }
  await req.payload.db.updateMany({
    collection: 'email-changes',
    where: keepSignIn
      ? {
          and: [
            waiting,
            {
              or: [{ requestedBy: { exists: false } }, { requestedBy: { not_equals: keepSignIn } }],
            },
          ],
        }
      : waiting,
    data: { usedAt: authClock.now().toISOString() },
    req,
  })
  if (!keepSignIn) {
    return false
  }
  const { totalDocs } = await req.payload.db.count({
    collection: 'email-changes',
    where: { ...waiting, requestedBy: { equals: keepSignIn } },
    req,
  })
  return totalDocs > 0
}

/** Spends a live token in one statement, outside any transaction: it can never be un-spent. */
async function spendToken(req: PayloadRequest, token: string): Promise<ChangeRow | null> {
  const now = authClock.now().toISOString()
  return (await req.payload.db.updateOne({
    collection: 'email-changes',
    where: {
      tokenHash: { equals: hashToken(token) },
      usedAt: { exists: false },
      expiresAt: { greater_than: now },
    },
    data: { usedAt: now },
    options: { atomic: true },
  })) as ChangeRow | null
}

/** The account's phone when it proves its holder (as noticeToHolder reads it), else null. */
export function provenPhone(account: Record<string, unknown>) {
  return typeof account.phone === 'string' &&
    account.phone !== '' &&
    account.phoneVerified !== false
    ? account.phone
    : null
}

function addressTaken() {
  return new APIError('That e-mail address is already used by another account.', 409, null, true)
}

const isUniqueViolation = (err: unknown) => {
  const { name, code, cause } = err as { name?: string; code?: string; cause?: { code?: string } }
  return name === 'ValidationError' || code === '23505' || cause?.code === '23505'
}

/**
 * Whoever holds the link has proved the new inbox: the account's e-mail becomes that address,
 * verified, and every other sign-in of the account ends. The address left behind is mailed a
 * link that undoes the change (offerEmailUndo); an account that had none gets it by SMS at its
 * proven phone. Only the inbox's holder learns that
 * the address belongs to another account, so the 409 tells nobody anything new.
 */
export async function confirmEmailChange(
  req: PayloadRequest,
  token: string,
): Promise<{ userId: number | string; email: string }> {
  const change = await spendToken(req, token)
  if (!change) {
    throw new APIError(BAD_LINK, 400, null, true)
  }
  const userId = typeof change.user === 'object' ? change.user.id : change.user
  const user = await findAccount(req, { id: { equals: userId } })
  if (!user || user.pendingEmail !== change.email) {
    throw new APIError(BAD_LINK, 400, null, true)
  }
  const holder = await findAccount(req, { email: { equals: change.email } })
  if (
    (holder && String(holder.id) !== String(userId)) ||
    (await heldForUndo(req, change.email, userId))
  ) {
    await req.payload.db.updateOne({
      collection: 'users',
      id: userId,
      data: { pendingEmail: null },
      returning: false,
    })
    throw addressTaken()
  }

  const me = req.user as { id?: number | string; _sid?: string } | null
  const keepSid = me && String(me.id) === String(userId) ? me._sid : undefined
  try {
    await inTransaction(req, async () => {
      // Checked again under the account's lock: a password change that committed since the
      // read above cancelled this change, and a stolen session's must not land after it.
      await lockAccount(req, userId)
      const locked = await findAccount(req, { id: { equals: userId } })
      if (locked?.pendingEmail !== change.email) {
        throw new APIError(BAD_LINK, 400, null, true)
      }
      await req.payload.db.updateOne({
        collection: 'users',
        id: userId,
        // A reset link sent to the old address must not outlive it.
        data: {
          email: change.email,
          pendingEmail: null,
          _verified: true,
          resetPasswordToken: null,
          resetPasswordExpiration: null,
        },
        req,
        returning: false,
      })
      await req.payload.db.updateOne({
        collection: 'email-changes',
        id: change.id,
        data: { confirmedAt: new Date().toISOString() },
        req,
        returning: false,
      })
      await revokeOtherSessions(req.payload, userId, keepSid, req)
      const previousEmail = typeof locked.email === 'string' ? locked.email : ''
      if (previousEmail && previousEmail !== change.email) {
        const name = typeof locked.firstName === 'string' ? locked.firstName : ''
        await offerEmailUndo(req, { ...change, userId }, { previousEmail, name })
      } else if (!previousEmail) {
        const previousPhone = provenPhone(locked)
        if (previousPhone) {
          await offerEmailUndo(req, { ...change, userId }, { previousPhone })
        }
      }
    })
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw addressTaken()
    }
    throw err
  }
  req.payload.logger.info({ msg: 'E-mail change confirmed', userId })
  return { userId, email: change.email }
}
