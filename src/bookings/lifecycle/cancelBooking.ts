import type { PayloadRequest } from 'payload'

import type { Booking } from '@/payload-types'
import { relationId } from '@/shared/relationId'
import { reverseBookingPoints } from '@/users'

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
 * booking.
 */
export async function cancelLockedBooking({
  req,
  locked: { booking },
  reason,
  cancelledBy,
  now = new Date(),
  refundDue,
}: CancelArgs): Promise<Booking> {
  const cancelled = await req.payload.update({
    collection: 'bookings',
    id: booking.id,
    data: {
      status: 'cancelled',
      cancelledAt: now.toISOString(),
      cancelledBy,
      cancellationReason: reason,
      refundDue,
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
