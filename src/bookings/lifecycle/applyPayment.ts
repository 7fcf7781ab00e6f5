import { APIError, NotFound, type PayloadRequest } from 'payload'

import { queueBadgeEvaluation } from '@/community'
import { inTransaction } from '@/db/transaction'
import type { Booking } from '@/payload-types'
import { queueBookingConfirmedMail } from '@/notifications'
import { relationId } from '@/shared/relationId'
import { awardBookingPoints, firstEmergencyContact } from '@/users'

import { formatRupees } from '@/shared/formatRupees'

import { roundRupees } from '../money'
import { emergencySnapshot } from '../snapshot'
import { lockBooking } from './lockBooking'

export type ApplyPaymentArgs = {
  bookingId: number | string
  amount: number
  req: PayloadRequest
  /**
   * Off for money Razorpay already took: checkout demanded a contact, and refusing the
   * capture later (a contact deleted meanwhile) would only make Razorpay retry forever.
   */
  requireEmergencyContact?: boolean
}

/** Refuses to confirm a booking whose trekker has given no one to call in an emergency. */
export async function emergencyContactForConfirmation(req: PayloadRequest, userId: number) {
  const contact = await firstEmergencyContact(req, userId)
  if (!contact) {
    // Said to the trekker when it is their own checkout, to the desk otherwise.
    const whose = Number(req.user?.id) === userId ? 'your' : 'the trekker’s'
    throw new APIError(
      `Add an emergency contact to ${whose} profile before this booking can be confirmed`,
      400,
    )
  }
  return contact
}

/**
 * Records money received for a booking, inside the caller's transaction (one is opened
 * when there is none): adds to `amountPaid`, recomputes `balanceDue`, and confirms the
 * booking when nothing is left to pay, awarding its points the first time. Money that
 * arrives for a cancelled booking (a hold that expired while the trekker was paying) is
 * owed back in full through `refundDue`. A balance paid after the trek (the batch already
 * `completed`, say cash handed over on the last day and recorded at the desk next week) is
 * still recorded, as money received always is: the booking goes straight to `completed`, as
 * the lifecycle would have made it had it been paid in time (it completes only the confirmed
 * bookings of batches it finds `ongoing`), with its points and a badge check but no "booking
 * confirmed" mail for a trek that is over, and without asking for an emergency contact
 * (review round 22).
 */
export async function applyPaymentToBooking({
  bookingId,
  amount,
  req,
  requireEmergencyContact = true,
}: ApplyPaymentArgs): Promise<Booking> {
  const paid = roundRupees(Number(amount))
  if (!(paid > 0)) {
    throw new APIError('A payment must be a positive amount in rupees', 400)
  }
  return inTransaction(req, async () => {
    const locked = await lockBooking(req, Number(bookingId))
    if (!locked) {
      throw new NotFound(req.t)
    }
    const { booking } = locked
    const amountPaid = roundRupees((booking.amountPaid ?? 0) + paid)

    if (booking.status === 'cancelled') {
      return update(req, booking.id, {
        amountPaid,
        refundDue: roundRupees((booking.refundDue ?? 0) + paid),
      })
    }

    const balance = roundRupees((booking.finalAmount ?? 0) - (booking.amountPaid ?? 0))
    if (paid > balance) {
      throw new APIError(
        `This payment of ${formatRupees(paid)} is more than the balance due of ${formatRupees(balance)}`,
        400,
      )
    }
    const balanceDue = roundRupees(balance - paid)
    if (booking.status !== 'pending' || balanceDue > 0) {
      return update(req, booking.id, { amountPaid, balanceDue })
    }

    const userId = relationId(booking.user)!
    // Nobody is on the mountain any more: a contact cannot stop money received being recorded.
    const trekOver = locked.batch.status === 'completed'
    const contact =
      requireEmergencyContact && !trekOver
        ? await emergencyContactForConfirmation(req, userId)
        : await firstEmergencyContact(req, userId)
    const confirmed = await update(req, booking.id, {
      amountPaid,
      balanceDue,
      status: trekOver ? 'completed' : 'confirmed',
      confirmedAt: new Date().toISOString(),
      ...(booking.emergencyContactName ? {} : emergencySnapshot(contact)),
    })
    if (!booking.confirmedAt) {
      // Every completed trek earned these points when it was confirmed.
      await awardBookingPoints({ req, userId, bookingId: booking.id })
      if (!trekOver) {
        await queueBookingConfirmedMail(booking.id, req)
      }
    }
    if (trekOver) {
      await queueBadgeEvaluation(userId, req)
    }
    return confirmed
  })
}

function update(req: PayloadRequest, id: number, data: Partial<Booking>) {
  return req.payload.update({
    collection: 'bookings',
    id,
    data,
    depth: 0,
    overrideAccess: true,
    req,
  })
}
