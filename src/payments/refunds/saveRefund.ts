import type { PayloadRequest } from 'payload'

import type { Payment } from '@/payload-types'

import { recordRefundOnBooking } from '../bookingBridge'
import { inTransaction, lockPayment } from '../db'
import { type RefundEntry, refundTotals, withFlag } from './ledger'

type SaveRefundArgs = {
  req: PayloadRequest
  paymentId: number | string
  /** Finds the refund entry this change is about. */
  match: (refund: RefundEntry) => boolean
  /** The entry after the change, or null to leave it as it is; throws to refuse the change. */
  change: (refund: RefundEntry, payment: Payment) => RefundEntry | null
  /** Used when no entry matches (a refund made in Razorpay's dashboard). */
  whenMissing?: RefundEntry
  flag?: string
  /** The payment's staff flag as it should be after the change (a payout that clears it). */
  attention?: (
    payment: Payment,
    refunds: RefundEntry[],
  ) => Pick<Payment, 'needsAttention' | 'attentionReason'>
  eventId?: string
}

/**
 * The one writer of a payment's refund entries after the refund was requested (by the
 * refund job, by Razorpay's refund events and by finance recording a payout made by hand), under the payment row lock so a job and
 * a webhook landing together do not overwrite each other. An entry that becomes
 * `processed` settles on the booking in the same transaction, once: a redelivered event
 * finds the entry processed already and changes nothing.
 */
export async function saveRefund(
  args: SaveRefundArgs,
): Promise<{ payment: Payment; changed: boolean }> {
  const { req, paymentId, match, change, whenMissing, flag, attention, eventId } = args
  return inTransaction(req, async () => {
    // Batch → booking → payment, like every other writer.
    await lockPayment(req, paymentId)
    const payment = await req.payload.findByID({
      collection: 'payments',
      id: paymentId,
      depth: 0,
      req,
    })
    const refunds = [...(payment.refunds ?? [])]
    let index = refunds.findIndex(match)
    if (index === -1 && whenMissing) {
      refunds.push(whenMissing)
      index = refunds.length - 1
    }
    const next = index === -1 ? null : change(refunds[index], payment)
    if (!next) {
      return { payment, changed: false }
    }

    const nowProcessed = next.status === 'processed' && refunds[index].status !== 'processed'
    refunds[index] = next
    const totals = refundTotals({ ...payment, refunds })
    const eventIds = eventId
      ? [...(payment.razorpayEventIds ?? []), eventId]
      : payment.razorpayEventIds
    const updated = await req.payload.update({
      collection: 'payments',
      id: paymentId,
      data: {
        refunds,
        ...totals,
        razorpayEventIds: eventIds,
        ...(flag ? withFlag(payment, flag) : {}),
        ...(attention ? attention(payment, refunds) : {}),
      },
      depth: 0,
      overrideAccess: true,
      req,
    })
    if (nowProcessed) {
      const bookingId = typeof payment.booking === 'object' ? payment.booking.id : payment.booking
      await recordRefundOnBooking({
        bookingId,
        amount: next.amount,
        source: next.source,
        req,
      })
    }
    return { payment: updated, changed: true }
  })
}
