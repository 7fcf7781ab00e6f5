import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  CollectionConfig,
} from 'payload'

import { markCatalogChanged } from './generation'

/**
 * Collections whose rows appear in public catalog responses: the treks and their cards,
 * itineraries, batches (seat counts), regions, guides, and media (hero images, photos).
 * Seat changes made by bookings in raw SQL mark the catalog in refreshTrekCard.
 */
export const PUBLIC_CATALOG_COLLECTIONS = new Set([
  'treks',
  'itinerary-days',
  'batches',
  'regions',
  'guides',
  'media',
])

const markAfterChange: CollectionAfterChangeHook = async ({ doc, req }) => {
  await markCatalogChanged(req)
  return doc
}

const markAfterDelete: CollectionAfterDeleteHook = async ({ doc, req }) => {
  await markCatalogChanged(req)
  return doc
}

/** Adds the hooks that invalidate cached public reads to the catalog's collections. */
export function withCatalogChangeTracking(collection: CollectionConfig): CollectionConfig {
  if (!PUBLIC_CATALOG_COLLECTIONS.has(collection.slug)) {
    return collection
  }
  return {
    ...collection,
    hooks: {
      ...collection.hooks,
      afterChange: [...(collection.hooks?.afterChange ?? []), markAfterChange],
      afterDelete: [...(collection.hooks?.afterDelete ?? []), markAfterDelete],
    },
  }
}
