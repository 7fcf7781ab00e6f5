import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { transactionDb } from '@/db/transaction'

/**
 * How long after a change of the sign-in phone a password reset still takes it off: the
 * owner hears of the change at once (SMS to the old number, mail), and a reset is the remedy
 * the notice offers.
 */
export const RECENT_PHONE_DAYS = 30

/** Stamps a change of the account's sign-in phone, in the change's transaction. */
export async function stampPhoneChange(req: PayloadRequest, userId: number | string) {
  const db = await transactionDb(req)
  await db.execute(sql`update users set phone_changed_at = now() where id = ${Number(userId)}`)
}

/**
 * A reset from the inbox takes the account back: a phone changed in the last
 * RECENT_PHONE_DAYS (perhaps by whoever had the password) no longer signs in or proves the
 * holder, until the owner proves it again with `phone/change`. Whoever holds that number and
 * signs in by OTP gets an account of their own (round 15). Answers whether a phone was taken off.
 */
export async function takeOffRecentPhone(req: PayloadRequest, userId: number | string) {
  const db = await transactionDb(req)
  const { rows } = await db.execute(sql`
    update users set phone = null, phone_verified = false, phone_changed_at = null
    where id = ${Number(userId)} and phone is not null
      and phone_changed_at > now() - make_interval(days => ${RECENT_PHONE_DAYS})
    returning id`)
  return rows.length > 0
}
