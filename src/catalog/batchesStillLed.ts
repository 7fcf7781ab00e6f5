import type { Where } from 'payload'

import { addDays, kolkataDay, startOfKolkataDay } from '@/shared/time'

/**
 * The batches whose guide the trekkers may still need: not ended or called off, or called off
 * during its days, when the trekkers are still coming down with the guide and their SOS goes to
 * the guide's account (findTrekkerBatch). A guide card or account leading one may not be deleted
 * or lose the guide role (review round 24: both counted a called-off departure as over).
 */
export function batchesStillLed(now = new Date()): Where {
  const today = kolkataDay(now)
  return {
    or: [
      { status: { not_in: ['completed', 'cancelled'] } },
      {
        and: [
          { status: { equals: 'cancelled' } },
          { startDate: { less_than: startOfKolkataDay(addDays(today, 1)).toISOString() } },
          { endDate: { greater_than_equal: startOfKolkataDay(today).toISOString() } },
        ],
      },
    ],
  }
}
