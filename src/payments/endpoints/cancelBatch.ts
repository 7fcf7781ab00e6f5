import type { Endpoint } from 'payload'

import { TREK_CARD_AFTER_SEATS } from '@/bookings'
import { CALLING_BATCH_OFF } from '@/catalog'
import { queueBookingCancelledMail } from '@/notifications'
import { kolkataDay } from '@/shared/time'

import { canCancelBatches } from '../access'
import { BATCH_CALLED_OFF, cancelBookingForBatch } from '../bookingBridge'
import { execute, inTransaction, lockBatch, sql } from '../db'
import { sumRupees } from '../money'
import { refundBookingPayments } from '../refunds/refundBooking'
import { badRequest, notFound, readJsonBody, requireUser, routeId } from './request'
import { visibleText } from '@/shared/blank'

/**
 * `POST /api/batches/:id/cancel {reason}` for ops_manager and super_admin: the company
 * calls a departure off, so every live booking is cancelled and everything paid on it
 * is refunded in full, and each trekker is mailed, all in one transaction.
 */
export const cancelBatchEndpoint: Endpoint = {
  path: '/:id/cancel',
  method: 'post',
  handler: async (req) => {
    requireUser(req, canCancelBatches)
    const batchId = routeId(req)
    const body = await readJsonBody(req)
    const reason = visibleText(body.reason).slice(0, 500)
    if (!reason) {
      throw badRequest('A reason for cancelling the batch is required')
    }

    const summary = await inTransaction(req, async () => {
      if (!(await lockBatch(req, batchId))) {
        throw notFound('Batch not found')
      }
      const batch = await req.payload.findByID({
        collection: 'batches',
        id: batchId,
        depth: 0,
        req,
      })
      if (batch.status === 'cancelled') {
        throw badRequest('This batch is already cancelled')
      }
      // Judged by its dates as well as its status: the schedule marks a departure completed some
      // time after its last day, and a trek walked must not be refunded in full meanwhile
      // (review round 33).
      if (batch.status === 'completed' || kolkataDay(batch.endDate) < kolkataDay()) {
        throw badRequest('A completed batch cannot be cancelled: its last day is over')
      }
      // Booking rows before payment rows: the lock order every payments writer follows.
      const live = await execute(
        req,
        sql`select id from bookings where batch_id = ${batchId}
            and status in ('pending', 'confirmed') order by id for update`,
      )
      let refundTotal = 0
      let refundsQueued = 0
      // Each cancellation locks its trekker's account (batch, booking, account, card: the order
      // a booking of the same trek takes too), so the trek's card is rewritten once, by the
      // batch's own save below, after every account: not with the first seat freed.
      req.context[TREK_CARD_AFTER_SEATS] = true
      try {
        for (const row of live) {
          const bookingId = Number(row.id)
          const cancelled = await cancelBookingForBatch({ bookingId, req })
          const refunded = await refundBookingPayments({
            bookingId,
            amount: Number(cancelled.refundDue ?? 0),
            reason: BATCH_CALLED_OFF,
            source: 'batch_cancellation',
            req,
          })
          refundTotal = sumRupees(refundTotal, refunded.total)
          refundsQueued += refunded.refunds.length
          // Queued in the cancellation's transaction: a rollback sends nothing, and the key sends each once.
          await queueBookingCancelledMail(bookingId, req, {
            refundAmount: Number(cancelled.refundDue ?? 0),
            calledOff: true,
          })
        }
      } finally {
        delete req.context[TREK_CARD_AFTER_SEATS]
      }
      await req.payload.update({
        collection: 'batches',
        id: batchId,
        data: { status: 'cancelled', calledOffReason: reason },
        depth: 0,
        overrideAccess: true,
        context: { [CALLING_BATCH_OFF]: true },
        req,
      })
      req.payload.logger.info({
        msg: 'batch cancelled',
        batchId,
        bookings: live.length,
        refundsQueued,
      })
      return {
        batchId,
        status: 'cancelled',
        cancelledBookings: live.length,
        refundsQueued,
        refundTotal,
      }
    })
    return Response.json(summary)
  },
}
