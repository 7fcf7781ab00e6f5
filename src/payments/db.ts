import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { lockBookingRows } from '@/bookings'
import { holdsLock, rowKey } from '@/db/heldLocks'
import { transactionDb } from '@/db/transaction'
import { lockRow } from '@/shared/sql'

type SQL = ReturnType<typeof sql>

type Session = { db: { execute: (query: SQL) => Promise<{ rows: Record<string, unknown>[] }> } }

export { inTransaction } from '@/db/transaction'

/** Raw SQL on the request's transaction connection (for row locks and conflict-free inserts). */
export async function execute(req: PayloadRequest, query: SQL): Promise<Record<string, unknown>[]> {
  const id = await req.transactionID
  const sessions = (req.payload.db as unknown as { sessions: Record<string, Session> }).sessions
  const session = id ? sessions[String(id)] : undefined
  if (!session) {
    throw new Error('execute() must run inside a transaction')
  }
  const result = await session.db.execute(query)
  return result.rows
}

/**
 * Row locks, always taken in the order batch → booking → payment by every writer in this
 * domain (capture, refunds, batch cancellation), so two writers never deadlock. Checkout locks
 * the booking row alone (skipping the batch, never reversing the order) and only after Razorpay
 * has answered: see endpoints/checkout.ts.
 */
export async function lockBooking(
  req: PayloadRequest,
  bookingId: number | string,
): Promise<boolean> {
  // Batch row, then booking row: the order every bookings writer takes, so a payment and a
  // booking, cancellation or hold expiry on the same batch queue instead of deadlocking.
  return lockBookingRows(req, Number(bookingId))
}

/**
 * Locks a payment in the domain's order: its batch and booking first, then the payment row
 * (`bookingId` spares the lookup when the caller knows it). Payment rows are locked only here
 * and by the payments collection's own writes, which take lockPaymentsBooking first: so a
 * payment this transaction holds always had its booking locked before it.
 */
export async function lockPayment(
  req: PayloadRequest,
  paymentId: number | string,
  bookingId?: number,
): Promise<boolean> {
  // Outside a transaction the lock would end with its own statement and order nothing.
  await transactionDb(req)
  if (await holdsLock(req, rowKey('payments', Number(paymentId)))) {
    return true
  }
  if (bookingId !== undefined) {
    await lockBooking(req, bookingId)
  } else {
    await lockPaymentsBooking(req, paymentId)
  }
  return lockRow(req, 'payments', Number(paymentId))
}

/**
 * The batch and booking of a payment, locked in the domain's order before the payment. A
 * payment this transaction holds had them locked first (lockPayment), so it answers at once.
 */
export async function lockPaymentsBooking(
  req: PayloadRequest,
  paymentId: number | string,
): Promise<void> {
  if (await holdsLock(req, rowKey('payments', Number(paymentId)))) {
    return
  }
  const [row] = await execute(
    req,
    sql`select booking_id from payments where id = ${Number(paymentId)}`,
  )
  if (row?.booking_id) {
    await lockBooking(req, Number(row.booking_id))
  }
}

export async function lockBatch(req: PayloadRequest, batchId: number | string): Promise<boolean> {
  await transactionDb(req)
  return lockRow(req, 'batches', Number(batchId))
}

export { sql }
