import { APIError, type CollectionBeforeChangeHook } from 'payload'

/** Set on the update that POST /api/batches/:id/cancel makes, after it has done its work. */
export const CALLING_BATCH_OFF = 'callingBatchOff'

/**
 * A departure is called off only by POST /api/batches/:id/cancel, which cancels every live
 * booking, refunds everything paid and tells each trekker. Setting `status` to `cancelled`
 * any other way (a REST or GraphQL edit, the admin's status list) would leave paid bookings
 * confirmed and unrefunded, and then make the endpoint answer "already cancelled" (review
 * round 18), so it is refused, naming the endpoint.
 */
export const cancelOnlyByEndpoint: CollectionBeforeChangeHook = ({
  context,
  data,
  operation,
  originalDoc,
}) => {
  if (
    operation === 'update' &&
    data?.status === 'cancelled' &&
    originalDoc?.status !== 'cancelled' &&
    context[CALLING_BATCH_OFF] !== true
  ) {
    throw new APIError(
      'Call a departure off with POST /api/batches/:id/cancel {reason}: it cancels and refunds ' +
        'every booking and tells each trekker. The status alone cannot be set to cancelled.',
      400,
      null,
      true,
    )
  }
  return data
}
