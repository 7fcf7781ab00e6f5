import { APIError, type PayloadRequest } from 'payload'

import { createTrekker, dropPhoneClaims, findAccount, releaseUnprovenPhone } from './accounts'
import { phoneHeldForUndo } from './emailUndoLink'
import { forgetTakenOffNumber, refuseTakenOffNumber } from './recentPhone'
import { startSession, type Session } from './sessions'
import { inTransaction } from './transaction'

export const STAFF_SIGN_IN_BY_PASSWORD = 'Staff accounts sign in with their e-mail and password.'

/**
 * After a good code: the account that proved this phone, or a new trekker for it. A staff
 * account (every role, guides too: they read their trekkers' phones and birth dates) is never
 * opened by an SMS code alone, which a SIM swap or an intercepted text would give away: 403,
 * the code already spent, nothing written. Staff still use a code as `currentCode` beside a
 * session they opened with their password.
 */
export function signInWithPhone(req: PayloadRequest, phone: string): Promise<Session> {
  return inTransaction(req, async () => {
    const holder = await findAccount(req, { phone: { equals: phone } })
    if (holder?.phoneVerified && holder.staffRole) {
      req.payload.logger.warn({ msg: 'OTP sign-in to a staff account refused', userId: holder.id })
      throw new APIError(STAFF_SIGN_IN_BY_PASSWORD, 403, null, true)
    }
    if (holder?.phoneVerified) {
      await dropPhoneClaims(req, phone, holder.id)
      return startSession(req, holder.id, { isNewUser: false })
    }
    await refuseTakenOffNumber(req, phone)
    if (await phoneHeldForUndo(req, phone)) {
      throw new APIError(
        'This number was just moved off an OBS account, and the link texted to it can put it ' +
          'back. Use that link first (POST /api/users/email/undo), then sign in with this number.',
        409,
        null,
        true,
      )
    }
    if (holder) {
      await releaseUnprovenPhone(req, holder.id)
    }
    // A sign-up's unproven claim on this phone (pendingPhone) never signs in: the one who
    // proved the number gets an account of their own, and the claim is dropped.
    const created = await createTrekker(req, { phone, phoneVerified: true }, { phone: true })
    await dropPhoneClaims(req, phone, created.id)
    return startSession(req, created.id, { isNewUser: true })
  })
}

/** Moves a signed-in user to a phone they have just proved by OTP. */
export function moveToPhone(req: PayloadRequest, userId: number | string, phone: string) {
  return inTransaction(req, async () => {
    const holder = await findAccount(req, { phone: { equals: phone } })
    if (holder && holder.id !== userId) {
      if (holder.phoneVerified) {
        throw new APIError('That number belongs to another account.', 409, null, true)
      }
      await releaseUnprovenPhone(req, holder.id)
    }
    await dropPhoneClaims(req, phone, userId)
    await forgetTakenOffNumber(req, phone)
    return req.payload.update({
      collection: 'users',
      id: userId,
      data: { phone, pendingPhone: null },
      overrideAccess: true,
      context: { phoneVerified: true },
      req,
    })
  })
}
