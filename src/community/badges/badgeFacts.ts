import type { PayloadRequest } from 'payload'

import { relationId } from '@/shared/relationId'

import type { BadgeFacts } from './rules'

/** Completed bookings (each a finished departure) with their treks' altitude and region. */
export async function badgeFacts(
  userId: number | string,
  req: PayloadRequest,
): Promise<BadgeFacts> {
  const common = { depth: 0, overrideAccess: true, pagination: false, req } as const
  const [bookings, posts] = await Promise.all([
    req.payload.find({
      collection: 'bookings',
      ...common,
      where: { user: { equals: userId }, status: { equals: 'completed' } },
      select: { batch: true },
    }),
    req.payload.count({
      collection: 'posts',
      where: { author: { equals: userId }, status: { equals: 'published' } },
      overrideAccess: true,
      req,
    }),
  ])
  const batchIds = [...new Set(bookings.docs.map((booking) => relationId(booking.batch)))]
  const facts: BadgeFacts = {
    completedTreks: batchIds.length,
    highestAltitude: 0,
    regionsTrekked: 0,
    publishedPosts: posts.totalDocs,
  }
  if (batchIds.length === 0) {
    return facts
  }

  const batches = await req.payload.find({
    collection: 'batches',
    ...common,
    where: { id: { in: batchIds } },
    select: { trek: true },
  })
  const treks = await req.payload.find({
    collection: 'treks',
    ...common,
    where: { id: { in: [...new Set(batches.docs.map((batch) => relationId(batch.trek)))] } },
    select: { maxAltitude: true, region: true },
  })
  facts.highestAltitude = Math.max(0, ...treks.docs.map((trek) => trek.maxAltitude ?? 0))
  facts.regionsTrekked = new Set(treks.docs.map((trek) => relationId(trek.region))).size
  return facts
}
