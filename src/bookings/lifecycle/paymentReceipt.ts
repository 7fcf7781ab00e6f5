import type { PayloadRequest } from 'payload'

import type { Booking } from '@/payload-types'
import { queuePaymentReceivedMail } from '@/notifications'

/**
 * The trekker's receipt for money applied to their booking: a deposit, a part payment, a
 * balance paid once confirmed, or one paid after the trek. Not for the payment that confirms
 * the booking, whose "booking confirmed" mail already says what was paid and what is due, nor
 * for money that reached a cancelled booking (it is owed back, and refunded).
 */
export async function queuePaymentReceipt({
  paymentId,
  statusBefore,
  after,
  req,
}: {
  paymentId: number | string
  statusBefore: Booking['status']
  after: Pick<Booking, 'status'>
  req: PayloadRequest
}) {
  const confirmedByThisPayment = statusBefore !== 'confirmed' && after.status === 'confirmed'
  if (after.status === 'cancelled' || confirmedByThisPayment) {
    return { queued: false }
  }
  return queuePaymentReceivedMail(paymentId, req)
}
