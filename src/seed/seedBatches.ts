import type { PayloadRequest } from 'payload'

import { startOfKolkataDay, type KolkataDay } from '@/shared/time'

import type { SeedTrek } from './data'
import { planDepartures } from './departures'
import type { GuideRoster } from './seedGuides'

/**
 * Open departures of an active trek over the coming year, led in turn by the guides
 * who work in its region. Returns how many were created.
 */
export async function createBatches(
  req: PayloadRequest,
  trek: SeedTrek,
  trekId: number,
  spread: number,
  guides: GuideRoster,
  today: KolkataDay,
): Promise<number> {
  const leaders = guides.filter((guide) => guide.regions.includes(trek.region))
  if (leaders.length === 0) {
    throw new Error(`Seed data has no guide for the region "${trek.region}" of ${trek.slug}`)
  }

  const departures = planDepartures(trek, spread, today)
  for (const [index, departure] of departures.entries()) {
    await req.payload.create({
      collection: 'batches',
      data: {
        trek: trekId,
        guide: leaders[(spread + index) % leaders.length].id,
        startDate: startOfKolkataDay(departure.start).toISOString(),
        endDate: startOfKolkataDay(departure.end).toISOString(),
        totalSeats: departure.totalSeats,
        price: departure.price,
        status: 'open',
      },
      depth: 0,
      req,
    })
  }
  return departures.length
}
