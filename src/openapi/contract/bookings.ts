import {
  docMessage,
  get,
  json,
  object,
  post,
  ref,
  rupees,
  text,
  type ContractEndpoint,
} from './describe'

const BOOKING_DESK = ['owner', 'cs', 'ops_manager', 'super_admin']

const dateQuery = (name: string, description: string) => ({
  name,
  description,
  schema: { type: 'string', example: '2026-12-01' },
})

export const bookingEndpoints: ContractEndpoint[] = [
  post('/api/bookings', {
    tag: 'Bookings',
    summary: 'Book a seat on a batch for the caller',
    description:
      'The server fills the user and computes every money field from the batch price; ' +
      'the booking holds the seat while pending, until holdExpiresAt. A trekker who ' +
      'books a batch again after cancelling an unpaid booking of it (or letting it expire) ' +
      'keeps the earlier holdExpiresAt while that is ahead; after 3 unpaid bookings of ' +
      'a batch ended in 24 hours, the next is 429 with Retry-After. The booking desk ' +
      '(cs, ops_manager, super_admin) may book for a trekker by sending `user`.',
    who: ['trekker', 'cs', 'ops_manager', 'super_admin'],
    body: object(
      {
        batch: { type: 'integer', description: 'ID of the batch' },
        user: { type: 'integer', description: 'The trekker; booking desk only' },
        source: { type: 'string', enum: ['app', 'web', 'referral'] },
        healthDeclarationSigned: { type: 'boolean' },
        waiverSigned: { type: 'boolean' },
        idDocumentUploaded: { type: 'boolean' },
      },
      ['batch'],
    ),
    responses: { '201': docMessage('Booked (pending payment)', 'Booking') },
    alsoErrors: [429],
  }),
  post('/api/bookings/:id/cancel', {
    tag: 'Bookings',
    summary: 'Cancel a booking and free its seat (owner, cs, ops)',
    description:
      'The owner until the trek starts; the booking desk at any time and must give a ' +
      'reason. The refund the cancellation policy gives is recorded in refundDue and queued.',
    who: BOOKING_DESK,
    body: object({ reason: text(500, 'Required from staff') }),
    responses: { '200': docMessage('Cancelled', 'Booking') },
    alsoErrors: [400],
  }),
  post('/api/bookings/:id/offline-payment', {
    tag: 'Payments',
    summary: 'Record money received outside Razorpay (finance, cs, super_admin)',
    description:
      'Writes a successful payment and the booking’s new balance in one transaction; a ' +
      'booking paid in full is confirmed (completed if its batch already has). 409 when the ' +
      'reference (trimmed, any case) is already on a payment of the booking.',
    who: ['finance', 'cs', 'super_admin'],
    body: object(
      {
        amount: rupees(),
        method: { type: 'string', enum: ['cash', 'bank_transfer', 'upi', 'cheque', 'card'] },
        reference: text(120, 'Receipt or transfer reference'),
      },
      ['amount', 'method'],
    ),
    responses: {
      '201': docMessage('Payment recorded', 'Booking', { payment: ref('schemas', 'Payment') }),
    },
    alsoErrors: [409],
  }),
  post('/api/bookings/:id/checkout', {
    tag: 'Payments',
    summary: 'Create a Razorpay order for the balance due (owner)',
    description:
      '201 with a new order, 200 with the open order of an earlier call for the same balance. ' +
      '400 when the booking is not pending, its hold has expired, nothing is due or the ' +
      'trekker has no emergency contact; then 503 "Online payments are not configured on this ' +
      'server" on a server without Razorpay keys (nothing is called), 502 when Razorpay does ' +
      'not answer (nothing is written), 409 when the balance due kept changing while the order ' +
      'was made (rare; try again).',
    who: ['owner'],
    responses: {
      '201': checkoutOrder('New order to open Razorpay Checkout with'),
      '200': checkoutOrder('The open order of an earlier call, for the same balance'),
    },
    alsoErrors: [400, 409, 502, 503],
  }),
]

function checkoutOrder(description: string) {
  return json(
    description,
    object({
      bookingId: { type: 'integer' },
      paymentId: { type: 'integer' },
      orderId: { type: 'string' },
      keyId: { type: 'string' },
      amount: rupees('Rupees, two decimals'),
      amountPaise: { type: 'integer' },
      currency: { type: 'string', example: 'INR' },
      name: { type: 'string' },
      description: { type: 'string' },
      prefill: object({
        name: { type: 'string' },
        email: { type: 'string' },
        contact: { type: 'string' },
      }),
      notes: object({ bookingId: { type: 'string' } }),
    }),
  )
}

const refundEntry = object({
  id: { type: 'string' },
  amount: rupees(),
  status: { type: 'string', enum: ['queued', 'pending', 'processed', 'failed'] },
  source: { type: 'string' },
  reason: { type: 'string' },
  razorpayRefundId: { type: 'string', nullable: true },
  requestedAt: { type: 'string', format: 'date-time' },
})

