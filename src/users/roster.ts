import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { cancelledOnTheWayAndStillOut } from '@/bookings/party'
import { readDb } from '@/db/transaction'

/**
 * Ids of the trekkers in the party of batches that this guide leads: the people a guide may
 * look up. The party is who will be on the mountain (src/bookings/party.ts): a confirmed or
 * completed booking, or a pending one with a deposit paid. A seat held with nothing paid is not
 * (review round 37: it showed the guide a stranger's birth date and emergency contacts for the
 * hold's 30 minutes). A trekker whose booking was cancelled on the way (sent down, or the
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
      AND (bk.status IN ('confirmed', 'completed')
        OR (bk.status = 'pending' AND bk.amount_paid > 0)
        OR ${cancelledOnTheWayAndStillOut('bk', 'b')})`)
  return rows.map((row) => Number(row.id))
}
