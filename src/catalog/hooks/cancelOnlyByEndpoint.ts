import { APIError, type CollectionBeforeChangeHook, type PayloadRequest } from 'payload'

import { kolkataDaysBetween } from '@/shared/time'

/** Set on the update that POST /api/batches/:id/cancel makes, after it has done its work. */
export const CALLING_BATCH_OFF = 'callingBatchOff'

/**
 * A departure with bookings is called off only by POST /api/batches/:id/cancel, which cancels
 * every live booking, refunds everything paid and tells each trekker. Setting `status` to
 * `cancelled` any other way (a REST or GraphQL edit, the admin's status list) would leave paid
 * bookings confirmed and unrefunded, and then make the endpoint answer "already cancelled"
 * (review round 18), so it is refused, naming the endpoint. A batch nobody has booked may be
 * marked cancelled (and reopened) by an edit. The batch's row lock, taken before the edit
 * reads it, keeps a booking from slipping in between the count and the write.
 */
export const cancelOnlyByEndpoint: CollectionBeforeChangeHook = async ({
  context,
  data,
  operation,
  originalDoc,
  req,
}) => {
  if (
    operation === 'update' &&
    data?.status === 'cancelled' &&
    originalDoc?.status !== 'cancelled' &&
    context[CALLING_BATCH_OFF] !== true &&
    (await hasLiveBookings(req, originalDoc.id))
  ) {
    throw new APIError(
      'Call a departure off with POST /api/batches/:id/cancel {reason}: it cancels and refunds ' +
        'every booking and tells each trekker. The status alone cannot be set to cancelled.',
      400,
      null,
      true,
    )
  }
  // Likewise a person's edit to `ongoing` or `completed` before the start day (review round
  // 19): the lifecycle job (no signed-in user, its own clock) moves batches on their dates, and
  // a trek marked done before it ran strands its bookings (no completion, and the cancel
  // endpoint refuses a completed batch).
  if (
    operation === 'update' &&
    req.user &&
    (data?.status === 'ongoing' || data?.status === 'completed') &&
    data.status !== originalDoc?.status &&
    kolkataDaysBetween(new Date(), originalDoc.startDate) > 0 &&
    (await hasLiveBookings(req, originalDoc.id))
  ) {
    throw new APIError(
      `A batch with bookings cannot be marked ${data.status} before its start day: that ` +
        'happens on its dates. To call it off, use POST /api/batches/:id/cancel {reason}.',
      400,
      null,
      true,
    )
  }
  return data
}

async function hasLiveBookings(req: PayloadRequest, batchId: number | string) {
  const { totalDocs } = await req.payload.db.count({
    collection: 'bookings',
    where: { batch: { equals: batchId }, status: { in: ['pending', 'confirmed'] } },
    req,
  })
  return totalDocs > 0
}
