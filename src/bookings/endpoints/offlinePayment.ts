import { APIError, Forbidden, NotFound, type Endpoint, type PayloadRequest } from 'payload'

import { hasRole, type AuthUser } from '@/access/roles'
import { inTransaction } from '@/db/transaction'
import { PAYMENT_REFERENCE_MAX_LENGTH } from '@/payments'
import { BOOKING_BALANCE_APPLIED } from '@/payments/hooks/paymentsByHand'
import { optionalText } from '@/shared/bodyText'

import { applyPaymentToBooking } from '../lifecycle/applyPayment'
import { queuePaymentReceipt } from '../lifecycle/paymentReceipt'
import { lockBooking } from '../lifecycle/lockBooking'
import { holdsSeat } from '../seats'
import { bookingIdParam, jsonBody, signedInCaller } from './request'

export const OFFLINE_PAYMENT_METHODS = ['cash', 'bank_transfer', 'upi', 'cheque', 'card'] as const

const canRecordOfflinePayments = (user: AuthUser) => hasRole(user, 'super_admin', 'finance', 'cs')

/**
 * Money is a JSON number of rupees: a string such as "1e3" or "12,500" is refused rather than
 * guessed at, and so is anything with fractions of a paisa.
 */
function paymentAmount(value: unknown): number {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value <= 0 ||
    Number(value.toFixed(2)) !== value
  ) {
    throw new APIError(
      'amount must be a positive JSON number of rupees with at most two decimals',
      400,
    )
  }
  return value
}

function paymentMethod(value: unknown): string {
  if (!OFFLINE_PAYMENT_METHODS.includes(value as (typeof OFFLINE_PAYMENT_METHODS)[number])) {
    throw new APIError(`method must be one of ${OFFLINE_PAYMENT_METHODS.join(', ')}`, 400)
  }
  return String(value)
}

/** A receipt number or UTR as the desk may type it twice: spaces and case do not matter. */
const sameReference = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase()

/**
 * A repeated request (a retry after a timeout, the form sent from two tabs, two desk staff
 * recording one bank transfer) must not credit the money twice: a reference already recorded
 * on this booking is refused, naming the earlier payment. Read under the booking's lock, which
 * every desk payment takes first, so two requests sent at once cannot both pass (round 22).
 */
async function refuseRepeatedReference(
  req: PayloadRequest,
  bookingId: number,
  reference: string | undefined,
) {
  if (!reference?.trim()) {
    return
  }
  const { docs } = await req.payload.find({
    collection: 'payments',
    where: { booking: { equals: bookingId }, reference: { exists: true } },
    pagination: false,
    depth: 0,
    overrideAccess: true,
    req,
  })
  const earlier = docs.find(
    (payment) => payment.reference && sameReference(payment.reference, reference),
  )
  if (earlier) {
    throw new APIError(
      `Payment ${earlier.id} with the reference "${earlier.reference}" is already recorded on ` +
        'this booking. Check the booking before recording it again.',
      409,
    )
  }
}

/**
 * `POST /api/bookings/:id/offline-payment {amount, method, reference}`: finance or cs
 * record money received outside Razorpay. The successful payment row and the booking's
 * new balance (and its confirmation) are written in one transaction.
 */
export const offlinePaymentEndpoint: Endpoint = {
  path: '/:id/offline-payment',
  method: 'post',
  handler: async (req) => {
    const caller = signedInCaller(req)
    if (!canRecordOfflinePayments(caller)) {
      throw new Forbidden(req.t)
    }
    const bookingId = bookingIdParam(req)
    const body = await jsonBody(req)
    const amount = paymentAmount(body.amount)
    const method = paymentMethod(body.method)
    const reference = optionalText(body, 'reference', PAYMENT_REFERENCE_MAX_LENGTH)

    const payment = await inTransaction(req, async () => {
      const locked = await lockBooking(req, bookingId)
      if (!locked) {
        throw new NotFound(req.t)
      }
      if (!holdsSeat(locked.booking.status)) {
        throw new APIError(
          `This booking is ${locked.booking.status}; it cannot take a payment`,
          400,
        )
      }
      await refuseRepeatedReference(req, bookingId, reference)
      const after = await applyPaymentToBooking({ bookingId, amount, req })
      const created = await req.payload.create({
        collection: 'payments',
        data: {
          booking: bookingId,
          amount,
          status: 'success',
          method,
          ...(reference ? { reference } : {}),
        },
        depth: 0,
        overrideAccess: true,
        // The booking's balance is already updated above: a payments hook must not apply it again.
        context: { [BOOKING_BALANCE_APPLIED]: true },
        req,
      })
      await queuePaymentReceipt({
        paymentId: created.id,
        statusBefore: locked.booking.status,
        after,
        req,
      })
      req.payload.logger.info({
        msg: 'offline payment recorded',
        bookingId,
        paymentId: created.id,
        by: caller.id,
      })
      return created
    })

    // Read as the caller: finance may see a trekker's name and e-mail, not their profile, so
    // the answer shows what GET /api/bookings/:id and /api/payments/:id would, no more.
    const asCaller = { overrideAccess: false, user: req.user, req } as const
    const [doc, visiblePayment] = await Promise.all([
      req.payload.findByID({ collection: 'bookings', id: bookingId, ...asCaller }),
      req.payload.findByID({ collection: 'payments', id: payment.id, depth: 0, ...asCaller }),
    ])
    return Response.json(
      { message: 'Payment recorded', doc, payment: visiblePayment },
      { status: 201 },
    )
  },
}
