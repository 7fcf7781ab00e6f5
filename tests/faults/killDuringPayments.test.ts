import { afterAll, beforeAll, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { env } from '@/config/env'

import { signWebhook, webhookEvent, type FakeRazorpay } from '../fakes/razorpay'
import { capturedEvent, paidAtRazorpay, startPaymentsWorld } from '../payments/world'
import { startChildServer, type ChildServer } from './childServer'

/**
 * The service SIGKILLed while Razorpay webhooks are being applied, then started again and
 * sent every event once more (Razorpay redelivers whatever was not answered 2xx). Each
 * payment must count exactly once and no booking may be left between paid and confirmed.
 */

let payload: Payload
let fake: FakeRazorpay
let child: ChildServer | undefined

beforeAll(async () => {
  ;({ payload, fake } = await startPaymentsWorld())
})

afterAll(async () => {
  await child?.kill()
  await fake.stop()
})

type Delivery = { eventId: string; body: string }

async function deliverOver(url: string, event: Delivery): Promise<number> {
  try {
    const res = await fetch(`${url}/api/razorpay/webhook`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Razorpay-Signature': signWebhook(event.body, env.razorpay.webhookSecrets[0]),
        'X-Razorpay-Event-Id': event.eventId,
      },
      body: event.body,
    })
    await res.text()
    return res.status
  } catch {
    return 0
  }
}

const count = async (collection: any, where: any) =>
  (await payload.count({ collection, where, overrideAccess: true })).totalDocs

it('SIGKILL mid-webhooks, restart, redelivery: every payment applied once, no booking half-done', async () => {
  const started = Date.now()
  const worlds = []
  for (let i = 0; i < 12; i += 1) {
    worlds.push(await paidAtRazorpay(payload, fake, 12500))
  }
  // Razorpay sends both payment.captured and order.paid for one payment: two event ids.
  const events: Delivery[] = worlds.flatMap((world) => [
    capturedEvent(world.payment),
    webhookEvent('order.paid', {
      payment: world.payment,
      order: fake.orders.get(world.orderId),
    }),
  ])
  const serverEnv = { RAZORPAY_API_URL: fake.url }

  child = await startChildServer(serverEnv)
  const inFlight = events.map((event) => deliverOver(child!.url, event))
  await new Promise((resolve) => setTimeout(resolve, 150))
  await child.kill()
  const beforeKill = await Promise.all(inFlight)

  child = await startChildServer(serverEnv)
  const redelivered = await Promise.all(events.map((event) => deliverOver(child!.url, event)))
  const onceMore = []
  for (const event of events.slice(0, 4)) {
    onceMore.push(await deliverOver(child.url, event))
  }
  await child.kill()
  child = undefined

  expect(redelivered.every((status) => status === 200)).toBe(true)
  expect(onceMore).toEqual([200, 200, 200, 200])
  for (const world of worlds) {
    const booking = await payload.findByID({
      collection: 'bookings',
      id: world.booking.id,
      depth: 0,
      overrideAccess: true,
    })
    expect(booking).toMatchObject({ status: 'confirmed', amountPaid: 12500, balanceDue: 0 })
    const payments = await payload.find({
      collection: 'payments',
      where: { booking: { equals: world.booking.id } },
      depth: 0,
      overrideAccess: true,
    })
    expect(payments.docs.map((p) => [p.razorpayPaymentId, p.status, p.amount])).toEqual([
      [world.payment.id, 'success', 12500],
    ])
    expect(await count('points-transactions', { booking: { equals: world.booking.id } })).toBe(1)
    const user = await payload.findByID({
      collection: 'users',
      id: world.user.id,
      depth: 0,
      overrideAccess: true,
    })
    expect(user.obsPoints).toBe(100)
    expect(
      await count('notification-deliveries', {
        booking: { equals: world.booking.id },
        template: { equals: 'booking_confirmed' },
      }),
    ).toBe(1)
  }
  for (const event of events) {
    expect(await count('razorpay-events', { eventId: { equals: event.eventId } })).toBe(1)
  }
  const answeredBeforeKill = beforeKill.filter((status) => status === 200).length
  console.info(
    `kill during payments: ${answeredBeforeKill}/${events.length} answered before SIGKILL, ` +
      `all applied once after redelivery, ${Date.now() - started} ms`,
  )
  expect(answeredBeforeKill).toBeLessThan(events.length)
  expect(Date.now() - started).toBeLessThan(60_000)
}, 90_000)
