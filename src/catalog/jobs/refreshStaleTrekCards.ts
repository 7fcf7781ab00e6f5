import type { PayloadRequest, TaskConfig } from 'payload'

import { refreshTrekCard } from '../trekCard'

/**
 * A card's next departure goes stale by itself once that departure starts, with no
 * batch write to trigger a refresh. This re-reads the cards that point at the past.
 */
export async function refreshStaleTrekCards(req: PayloadRequest): Promise<number> {
  const { docs } = await req.payload.find({
    collection: 'treks',
    where: { 'nextBatch.startDate': { less_than_equal: new Date().toISOString() } },
    select: {},
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  for (const trek of docs) {
    await refreshTrekCard(trek.id, req)
  }
  if (docs.length > 0) {
    req.payload.logger.info({ msg: 'refreshed stale trek cards', treks: docs.map((t) => t.id) })
  }
  return docs.length
}

/** Hourly: a card shows a started departure for at most an hour. */
export const refreshTrekCardsTask: TaskConfig<{ input: object; output: { refreshed: number } }> = {
  slug: 'refreshTrekCards',
  label: 'Refresh trek cards whose next departure has started',
  retries: 2,
  outputSchema: [{ name: 'refreshed', type: 'number' }],
  handler: async ({ req }) => ({ output: { refreshed: await refreshStaleTrekCards(req) } }),
}
