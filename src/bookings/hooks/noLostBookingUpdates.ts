import { preventLostUpdates } from '@/db/noLostUpdates'
import { lockRow, queryRows, sql } from '@/shared/sql'

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
    await lockRow(req, 'batches', row.batch_id)
  }
})
