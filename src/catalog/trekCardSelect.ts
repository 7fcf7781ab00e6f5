import type { CollectionBeforeOperationHook } from 'payload'

/**
 * What a trek list card shows: the facts to pick a trek by, its image, and the next
 * departure. The long texts, lists and FAQs (most of a trek's bytes) are for the detail
 * page, `GET /api/treks/slug/:slug`.
 */
export const TREK_CARD_SELECT = {
  name: true,
  slug: true,
  region: true,
  difficulty: true,
  durationDays: true,
  maxAltitude: true,
  totalDistance: true,
  maxGroupSize: true,
  themes: true,
  bestMonths: true,
  heroImage: true,
  status: true,
  nextBatch: true,
  seatsLeft: true,
} as const

/** A card names its region; the region's description is not worth its bytes twenty times. */
export const TREK_CARD_POPULATE = { regions: { name: true, slug: true } } as const

/**
 * `GET /api/treks` answers with cards unless the caller chooses fields with `select` (or
 * `populate`). Only the REST list route: the Local API, the slug endpoints and GraphQL
 * (which selects by its query) read whole treks as before.
 */
export const selectCardFieldsForTrekLists: CollectionBeforeOperationHook = ({
  args,
  operation,
  req,
}) => {
  if (operation !== 'read' || req.payloadAPI !== 'REST' || !req.url) {
    return args
  }
  if (new URL(req.url).pathname !== `${req.payload.config.routes.api}/treks`) {
    return args
  }
  return {
    ...args,
    select: args.select ?? TREK_CARD_SELECT,
    populate: args.populate ?? TREK_CARD_POPULATE,
  }
}
