import type { PayloadRequest } from 'payload'

import type { Batch, Booking, Trek, User } from '@/payload-types'
import { requiredRelationId } from '@/shared/relationId'
import { formatKolkataDate } from '@/shared/time'

import type { BookingMailParams } from '../templates'

/** A short reference trekkers can quote to support. */
export const bookingRef = (id: number | string) => `OBS-${String(id).padStart(6, '0')}`

/** Names and dates as the trekker will read them, from rows already loaded. */
export function bookingMailParams(
  booking: Pick<Booking, 'id' | 'trekkerName'>,
  batch: Pick<Batch, 'startDate' | 'endDate'>,
  trek: Pick<Trek, 'name'> | undefined,
  user?: Pick<User, 'firstName'>,
): BookingMailParams {
  return {
    name: booking.trekkerName || user?.firstName || '',
    bookingRef: bookingRef(booking.id),
    trekName: trek?.name ?? 'your trek',
    startDate: formatKolkataDate(batch.startDate),
    endDate: formatKolkataDate(batch.endDate),
  }
}

/**
 * Where a booking's mail goes: the account's address now, and nowhere when it has none. The
 * booking's `trekkerEmail` is the record of who booked, kept as booked; an address given up
 * since (lost, compromised, recycled, or taken off by its undo link) must not keep learning the
 * member's trips and payments. An account without an address had none when it booked either,
 * unless it gave that address up (review round 31's note).
 */
export const bookingMailAddress = (user: Pick<User, 'email'> | null | undefined) =>
  user?.email || undefined

export type LoadedBooking = {
  booking: Booking
  batch: Batch
  trek: Trek | undefined
  user: User | undefined
  email: string | undefined
}

/** One booking with its batch, trek and user, read inside the caller's transaction. */
export async function loadBooking(
  bookingId: number | string,
  req: PayloadRequest,
): Promise<LoadedBooking | undefined> {
  const common = { depth: 0, overrideAccess: true, req, disableErrors: true } as const
  const booking = (await req.payload.findByID({
    collection: 'bookings',
    id: bookingId,
    ...common,
  })) as Booking | null
  if (!booking) {
    return undefined
  }
  const [batch, user] = await Promise.all([
    req.payload.findByID({
      collection: 'batches',
      id: requiredRelationId(booking.batch),
      ...common,
    }),
    req.payload.findByID({ collection: 'users', id: requiredRelationId(booking.user), ...common }),
  ])
  if (!batch) {
    return undefined
  }
  const trek = await req.payload.findByID({
    collection: 'treks',
    id: requiredRelationId(batch.trek),
    ...common,
  })
  return {
    booking,
    batch: batch as Batch,
    trek: (trek as Trek | null) ?? undefined,
    user: (user as User | null) ?? undefined,
    email: bookingMailAddress(user as User | null),
  }
}
