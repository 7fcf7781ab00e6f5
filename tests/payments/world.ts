import { afterAll, beforeAll } from '@jest/globals'
import { sql } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'

import { env } from '@/config/env'

import { FakeRazorpay, signWebhook, webhookEvent } from '../fakes/razorpay'
import { api } from '../helpers/api'
import { createRoleUsers, createUser, type TestUser, unique } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

/** Payload on the test database, with the Razorpay SDK aimed at a fake on 127.0.0.1. */
export async function startPaymentsWorld() {
  const payload = await testPayload()
  const fake = await new FakeRazorpay(env.razorpay.keyId, env.razorpay.keySecret).start()
  env.razorpay.apiUrl = fake.url
  return { payload, fake }
}

export type RoleUsers = Awaited<ReturnType<typeof createRoleUsers>>
export type PaymentsWorld = { payload: Payload; fake: FakeRazorpay; roles: RoleUsers }

/**
 * Payload and the Razorpay fake for the enclosing file or describe: started before its tests,
 * the fake stopped after them. `receive` hands them to the file's own variables, so its
 * tests read `payload` and `fake` as before.
 */
export function usePayloadAndRazorpayFake(
  receive: (world: { payload: Payload; fake: FakeRazorpay }) => void,
) {
  let fake: FakeRazorpay | undefined
  beforeAll(async () => {
    const started = await startPaymentsWorld()
    fake = started.fake
    receive(started)
  })
  afterAll(async () => {
    await fake?.stop()
  })
}

/** The same, with one signed-in user for each staff role (and a trekker) as `roles`. */
export function usePaymentsWorld(receive: (world: PaymentsWorld) => void) {
  let started: { payload: Payload; fake: FakeRazorpay }
  usePayloadAndRazorpayFake((world) => (started = world))
  beforeAll(async () => {
    receive({ ...started, roles: await createRoleUsers(started.payload) })
  })
}

const MINUTE = 60 * 1000
const DAY = 24 * 60 * MINUTE

let admin: Promise<TestUser> | undefined

/**
 * A region, an active trek and an open batch. Publishing a trek is an ops decision that
 * its validation checks on the acting user, so a super_admin creates them.
 */
export async function createTrekBatch(
  payload: Payload,
  options: { price?: number; startsInDays?: number } = {},
) {
  admin ??= createUser(payload, 'super_admin')
  const user = await payload.findByID({ collection: 'users', id: (await admin).id, depth: 0 })
  const asAdmin = { overrideAccess: true, user } as const
  const region = await payload.create({
    collection: 'regions',
    data: { name: unique('Region') },
    ...asAdmin,
  })
  const trek = await payload.create({
    collection: 'treks',
    data: {
      name: unique('Kedarkantha'),
      region: region.id,
      maxAltitude: 3810,
      durationDays: 6,
      difficulty: 'moderate',
      status: 'active',
    },
    ...asAdmin,
  })
  const start = new Date(Date.now() + (options.startsInDays ?? 30) * DAY)
  const batch = await payload.create({
    collection: 'batches',
    data: {
      trek: trek.id,
      startDate: start.toISOString(),
      endDate: new Date(start.getTime() + 5 * DAY).toISOString(),
      totalSeats: 40,
      price: options.price ?? 12500,
      status: 'open',
    },
    ...asAdmin,
  })
  return { region, trek, batch }
}

/**
 * A pending booking holding a seat, as the bookings domain would leave it before payment.
 * The batch price equals the amount so server-computed money fields agree with it.
 */
export async function createPendingBooking(
  payload: Payload,
  options: { user?: TestUser; amount?: number; batch?: { id: number } } = {},
) {
  const amount = options.amount ?? 12500
  const user = options.user ?? (await createUser(payload, null))
  const batch = options.batch ?? (await createTrekBatch(payload, { price: amount })).batch
  // Checkout demands an emergency contact, as confirmation does.
  await payload.create({
    collection: 'emergency-contacts',
    data: { user: user.id, name: 'Ravi Rawat', relationship: 'Brother', phone: '+919812345671' },
    overrideAccess: true,
  })
  const booking = await payload.create({
    collection: 'bookings',
    data: {
      user: user.id,
      batch: batch.id,
      status: 'pending',
      baseAmount: amount,
      discountAmount: 0,
      finalAmount: amount,
      amountPaid: 0,
      balanceDue: amount,
      holdExpiresAt: new Date(Date.now() + 30 * MINUTE).toISOString(),
      trekkerName: 'Asha Rawat',
      trekkerEmail: user.email,
      trekkerPhone: '+919812345678',
    },
    overrideAccess: true,
  })
  return { booking, user, batch }
}

