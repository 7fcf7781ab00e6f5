/** The bookings task that cancels unpaid holds; the `hold-expiry` schedule queues it. */
export { EXPIRE_HOLDS_TASK as HOLD_EXPIRY_TASK } from '@/bookings'
