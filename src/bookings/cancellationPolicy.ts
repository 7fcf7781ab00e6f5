import { kolkataDaysBetween } from '@/shared/time'

import { roundRupees } from './money'

export type RefundBand = {
  /** The band applies when the trek starts at least this many days after the cancellation. */
  minDaysBefore: number
  /** Share of the amount paid that is refunded, 0 to 1. */
  refundShare: number
}

/**
 * The published cancellation policy, most generous band first:
 * more than 30 days before the start 90%, 15–30 days 50%, 7–14 days 25%, later nothing.
 */
export const CANCELLATION_POLICY: readonly RefundBand[] = [
  { minDaysBefore: 31, refundShare: 0.9 },
  { minDaysBefore: 15, refundShare: 0.5 },
  { minDaysBefore: 7, refundShare: 0.25 },
]

export function refundShareFor(
  daysBefore: number,
  policy: readonly RefundBand[] = CANCELLATION_POLICY,
): number {
  return policy.find((band) => daysBefore >= band.minDaysBefore)?.refundShare ?? 0
}

/**
 * What a booking cancelled at `cancelledAt` is owed back: the policy's share of everything
 * paid, less what was already given back (a goodwill refund is an advance on it, so the
 * trekker never gets more back in all than the policy gives), and never more than is `held`.
 */
export function refundDueOnCancel(
  money: { amountPaid: number; held: number },
  startDate: Date | string,
  cancelledAt: Date,
  policy: readonly RefundBand[] = CANCELLATION_POLICY,
): number {
  const share = refundShareFor(kolkataDaysBetween(cancelledAt, startDate), policy)
  const givenBack = Math.max(0, roundRupees(money.amountPaid - money.held))
  const owed = roundRupees(money.amountPaid * share - givenBack)
  return Math.max(0, Math.min(money.held, owed))
}
