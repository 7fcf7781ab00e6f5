import type { PayloadRequest } from 'payload'

import { cancelledOnTheWay, unpaidHold } from '@/bookings/party'
import type { Batch } from '@/payload-types'
import { relationId } from '@/shared/relationId'
import { addDays, kolkataDay, startOfKolkataDay } from '@/shared/time'

/** Between the start of its first day and the end of its last, by the Kolkata calendar. */
function withinItsDays(batch: Batch, now: Date): boolean {
  const starts = startOfKolkataDay(kolkataDay(batch.startDate))
  const ends = startOfKolkataDay(addDays(kolkataDay(batch.endDate), 1))
  return starts <= now && now < ends
}

/**
 * Under way now by the calendar, whatever the lifecycle job has got round to. A departure called
 * off once it had started is still under way for its trekkers until its last day: they are
 * coming down the mountain with its guide (review round 21: a storm call-off left their SOS
 * with no guide).
 */
function isUnderWay(batch: Batch, now: Date, calledOffOnTheWay: Set<number>): boolean {
  if (batch.status === 'ongoing') {
    return true
  }
  if (batch.status === 'cancelled') {
    return calledOffOnTheWay.has(batch.id) && withinItsDays(batch, now)
  }
  return withinItsDays(batch, now)
}

type BookingOnBatch = {
  batch: unknown
  status?: string | null
  cancelledAt?: string | null
  amountPaid?: number | null
}

/**
 * The batch an SOS belongs to: the one the app named if the trekker is one of its party and it
 * is under way now; else the trekker's batch under way now; else the one the app named if the
 * trekker is one of its party (a trip that ended or is months ahead); else none. An unpaid hold
 * makes no one one of a party. A named batch that is not under way never displaces the one that is, so the guide
 * on the mountain with the trekker is the one alerted (review round 21: a completed trip named
 * by a stale app texted last year's guide). Never an error: the alert matters more.
 */
export async function findTrekkerBatch(
  trekkerId: number | string,
  requested: number | null,
  req: PayloadRequest,
  now = new Date(),
): Promise<Batch | null> {
  const bookings = await req.payload.find({
    collection: 'bookings',
    // A pending booking with a deposit paid counts: that trekker is on the trek too. So does one
    // with money paid cancelled once the trek had started (sent down mid-trek, or a call-off).
    // Unpaid holds are left out here, not only below: a trekker's lapsed holds pushed the trip
    // they are on out of these 100 (review round 28's note).
    where: {
      user: { equals: trekkerId },
      or: [
        { status: { in: ['confirmed', 'completed'] } },
        {
          and: [{ status: { in: ['pending', 'cancelled'] } }, { amountPaid: { greater_than: 0 } }],
        },
      ],
    },
    select: { batch: true, status: true, cancelledAt: true, amountPaid: true },
    sort: '-createdAt',
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
  const byId = new Map((docs as Batch[]).map((batch) => [batch.id, batch]))
  /** The departures whose party the trekker is one of (src/bookings/party.ts). */
  const partyOf = new Set<number>()
  const calledOffOnTheWay = new Set<number>()
  for (const booking of bookings.docs as BookingOnBatch[]) {
    const batch = byId.get(relationId(booking.batch as never) as number)
    // An unpaid hold counts for nothing, even on the departure's first morning (review round
    // 28: a stranger's fresh hold routed their SOS to the guide).
    if (!batch || unpaidHold(booking)) {
      continue
    }
    if (booking.status !== 'cancelled') {
      partyOf.add(batch.id)
    } else if (cancelledOnTheWay(booking, batch.startDate)) {
      partyOf.add(batch.id)
      calledOffOnTheWay.add(batch.id)
    }
  }
  const batches = [...byId.values()].filter((batch) => partyOf.has(batch.id))
  const underWay = (batch: Batch) => isUnderWay(batch, now, calledOffOnTheWay)
  const named = batches.find((batch) => batch.id === requested)
  if (named && underWay(named)) {
    return named
  }
  return batches.find(underWay) ?? named ?? null
}
