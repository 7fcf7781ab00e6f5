import type { CollectionBeforeDeleteHook } from 'payload'

/** A trek's days mean nothing without it; they go in the same transaction as the trek. */
export const deleteItineraryWithTrek: CollectionBeforeDeleteHook = async ({ id, req }) => {
  await req.payload.delete({
    collection: 'itinerary-days',
    where: { trek: { equals: id } },
    overrideAccess: true,
    req,
  })
}
