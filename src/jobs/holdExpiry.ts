/**
 * HOOK POINT for the bookings domain (branch `bookings`), whose task of this slug
 * (`EXPIRE_HOLDS_TASK` in src/bookings) cancels pending bookings whose hold has expired.
 * The `hold-expiry` schedule queues it every minute once a task of this slug is registered
 * in the jobs config, and skips it until then. On merge, import the constant from
 * '@/bookings' instead of repeating it here.
 */
export const HOLD_EXPIRY_TASK = 'expireBookingHolds'
