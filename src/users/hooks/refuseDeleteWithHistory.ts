import type { CollectionAfterDeleteHook, CollectionBeforeDeleteHook, PayloadRequest } from 'payload'

import { batchesStillLed } from '@/catalog/batchesStillLed'
import { transactionDb } from '@/db/transaction'
import { ERASED_RECIPIENT, forgetAccountMessages } from '@/notifications'
import { refuseDeleteWhileUsed } from '@/shared/refuseDeleteWhileUsed'
import { queryRows, sql } from '@/shared/sql'

import { isAccountNotice } from '../privacy/eraseAccount'
import { stillUsedMedia, uploadsOf } from '../privacy/erasureLeftovers'

const eraseInstead = 'erase the account (POST /api/users/:id/erase) instead of deleting it'

/**
 * An account that booked, earned, posted or raised an SOS is pointed at by rows that must
 * name their member (bookings keep the trekker for the company's records). Erasure removes
 * the person and keeps those rows; a delete would fail half-way in PostgreSQL.
 */
export const refuseDeleteWithHistory = [
  refuseDeleteWhileUsed('bookings', 'user', `This account has bookings: ${eraseInstead}`),
  refuseDeleteWhileUsed(
    'points-transactions',
    'user',
    `This account has a points history: ${eraseInstead}`,
  ),
  refuseDeleteWhileUsed('badge-awards', 'user', `This account has earned badges: ${eraseInstead}`),
  refuseDeleteWhileUsed('posts', 'author', `This account has posts: ${eraseInstead}`),
  refuseDeleteWhileUsed('incidents', 'trekker', `This account has SOS incidents: ${eraseInstead}`),
  // A guide's card reaches its guide through this account (the SOS texts and mails its phone and
  // e-mail): as for deleting the card itself, not while the card leads a batch still under
  // way or ahead (batchesStillLed).
  refuseDeleteWhileUsed(
    'batches',
    'guide.user',
    'This account is the guide of upcoming batches: assign another guide first.',
    batchesStillLed,
  ),
]

/**
 * What only the account itself used, its sign-in leftovers (refresh tokens, pending e-mail
 * changes) and its emergency contacts, goes with it: those rows name their account and
 * PostgreSQL refuses to leave them without one.
 */
export const removeAccountLeftovers: CollectionBeforeDeleteHook = async ({ id, req }) => {
  for (const collection of ['refresh-tokens', 'email-changes', 'emergency-contacts'] as const) {
    await req.payload.db.deleteMany({ collection, where: { user: { equals: id } }, req })
  }
  await withdrawAccountMessages(req, Number(id))
}

/**
 * Messages still queued for the account (a reset link, a "password changed" notice to its
 * address, with its first name) went out after its delete (review round 37): they are dropped,
 * or kept as failed with no recipient, as an erasure does. The account has no bookings or SOS
 * (refuseDeleteWithHistory), so no message of those names it.
 */
async function withdrawAccountMessages(req: PayloadRequest, userId: number) {
  const db = await transactionDb(req)
  await forgetAccountMessages(db, userId)
  const [account] = await queryRows<{ email: string | null; phone: string | null }>(
    req,
    sql`select email, phone from users where id = ${userId}`,
  )
  const addresses = [account?.email, account?.phone, ''].filter(
    (value): value is string => typeof value === 'string',
  )
  await queryRows(
    req,
    sql`update notification_deliveries set
          "to" = ${ERASED_RECIPIENT}, params = null, status = 'failed',
          last_error = 'Account deleted', updated_at = now()
        where status <> 'sent'
          and (("to" in (${sql.join(
            addresses.map((to) => sql`${to}`),
            sql`, `,
          )}) and booking_id is null and incident_id is null)
            or ${isAccountNotice(userId)})`,
  )
}

const uploadsKey = (id: number | string) => `uploadsOfDeletedAccount:${id}`

/**
 * An account deleted (one with no history, as above) takes its own uploads along, as an
 * erasure does: its profile photo stayed on disk and in media with no uploader, where a curator
 * could even replace it (review round 37). Read before the delete, while `uploadedBy` still
 * names the account; removed after it, those nothing else shows (a guide card's photo stays).
 * Payload removes an upload's files inside the transaction, as it does for any upload deleted.
 * Catalog pictures a curator uploaded stay with the catalog.
 */
export const noteOwnUploads: CollectionBeforeDeleteHook = async ({ id, req }) => {
  // A curator's catalog pictures are the company's, not the person's: they stay (review
  // round 38: a member's post showed one in its text).
  req.context[uploadsKey(id)] = await uploadsOf(req, Number(id), { catalog: false })
}

export const removeOwnUploads: CollectionAfterDeleteHook = async ({ id, req }) => {
  const own = (req.context[uploadsKey(id)] as number[] | undefined) ?? []
  if (own.length === 0) {
    return
  }
  const stillUsed = await stillUsedMedia(req, own)
  const unused = own.filter((mediaId) => !stillUsed.has(mediaId))
  if (unused.length > 0) {
    await req.payload.delete({
      collection: 'media',
      where: { id: { in: unused } },
      overrideAccess: true,
      req,
    })
  }
}
