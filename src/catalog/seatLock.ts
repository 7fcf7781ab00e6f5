import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { transactionDb } from '@/db/transaction'

/**
 * Seats held on a batch, read under the batch's row lock (held to the end of the
 * transaction): the same lock bookings take, so a resize and a booking never interleave.
 */
export async function lockedBookedSeats(req: PayloadRequest, batchId: number | string) {
  const db = await transactionDb(req)
  const { rows } = await db.execute(sql`
    SELECT booked_seats FROM batches WHERE id = ${Number(batchId)} FOR NO KEY UPDATE`)
  return Number(rows[0]?.booked_seats ?? 0)
}

/**
 * A batch is `full` exactly when every seat is held, and `open` again when a resize frees
 * one before it starts. Other statuses (ongoing, completed, cancelled) are the staff's.
 */
export function statusForSeats(
  batch: { status?: string; totalSeats?: number; startDate?: string },
  booked: number,
): string | undefined {
  const { status, totalSeats = 0, startDate } = batch
  if (status === 'open' && totalSeats <= booked) {
    return 'full'
  }
  if (status === 'full' && totalSeats > booked && startDate && new Date(startDate) > new Date()) {
    return 'open'
  }
  return status
}
