import { describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { env } from '@/config/env'

import { type FakeRazorpay, signWebhook } from '../fakes/razorpay'
import { api, graphql, qs } from '../helpers/api'
import { countQueries } from '../helpers/queryCount'
import { type TestUser } from '../helpers/fixtures'
import { assignGuide, book, bookableBatch, readyTrekker } from '../bookings/support'
import {
  bookingOf,
  capturedEvent,
  checkout,
  createPendingBooking,
  deliver,
  paidAtRazorpay,
  paymentOf,
  type RoleUsers,
  usePaymentsWorld,
} from '../payments/world'

/**
 * Review probes: hidden fields used as oracles in `where`/`sort` (a guide learning who paid,
 * a trekker learning which of their payments staff flagged), hostile webhook and verify
 * bodies, and a Razorpay capture landing on a booking the desk already took cash for.
 */
describe('review: oracles and webhooks', () => {
  let payload: Payload
  let fake: FakeRazorpay
  let roles: RoleUsers

  usePaymentsWorld((world) => ({ payload, fake, roles } = world))

  it('a guide cannot learn who has paid on their batch through where or sort on money', async () => {
    const { batch } = await bookableBatch(payload, { seats: 10, price: 9000 })
    await assignGuide(payload, roles.guide, batch.id)
    const payer = await readyTrekker(payload)
    const debtor = await readyTrekker(payload)
    const paid = await book(payer.token, batch.id)
    const unpaid = await book(debtor.token, batch.id)
    await api('POST', `/bookings/${paid.body.doc.id}/offline-payment`, {
      token: roles.finance.token,
      body: { amount: 9000, method: 'cash' },
    })
    const list = async (query: Record<string, unknown>) => {
      const res = await api('GET', `/bookings?${qs({ depth: 0, ...query })}`, {
        token: roles.guide.token,
      })
      return res.status === 200 ? res.body.docs.map((d: any) => d.id).sort() : res.status
    }
    const everyone = await list({ where: { batch: { equals: batch.id } } })
    expect(everyone).toEqual([paid.body.doc.id, unpaid.body.doc.id].sort())
    for (const where of [
      { batch: { equals: batch.id }, amountPaid: { equals: 9000 } },
      { batch: { equals: batch.id }, balanceDue: { greater_than: 0 } },
      { batch: { equals: batch.id }, finalAmount: { exists: true }, amountPaid: { less_than: 1 } },
    ]) {
      const filtered = await list({ where })
      // Either the hidden field is refused or ignored; it never singles out one trekker.
      expect({ where, leaks: Array.isArray(filtered) && filtered.length === 1 }).toEqual({
        where,
        leaks: false,
      })
    }
    const gql = await graphql(
      `{ Bookings(where: { batch: { equals: ${batch.id} }, amountPaid: { equals: 9000 } }) { docs { id } } }`,
      undefined,
      roles.guide.token,
    )
    expect(gql.body.data?.Bookings?.docs?.length ?? 0).not.toBe(1)
  })

  it('a trekker cannot learn which of their payments staff flagged', async () => {
    const trekker: TestUser = await readyTrekker(payload)
    const { batch: a } = await bookableBatch(payload, { price: 4000 })
    const { batch: b } = await bookableBatch(payload, { price: 4000 })
    const first = await createPendingBooking(payload, { user: trekker, amount: 4000, batch: a })
    const second = await createPendingBooking(payload, { user: trekker, amount: 4000, batch: b })
    await checkout(trekker, first.booking.id)
    await checkout(trekker, second.booking.id)
    const [flagged] = await paymentOf(payload, first.booking.id)
    await payload.update({
      collection: 'payments',
      id: flagged.id,
      data: { needsAttention: true, attentionReason: 'Suspected chargeback fraud' },
      overrideAccess: true,
    })
    for (const where of [
      { needsAttention: { equals: true } },
      { attentionReason: { like: 'fraud' } },
    ]) {
      const res = await api('GET', `/payments?${qs({ where, depth: 0 })}`, {
        token: trekker.token,
      })
      const ids = res.status === 200 ? res.body.docs.map((d: any) => d.id) : []
      expect({ where, singled: ids.length === 1 }).toEqual({ where, singled: false })
      expect(JSON.stringify(res.body)).not.toContain('fraud')
    }
  })

  it('answers hostile but correctly signed webhook bodies with 2xx/4xx and no change', async () => {
    const { booking } = await paidAtRazorpay(payload, fake)
    const secret = env.razorpay.webhookSecrets[0]
    const bodies = [
      '{"event":"payment.captured"',
      'null',
      '[]',
      '"payment.captured"',
      '{"event":"payment.captured","payload":null}',
      '{"event":"payment.captured","payload":{"payment":{"entity":null}}}',
      '{"event":"payment.captured","payload":{"payment":{"entity":{"id":{"$ne":1},"order_id":["x"],"amount":"1250000"}}}}',
      '{"event":"payment.captured","payload":{"payment":{"entity":{"id":"pay_\u0000","order_id":"order_\u0000","amount":1e308,"currency":"INR"}}}}',
      '{"event":"refund.processed","payload":{"refund":{"entity":{"id":"rfnd_x","payment_id":null,"amount":-5}}}}',
      '{"__proto__":{"polluted":true},"event":"order.paid","payload":{}}',
    ]
    let n = 0
    for (const body of bodies) {
      n += 1
      const res = await deliver(
        { eventId: `evt_hostile_${booking.id}_${n}`, body },
        { signature: signWebhook(body, secret) },
      )
      expect({ body, status: res.status < 500 }).toEqual({ body, status: true })
    }
    expect(({} as any).polluted).toBeUndefined()
    expect(await bookingOf(payload, booking.id)).toMatchObject({
      status: 'pending',
      amountPaid: 0,
    })
  })

  it('refuses unsigned, wrongly signed and header-smuggled webhooks with 4xx', async () => {
    const { booking, payment } = await paidAtRazorpay(payload, fake)
    const event = capturedEvent(payment)
    const attempts = [
      { signature: '' },
      { signature: 'deadbeef' },
      { signature: signWebhook(event.body, 'guessed-secret') },
      { signature: signWebhook(event.body + ' ', env.razorpay.webhookSecrets[0]) },
      { signature: `${signWebhook(event.body, env.razorpay.webhookSecrets[0])}, x` },
    ]
    for (const attempt of attempts) {
      const res = await deliver(event, attempt)
      expect(res.status).toBeGreaterThanOrEqual(400)
      expect(res.status).toBeLessThan(500)
    }
    expect((await bookingOf(payload, booking.id)).status).toBe('pending')
  })

  it('refuses hostile verify bodies with 4xx and no change', async () => {
    const { booking, user, orderId, payment } = await paidAtRazorpay(payload, fake)
    const good = fake.checkoutSignature(orderId, payment.id)
    const bodies = [
      { razorpayOrderId: orderId, razorpayPaymentId: payment.id },
      { razorpayOrderId: [orderId], razorpayPaymentId: payment.id, razorpaySignature: good },
      { razorpayOrderId: { $ne: 1 }, razorpayPaymentId: payment.id, razorpaySignature: good },
      {
        razorpayOrderId: orderId,
        razorpayPaymentId: payment.id,
        razorpaySignature: good.toUpperCase(),
      },
      {
        razorpayOrderId: orderId,
        razorpayPaymentId: payment.id,
        razorpaySignature: good.slice(0, 10),
      },
      { razorpayOrderId: orderId, razorpayPaymentId: 'pay_other', razorpaySignature: good },
      {
        razorpayOrderId: 'x'.repeat(100000),
        razorpayPaymentId: payment.id,
        razorpaySignature: good,
      },
      {
        razorpayOrderId: `${orderId}\u0000`,
        razorpayPaymentId: payment.id,
        razorpaySignature: good,
      },
    ]
    for (const body of bodies) {
      const res = await api('POST', '/payments/verify', { token: user.token, body })
      expect({ i: bodies.indexOf(body), status: res.status >= 400 && res.status < 500 }).toEqual({
        i: bodies.indexOf(body),
        status: true,
      })
    }
    expect(await bookingOf(payload, booking.id)).toMatchObject({ status: 'pending', amountPaid: 0 })
  })

  it('refunds a Razorpay capture that lands after the desk was paid in full, and counts the money once', async () => {
    const { booking, user, payment } = await paidAtRazorpay(payload, fake)
    const desk = await api('POST', `/bookings/${booking.id}/offline-payment`, {
      token: roles.cs.token,
      body: { amount: 12500, method: 'cash' },
    })
    expect(desk.status).toBe(201)
    const hook = await deliver(capturedEvent(payment))
    expect(hook.status).toBe(200)
    expect(await bookingOf(payload, booking.id)).toMatchObject({
      status: 'confirmed',
      amountPaid: 12500,
      balanceDue: 0,
    })
    const rows = await paymentOf(payload, booking.id)
    const razorpayRow = rows.find((r) => r.razorpayPaymentId === payment.id)!
    expect((razorpayRow.refunds ?? []).reduce((s, r) => s + Number(r.amount), 0)).toBe(12500)
    expect(razorpayRow.needsAttention).toBe(true)
    const me = await payload.findByID({ collection: 'users', id: user.id, overrideAccess: true })
    expect(me.obsPoints).toBe(100)
  })

  it('refunds the excess when a capture lands after a part payment at the desk', async () => {
    const { booking, payment } = await paidAtRazorpay(payload, fake)
    await api('POST', `/bookings/${booking.id}/offline-payment`, {
      token: roles.cs.token,
      body: { amount: 5000, method: 'cash' },
    })
    const hook = await deliver(capturedEvent(payment))
    expect(hook.status).toBe(200)
    expect(await bookingOf(payload, booking.id)).toMatchObject({
      status: 'confirmed',
      amountPaid: 12500,
      balanceDue: 0,
    })
    const razorpayRow = (await paymentOf(payload, booking.id)).find(
      (r) => r.razorpayPaymentId === payment.id,
    )!
    expect((razorpayRow.refunds ?? []).reduce((s, r) => s + Number(r.amount), 0)).toBe(5000)
  })

  it('GraphQL: one anonymous request cannot fan out into hundreds of list queries', async () => {
    // Each alias is a full paginated find (count + select). The complexity budget (1000)
    // prices `Treks(limit: 100) { docs { id } }` at a few points, so ~300 fit in one request.
    const aliases = Array.from(
      { length: 300 },
      (_, i) => `a${i}: Treks(limit: 100) { docs { id } }`,
    ).join(' ')
    const started = Date.now()
    const { result: flood, queries } = await countQueries(payload, () => graphql(`{ ${aliases} }`))
    const ms = Date.now() - started
    expect(flood.status).toBeLessThan(500)
    // The safe answer is a refusal before running, as for the over-budget query; at the
    // least, one request must not cost more than 100 SQL statements.
    expect({ queries: queries.length, ms, refused: Boolean(flood.body.errors?.length) }).toEqual(
      expect.objectContaining({ refused: true }),
    )
  })

  it('GraphQL: a batched array of 200 operations is refused or bounded, never a 500', async () => {
    const started = Date.now()
    const { result: batched, queries } = await countQueries(payload, () =>
      api('POST', '/graphql', {
        body: Array.from({ length: 200 }, () => ({
          query: '{ Treks(limit: 100) { docs { id } } }',
        })),
      }),
    )
    expect(batched.status).toBeLessThan(500)
    expect({ statements: queries.length <= 100, ms: Date.now() - started }).toEqual(
      expect.objectContaining({ statements: true }),
    )
    expect((await api('GET', '/health')).status).toBe(200)
  })
})
