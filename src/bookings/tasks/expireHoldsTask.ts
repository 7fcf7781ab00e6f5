import type { TaskConfig } from 'payload'

import { expireHolds } from '../lifecycle/expireHolds'

export const EXPIRE_HOLDS_TASK = 'expireBookingHolds'

/**
 * Frees the seats of unpaid bookings whose hold ran out. Queued every minute; a run that
 * fails is simply done again by the next one, so it is not retried.
 */
export const expireHoldsTask: TaskConfig<'expireBookingHolds'> = {
  slug: EXPIRE_HOLDS_TASK,
  label: 'Expire unpaid booking holds',
  outputSchema: [{ name: 'expired', type: 'number', required: true }],
  handler: async ({ req }) => ({ output: await expireHolds(req.payload) }),
}
