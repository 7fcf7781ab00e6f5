import type { Batch, Booking, Trek } from '@/payload-types'

import { formatDate } from './businessDay'

/** Relationship values are ids at depth 0 and documents above it; panels read either. */
export const docOf = <T extends object>(value: T | number | string | null | undefined): T | null =>
  value && typeof value === 'object' ? value : null

export const trekName = (batch: Batch | number | null | undefined) =>
  docOf<Trek>(docOf<Batch>(batch)?.trek)?.name ?? '—'

export const batchLabel = (booking: Booking) => {
  const batch = docOf<Batch>(booking.batch)
  return batch ? `${trekName(batch)} · ${formatDate(batch.startDate)}` : '—'
}

export const adminLink = (collection: string, id: number | string) =>
  `/admin/collections/${collection}/${id}`
