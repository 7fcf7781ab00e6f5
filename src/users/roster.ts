import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { readDb } from '@/db/transaction'

/**
 * Ids of the trekkers booked (not cancelled) on batches that this guide leads: the
 * people a guide may look up. One query, run per request that needs it.
 */
export async function guideRosterUserIds(req: PayloadRequest, guideUserId: number | string) {
  const db = await readDb(req)
  const { rows } = await db.execute(sql`
    SELECT DISTINCT bk.user_id AS id
    FROM bookings bk
    JOIN batches b ON b.id = bk.batch_id
    JOIN guides g ON g.id = b.guide_id
    WHERE g.user_id = ${guideUserId} AND bk.status <> 'cancelled' AND bk.user_id IS NOT NULL`)
  return rows.map((row) => Number(row.id))
}
