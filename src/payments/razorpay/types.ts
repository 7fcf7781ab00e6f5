/** The parts of Razorpay's entities that we read (amounts in paise, times in unix seconds). */
export type RazorpayPaymentEntity = {
  id: string
  entity: 'payment'
  order_id: string | null
  amount: number
  currency: string
  status: 'created' | 'authorized' | 'captured' | 'refunded' | 'failed'
  method?: string | null
  error_description?: string | null
  created_at?: number
}

export type RazorpayRefund = {
  id: string
  entity: 'refund'
  payment_id: string
  amount: number
  currency: string
  status: 'pending' | 'processed' | 'failed'
  notes?: Record<string, string> | []
  created_at?: number
}

export type RazorpayOrderEntity = {
  id: string
  entity: 'order'
  amount: number
  amount_paid: number
  currency: string
  receipt?: string | null
  status: 'created' | 'attempted' | 'paid'
}

export type RazorpayWebhookEvent = {
  entity: 'event'
  event: string
  payload: {
    payment?: { entity: RazorpayPaymentEntity }
    order?: { entity: RazorpayOrderEntity }
    refund?: { entity: RazorpayRefund }
  }
}
