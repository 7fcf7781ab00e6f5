import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { transactionDb } from '@/db/transaction'
import { refreshMediaVisibility } from '@/media/visibility'
import { ERASED_RECIPIENT, forgetAccountMessages } from '@/notifications'

import { phoneLimitKeys } from '../auth/otp'
import { revokeAllSessions } from '../auth/sessions'
import { randomToken } from '../auth/secrets'
import { deleteCodesAndCounts } from '../auth/state'
import { resetLimitKey } from '../hooks/passwordResetMail'
import { mediaShownBy, stillUsedMedia, uploadsOf, type ErasureLeftovers } from './erasureLeftovers'
import { formerAddresses } from './formerAddresses'

export const ERASED_NAME = 'Erased trekker'
const ERASED_TEXT = '[erased]'

/**
 * Notices about the account, keyed by its id (src/users/hooks/passwordChange.ts,
 * auth/phoneChangeNotice.ts, auth/providerLinkNotice.ts, auth/recentPhone.ts): some went to a
 * phone or address it has since given up, which nothing else on the account still names (a
 * phone change's notice to the former number kept that number and the trekker's name after
 * erasure; review round 35).
 */
const ACCOUNT_NOTICES = [
  'password_changed_notice',
  'phone_changed_notice',
  'provider_linked_notice',
  'phone_taken_off_notice',
]

/** SQL: a `notification_deliveries` row is one of the account's notices. */
export const isAccountNotice = (userId: number) =>
  sql`"key" like any (array[${sql.join(
    ACCOUNT_NOTICES.map((notice) => sql`${`${notice}:${userId}:%`}`),
    sql`, `,
  )}])`

/**
 * Removes a trekker's personal data in the request's open transaction (the caller holds the
 * locks of the trekker's batches, bookings and user row, in that order). What accounting needs stays: bookings with their amounts and dates,
 * payments with their Razorpay ids, points. What stops the account from ever signing in
 * again: no e-mail, phone or provider id to find it by, an unknown password, no sessions
 * or refresh tokens, and `erasedAt`, which the login hook refuses. The freed e-mail and phone
 * can sign up again as a new account. Returns what is removed after the commit: the uploads
 * only this person used, and the phones whose codes and counts Redis may still hold.
 */
