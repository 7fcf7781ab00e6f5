import { sql, type SQL } from '@payloadcms/db-postgres/drizzle'

import { BUSINESS_TIME_ZONE, kolkataDay, startOfKolkataDay } from '@/shared/time'

/** The start of today by the Kolkata calendar: a trek ending on or after it is not over. */
export const startOfTodayInKolkata = (now = new Date()) =>
  startOfKolkataDay(kolkataDay(now)).toISOString()

/**
 * SQL for "this booking, with money paid, was cancelled on or after its trek's first day (sent
 * down, or the departure called off on the way), and that trek's last day is not over" (an unpaid
 * hold counts for nothing: review round 27): its trekker may still
 * be coming down the mountain, as the SOS routing counts it (findTrekkerBatch). `booking` and
 * `batch` are the query's aliases of the bookings and batches tables.
 */
export function cancelledOnTheWayAndStillOut(
  booking: string,
  batch: string,
  now = new Date(),
): SQL {
  const today = startOfTodayInKolkata(now)
  const b = sql.raw(booking)
  const t = sql.raw(batch)
  return sql`(${b}.status = 'cancelled' and coalesce(${b}.amount_paid, 0) > 0
    and ${t}.end_date >= ${today}
    and ${b}.cancelled_at >= (date_trunc('day', ${t}.start_date at time zone ${BUSINESS_TIME_ZONE})
      at time zone ${BUSINESS_TIME_ZONE}))`
}
