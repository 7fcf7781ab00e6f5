import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { env } from '@/config/env'

import { type FakeRazorpay, signWebhook, webhookEvent } from '../fakes/razorpay'
import { unique } from '../helpers/fixtures'
import { startHttpServer, type TestServer } from '../helpers/httpServer'
import { createTrekBatch, startPaymentsWorld } from './world'

const BOOKINGS = 70
const PRICE = 8999.99
const DUPLICATES = 60

/** A deterministic shuffle so a failure can be replayed. */
function shuffle<T>(items: T[], seed = 7): T[] {
  const out = [...items]
  let state = seed
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31
    const j = state % (i + 1)
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

describe('webhook deliveries fired concurrently over HTTP', () => {
  let payload: Payload
  let fake: FakeRazorpay
  let server: TestServer

  beforeAll(async () => {
    ;({ payload, fake } = await startPaymentsWorld())
    server = await startHttpServer()
  })
  afterAll(async () => {
    await server.close()
    await fake.stop()
  })

  it('applies each of 70 payments once across 200 deliveries with 30% duplicates', async () => {
    // A trekker holds one live booking per batch: 10 trekkers across 7 batches make 70.
    const batches: Array<{ id: number }> = []
    for (let i = 0; i < 7; i++) {
      batches.push((await createTrekBatch(payload, { price: PRICE })).batch)
    }
    const users = await Promise.all(
      Array.from({ length: 10 }, () =>
        payload.create({
          collection: 'users',
          data: {
            email: `${unique('burst')}@obs.test`,
            password: 'Burst-password-1',
            firstName: 'Burst',
          } as never,
          overrideAccess: true,
        }),
      ),
    )
    const bookingIds: number[] = []
    const events: Array<{ eventId: string; body: string }> = []
    const prepare = async (i: number) => {
      const booking = await payload.create({
        collection: 'bookings',
        data: {
          user: users[i % 10].id,
          batch: batches[Math.floor(i / 10)].id,
          status: 'pending',
          finalAmount: PRICE,
          amountPaid: 0,
          balanceDue: PRICE,
          holdExpiresAt: new Date(Date.now() + 30 * 60 * 1000).toISOString(),
        },
        overrideAccess: true,
      })
      const order = fake.openOrder(899999, `booking_${booking.id}`)
      await payload.create({
        collection: 'payments',
        data: {
          booking: booking.id,
          razorpayOrderId: order.id,
          amount: PRICE,
          currency: 'INR',
          status: 'pending',
        },
        overrideAccess: true,
      })
      const payment = fake.capture(order.id, { method: i % 3 === 0 ? 'card' : 'upi' })
      bookingIds.push(booking.id)
      events[2 * i] = webhookEvent('payment.captured', { payment })
      events[2 * i + 1] = webhookEvent('order.paid', { payment, order })
    }
    for (let chunk = 0; chunk < BOOKINGS; chunk += 10) {
      await Promise.all(Array.from({ length: 10 }, (_, k) => prepare(chunk + k)))
    }
    const deliveries = shuffle([...events, ...shuffle(events, 3).slice(0, DUPLICATES)])
    expect(deliveries).toHaveLength(200)

    const secret = env.razorpay.webhookSecrets[0]
    const deliver = async (event: { eventId: string; body: string }) => {
      const res = await fetch(`${server.url}/api/razorpay/webhook`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Razorpay-Signature': signWebhook(event.body, secret),
          'X-Razorpay-Event-Id': event.eventId,
        },
        body: event.body,
      })
      return { status: res.status, body: (await res.json()) as { outcome: string } }
    }
    // Razorpay redelivers any event not answered 2xx. On a starved machine a delivery queued
    // long on a batch lock meets the statement timeout (503, rolled back whole); like
    // Razorpay, the test sends it again, at most twice more. Every delivery must end applied,
    // ignored or duplicate: nothing lost, nothing applied twice.
    const responses = await Promise.all(
      deliveries.map(async (event) => {
        let answer = await deliver(event)
        for (let retry = 0; retry < 2 && answer.status === 503; retry++) {
          await new Promise((resolve) => setTimeout(resolve, 500))
          answer = await deliver(event)
        }
        return answer
      }),
    )

    expect(responses.filter((r) => r.status !== 200)).toEqual([])
    const outcomes = responses.reduce<Record<string, number>>((counts, r) => {
      counts[r.body.outcome] = (counts[r.body.outcome] ?? 0) + 1
      return counts
    }, {})
    expect(outcomes).toEqual({ applied: BOOKINGS, ignored: BOOKINGS, duplicate: DUPLICATES })

    const bookings = await payload.find({
      collection: 'bookings',
      where: { id: { in: bookingIds } },
      pagination: false,
      depth: 0,
      overrideAccess: true,
    })
    expect(
      bookings.docs.every(
        (b) => b.status === 'confirmed' && b.amountPaid === PRICE && b.balanceDue === 0,
      ),
    ).toBe(true)
    const totalPaid = bookings.docs.reduce(
      (sum, b) => sum + Math.round((b.amountPaid ?? 0) * 100),
      0,
    )
    expect(totalPaid).toBe(BOOKINGS * 899999)

    const payments = await payload.find({
      collection: 'payments',
      where: { booking: { in: bookingIds } },
      pagination: false,
      depth: 0,
      overrideAccess: true,
    })
    expect(payments.docs).toHaveLength(BOOKINGS)
    expect(
      payments.docs.every((p) => p.status === 'success' && p.razorpayEventIds?.length === 1),
    ).toBe(true)
    const recorded = await payload.count({
      collection: 'razorpay-events',
      where: { eventId: { in: events.map((e) => e.eventId) } },
      overrideAccess: true,
    })
    expect(recorded.totalDocs).toBe(events.length)
  }, 300_000)
})
