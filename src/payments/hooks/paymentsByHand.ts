import {
  APIError,
  type CollectionAfterChangeHook,
  type CollectionBeforeChangeHook,
  type CollectionBeforeDeleteHook,
  type CollectionBeforeOperationHook,
} from 'payload'

import { holdsSeat } from '@/bookings/seats'
import type { Payment } from '@/payload-types'
import { relationId } from '@/shared/relationId'

import { queuePaymentReceipt, recordCapturedPayment } from '../bookingBridge'
import { lockBooking, lockPayment } from '../db'

/** Set on the desk's own create (offline-payment), which applies the money itself. */
export const BOOKING_BALANCE_APPLIED = 'bookingBalanceApplied'

const BY_HAND = 'paymentByHand'

/**
 * A super admin may write payments (the contract's "all"), through the API or the admin's
 * form. Such a row is money the booking must see, as the desk's is: a `success` row made by
 * hand was recorded as received while its booking stayed unpaid and its hold freed the seat
 * (review round 36). So a person's create is refused unless it records money received
 * (`success`), and that money is applied to the booking in the same transaction (or the whole
 * create is refused: more than the balance, say). Server code (checkout, webhooks, the desk)
 * writes with overrideAccess and is left alone.
 */
export const markPaymentsByHand: CollectionBeforeOperationHook = ({
  args,
  operation,
  overrideAccess,
  req,
}) => {
  if (operation === 'create' && overrideAccess !== true) {
    const status = (args as { data?: { status?: unknown } }).data?.status
    if (status !== 'success') {
      throw new APIError(
        'A payment recorded by hand is money received: send status "success" (checkout records ' +
          'Razorpay payments itself), or use POST /api/bookings/:id/offline-payment.',
        400,
        null,
        true,
      )
    }
    // As the desk route takes it (review round 40's note: 100.005 was credited as ₹100.01 and
    // "USD" as rupees).
    const data = (args as { data?: { amount?: unknown; currency?: unknown } }).data ?? {}
    const amount = data.amount
    if (
      typeof amount !== 'number' ||
      !Number.isFinite(amount) ||
      amount <= 0 ||
      Number(amount.toFixed(2)) !== amount
    ) {
      throw new APIError(
        'amount must be a positive number of rupees with at most two decimals',
        400,
        null,
        true,
      )
    }
    if (data.currency !== undefined && data.currency !== null && data.currency !== 'INR') {
      throw new APIError('currency must be INR: OBS takes rupees only', 400, null, true)
    }
    req.context[BY_HAND] = true
  }
  return args
}

/**
 * A payment by hand locks its booking's batch and booking before its row is inserted: the
 * insert's foreign key share-locks the booking, and taking the batch only afterwards (to apply
 * the money) reversed the order every money writer takes, so a cancellation or call-off of the
 * booking at that moment deadlocked with it (review round 40). As at the desk, only a booking
 * that holds its seat takes one: a cancelled booking's grew its refund owed with nothing
 * reserved or flagged for finance (round 40).
 */
export const lockBookingBeforeHandPayment: CollectionBeforeChangeHook<Payment> = async ({
  context,
  data,
  operation,
  req,
}) => {
  const bookingId = relationId(data.booking)
  if (operation === 'create' && context[BY_HAND] === true && bookingId && req.transactionID) {
    await lockBooking(req, bookingId)
    const booking = await req.payload.findByID({
      collection: 'bookings',
      id: bookingId,
      depth: 0,
      overrideAccess: true,
      disableErrors: true,
      req,
    })
    if (booking && !holdsSeat(booking.status)) {
      throw new APIError(`This booking is ${booking.status}; it cannot take a payment`, 400)
    }
  }
  return data
}

export const applyPaymentsByHand: CollectionAfterChangeHook<Payment> = async ({
  context,
  doc,
  operation,
  req,
}) => {
  if (operation !== 'create' || context[BY_HAND] !== true || context[BOOKING_BALANCE_APPLIED]) {
    return doc
  }
  context[BY_HAND] = false
  const bookingId = relationId(doc.booking)!
  const before = await req.payload.findByID({
    collection: 'bookings',
    id: bookingId,
    depth: 0,
    overrideAccess: true,
    req,
  })
  const after = await recordCapturedPayment({ bookingId, amount: doc.amount, req })
  await queuePaymentReceipt({ paymentId: doc.id, statusBefore: before.status, after, req })
  return doc
}

/**
 * A payment that moved money is the ledger: deleted, its booking stayed paid while a call-off
 * then owed the trekker nothing back, since what is refunded is read from the payment rows
 * (review round 36). A Razorpay order that took no money yet (pending, failed) may still be
 * paid: deleted, the trekker's payment on it was answered `unmatched` and neither applied nor
 * refunded (review round 40). Only a row that is neither may go.
 */
export const keepPaymentsThatMovedMoney: CollectionBeforeDeleteHook = async ({ id, req }) => {
  if (req.transactionID) {
    await lockPayment(req, Number(id))
  }
  const row = await req.payload.findByID({
    collection: 'payments',
    id,
    depth: 0,
    overrideAccess: true,
    disableErrors: true,
    req,
  })
  if (row?.razorpayOrderId && row.status !== 'success' && row.status !== 'refunded') {
    throw new APIError(
      'This payment is a Razorpay order the trekker may still pay: it stays, so that a payment ' +
        'made on it is recorded.',
      400,
      null,
      true,
    )
  }
  if (row && (row.status === 'success' || row.status === 'refunded')) {
    throw new APIError(
      'This payment took money: it stays as the record of it. Refund it instead ' +
        '(POST /api/payments/:id/refund).',
      400,
      null,
      true,
    )
  }
}