type Drizzle = { execute: (query: ReturnType<typeof sql>) => Promise<{ rows: any[] }> }

/** Raw SQL on the test database, bypassing hooks (to move a hold into the past, etc.). */
export async function rawSql(payload: Payload, query: ReturnType<typeof sql>) {
  return (payload.db as unknown as { drizzle: Drizzle }).drizzle.execute(query)
}

export async function expireHold(payload: Payload, bookingId: number, minutesAgo = 5) {
  const past = new Date(Date.now() - minutesAgo * MINUTE).toISOString()
  await rawSql(payload, sql`update bookings set hold_expires_at = ${past} where id = ${bookingId}`)
}

export async function checkout(user: TestUser, bookingId: number) {
  return api('POST', `/bookings/${bookingId}/checkout`, { token: user.token })
}

/** Sends a webhook signed like Razorpay (or as told) through the in-process REST handler. */
export async function deliver(
  event: { eventId: string; body: string },
  options: { secret?: string; signature?: string; eventId?: string; body?: string } = {},
) {
  const body = options.body ?? event.body
  const signature =
    options.signature ?? signWebhook(event.body, options.secret ?? env.razorpay.webhookSecrets[0])
  return api('POST', '/razorpay/webhook', {
    rawBody: body,
    headers: {
      'Content-Type': 'application/json',
      'X-Razorpay-Signature': signature,
      'X-Razorpay-Event-Id': options.eventId ?? event.eventId,
    },
  })
}

export function capturedEvent(payment: object) {
  return webhookEvent('payment.captured', { payment })
}

/** Runs queued jobs (refund calls) the way the jobs runner would. */
/**
 * Runs the default queue until nothing is ready: jobs that earlier files of the same worker
 * left in its database would otherwise fill a single round and hold back this file's own.
 */
export async function runJobs(payload: Payload, rounds = 20) {
  for (let round = 0; round < rounds; round++) {
    const result = await payload.jobs.run({ allQueues: true, limit: 100 })
    if (result.noJobsRemaining) {
      return
    }
  }
}

/** Runs the queued jobs with Razorpay refusing the first `refused` refund calls (400). */
export async function runRefundJobs(payload: Payload, fake: FakeRazorpay, refused: number) {
  const saved = { failNext: fake.failNext, refundStatus: fake.refundStatus }
  fake.refundStatus = 'processed'
  fake.failNext = { count: refused, status: 400 }
  try {
    await runJobs(payload)
  } finally {
    fake.failNext = saved.failNext
    fake.refundStatus = saved.refundStatus
  }
}

export async function paymentOf(payload: Payload, bookingId: number) {
  const found = await payload.find({
    collection: 'payments',
    where: { booking: { equals: bookingId } },
    sort: 'id',
    depth: 0,
    overrideAccess: true,
  })
  return found.docs
}

export async function bookingOf(payload: Payload, bookingId: number) {
  return payload.findByID({ collection: 'bookings', id: bookingId, depth: 0, overrideAccess: true })
}

/** A booking with a checkout order, paid at Razorpay (not yet reported to us). */
export async function paidAtRazorpay(payload: Payload, fake: FakeRazorpay, amount = 12500) {
  const world = await createPendingBooking(payload, { amount })
  const order = await checkout(world.user, world.booking.id)
  if (order.status !== 201) {
    throw new Error(`checkout failed: ${JSON.stringify(order.body)}`)
  }
  const payment = fake.capture(order.body.orderId)
  return { ...world, orderId: order.body.orderId as string, payment }
}

/** A booking paid in full and confirmed through the webhook. */
export async function paidBooking(
  payload: Payload,
  fake: FakeRazorpay,
  options: { amount?: number; batch?: { id: number } } = {},
) {
  const world = options.batch
    ? await (async () => {
        const base = await createPendingBooking(payload, {
          amount: options.amount,
          batch: options.batch,
        })
        const order = await checkout(base.user, base.booking.id)
        return {
          ...base,
          orderId: order.body.orderId as string,
          payment: fake.capture(order.body.orderId),
        }
      })()
    : await paidAtRazorpay(payload, fake, options.amount)
  const res = await deliver(capturedEvent(world.payment))
  if (res.body.outcome !== 'applied') {
    throw new Error(`payment not applied: ${JSON.stringify(res.body)}`)
  }
  const [row] = await paymentOf(payload, world.booking.id)
  return { ...world, row }
}

/** Razorpay tells us a refund it made went through (or failed). */
export async function refundEvent(
  fake: FakeRazorpay,
  razorpayRefundId: string,
  status: 'processed' | 'failed',
) {
  const refund = fake.refunds.get(razorpayRefundId)!
  refund.status = status
  return deliver(webhookEvent(`refund.${status}`, { refund }))
}
