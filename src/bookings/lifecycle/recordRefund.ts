import { APIError, NotFound, type PayloadRequest } from 'payload'

import { inTransaction } from '@/db/transaction'
import type { Booking } from '@/payload-types'

import { formatRupees } from '@/shared/formatRupees'

import { roundRupees } from '../money'
import { lockBooking } from './lockBooking'

/**
 * For the payments work once a refund has gone out: moves `amount` from `refundDue` to
 * `refundedAmount`, in the caller's transaction. Refusing more than is owed keeps a
 * retried refund from being counted twice.
 */
export async function recordRefundPaid({
  bookingId,
  amount,
  req,
}: {
  bookingId: number | string
  amount: number
  req: PayloadRequest
}): Promise<Booking> {
  const refunded = roundRupees(Number(amount))
  if (!(refunded > 0)) {
    throw new APIError('A refund must be a positive amount in rupees', 400)
  }
  return inTransaction(req, async () => {
    const locked = await lockBooking(req, Number(bookingId))
    if (!locked) {
      throw new NotFound(req.t)
    }
    const { booking } = locked
    const owed = roundRupees(booking.refundDue ?? 0)
    if (refunded > owed) {
      throw new APIError(
        `This refund of ${formatRupees(refunded)} is more than the ${formatRupees(owed)} owed`,
        400,
      )
    }
    return req.payload.update({
      collection: 'bookings',
      id: booking.id,
      data: {
        refundDue: roundRupees(owed - refunded),
        refundedAmount: roundRupees((booking.refundedAmount ?? 0) + refunded),
      },
      depth: 0,
      overrideAccess: true,
      req,
    })
  })
}
