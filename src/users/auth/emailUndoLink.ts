import type { PayloadRequest } from 'payload'

import { env } from '@/config/env'
import { maskRecipient, queueEmailAddedUndo, queueEmailChangeUndo } from '@/notifications'

import { authClock, DAY, fromNow } from './clock'
import { keyedHash, randomToken } from './secrets'

export const EMAIL_UNDO_LIFETIME_DAYS = 7

export const hashUndoToken = (token: string) => keyedHash('email-undo', token)

/**
 * A confirmed change hands the account's resets to the new inbox, so a password holder who is
 * not the owner keeps the account: the address left behind gets a link that takes it back
 * (undoEmailChange in emailUndo.ts), valid EMAIL_UNDO_LIFETIME_DAYS. An account that had no
 * address (made by OTP) gets the link by SMS at its proven phone instead, and the undo takes
 * the added address off. Call in the confirmation's transaction, under the account's lock;
 * only the token's hash is kept.
 */
export async function offerEmailUndo(
  req: PayloadRequest,
  change: { id: number | string; email: string; userId: number | string },
  account: { previousEmail: string; name: string } | { previousPhone: string },
) {
  const token = randomToken()
  await req.payload.db.updateOne({
    collection: 'email-changes',
    id: change.id,
    data: {
      ...('previousEmail' in account
        ? { previousEmail: account.previousEmail }
        : { previousPhone: account.previousPhone }),
      undoTokenHash: hashUndoToken(token),
      undoExpiresAt: fromNow(EMAIL_UNDO_LIFETIME_DAYS * DAY).toISOString(),
    },
    req,
    returning: false,
  })
  const link = new URL(env.emailUndoUrl)
  link.searchParams.set('token', token)
  const message = {
    newEmail: maskRecipient(change.email),
    link: link.toString(),
    validDays: String(EMAIL_UNDO_LIFETIME_DAYS),
  }
  if ('previousEmail' in account) {
    await queueEmailChangeUndo(req, change.userId, {
      to: account.previousEmail,
      name: account.name,
      ...message,
    })
  } else {
    await queueEmailAddedUndo(req, change.userId, { to: account.previousPhone, ...message })
  }
}

/**
 * Whether a live undo link may put `value` back on the account it left (as its address, or
 * for an account that had none, as its phone), so nobody else may take it meanwhile: a
 * thief's sign-up, e-mail change or OTP account would turn the owner's undo into a 409.
 * `exceptUser`: the account the value may go back to, whose own changes are not blocked.
 */
async function heldBy(
  req: PayloadRequest,
  field: 'previousEmail' | 'previousPhone',
  value: string,
  exceptUser?: number | string,
): Promise<boolean> {
  const { totalDocs } = await req.payload.db.count({
    collection: 'email-changes',
    where: {
      [field]: { equals: value },
      undoneAt: { exists: false },
      undoExpiresAt: { greater_than: authClock.now().toISOString() },
      ...(exceptUser === undefined ? {} : { user: { not_equals: exceptUser } }),
    },
    req,
  })
  return totalDocs > 0
}

/** Whether `email` is the old address of a live undo link (heldBy). */
export const heldForUndo = (req: PayloadRequest, email: string, exceptUser?: number | string) =>
  heldBy(req, 'previousEmail', email, exceptUser)

/** Whether `phone` is where a live undo link was texted (heldBy). */
export const phoneHeldForUndo = (req: PayloadRequest, phone: string) =>
  heldBy(req, 'previousPhone', phone)