export async function eraseAccount(req: PayloadRequest, userId: number): Promise<ErasureLeftovers> {
  const db = await transactionDb(req)
  const { payload } = req

  const {
    rows: [account],
  } = await db.execute(sql`select email, phone, phone_verified from users where id = ${userId}`)
  // Only a number the account proved is its own. A sign-up's `pendingPhone` is a claim anyone
  // can type: clearing its codes and counts would hand out fresh guesses at someone else's
  // sign-in code and delete their live one (review round 18).
  const phones = [account?.phone_verified === true ? account?.phone : null].filter(
    (value): value is string => typeof value === 'string' && value !== '',
  )
  const shownMedia = await mediaShownBy(req, userId)
  const ownUploads = await uploadsOf(req, userId)
  // Not the emergency contacts' addresses: other people write to the same mother or friend, and
  // anyone can name a stranger as a contact. The trekker's own alerts to them go by incident.
  const addresses = [account?.email, account?.phone].filter(
    (value): value is string => typeof value === 'string' && value !== '',
  )
  // Read before the account's e-mail changes are deleted below.
  const former = await formerAddresses(db, userId)
  // forgot-password counts requests under the address itself: its key says who asked, when.
  const addressLimitKeys = [account?.email, ...former.addresses]
    .filter((value): value is string => typeof value === 'string' && value.includes('@'))
    .map(resetLimitKey)

  await revokeAllSessions(payload, userId, req)
  await db.execute(sql`delete from users_sessions where _parent_id = ${userId}`)
  // A salt and hash nobody knows the password for: password sign-in can never succeed.
  await db.execute(sql`
    update users set
      first_name = null, last_name = null, email = null, phone = null, bio = null,
      profile_photo_id = null, tribe_handle = null, date_of_birth = null,
      experience_level = null, google_sub = null, apple_sub = null,
      google_linked_by = null, apple_linked_by = null, google_sub_dropped = null,
      apple_sub_dropped = null,
      username = ${`erased_${userId}_${randomToken(9)
        .toLowerCase()
        .replace(/[^a-z0-9]/g, '')}`},
      pending_email = null, pending_phone = null, phone_verified = false, _verified = false,
      phone_changed_at = null, phone_changed_by = null, phone_taken_off = null,
      phone_taken_off_at = null,
      _verificationtoken = null, reset_password_token = null, reset_password_expiration = null,
      salt = ${randomToken(32)}, hash = ${randomToken(32)},
      login_attempts = 0, lock_until = null, erased_at = now(), updated_at = now()
    where id = ${userId}`)

  await payload.db.deleteMany({
    collection: 'emergency-contacts',
    where: { user: { equals: userId } },
    req,
  })
  await payload.db.deleteMany({ collection: 'posts', where: { author: { equals: userId } }, req })
  // What their posts and profile showed is public now only if something else shows it.
  await refreshMediaVisibility(req, [...shownMedia, ...ownUploads])
  // A pending e-mail change holds an address and a live link: neither outlives the account.
  await payload.db.deleteMany({
    collection: 'email-changes',
    where: { user: { equals: userId } },
    req,
  })

  // Why the trekker cancelled, in their own words (often their health), goes from the booking
  // and from the refund it was copied to. Reasons staff wrote (a desk cancellation, a
  // departure called off) are staff's record and stay. Refunds first: they are matched by text.
  await db.execute(sql`
    update payments_refunds r set reason = ${ERASED_TEXT}
    from payments p, bookings b
    where r._parent_id = p.id and p.booking_id = b.id and b.user_id = ${userId}
      and b.cancelled_by_id = ${userId} and r.reason = b.cancellation_reason`)
  await db.execute(sql`
    update bookings set cancellation_reason = ${ERASED_TEXT}
    where user_id = ${userId} and cancelled_by_id = ${userId} and cancellation_reason is not null`)

  // Bookings stay for accounting and seat history; only who the trekker was goes.
  await db.execute(sql`
    update bookings set
      trekker_name = ${ERASED_NAME}, trekker_age = null, trekker_phone = null,
      trekker_email = null, emergency_contact_name = null, emergency_contact_phone = null,
      emergency_contact_relation = null, updated_at = now()
    where user_id = ${userId}`)

  // A resolved SOS stays as an operations record, without where the trekker was or what
  // was wrong with them.
  await db.execute(sql`
    update incidents set message = null, latitude = null, longitude = null, updated_at = now()
    where trekker_id = ${userId}`)
  await db.execute(sql`
    update incidents_log set note = ${ERASED_TEXT}
    where _parent_id in (select id from incidents where trekker_id = ${userId})`)

  // Messages about this trekker or to their own addresses: the record of sending stays, the
  // recipient and contents go; anything not yet sent is never sent. A message to their address
  // about someone else's booking or SOS (they were that trekker's emergency contact) is that
  // trekker's record and is left alone, as are the messages of anyone else.
  // '' matches no row and keeps each `in (…)` valid when a list is empty.
  const toList = [...addresses, ...former.addresses, '']
  const noticeKeys = [...former.noticeKeys, '']
  await db.execute(sql`
    update notification_deliveries set
      "to" = ${ERASED_RECIPIENT}, params = null, updated_at = now(),
      status = case when status in ('sent', 'failed') then status else 'failed' end,
      last_error = case when status in ('sent', 'failed') then last_error else 'Recipient erased' end
    where ("to" in (${sql.join(
      toList.map((to) => sql`${to}`),
      sql`, `,
    )})
         and booking_id is null and incident_id is null)
       or "key" in (${sql.join(
         noticeKeys.map((key) => sql`${key}`),
         sql`, `,
       )})
       or ${isAccountNotice(userId)}
       or booking_id in (select id from bookings where user_id = ${userId})
       or incident_id in (select id from incidents where trekker_id = ${userId})`)

  // An SOS alert's key names its recipient (`sos:<incident>:<channel>:<to>`, one per person):
  // the recipient gives way to the delivery's own id, which keeps the key unique. A hash of
  // the number would not do: phone numbers are few enough to try them all.
  await db.execute(sql`
    update notification_deliveries
    set "key" = regexp_replace("key", '^(sos:[^:]+:[^:]+):.*$', '\\1:erased-') || id
    where incident_id in (select id from incidents where trekker_id = ${userId})
      and "key" ~ '^sos:[^:]+:[^:]+:'`)

  // Account mails and texts still queued (a reset, a confirmation, an undo offer) would reach
  // the erased addresses; their jobs hold them, sealed.
  await forgetAccountMessages(db, userId)

  // Codes and counts under the account's numbers and addresses say who tried to sign in, or
  // asked for a reset, and when.
  await deleteCodesAndCounts(db, phones, [...phones.flatMap(phoneLimitKeys), ...addressLimitKeys])

  // Their own uploads go, except those someone else still shows.
  const stillUsed = await stillUsedMedia(req, ownUploads)
  return {
    mediaIds: ownUploads.filter((id) => !stillUsed.has(id)),
    phones,
    limitKeys: addressLimitKeys,
  }
}
