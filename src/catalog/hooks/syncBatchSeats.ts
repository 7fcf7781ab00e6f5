import { ValidationError, type CollectionBeforeValidateHook } from 'payload'

import { lockedBookedSeats } from '../seatLock'

const isNumber = (value: unknown): value is number => typeof value === 'number'

/**
 * Keeps `availableSeats` equal to total minus booked, refuses a total below the seats
 * already held, and moves a batch between `open` and `full` when its seat count
 * changes (bookings change `bookedSeats`, ops change `totalSeats`). Other statuses
 * (ongoing, completed, cancelled) are left as they are.
 */
export const syncBatchSeats: CollectionBeforeValidateHook = async ({
  data,
  operation,
  originalDoc,
  req,
}) => {
  if (!data) {
    return data
  }
  const total = data.totalSeats ?? originalDoc?.totalSeats
  // Read under the batch's row lock, the one bookings take, so a resize and a booking
  // taking the last seats never interleave. `data.bookedSeats` is only the pre-lock copy
  // (clients cannot write it), unless trusted server code sets a new count itself.
  const locked = originalDoc?.id ? await lockedBookedSeats(req, originalDoc.id) : 0
  const setByServer =
    typeof data.bookedSeats === 'number' && data.bookedSeats !== originalDoc?.bookedSeats
  const booked = setByServer ? Number(data.bookedSeats) : locked
  // A total that is not a seat count at all is reported by the field's own validation.
  if (!isNumber(total) || total < 1) {
    return data
  }
  if (total < booked) {
    throw new ValidationError({
      collection: 'batches',
      errors: [
        {
          path: 'totalSeats',
          message: `Total seats cannot go below the ${booked} seats already held`,
        },
      ],
    })
  }
  // The update writes every column back: write the locked count, not the stale copy.
  data.bookedSeats = booked
  data.availableSeats = total - booked

  // On create Payload passes an empty originalDoc; the status given is taken as is.
  const seatsChanged =
    operation === 'update' &&
    (total !== originalDoc?.totalSeats || booked !== Number(originalDoc?.bookedSeats ?? 0))
  const status = data.status ?? originalDoc?.status
  if (seatsChanged && status === 'open' && data.availableSeats === 0) {
    data.status = 'full'
  }
  const startsLater = new Date(String(data.startDate ?? originalDoc?.startDate)) > new Date()
  if (seatsChanged && status === 'full' && data.availableSeats > 0 && startsLater) {
    data.status = 'open'
  }
  return data
}
