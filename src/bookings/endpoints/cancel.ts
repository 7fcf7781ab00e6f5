import { APIError, Forbidden, NotFound, type Endpoint, type PayloadRequest } from 'payload'

import { isTrekker } from '@/access/roles'
import { inTransaction } from '@/db/transaction'
import { queueBookingCancelledMail } from '@/notifications'
import {
  amountHeldFor,
  openOrdersOf,
  paymentMayBeOnItsWay,
  refundForCancellation,
} from '@/payments'
import { optionalText } from '@/shared/bodyText'
import { relationId } from '@/shared/relationId'

import { isBookingDesk } from '../access'
import { refundDueOnCancel } from '../cancellationPolicy'
import { cancelLockedBooking } from '../lifecycle/cancelBooking'
import { lockBooking } from '../lifecycle/lockBooking'
import { hasSetOut, holdsSeat } from '../seats'
import { bookingIdParam, jsonBody, signedInCaller } from './request'

/**
 * `POST /api/bookings/:id/cancel {reason}`: the owner until the trek starts, the booking
 * desk (cs, ops, super admin) at any time. Frees the seat and records the refund owed.
 */
export const cancelEndpoint: Endpoint = {
  path: '/:id/cancel',
  method: 'post',
  handler: async (req) => {
    const caller = signedInCaller(req)
    const desk = isBookingDesk(caller)
    if (!desk && !isTrekker(caller)) {
      throw new Forbidden(req.t)
    }
    const bookingId = bookingIdParam(req)
    const body = await jsonBody(req)
    const reason = optionalText(body, 'reason', 500)
    if (desk && !reason) {
      throw new APIError('Give the reason for cancelling this booking', 400)
    }

    // Razorpay is asked about the booking's open orders before any lock is taken, and only for
    // the owner's own booking that still owes (anyone else's id is 404 without a call to
    // Razorpay: review round 42); an order made after this (a checkout at the same moment) is
    // judged in the transaction below.
    const asked = desk ? [] : await openOrdersOfOwnBooking(req, bookingId, Number(caller.id))
    const mayBeOnItsWay = asked.length > 0 && (await paymentMayBeOnItsWay(asked))

    await inTransaction(req, async () => {
      const locked = await lockBooking(req, bookingId)
      if (!locked || (!desk && relationId(locked.booking.user) !== Number(caller.id))) {
        throw new NotFound(req.t)
      }
      if (!holdsSeat(locked.booking.status)) {
        throw new APIError(`This booking is already ${locked.booking.status}`, 400)
      }
      const now = new Date()
      if (!desk && hasSetOut(locked.batch, now)) {
        throw new APIError('This trek has already started; contact our support team to cancel', 400)
      }
      const owes = (locked.booking.balanceDue ?? 0) > 0
      if (!desk && owes && (mayBeOnItsWay || (await orderMadeSince(req, bookingId, asked)))) {
        // A payment made at Razorpay whose report had not reached OBS came back in full as
        // "received for a cancelled booking", past the policy (review round 36). An order
        // whose attempt failed takes a retry, so it counts as open too (round 40).
        throw new APIError(
          'A payment for this booking may be on its way: cancel again once it is recorded ' +
            '(in a few minutes; the cancellation policy applies to it).',
          409,
          null,
          true,
        )
      }
      const refundDue = refundDueOnCancel(
        {
          amountPaid: locked.booking.amountPaid ?? 0,
          held: await amountHeldFor(req, locked.booking),
        },
        locked.batch.startDate,
        now,
      )
      const cancelled = await cancelLockedBooking({
        req,
        locked,
        reason: reason || 'Cancelled by the trekker',
        cancelledBy: Number(caller.id),
        now,
        refundDue,
      })
      // The policy's refund is paid out in the same transaction's jobs, so a rollback
      // here never leaves a refund queued for a booking that is still live.
      await refundForCancellation({
        bookingId,
        refundDue,
        reason: reason || 'Cancelled by the trekker',
        req,
      })
      await queueBookingCancelledMail(bookingId, req, {
        refundAmount: Number(cancelled.refundDue ?? 0),
      })
    })

    // Read as the caller: the answer shows what GET /api/bookings/:id would, no more.
    const doc = await req.payload.findByID({
      collection: 'bookings',
      id: bookingId,
      overrideAccess: false,
      req,
    })
    return Response.json({ message: 'Booking cancelled', doc }, { status: 200 })
  },
}

/** The open orders of the caller's own booking while it owes; none for anyone else's. */
async function openOrdersOfOwnBooking(req: PayloadRequest, bookingId: number, callerId: number) {
  const booking = await req.payload.findByID({
    collection: 'bookings',
    id: bookingId,
    depth: 0,
    overrideAccess: true,
    disableErrors: true,
    req,
  })
  if (!booking || relationId(booking.user) !== callerId || !((booking.balanceDue ?? 0) > 0)) {
    return []
  }
  return openOrdersOf(req, bookingId)
}

/** An open order of the booking that Razorpay was not asked about before the lock. */
async function orderMadeSince(
  req: PayloadRequest,
  bookingId: number,
  asked: Array<{ id: number }>,
) {
  const askedIds = new Set(asked.map((order) => order.id))
  return (await openOrdersOf(req, bookingId)).some((order) => !askedIds.has(order.id))
}
