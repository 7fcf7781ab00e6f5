/**
 * HOOK POINT for the bookings domain (branch `bookings`): its task with this slug cancels
 * pending bookings whose hold has expired. The `hold-expiry` schedule queues it every
 * minute once a task of this slug is registered in the jobs config, and skips it until then.
 */
export const HOLD_EXPIRY_TASK = 'expireHolds'
