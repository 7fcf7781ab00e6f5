import { sql } from '@payloadcms/db-postgres'
import { APIError, type PayloadRequest } from 'payload'

import { transactionDb } from '@/db/transaction'
import { enqueueDelivery } from '@/notifications'

import { ownSignIn } from './providerLinks'

/**
 * How long after a change of the sign-in phone a password reset still takes it off: the
 * owner hears of the change at once (SMS to the old number, mail), and a reset is the remedy
 * the notice offers. A number taken off stays kept from opening an account for as long.
 */
export const RECENT_PHONE_DAYS = 30

/**
 * Stamps a change of the account's sign-in phone, in the change's transaction, with the
 * account's own sign-in that made it (none for staff edits and sign-ups).
 */
export async function stampPhoneChange(req: PayloadRequest, userId: number | string) {
  const changedBy = (await ownSignIn(req, userId)) ?? null
  const db = await transactionDb(req)
  await db.execute(sql`
    update users set phone_changed_at = now(), phone_changed_by = ${changedBy}
    where id = ${Number(userId)}`)
}

type Account = { id: number | string; email?: string | null; firstName?: string | null }

/**
 * Takes the account back from whoever changed its phone: a phone changed in the last
 * RECENT_PHONE_DAYS no longer signs in or proves the holder, until it is proved again with
 * `phone/change`. It cannot tell a thief's number from the owner's own new SIM, so the number
 * is remembered (`phoneTakenOff`): its OTP sign-in does not open an empty account of its own
 * (`refuseTakenOffNumber`), and the holder is told how to prove it back.
 *
 * A reset from the inbox takes off any recent change. A password change (`keptBy`: the sign-in
 * making it) takes off only a change another sign-in of the account made: the one a stolen
 * password made, not the holder's own from this same sign-in. An account without an address
 * keeps its phone: it is its only way in. So does a phone older than an address added to an
 * account that had none: a reset or change from it may be a thief's who added it (review round
 * 17), and the phone is then the owner's way back; unless the sign-in that changed the phone
 * also asked for that address (both are then the same hand's). An address that replaced
 * another earns the phone nothing: the old address holds an undo link, and a thief with the
 * password can move the phone and the address from two sign-ins (review round 19). Answers
 * the number taken off.
 */
export async function takeOffRecentPhone(
  req: PayloadRequest,
  account: Account,
  by: { reset: true } | { undo: true } | { keptBy: string | undefined },
): Promise<string | null> {
  const db = await transactionDb(req)
  const byOtherSignIn =
    'keptBy' in by
      ? sql`phone_changed_by is not null and phone_changed_by is distinct from ${by.keptBy ?? null}`
      : sql`true`
  // An undo of the address's change judges the phone against the address it puts back.
  const addressNotNewer =
    'undo' in by
      ? sql`true`
      : sql`not exists (
        select 1 from email_changes confirmed
        where confirmed.user_id = users.id and lower(confirmed.email) = lower(users.email)
          and confirmed.confirmed_at >= users.phone_changed_at
          and confirmed.previous_email is null
          and confirmed.requested_by is distinct from users.phone_changed_by)`
  const { rows } = await db.execute(sql`
    update users set phone = null, phone_verified = false, phone_changed_at = null,
      phone_changed_by = null, phone_taken_off = phone, phone_taken_off_at = now()
    where id = ${Number(account.id)} and phone is not null and email is not null
      and phone_changed_at > now() - make_interval(days => ${RECENT_PHONE_DAYS})
      and ${byOtherSignIn}
      and ${addressNotNewer}
    returning phone_taken_off, phone_taken_off_at`)
  const row = rows[0] as { phone_taken_off?: string; phone_taken_off_at?: unknown } | undefined
  const takenOff = row?.phone_taken_off ?? null
  if (takenOff) {
    req.payload.logger.info({ msg: 'A recently changed phone was taken off', userId: account.id })
    await noticePhoneTakenOff(req, account, takenOff, String(row?.phone_taken_off_at))
  }
  return takenOff
}

/** The address is told, so an owner whose own new number it was knows to prove it again. */
async function noticePhoneTakenOff(
  req: PayloadRequest,
  account: Account,
  phone: string,
  takenOffAt: string,
) {
  if (!account.email) {
    return
  }
  await enqueueDelivery(req, {
    // One notice per taking-off, however often a retried request gets here.
    key: `phone_taken_off_notice:${account.id}:${takenOffAt}`,
    channel: 'email',
    template: 'phone_taken_off_notice',
    to: account.email,
    params: { name: account.firstName ?? '', phoneEnding: phone.slice(-4) },
  })
}

/**
 * An OTP sign-in with a number a reset or password change just took off opens no account of
 * its own: were it the owner's own number, their bookings and points would seem gone, and the
 * new empty account would keep them from proving it back (409 on `phone/change`).
 */
export async function refuseTakenOffNumber(req: PayloadRequest, phone: string) {
  const db = await transactionDb(req)
  const { rows } = await db.execute(sql`
    select 1 from users
    where phone_taken_off = ${phone}
      and phone_taken_off_at > now() - make_interval(days => ${RECENT_PHONE_DAYS})
    limit 1`)
  if (rows.length > 0) {
    throw new APIError(
      'This number was taken off its account when the password was reset or changed. Sign in ' +
        'with the account’s e-mail and password, then prove the number again with ' +
        'POST /api/users/phone/change.',
      409,
      null,
      true,
    )
  }
}

/** Once a number is proved on an account again, no account keeps it as taken off. */
export async function forgetTakenOffNumber(req: PayloadRequest, phone: string) {
  const db = await transactionDb(req)
  await db.execute(sql`
    update users set phone_taken_off = null, phone_taken_off_at = null
    where phone_taken_off = ${phone}`)
}
