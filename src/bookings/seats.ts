import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { refreshTrekCard } from '@/catalog'
import { noteLockHeld, rowKey } from '@/db/heldLocks'
import { transactionDb } from '@/db/transaction'

/** Booking states that hold a seat. */
export const SEAT_HOLDING_STATUSES = ['pending', 'confirmed'] as const

export function holdsSeat(status: unknown): boolean {
  return (SEAT_HOLDING_STATUSES as readonly unknown[]).includes(status)
}

/**
 * Set out: its start hour has passed, or the lifecycle has marked it `ongoing` already (it does
 * so at the start of the first Kolkata day, maybe hours before the start hour). No new bookings,
 * and no cancelling by the trekker, from then on.
 */
export const hasSetOut = (batch: Pick<LockedBatch, 'startDate' | 'status'>, now: Date) =>
  batch.startDate <= now || batch.status === 'ongoing' || batch.status === 'completed'

export type LockedBatch = {
  id: number
  status: string
  startDate: Date
  totalSeats: number
  price: number
  trekId: number | null
  trekStatus: string | null
}

/**
 * Locks the batch row until the transaction ends. Every change to a batch's seats takes
 * this lock first, so bookings, cancellations, expiries and staff edits of `totalSeats`
 * on one batch happen one after another and never oversell. `FOR NO KEY UPDATE`: the id never
 * changes here, and a foreign-key check naming the batch (an SOS) must not wait for this work.
 *
 * The trek's status is read by a statement of its own once the lock is held. Read in the
 * locking statement, it came from that statement's snapshot: a booking that waited for a trek
 * edit (which locks the trek's batches while it takes the trek off sale) read the trek as it
 * was before the edit, and took a seat on a trek that was now a draft (review round 30).
 */
export async function lockBatch(req: PayloadRequest, batchId: number): Promise<LockedBatch | null> {
  const db = await transactionDb(req)
  const locked = await db.execute(sql`
    SELECT b.id FROM batches b WHERE b.id = ${batchId} FOR NO KEY UPDATE OF b`)
  if (locked.rows.length === 0) {
    return null
  }
  await noteLockHeld(req, rowKey('batches', batchId))
  const { rows } = await db.execute(sql`
    SELECT b.id, b.status, b.start_date, b.total_seats, b.price, b.trek_id, t.status AS trek_status
    FROM batches b LEFT JOIN treks t ON t.id = b.trek_id
    WHERE b.id = ${batchId}`)
  const row = rows[0]!
  return {
    id: Number(row.id),
    status: String(row.status),
    startDate: new Date(row.start_date as string),
    totalSeats: Number(row.total_seats),
    price: Number(row.price),
    trekId: row.trek_id == null ? null : Number(row.trek_id),
    trekStatus: row.trek_status == null ? null : String(row.trek_status),
  }
}

export async function seatsHeld(req: PayloadRequest, batchId: number): Promise<number> {
  const db = await transactionDb(req)
  const { rows } = await db.execute(sql`
    SELECT count(*)::int AS held FROM bookings
    WHERE batch_id = ${batchId} AND status IN ('pending', 'confirmed')`)
  return Number(rows[0]?.held ?? 0)
}

export async function holdsSeatOnBatch(
  req: PayloadRequest,
  userId: number,
  batchId: number,
): Promise<boolean> {
  const db = await transactionDb(req)
  const { rows } = await db.execute(sql`
    SELECT 1 FROM bookings
    WHERE batch_id = ${batchId} AND user_id = ${userId} AND status IN ('pending', 'confirmed')
    LIMIT 1`)
  return rows.length > 0
}

export type BatchSeats = {
  bookedSeats: number
  availableSeats: number
  status: string
}

/**
 * Set by a writer that frees many seats of one batch and then saves the batch itself (a
 * call-off): the batch's save rewrites the trek's card once, at the end. Rewriting it with the
 * first seat would hold the trek's row while the later cancellations lock their trekkers'
 * accounts, the reverse of a booking's order (account, then card): the two would deadlock.
 */
export const TREK_CARD_AFTER_SEATS = 'trekCardAfterSeats'

/**
 * Recounts the batch's seats from its bookings (the single truth) and moves it between
 * `open` and `full`: full when no seat is left, open again when one is freed before the
 * start. Other statuses (ongoing, completed, cancelled) are left to the staff. The trek
 * card's `seatsLeft` follows in the same transaction (see TREK_CARD_AFTER_SEATS).
 */
export async function syncBatchSeats(
  req: PayloadRequest,
  batchId: number,
): Promise<BatchSeats | null> {
  const db = await transactionDb(req)
  const { rows } = await db.execute(sql`
    UPDATE batches AS b SET
      booked_seats = held.count,
      available_seats = b.total_seats - held.count,
      status = CASE
        WHEN b.status = 'open' AND held.count >= b.total_seats THEN 'full'::enum_batches_status
        WHEN b.status = 'full' AND held.count < b.total_seats AND b.start_date > now()
          THEN 'open'::enum_batches_status
        ELSE b.status END,
      updated_at = now()
    FROM (
      SELECT count(*)::int AS count FROM bookings
      WHERE batch_id = ${batchId} AND status IN ('pending', 'confirmed')
    ) AS held
    WHERE b.id = ${batchId}
    RETURNING b.trek_id, b.booked_seats, b.available_seats, b.status`)
  const row = rows[0]
  if (!row) {
    return null
  }
  if (req.context[TREK_CARD_AFTER_SEATS] !== true) {
    await refreshTrekCard(Number(row.trek_id), req)
  }
  return {
    bookedSeats: Number(row.booked_seats),
    availableSeats: Number(row.available_seats),
    status: String(row.status),
  }
}
