import { Forbidden, type Payload, type TypedUser } from 'payload'

import type { Payment } from '@/payload-types'
import { isPaidBackByHand } from '@/payments'

/**
 * Everything OBS holds about one account (a trekker's, or a staff member's), read with the trekker's own access so the export
 * shows exactly what they may see (no other trekker's rows, no staff-only fields). A fixed
 * number of reads, whatever the history: each collection is one query, payments one more.
 */
export async function exportAccount(payload: Payload, user: TypedUser) {
  const asOwner = { user, overrideAccess: false, depth: 0, pagination: false } as const
  const mine = { equals: user.id }
  // A collection the caller's role may not read at all (content staff and bookings, finance and
  // incidents, guides and points) holds nothing of theirs to give: an empty list, not a 403 for
  // the whole export (review round 26).
  const noneIfForbidden = <T>(read: Promise<{ docs: T[] }>) =>
    read.catch((err: unknown) => {
      if (err instanceof Forbidden) {
        return { docs: [] as T[] }
      }
      throw err
    })

  const [profile, emergencyContacts, bookings, pointsTransactions, posts, incidents] =
    await Promise.all([
      payload.findByID({ collection: 'users', id: user.id, user, overrideAccess: false, depth: 0 }),
      noneIfForbidden(
        payload.find({ collection: 'emergency-contacts', where: { user: mine }, ...asOwner }),
      ),
      noneIfForbidden(
        payload.find({ collection: 'bookings', where: { user: mine }, sort: 'id', ...asOwner }),
      ),
      noneIfForbidden(
        payload.find({ collection: 'points-transactions', where: { user: mine }, ...asOwner }),
      ),
      noneIfForbidden(
        payload.find({ collection: 'posts', where: { author: mine }, sort: 'id', ...asOwner }),
      ),
      noneIfForbidden(
        payload.find({ collection: 'incidents', where: { trekker: mine }, sort: 'id', ...asOwner }),
      ),
    ])

  const bookingIds = bookings.docs.map((booking) => booking.id)
  const payments =
    bookingIds.length === 0
      ? []
      : (
          await noneIfForbidden(
            payload.find({
              collection: 'payments',
              where: { booking: { in: bookingIds } },
              sort: 'id',
              ...asOwner,
            }),
          )
        ).docs.map(paymentForExport)

  // Session ids identify live sign-ins; they are credentials' handles, not personal data.
  const { sessions: _sessions, ...profileFields } = profile as typeof profile & {
    sessions?: unknown
  }

  return {
    exportedAt: new Date().toISOString(),
    profile: profileFields,
    emergencyContacts: emergencyContacts.docs,
    bookings: bookings.docs,
    payments,
    pointsTransactions: pointsTransactions.docs,
    posts: posts.docs,
    incidents: incidents.docs,
  }
}

/**
 * Amounts, dates and Razorpay references only. We never store card or UPI details, and the
 * staff notes on a payment (attention reasons, who asked for a refund) are not the trekker's.
 */
function paymentForExport(payment: Payment) {
  return {
    id: payment.id,
    booking: payment.booking,
    razorpayOrderId: payment.razorpayOrderId ?? null,
    razorpayPaymentId: payment.razorpayPaymentId ?? null,
    amount: payment.amount,
    currency: payment.currency,
    status: payment.status,
    method: payment.method ?? null,
    capturedAt: payment.capturedAt ?? null,
    amountRefunded: payment.amountRefunded ?? 0,
    refunds: (payment.refunds ?? []).map((refund) => ({
      amount: refund.amount,
      status: refund.status,
      paidBack: isPaidBackByHand(payment) ? 'by_hand' : 'through_razorpay',
      requestedAt: refund.requestedAt ?? null,
    })),
    createdAt: payment.createdAt,
  }
}
