import type { PayloadRequest } from 'payload'

import { markCatalogChanged } from './publicCache'

/**
 * Trek list cards show the next open departure and its free seats. They are kept
 * on the trek row itself (rather than joined per request) so a page of cards costs
 * the same queries as a plain list; every change to a batch or its seats calls this.
 * Seat changes reach it through raw SQL with no collection hook, so it also marks the
 * catalog changed: cached public batch lists and cards must not show the old count.
 */
export async function refreshTrekCard(trekId: number | string, req: PayloadRequest): Promise<void> {
  const { payload } = req

  const { docs } = await payload.find({
    collection: 'batches',
    where: {
      trek: { equals: trekId },
      status: { equals: 'open' },
      startDate: { greater_than: new Date().toISOString() },
    },
    sort: 'startDate',
    limit: 1,
    depth: 0,
    pagination: false,
    overrideAccess: true,
    select: { startDate: true, price: true, availableSeats: true },
    req,
  })
  const next = docs[0]

  await payload.db.updateOne({
    collection: 'treks',
    id: trekId,
    data: {
      nextBatch: { startDate: next?.startDate ?? null, price: next?.price ?? null },
      seatsLeft: next ? (next.availableSeats ?? 0) : null,
    },
    req,
    returning: false,
  })
  await markCatalogChanged(req)
}
