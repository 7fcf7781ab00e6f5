import type { CollectionConfig, Endpoint, TaskConfig } from 'payload'

import { Payments } from './collections/Payments'
import { RazorpayEvents } from './collections/RazorpayEvents'
import { webhookEndpoint } from './endpoints/webhook'
import { refundTask } from './refunds/refundTask'

export const paymentCollections: CollectionConfig[] = [Payments, RazorpayEvents]
export const paymentEndpoints: Endpoint[] = [webhookEndpoint]
export const paymentTasks: TaskConfig[] = [refundTask]

export { paymentsPlugin } from './plugin'
export {
  amountHeldFor,
  refundBookingPayments,
  refundForCancellation,
} from './refunds/refundBooking'
export type { BookingRefund } from './refunds/refundBooking'
export { openOrdersOf, paymentMayBeOnItsWay } from './paymentOnItsWay'
export { requestRefund } from './refunds/requestRefund'
export { isOwedByHand, isPaidBackByHand } from './refunds/ledger'
export { razorpayClient } from './razorpay/client'
export { toPaise, toRupees } from './money'
export { PAYMENT_REFERENCE_MAX_LENGTH } from './reference'
