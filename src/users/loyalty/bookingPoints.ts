import type { PayloadRequest } from 'payload'

import { lockPointsBalance } from './balance'

/** Points a trekker earns the first time a booking is confirmed. */
export const POINTS_PER_CONFIRMED_BOOKING = 100

type BookingPointsArgs = { req: PayloadRequest; userId: number; bookingId: number }

async function recordPoints(args: BookingPointsArgs & { amount: number; reason: string }) {
  await args.req.payload.create({
    collection: 'points-transactions',
    data: { user: args.userId, amount: args.amount, reason: args.reason, booking: args.bookingId },
    overrideAccess: true,
    req: args.req,
  })
}

export async function awardBookingPoints(args: BookingPointsArgs): Promise<void> {
  await recordPoints({
    ...args,
    amount: POINTS_PER_CONFIRMED_BOOKING,
    reason: 'Booking confirmed',
  })
}

/**
 * Takes back the points of a cancelled confirmed booking, but never below zero: points
 * already taken by an earlier adjustment are not taken twice.
 */
export async function reverseBookingPoints(args: BookingPointsArgs): Promise<void> {
  const balance = await lockPointsBalance(args.req, args.userId)
  const amount = Math.min(POINTS_PER_CONFIRMED_BOOKING, balance?.points ?? 0)
  if (amount <= 0) {
    return
  }
  await recordPoints({ ...args, amount: -amount, reason: 'Booking cancelled' })
}
