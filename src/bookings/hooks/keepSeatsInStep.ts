import { sql } from '@payloadcms/db-postgres'
import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  CollectionBeforeDeleteHook,
} from 'payload'

import { transactionDb } from '@/db/transaction'
import { relationId } from '@/shared/relationId'

import { holdsSeat, lockBatch, syncBatchSeats } from '../seats'

/** Whenever a booking starts or stops holding a seat, the batch and trek card follow. */
export const keepSeatsInStep: CollectionAfterChangeHook = async ({
  data,
  doc,
  operation,
  previousDoc,
  req,
}) => {
  const wasHolding = operation === 'update' && holdsSeat(previousDoc?.status)
  const batchId = relationId(doc.batch) ?? relationId(data.batch) ?? relationId(previousDoc?.batch)
  if (!batchId || holdsSeat(doc.status) === wasHolding) {
    return doc
  }
  const seats = await syncBatchSeats(req, batchId)
  // The batch was populated before the recount; the response should show the seat it took.
  if (seats && doc.batch && typeof doc.batch === 'object') {
    return { ...doc, batch: { ...doc.batch, ...seats } }
  }
  return doc
}

/** Same lock order as every booking change (batch first), so a delete never deadlocks one. */
export const lockBatchBeforeDelete: CollectionBeforeDeleteHook = async ({ id, req }) => {
  const db = await transactionDb(req)
  const { rows } = await db.execute(sql`SELECT batch_id FROM bookings WHERE id = ${id}`)
  const batchId = relationId(rows[0]?.batch_id)
  if (batchId) {
    await lockBatch(req, batchId)
  }
}

export const freeSeatAfterDelete: CollectionAfterDeleteHook = async ({ doc, req }) => {
  const batchId = relationId(doc.batch)
  if (batchId && holdsSeat(doc.status)) {
    await syncBatchSeats(req, batchId)
  }
  return doc
}
