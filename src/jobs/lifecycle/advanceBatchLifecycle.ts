import type { PayloadRequest, TaskConfig, Where } from 'payload'

import { MOVED_BY_SCHEDULE } from '@/catalog'
import { queueBadgeEvaluation } from '@/community'
import type { Batch, Booking } from '@/payload-types'
import { requiredRelationId } from '@/shared/relationId'
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

/**
 * Applies `change` to every batch matching `where`, a page at a time, each batch in its own
 * transaction so one bad row stops nothing else. Returns the batches changed.
 */
async function eachBatch(
  req: PayloadRequest,
  where: Where,
  batchIds: number[] | undefined,
  change: (batch: Batch) => Promise<void>,
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
        await withTransaction(req, () => change(batch))
        changed.push(batch.id)
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
    (batch) => setStatus(req, batch, 'ongoing'),
  )
  const completed = await eachBatch(
    req,
    { status: { equals: 'ongoing' }, endDate: { less_than: endedBy } },
    options.batchIds,
    (batch) => completeBatch(req, batch),
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
