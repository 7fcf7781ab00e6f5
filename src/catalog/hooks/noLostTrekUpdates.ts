import { preventLostUpdates } from '@/db/noLostUpdates'
import { queryRows, sql } from '@/shared/sql'

/**
 * A trek's list card (`nextBatch`, `seatsLeft`) is rewritten by every seat change, under
 * the batch's lock; a catalog edit must not write back a card read before one. Seat changes
 * lock a batch and then its trek, so an edit locks the trek's batches (in id order, as
 * batch cancellation does) before the trek row.
 */
export const noLostTrekUpdates = preventLostUpdates('treks', async (req, id) => {
  await queryRows(
    req,
    sql`select id from batches where trek_id = ${Number(id)} order by id for no key update`,
  )
})
