import type { PayloadRequest } from 'payload'

import type { Booking } from '@/payload-types'
import { relationId } from '@/shared/relationId'
import { lockAccount, reverseBookingPoints } from '@/users'

import type { LockedBooking } from './lockBooking'

export type CancelArgs = {
  req: PayloadRequest
  locked: LockedBooking
  reason: string
  cancelledBy: number | null
  now?: Date
  /**
   * What the trekker is owed back: the policy's share of what is still held when they cancel
   * (policyRefund), everything still held when the company calls the batch off.
   */
  refundDue: number
}

/**
 * Cancels a booking that the caller has already locked (see lockBooking) and checked may
 * be cancelled: frees its seat (keepSeatsInStep reopens a full batch that has not
 * started), records who, why and the refund owed, and takes back the points of a confirmed
 * booking. Locks, in the order every writer takes them: batch and booking (the caller's),
 * the trekker's account, then the trek's card.
 */
export async function cancelLockedBooking({
  req,
  locked: { booking },
  reason,
  cancelledBy,
  now = new Date(),
  refundDue,
}: CancelArgs): Promise<Booking> {
  // The trekker's account row before the booking's writes: the update's foreign key to the
  // trekker (`cancelledBy`) share-locks that row and the points below lock it for update, so
  // two cancellations of one trekker taken in that order each held the share and waited for
  // the other's. And the update re-counts the seats and rewrites the trek's card, which a
  // booking of the same trek takes after the account: the account comes first here too.
  const owner = relationId(booking.user)
  if (owner) {
    await lockAccount(req, owner)
  }
  const cancelled = await req.payload.update({
    collection: 'bookings',
    id: booking.id,
    data: {
      status: 'cancelled',
      cancelledAt: now.toISOString(),
      cancelledBy,
      cancellationReason: reason,
      refundDue,
      // Nothing more is owed on a cancelled booking (the newcomer run read ₹9,900 "due" on one
      // a call-off had cancelled); what was paid is in `amountPaid`, what goes back in `refundDue`.
      balanceDue: 0,
    },
    depth: 0,
    overrideAccess: true,
    req,
  })
  if (booking.status === 'confirmed') {
    await reverseBookingPoints({ req, userId: relationId(booking.user)!, bookingId: booking.id })
  }
  return cancelled
}
