import {
  APIError,
  ValidationError,
  type CollectionBeforeChangeHook,
  type PayloadRequest,
} from 'payload'

import { kolkataDay, kolkataDaysBetween, startOfKolkataDay } from '@/shared/time'

/** Set on the update that POST /api/batches/:id/cancel makes, after it has done its work. */
export const CALLING_BATCH_OFF = 'callingBatchOff'

/**
 * Set on the lifecycle schedule's updates, which may run inside a signed-in request (a super
 * admin's `GET /api/payload-jobs/run`): the guards below are for a person's own edits.
 */
export const MOVED_BY_SCHEDULE = 'movedBySchedule'

const personsEdit = (req: PayloadRequest, context: Record<string, unknown>) =>
  Boolean(req.user) && context[MOVED_BY_SCHEDULE] !== true

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
    personsEdit(req, context) &&
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
  // Nor to `completed` at all while it has live bookings (review round 21): the lifecycle
  // completes the bookings only of batches it finds `ongoing` after their end day, so a batch
  // marked done by hand (on its last day, or after it but before the hourly run) would keep
  // its bookings confirmed for good.
  if (
    operation === 'update' &&
    personsEdit(req, context) &&
    data?.status === 'completed' &&
    originalDoc?.status !== 'completed' &&
    (await hasLiveBookings(req, originalDoc.id))
  ) {
    throw new APIError(
      'The status of a batch with bookings cannot be set to completed by an edit: the ' +
        'schedule completes it, and its bookings, the day after it ends.',
      400,
      null,
      true,
    )
  }
  // Nor may it take the guide off a booked departure that has not ended or been called off
  // (review round 21's note): its trekkers' SOS would reach no guide. Another guide may replace
  // them; the guide card's own delete is refused likewise.
  if (
    operation === 'update' &&
    personsEdit(req, context) &&
    data &&
    'guide' in data &&
    (data.guide === null || data.guide === '' || data.guide === undefined) &&
    originalDoc?.guide &&
    !['completed', 'cancelled'].includes(String(originalDoc.status)) &&
    (await hasLiveBookings(req, originalDoc.id))
  ) {
    throw new ValidationError({
      collection: 'batches',
      errors: [
        {
          path: 'guide',
          message:
            'A batch with bookings keeps a guide: choose another guide instead of none, or an ' +
            'SOS from it would reach no guide.',
        },
      ],
    })
  }
  // Nor may a person's edit move the start of a booked batch to a day already past (review
  // round 20): the trekkers could no longer cancel, a desk cancellation would refund nothing,
  // and the next lifecycle run would start and complete a trek that never ran. A batch that
  // already started keeps its past start; only a move into the past is refused.
  if (
    operation === 'update' &&
    personsEdit(req, context) &&
    startMovesIntoThePast(data?.startDate, originalDoc?.startDate) &&
    (await hasLiveBookings(req, originalDoc.id))
  ) {
    throw new ValidationError({
      collection: 'batches',
      errors: [
        {
          path: 'startDate',
          message:
            'A batch with bookings cannot start on a day already past: move it to today or ' +
            'later, or call it off with POST /api/batches/:id/cancel {reason}.',
        },
      ],
    })
  }
  return data
}

/** The new start falls on a Kolkata day before today, and the old one did not. */
function startMovesIntoThePast(next: unknown, previous: unknown): boolean {
  if (next === undefined || next === null || next === '') {
    return false
  }
  const nextDate = new Date(next as string)
  if (Number.isNaN(nextDate.getTime())) {
    // Not a date at all: the field's own validation answers.
    return false
  }
  const today = startOfKolkataDay(kolkataDay())
  if (nextDate >= today) {
    return false
  }
  return !previous || new Date(previous as string) >= today
}

async function hasLiveBookings(req: PayloadRequest, batchId: number | string) {
  const { totalDocs } = await req.payload.db.count({
    collection: 'bookings',
    where: { batch: { equals: batchId }, status: { in: ['pending', 'confirmed'] } },
    req,
  })
  return totalDocs > 0
}
