import type { CollectionConfig, TaskConfig } from 'payload'

import { Bookings } from './collections/Bookings'
import { expireHoldsTask } from './tasks/expireHoldsTask'

export { BOOKING_SOURCES, BOOKING_STATUSES } from './collections/Bookings'
export { CANCELLATION_POLICY, refundDueOnCancel, refundShareFor } from './cancellationPolicy'
export {
  applyPaymentToBooking,
  emergencyContactForConfirmation,
  type ApplyPaymentArgs,
} from './lifecycle/applyPayment'
export { cancelLockedBooking } from './lifecycle/cancelBooking'
export { expireHolds } from './lifecycle/expireHolds'
export { lockBooking, lockBookingRows, lockBookingsOf } from './lifecycle/lockBooking'
export { queuePaymentReceipt } from './lifecycle/paymentReceipt'
export { oneActiveBookingPerBatch } from './schema'
export { TREK_CARD_AFTER_SEATS } from './seats'
export { recordRefundPaid } from './lifecycle/recordRefund'
export { EXPIRE_HOLDS_TASK } from './tasks/expireHoldsTask'

export const bookingCollections: CollectionConfig[] = [Bookings]
export const bookingTasks: TaskConfig[] = [expireHoldsTask as TaskConfig]
