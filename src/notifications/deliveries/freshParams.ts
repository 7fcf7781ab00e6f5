import type { PayloadRequest } from 'payload'

import { formatRupees } from '@/shared/formatRupees'
import { queryRows, sql } from '@/shared/sql'

import { PRE_TREK_REMINDER } from '../reminders/reminderStillDue'

type Queued = {
  template: string
  booking_id: number | null
  params: Record<string, string> | null
}

/**
 * Messages that name a booking's balance say what it is when they leave, not when they were
 * queued: a week-before reminder held back by a relay's refusals asked a trekker to pay a
 * balance paid since, after the "booking confirmed" mail (review round 37); a receipt retried
 * likewise. A reminder names a balance only while one is due; a receipt always does.
 */
const BALANCE_NAMED: Record<string, (balance: number) => string> = {
  [PRE_TREK_REMINDER]: (balance) => (balance > 0 ? formatRupees(balance) : ''),
  payment_received: (balance) => formatRupees(balance),
}

/** The params to render with, read just before the send (without a lock, as the checks are). */
export async function freshParams(
  req: PayloadRequest,
  delivery: Queued,
): Promise<Record<string, string>> {
  const params = delivery.params ?? {}
  const named = BALANCE_NAMED[delivery.template]
  if (!named || !delivery.booking_id || !('balanceDue' in params)) {
    return params
  }
  const [booking] = await queryRows<{ balance_due: string | number | null }>(
    req,
    sql`select balance_due from bookings where id = ${delivery.booking_id}`,
  )
  return booking ? { ...params, balanceDue: named(Number(booking.balance_due ?? 0)) } : params
}
