import { APIError, type PayloadRequest, type Where } from 'payload'

import type { Trek } from '@/payload-types'

/**
 * The trek behind `:slug` as the caller may see it: read access decides, so a draft or
 * archived trek is a 404 to the public exactly like a slug that never existed.
 */
export async function findVisibleTrek(req: PayloadRequest, depth: number): Promise<Trek> {
  const slug = String(req.routeParams?.slug ?? '')
  const { docs } = await req.payload.find({
    collection: 'treks',
    where: { slug: { equals: slug } },
    limit: 1,
    depth,
    overrideAccess: false,
    user: req.user,
    req,
  })
  if (!docs[0]) {
    throw new APIError(`No trek found with the slug "${slug}"`, 404, undefined, true)
  }
  return docs[0]
}

/** Open departures still ahead, soonest first; read access still applies on top. */
export async function findUpcomingOpenBatches(
  req: PayloadRequest,
  trekId: number,
  page: { limit: number; page?: number },
) {
  const where: Where = {
    trek: { equals: trekId },
    status: { equals: 'open' },
    startDate: { greater_than: new Date().toISOString() },
  }
  return req.payload.find({
    collection: 'batches',
    where,
    sort: 'startDate',
    limit: page.limit,
    page: page.page,
    // The trek is the page's subject already; its guide is worth showing.
    select: { trek: false },
    depth: 1,
    overrideAccess: false,
    user: req.user,
    req,
  })
}
