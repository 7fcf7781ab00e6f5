import type { PayloadRequest } from 'payload'

import type { SeedRegion, SeedTrek } from './data'
import { faqsFor, fitnessPrepFor, sharedLists } from './data/common'

export type RegionIds = Map<string, number>

export async function createRegions(
  req: PayloadRequest,
  regions: SeedRegion[],
): Promise<RegionIds> {
  const ids: RegionIds = new Map()
  for (const { name, slug, description } of regions) {
    const region = await req.payload.create({
      collection: 'regions',
      data: { name, slug, description },
      depth: 0,
      req,
    })
    ids.set(slug, region.id)
  }
  return ids
}

/** A trek with its full day-by-day itinerary; returns the trek's id. */
export async function createTrek(
  req: PayloadRequest,
  trek: SeedTrek,
  region: { id: number; country: SeedRegion['country'] },
): Promise<number> {
  const created = await req.payload.create({
    collection: 'treks',
    data: {
      name: trek.name,
      slug: trek.slug,
      region: region.id,
      status: trek.status ?? 'active',
      description: trek.description,
      maxAltitude: trek.maxAltitude,
      totalDistance: trek.totalDistance,
      durationDays: trek.days.length,
      difficulty: trek.difficulty,
      maxGroupSize: trek.maxGroupSize,
      themes: trek.themes,
      bestMonths: trek.bestMonths,
      ...sharedLists(trek, region.country),
      fitnessPrep: fitnessPrepFor(trek),
      faqs: faqsFor(trek),
    },
    depth: 0,
    req,
  })

  for (const [index, day] of trek.days.entries()) {
    await req.payload.create({
      collection: 'itinerary-days',
      data: { trek: created.id, dayNumber: index + 1, ...day },
      depth: 0,
      req,
    })
  }
  return created.id
}
