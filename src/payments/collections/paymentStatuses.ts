export const PAYMENT_STATUSES = ['pending', 'success', 'failed', 'refunded'] as const
export const REFUND_STATUSES = ['queued', 'pending', 'processed', 'failed'] as const
export const REFUND_SOURCES = [
  'staff',
  'cancellation',
  'batch_cancellation',
  'automatic',
  'razorpay',
] as const
