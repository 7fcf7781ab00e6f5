import type { Booking } from '@/payload-types'

/**
 * Whether a pending booking's hold on its seat has run out at `at`. A hold binds only a booking
 * with nothing paid: the hold expiry cancels those alone, and a deposit (at the desk, or part of
 * the price online) keeps the seat for good, so its balance may be paid online at any time
 * (review round 26: checkout refused it and a capture was refunded as "after the hold").
 */
export function holdLapsed(
  booking: Pick<Booking, 'status' | 'amountPaid' | 'holdExpiresAt'>,
  at: Date,
): boolean {
  if (booking.status !== 'pending' || (booking.amountPaid ?? 0) > 0) {
    return false
  }
  return !booking.holdExpiresAt || new Date(booking.holdExpiresAt) <= at
}
