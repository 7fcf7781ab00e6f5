import type { PayloadRequest } from 'payload'

import type { Batch } from '@/payload-types'
import { relationId } from '@/shared/relationId'
import { addDays, kolkataDay, startOfKolkataDay } from '@/shared/time'

/** Under way now by the calendar, whatever the lifecycle job has got round to. */
function isUnderWay(batch: Batch, now: Date): boolean {
  const starts = startOfKolkataDay(kolkataDay(batch.startDate))
  const ends = startOfKolkataDay(addDays(kolkataDay(batch.endDate), 1))
  return batch.status === 'ongoing' || (starts <= now && now < ends && batch.status !== 'cancelled')
}

/**
 * The batch an SOS belongs to: the one the app named if the trekker is booked on it and it is
 * under way now; else the trekker's batch under way now; else the one the app named if the
 * trekker is booked on it (a trip that ended or is months ahead); else none. A named batch that
 * is not under way never displaces the one that is, so the guide on the mountain with the
 * trekker is the one alerted (review round 21: a completed trip named by a stale app texted
 * last year's guide). Never an error: the alert matters more.
 */
export async function findTrekkerBatch(
  trekkerId: number | string,
  requested: number | null,
  req: PayloadRequest,
  now = new Date(),
): Promise<Batch | null> {
  const bookings = await req.payload.find({
    collection: 'bookings',
    // A pending booking counts: a trekker who paid a deposit at the desk is on the trek too.
    where: {
      user: { equals: trekkerId },
      status: { in: ['pending', 'confirmed', 'completed'] },
    },
    select: { batch: true },
    depth: 0,
    limit: 100,
    overrideAccess: true,
    req,
  })
  const batchIds = [...new Set(bookings.docs.map((booking) => relationId(booking.batch)))]
  if (batchIds.length === 0) {
    return null
  }
  const { docs } = await req.payload.find({
    collection: 'batches',
    where: { id: { in: batchIds } },
    depth: 0,
    limit: batchIds.length,
    overrideAccess: true,
    req,
  })
  const batches = docs as Batch[]
  const named = batches.find((batch) => batch.id === requested)
  if (named && isUnderWay(named, now)) {
    return named
  }
  return batches.find((batch) => isUnderWay(batch, now)) ?? named ?? null
}
