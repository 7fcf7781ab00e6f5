import type { PayloadRequest, TaskConfig, Where } from 'payload'

import { MOVED_BY_SCHEDULE } from '@/catalog'
import { queueBadgeEvaluation } from '@/community'
import type { Batch, Booking } from '@/payload-types'
import { requiredRelationId } from '@/shared/relationId'
import { lockRowAndRead } from '@/shared/sql'
import { withTransaction } from '@/shared/transaction'
import { addDays, kolkataDay, startOfKolkataDay } from '@/shared/time'

export const ADVANCE_BATCH_LIFECYCLE = 'advanceBatchLifecycle'

const PAGE = 100

type Options = { now?: Date; batchIds?: number[] }

async function batchesWhere(
  req: PayloadRequest,
  where: Where,
  batchIds?: number[],
): Promise<Batch[]> {
  const { docs } = await req.payload.find({
    collection: 'batches',
    where: batchIds ? { and: [where, { id: { in: batchIds } }] } : where,
    sort: 'startDate',
    depth: 0,
    limit: PAGE,
    overrideAccess: true,
    req,
  })
  return docs as Batch[]
}

async function setStatus(req: PayloadRequest, batch: Batch, status: Batch['status']) {
  await req.payload.update({
    collection: 'batches',
    id: batch.id,
    data: { status },
    depth: 0,
    overrideAccess: true,
    context: { [MOVED_BY_SCHEDULE]: true },
    req,
  })
}

/** A finished batch: its confirmed bookings complete, and their trekkers' badges are checked. */
async function completeBatch(req: PayloadRequest, batch: Batch) {
  await setStatus(req, batch, 'completed')
  const { docs } = await req.payload.update({
    collection: 'bookings',
    where: { batch: { equals: batch.id }, status: { equals: 'confirmed' } },
    data: { status: 'completed' },
    depth: 0,
    overrideAccess: true,
    req,
  })
  for (const userId of new Set(
    (docs as Booking[]).map((booking) => requiredRelationId(booking.user)),
  )) {
    await queueBadgeEvaluation(userId, req)
  }
}

type LockedState = { status: Batch['status']; start_date: string | Date; end_date: string | Date }

/**
 * The batch's row lock (the one a call-off, a booking or an ops edit takes) and its state read
 * under it. The list was read without a lock: a call-off or a moved start committed since
 * then must win, so each step asks again whether the batch still qualifies.
 */
async function lockedState(req: PayloadRequest, batchId: number) {
  return lockRowAndRead<LockedState>(req, 'batches', batchId, ['status', 'start_date', 'end_date'])
}

/**
 * Applies `change` to every batch matching `where`, a page at a time, each batch in its own
 * transaction so one bad row stops nothing else; `change` answers whether it moved the batch.
 * Returns the batches changed.
 */
async function eachBatch(
  req: PayloadRequest,
  where: Where,
  batchIds: number[] | undefined,
  change: (batch: Batch) => Promise<boolean>,
): Promise<number[]> {
  const changed: number[] = []
  const tried: number[] = []
  for (;;) {
    const pending = tried.length > 0 ? { and: [where, { id: { not_in: tried } }] } : where
    const batches = await batchesWhere(req, pending, batchIds)
    if (batches.length === 0) {
      return changed
    }
    for (const batch of batches) {
      tried.push(batch.id)
      try {
        if (await withTransaction(req, () => change(batch))) {
          changed.push(batch.id)
        }
      } catch (err) {
        req.payload.logger.error({ err, msg: 'batch lifecycle step failed', batchId: batch.id })
      }
    }
  }
}

/**
 * Moves batches along by the Kolkata calendar: open or full batches become ongoing from
 * 00:00 IST on their start day; ongoing ones complete from 00:00 IST the day after their
 * end day. `batchIds` limits a run to some batches (a targeted repair, or a test).
 */
export async function advanceBatchLifecycle(req: PayloadRequest, options: Options = {}) {
  const today = kolkataDay(options.now ?? new Date())
  const startedBy = startOfKolkataDay(addDays(today, 1)).toISOString()
  const endedBy = startOfKolkataDay(today).toISOString()

  const started = await eachBatch(
    req,
    { status: { in: ['open', 'full'] }, startDate: { less_than: startedBy } },
    options.batchIds,
    async (batch) => {
      const now = await lockedState(req, batch.id)
      const due =
        (now?.status === 'open' || now?.status === 'full') &&
        new Date(now.start_date) < new Date(startedBy)
      if (due) {
        await setStatus(req, batch, 'ongoing')
      }
      return due
    },
  )
  const completed = await eachBatch(
    req,
    { status: { equals: 'ongoing' }, endDate: { less_than: endedBy } },
    options.batchIds,
    async (batch) => {
      const now = await lockedState(req, batch.id)
      const due = now?.status === 'ongoing' && new Date(now.end_date) < new Date(endedBy)
      if (due) {
        await completeBatch(req, batch)
      }
      return due
    },
  )
  if (started.length + completed.length > 0) {
    req.payload.logger.info({ msg: 'batch lifecycle advanced', day: today, started, completed })
  }
  return { started, completed }
}

export const advanceBatchLifecycleTask: TaskConfig<'advanceBatchLifecycle'> = {
  slug: ADVANCE_BATCH_LIFECYCLE,
  label: 'Start and complete batches by the calendar',
  retries: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 } },
  inputSchema: [{ name: 'period', type: 'date', required: true }],
  handler: async ({ req }) => {
    const { started, completed } = await advanceBatchLifecycle(req)
    return { output: { started: started.length, completed: completed.length } }
  },
  outputSchema: [
    { name: 'started', type: 'number' },
    { name: 'completed', type: 'number' },
  ],
}
