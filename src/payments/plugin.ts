import type { CollectionConfig, Endpoint, Plugin } from 'payload'

import { cancelBatchEndpoint } from './endpoints/cancelBatch'
import { checkoutEndpoint } from './endpoints/checkout'

/** Endpoints that live under other domains' collections but belong to payments. */
const endpointsFor: Record<string, Endpoint[]> = {
  bookings: [checkoutEndpoint],
  batches: [cancelBatchEndpoint],
}

function withEndpoints(collection: CollectionConfig): CollectionConfig {
  const extra = endpointsFor[collection.slug]
  if (!extra || collection.endpoints === false) {
    return collection
  }
  return { ...collection, endpoints: [...(collection.endpoints ?? []), ...extra] }
}

/**
 * Registers `POST /api/bookings/:id/checkout` and `POST /api/batches/:id/cancel` on the
 * bookings and batches collections, so those domains need not import payments.
 */
export const paymentsPlugin: Plugin = (config) => ({
  ...config,
  collections: (config.collections ?? []).map(withEndpoints),
})
