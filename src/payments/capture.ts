import type { PayloadRequest } from 'payload'

import type { Booking, Payment } from '@/payload-types'
import { holdLapsed } from '@/bookings/holdLapsed'
import { requiredRelationId } from '@/shared/relationId'

import { balanceDueOf, queuePaymentReceipt, recordCapturedPayment } from './bookingBridge'
import { inTransaction, lockPayment } from './db'
import { formatRupees } from '@/shared/formatRupees'

import { sumRupees, toPaise, toRupees } from './money'
import { withFlag } from './refunds/ledger'
import { requestRefund } from './refunds/requestRefund'
import { eventsWith, findOrderPayment } from './orderPayment'
import { applyEarlyRefunds } from './webhook/earlyRefunds'

export type CaptureOutcome =
  'applied' | 'already_applied' | 'unmatched' | 'mismatch' | 'refunded_automatically'

export type CapturedPayment = {
  orderId: string
  razorpayPaymentId: string
  /** As Razorpay reported it; absent when only the checkout signature vouches for the payment. */
  amountPaise?: number
  currency?: string
  method?: string | null
  /** When the trekker paid (Razorpay's created_at), else when we learnt of it; decides lateness. */
  paidAt?: Date
  eventId?: string
  req: PayloadRequest
}

export type CaptureResult = {
  outcome: CaptureOutcome
  payment?: Payment
  booking?: Booking
  note?: string
}

/** Why money for this booking must go back instead of onto the booking, if it must. */
function lateReason(booking: Booking, paidAt: Date): string | null {
  if (booking.status === 'cancelled') {
    return 'Payment received for a cancelled booking; refunded automatically'
  }
  if (holdLapsed(booking, paidAt) && booking.holdExpiresAt) {
    return "Payment received after the booking's hold expired; refunded automatically"
  }
  if (balanceDueOf(booking) <= 0) {
    return 'Payment received for a booking already paid in full; refunded automatically'
  }
  return null
}

async function alreadyRecorded(req: PayloadRequest, razorpayPaymentId: string) {
  const found = await req.payload.find({
    collection: 'payments',
    where: { razorpayPaymentId: { equals: razorpayPaymentId } },
    limit: 1,
    depth: 0,
    req,
  })
  const doc = found.docs[0]
  return doc && (doc.status === 'success' || doc.status === 'refunded') ? doc : undefined
}

/**
 * Applies a captured Razorpay payment exactly once, whether the checkout verification or
 * a webhook reports it first (the later one finds it recorded and changes nothing).
 * Money that cannot go onto the booking (late, cancelled, already paid, paid twice) is
 * recorded, refunded through the jobs queue and flagged for staff.
 */
export async function applyCapturedPayment(input: CapturedPayment): Promise<CaptureResult> {
  return inTransaction(input.req, async () => {
    const result = await applyOnce(input)
    if (result.outcome === 'applied' || result.outcome === 'refunded_automatically') {
      await applyEarlyRefunds(
        input.req,
        result.payment?.razorpayPaymentId ?? input.razorpayPaymentId,
      )
    }
    return result
  })
}

