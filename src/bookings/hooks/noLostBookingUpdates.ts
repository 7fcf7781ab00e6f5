import { preventLostUpdates } from '@/db/noLostUpdates'
import { queryRows, sql } from '@/shared/sql'

import { lockBatch } from '../seats'

/**
 * Bookings are changed under lock by cancellations, payments and hold expiry, which lock the
 * batch and then the booking; an update locks them in that same order.
 */
export const noLostBookingUpdates = preventLostUpdates('bookings', async (req, id) => {
  const [row] = await queryRows<{ batch_id: number | null }>(
    req,
    sql`select batch_id from bookings where id = ${id}`,
  )
  if (row?.batch_id) {
    await lockBatch(req, row.batch_id)
  }
})