/** The payment a refund endpoint answers with, beside the refund it asked or recorded. */
const paymentSummary = {
  id: { type: 'integer' },
  status: { type: 'string' },
  amount: rupees(),
}

export const paymentEndpoints: ContractEndpoint[] = [
  post('/api/payments/verify', {
    tag: 'Payments',
    summary: 'Check the Checkout signature and record the payment (owner)',
    who: ['owner'],
    body: object(
      {
        razorpayOrderId: { type: 'string' },
        razorpayPaymentId: { type: 'string' },
        razorpaySignature: { type: 'string' },
      },
      ['razorpayOrderId', 'razorpayPaymentId', 'razorpaySignature'],
    ),
    responses: {
      '200': json(
        'Payment recorded',
        object({ payment: ref('schemas', 'Payment'), booking: ref('schemas', 'Booking') }),
      ),
    },
    alsoErrors: [404],
  }),
  post('/api/payments/:id/refund', {
    tag: 'Payments',
    summary: 'Refund a payment, in full or in part (finance, super_admin)',
    description:
      'Reserves the refund and queues the Razorpay call; its final state follows ' +
      "Razorpay's refund events. Without an amount, everything still refundable. A refund " +
      'of a desk payment is reserved as pending, owed by hand (see …/refunds/:refundId/paid). ' +
      '409 when a refund of the same amount and reason was asked on the payment in the last ' +
      '10 minutes and has not failed.',
    who: ['finance', 'super_admin'],
    body: object({ amount: rupees(), reason: text(500) }, ['reason']),
    responses: {
      '202': json(
        'Refund queued',
        object({
          refund: refundEntry,
          payment: object(paymentSummary),
        }),
      ),
    },
    alsoErrors: [409],
  }),
  post('/api/payments/:id/refunds/:refundId/paid', {
    tag: 'Payments',
    summary: 'Record a refund of a desk payment as paid back by hand (finance, super_admin)',
    description:
      'A refund of a payment taken at the desk (no Razorpay payment id) holds its amount from ' +
      'its request and stays pending until finance pays it back by hand and records it here: ' +
      'it becomes processed, counts in amountRefunded and settles the booking like a refund ' +
      'Razorpay processed. 400 for a Razorpay refund, 409 when already recorded.',
    who: ['finance', 'super_admin'],
    body: object({ reference: text(120, 'Voucher number, bank transfer UTR, ...') }, ['reference']),
    responses: {
      '200': json(
        'Refund recorded as paid',
        object({
          refund: refundEntry,
          payment: object({ ...paymentSummary, amountRefunded: rupees() }),
        }),
      ),
    },
    alsoErrors: [409],
  }),
  post('/api/batches/:id/cancel', {
    tag: 'Payments',
    summary: 'Call a departure off: cancel every live booking, refund in full (ops, super_admin)',
    who: ['ops_manager', 'super_admin'],
    body: object({ reason: text(500) }, ['reason']),
    responses: {
      '200': json(
        'Batch cancelled',
        object({
          batchId: { type: 'integer' },
          status: { type: 'string', enum: ['cancelled'] },
          cancelledBookings: { type: 'integer' },
          refundsQueued: { type: 'integer' },
          refundTotal: rupees(),
        }),
      ),
    },
  }),
  post('/api/razorpay/webhook', {
    tag: 'Payments',
    summary: "Razorpay's signed webhook; each event is applied once",
    description: 'Authenticated by the HMAC signature over the raw body, not by a session.',
    who: 'anyone',
    headers: [
      { name: 'X-Razorpay-Signature', description: 'HMAC-SHA256 of the raw body', required: true },
      { name: 'X-Razorpay-Event-Id', description: 'Event id used to apply each event once' },
    ],
    body: object({ event: { type: 'string' }, payload: { type: 'object' } }, ['event']),
    responses: { '200': json('Accepted (or already applied)', { type: 'object' }) },
    alsoErrors: [413],
  }),
  get('/api/payments/export', {
    tag: 'Payments',
    summary: 'Payments as CSV (finance, super_admin)',
    who: ['finance', 'super_admin'],
    query: [
      dateQuery(
        'from',
        'First business day included (Asia/Kolkata), or an ISO instant with an offset; 2000-2100',
      ),
      dateQuery(
        'to',
        'Last business day included (Asia/Kolkata), or an ISO instant with an offset; 2000-2100',
      ),
      {
        name: 'status',
        description: 'Only payments in this status',
        schema: { type: 'string', enum: ['pending', 'success', 'failed', 'refunded'] },
      },
    ],
    responses: {
      '200': {
        description: 'CSV, one payment a row',
        content: { 'text/csv': { schema: { type: 'string' } } },
      },
    },
  }),
]