async function applyOnce(input: CapturedPayment): Promise<CaptureResult> {
  const { orderId, razorpayPaymentId, amountPaise, currency, method, eventId, req } = input
  const paidAt = input.paidAt ?? new Date()
  return inTransaction(req, async () => {
    const orderRow = await findOrderPayment(req, orderId)
    if (!orderRow) {
      return { outcome: 'unmatched', note: `No payment of ours has order ${orderId}` }
    }
    // Razorpay reports every payment at least twice (payment.captured, order.paid, and the
    // checkout's verify call), and redelivers. A payment this read finds recorded was
    // committed, so the repeat is answered here instead of queuing on the batch lock, which
    // every payment and booking of the batch shares for the length of its transaction.
    const committed = await alreadyRecorded(req, razorpayPaymentId)
    if (committed) {
      return { outcome: 'already_applied', payment: committed }
    }
    const bookingId = requiredRelationId(orderRow.booking)
    await lockPayment(req, orderRow.id, bookingId)

    const recorded = await alreadyRecorded(req, razorpayPaymentId)
    if (recorded) {
      return { outcome: 'already_applied', payment: recorded }
    }
    const payment = await req.payload.findByID({
      collection: 'payments',
      id: orderRow.id,
      depth: 0,
      req,
    })
    const update = (data: Partial<Payment>) =>
      req.payload.update({
        collection: 'payments',
        id: payment.id,
        data,
        depth: 0,
        overrideAccess: true,
        req,
      })

    const amountMatches = amountPaise === undefined || amountPaise === toPaise(payment.amount)
    const currencyMatches = currency === undefined || currency === payment.currency
    if (!amountMatches || !currencyMatches) {
      const reported = `${amountPaise === undefined ? '?' : toRupees(amountPaise)} ${currency ?? payment.currency}`
      const note = `Razorpay payment ${razorpayPaymentId} reported ${reported} for order ${orderId}, expected ${payment.amount} ${payment.currency}; not applied`
      const flagged = await update({
        ...withFlag(payment, note),
        razorpayEventIds: eventsWith(payment, eventId),
      })
      req.payload.logger.error({
        msg: 'payment amount or currency mismatch',
        paymentId: payment.id,
        orderId,
      })
      return { outcome: 'mismatch', payment: flagged, note }
    }

    const capture = {
      status: 'success' as const,
      razorpayPaymentId,
      method: method ?? payment.method,
      capturedAt: new Date().toISOString(),
      failureReason: null,
    }

    if (payment.status === 'success' || payment.status === 'refunded') {
      // Razorpay let a second payment through on an order we had already been paid for.
      const note = `Second payment ${razorpayPaymentId} on order ${orderId}, already paid; refunded automatically`
      const extra = await req.payload.create({
        collection: 'payments',
        data: {
          booking: bookingId,
          razorpayOrderId: orderId,
          amount: payment.amount,
          currency: payment.currency,
          ...capture,
          razorpayEventIds: eventId ? [eventId] : [],
        },
        depth: 0,
        overrideAccess: true,
        req,
      })
      await requestRefund({
        paymentId: extra.id,
        reason: note,
        source: 'automatic',
        flag: note,
        req,
      })
      return { outcome: 'refunded_automatically', payment: extra, note }
    }

    const booking = await req.payload.findByID({
      collection: 'bookings',
      id: bookingId,
      depth: 0,
      req,
    })
    const captured = await update({ ...capture, razorpayEventIds: eventsWith(payment, eventId) })
    const late = lateReason(booking, paidAt)
    if (late) {
      await requestRefund({
        paymentId: payment.id,
        reason: late,
        source: 'automatic',
        flag: late,
        req,
      })
      req.payload.logger.warn({ msg: 'late payment refunded', paymentId: payment.id, bookingId })
      return { outcome: 'refunded_automatically', payment: captured, booking, note: late }
    }

    const due = balanceDueOf(booking)
    const applied = Math.min(payment.amount, due)
    const updatedBooking = await recordCapturedPayment({ bookingId, amount: applied, req })
    if (applied < payment.amount) {
      const excess = sumRupees(payment.amount, -applied)
      const note = `Paid ${formatRupees(payment.amount)} against ${formatRupees(due)} due; excess refunded automatically`
      await requestRefund({
        paymentId: payment.id,
        amount: excess,
        reason: note,
        source: 'automatic',
        flag: note,
        req,
      })
    }
    await queuePaymentReceipt({
      paymentId: payment.id,
      statusBefore: booking.status,
      after: updatedBooking,
      req,
    })
    req.payload.logger.info({
      msg: 'payment captured',
      paymentId: payment.id,
      bookingId,
      amount: applied,
    })
    const final = await req.payload.findByID({
      collection: 'payments',
      id: payment.id,
      depth: 0,
      req,
    })
    return { outcome: 'applied', payment: final, booking: updatedBooking }
  })
}
