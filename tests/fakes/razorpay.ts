import { createHmac, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A tiny Razorpay API on 127.0.0.1 for the real `razorpay` SDK: orders create/fetch,
 * payments fetch, refunds create and list, with Basic auth and Razorpay's error shape.
 * Tests drive the "customer" side through capture()/fail() and build signed webhooks.
 */

type Order = {
  id: string
  entity: 'order'
  amount: number
  amount_paid: number
  amount_due: number
  currency: string
  receipt: string | null
  status: 'created' | 'attempted' | 'paid'
  attempts: number
  notes: Record<string, string>
  created_at: number
}

type Payment = {
  id: string
  entity: 'payment'
  amount: number
  currency: string
  status: 'captured' | 'failed' | 'refunded'
  order_id: string
  method: string
  amount_refunded: number
  error_description: string | null
  email: string
  contact: string
  created_at: number
}

type Refund = {
  id: string
  entity: 'refund'
  amount: number
  currency: string
  payment_id: string
  notes: Record<string, string>
  receipt: string | null
  status: 'pending' | 'processed' | 'failed'
  speed_requested: string
  created_at: number
}

export type RecordedRequest = { method: string; path: string; body: any; authorized: boolean }

const now = () => Math.floor(Date.now() / 1000)
const newId = (prefix: string) => `${prefix}_${randomBytes(7).toString('hex')}`

export class FakeRazorpay {
  readonly orders = new Map<string, Order>()
  readonly payments = new Map<string, Payment>()
  readonly refunds = new Map<string, Refund>()
  readonly requests: RecordedRequest[] = []
  /** Answers the next N API calls with this HTTP status (simulates an outage). */
  failNext = { count: 0, status: 503 }
  /** Status newly created refunds get. */
  refundStatus: Refund['status'] = 'pending'
  url = ''
  private server?: Server

  constructor(
    readonly keyId: string,
    readonly keySecret: string,
  ) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.route(req, res))
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    const { port } = this.server.address() as AddressInfo
    this.url = `http://127.0.0.1:${port}/v1`
    return this
  }

  async stop() {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()))
  }

  /** An order as if created through the API (for tests that set up many at once). */
  openOrder(amount: number, receipt: string): Order {
    const order: Order = {
      id: newId('order'),
      entity: 'order',
      amount,
      amount_paid: 0,
      amount_due: amount,
      currency: 'INR',
      receipt,
      status: 'created',
      attempts: 0,
      notes: {},
      created_at: now(),
    }
    this.orders.set(order.id, order)
    return order
  }

  /** The customer pays an order successfully; returns Razorpay's payment entity. */
  capture(orderId: string, overrides: Partial<Payment> = {}): Payment {
    const order = this.orders.get(orderId)
    if (!order) {
      throw new Error(`fake: no order ${orderId}`)
    }
    const payment: Payment = {
      id: newId('pay'),
      entity: 'payment',
      amount: order.amount,
      currency: order.currency,
      status: 'captured',
      order_id: orderId,
      method: 'upi',
      amount_refunded: 0,
      error_description: null,
      email: 'void@razorpay.com',
      contact: '+919000090000',
      created_at: now(),
      ...overrides,
    }
    this.payments.set(payment.id, payment)
    if (payment.status === 'captured') {
      order.amount_paid += payment.amount
      order.amount_due = Math.max(0, order.amount - order.amount_paid)
      order.status = 'paid'
    }
    order.attempts += 1
    return payment
  }

  /** A failed attempt on an order. */
  fail(orderId: string, description = 'Payment was declined by the bank'): Payment {
    const payment = this.capture(orderId, { status: 'failed', error_description: description })
    const order = this.orders.get(orderId)!
    if (order.status !== 'paid') {
      order.status = 'attempted'
    }
    return payment
  }

  /** The signature Razorpay Checkout hands the app after a successful payment. */
  checkoutSignature(orderId: string, paymentId: string, secret = this.keySecret): string {
    return createHmac('sha256', secret).update(`${orderId}|${paymentId}`).digest('hex')
  }

  requestsTo(method: string, pathPrefix: string) {
    return this.requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix))
  }

  private async route(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = []
    for await (const chunk of req) {
      chunks.push(chunk as Buffer)
    }
    const raw = Buffer.concat(chunks).toString('utf8')
    const body = raw ? JSON.parse(raw) : undefined
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const expected = `Basic ${Buffer.from(`${this.keyId}:${this.keySecret}`).toString('base64')}`
    const authorized = req.headers.authorization === expected
    this.requests.push({ method: req.method ?? '', path: url.pathname, body, authorized })

    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify(payload))
    }
    const error = (status: number, description: string, code = 'BAD_REQUEST_ERROR') =>
      send(status, { error: { code, description, source: 'NA', step: 'NA', reason: 'NA' } })

    if (this.failNext.count > 0) {
      this.failNext.count -= 1
      return error(this.failNext.status, 'Service unavailable', 'SERVER_ERROR')
    }
    if (!authorized) {
      return error(401, 'Authentication failed')
    }

    const parts = url.pathname.split('/').filter(Boolean)
    if (parts[0] !== 'v1') {
      return error(404, 'The requested URL was not found on the server.')
    }
    const [, resource, id, action] = parts

    if (req.method === 'POST' && resource === 'orders' && !id) {
      if (!Number.isInteger(body?.amount) || body.amount < 100) {
        return error(400, 'The amount must be atleast INR 1.00')
      }
      const order: Order = {
        id: newId('order'),
        entity: 'order',
        amount: body.amount,
        amount_paid: 0,
        amount_due: body.amount,
        currency: body.currency ?? 'INR',
        receipt: body.receipt ?? null,
        status: 'created',
        attempts: 0,
        notes: body.notes ?? {},
        created_at: now(),
      }
      this.orders.set(order.id, order)
      return send(200, order)
    }
    if (req.method === 'GET' && resource === 'orders' && id) {
      const order = this.orders.get(id)
      return order ? send(200, order) : error(400, 'The id provided does not exist')
    }
    if (req.method === 'GET' && resource === 'payments' && id && !action) {
      const payment = this.payments.get(id)
      return payment ? send(200, payment) : error(400, 'The id provided does not exist')
    }
    if (req.method === 'GET' && resource === 'payments' && id && action === 'refunds') {
      const items = [...this.refunds.values()].filter((r) => r.payment_id === id)
      return send(200, { entity: 'collection', count: items.length, items })
    }
    if (req.method === 'POST' && resource === 'payments' && id && action === 'refund') {
      const payment = this.payments.get(id)
      if (!payment || payment.status === 'failed') {
        return error(400, 'The payment id provided is invalid or not captured')
      }
      const amount = body?.amount ?? payment.amount - payment.amount_refunded
      if (
        !Number.isInteger(amount) ||
        amount <= 0 ||
        amount > payment.amount - payment.amount_refunded
      ) {
        return error(400, 'The refund amount provided is greater than amount captured')
      }
      const refund: Refund = {
        id: newId('rfnd'),
        entity: 'refund',
        amount,
        currency: payment.currency,
        payment_id: id,
        notes: body?.notes ?? {},
        receipt: body?.receipt ?? null,
        status: this.refundStatus,
        speed_requested: body?.speed ?? 'normal',
        created_at: now(),
      }
      payment.amount_refunded += amount
      if (payment.amount_refunded === payment.amount) {
        payment.status = 'refunded'
      }
      this.refunds.set(refund.id, refund)
      return send(200, refund)
    }
    return error(404, 'The requested URL was not found on the server.')
  }
}

let eventCounter = 0

/** A webhook body as Razorpay sends it, with a fresh event id. */
export function webhookEvent(
  event: string,
  entities: { payment?: unknown; order?: unknown; refund?: unknown },
): { eventId: string; body: string } {
  const payload: Record<string, { entity: unknown }> = {}
  for (const [name, entity] of Object.entries(entities)) {
    if (entity) {
      payload[name] = { entity }
    }
  }
  const body = JSON.stringify({
    entity: 'event',
    account_id: 'acc_TestAccount01',
    event,
    contains: Object.keys(payload),
    payload,
    created_at: now(),
  })
  eventCounter += 1
  return {
    eventId: `evt_${Date.now().toString(36)}${eventCounter}${randomBytes(3).toString('hex')}`,
    body,
  }
}

export function signWebhook(body: string | Buffer, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex')
}
