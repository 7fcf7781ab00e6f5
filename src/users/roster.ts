import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { cancelledOnTheWayAndStillOut } from '@/bookings/party'
import { readDb } from '@/db/transaction'

/**
 * Ids of the trekkers booked (not cancelled) on batches that this guide leads: the people a
 * guide may look up. A trekker whose booking was cancelled on the way (sent down, or the
 * departure called off) stays on it until the trek's last day is over: the guide answers their
 * SOS while they come down (review round 26). One query, run per request that needs it.
 */
export async function guideRosterUserIds(req: PayloadRequest, guideUserId: number | string) {
  const db = await readDb(req)
  const { rows } = await db.execute(sql`
    SELECT DISTINCT bk.user_id AS id
    FROM bookings bk
    JOIN batches b ON b.id = bk.batch_id
    JOIN guides g ON g.id = b.guide_id
    WHERE g.user_id = ${guideUserId} AND bk.user_id IS NOT NULL
      AND (bk.status <> 'cancelled' OR ${cancelledOnTheWayAndStillOut('bk', 'b')})`)
  return rows.map((row) => Number(row.id))
}
