import { describe, expect, it } from '@jest/globals'
import { sql } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import type { FakeRazorpay } from '../fakes/razorpay'
import { paidBooking, paymentOf, rawSql, runJobs, usePaymentsWorld, type RoleUsers } from './world'

/**
 * The refund job retries Razorpay 5xx and 429 answers 6 times; when its last try fails it leaves
 * the refund for finance: `failed` (holding nothing) and the payment flagged, unless Razorpay
 * turns out to have made the refund on a try whose answer was lost (review round 22).
 */
let payload: Payload
let fake: FakeRazorpay
let roles: RoleUsers

usePaymentsWorld((world) => {
  ;({ payload, fake, roles } = world)
})

/** A goodwill refund of ₹2,000 finance asked for on a paid booking, its job still queued. */
async function queuedRefund() {
  const world = await paidBooking(payload, fake)
  await runJobs(payload)
  const asked = await api('POST', `/payments/${world.row.id}/refund`, {
    token: roles.finance.token,
    body: { amount: 2000, reason: 'Goodwill for the delayed start' },
  })
  expect(asked.status).toBe(202)
  const [row] = await paymentOf(payload, world.booking.id)
  const refund = row.refunds!.at(-1)!
  expect(refund.status).toBe('queued')
  return { world, paymentId: row.id, refundId: refund.id! }
}

/** Runs the refund's job `tries` times while Razorpay answers its next `failures` calls 503. */
async function failTries(refundId: string, tries: number, failures = 1000) {
  const saved = fake.failNext
  fake.failNext = { count: failures, status: 503 }
  try {
    for (let round = 0; round < tries; round++) {
      const { rows } = await rawSql(
        payload,
        sql`update payload_jobs set wait_until = now() - interval '1 second'
            where completed_at is null and input->>'refundId' = ${refundId} returning id`,
      )
      // This job alone: another file's jobs left queued in the shared worker database would
      // call the fake too and take the failures meant for this one's tries.
      for (const row of rows as Array<{ id: number }>) {
        await payload.jobs.runByID({ id: row.id, silent: true })
      }
    }
  } finally {
    fake.failNext = saved
  }
  const { rows } = await rawSql(
    payload,
    sql`select total_tried::int as total_tried, has_error from payload_jobs where input->>'refundId' = ${refundId}`,
  )
  return rows[0] as { total_tried: number; has_error: boolean | null }
}

describe('a refund job that runs out of retries', () => {
  it('marks the refund failed and flags the payment, so finance can issue it again', async () => {
    const { world, paymentId, refundId } = await queuedRefund()
    expect(await failTries(refundId, 6)).toMatchObject({ total_tried: 6 })
    const [still] = await paymentOf(payload, world.booking.id)
    expect(still.refunds!.at(-1)).toMatchObject({ id: refundId, status: 'queued' })
    expect(still.needsAttention).toBe(false)

    expect(await failTries(refundId, 1)).toMatchObject({ total_tried: 7, has_error: true })
    const [row] = await paymentOf(payload, world.booking.id)
    expect(row.refunds!.at(-1)).toMatchObject({ id: refundId, status: 'failed' })
    expect(row.refunds!.at(-1)!.razorpayRefundId ?? null).toBeNull()
    expect(row.needsAttention).toBe(true)
    expect(row.attentionReason).toContain(`Refund ${refundId} of ₹2,000`)
    expect(row.attentionReason).toContain('was not sent')
    expect(row.amountRefunded).toBe(0)
    expect(fake.requestsTo('POST', `/v1/payments/${world.payment.id}/refund`)).toHaveLength(0)

    const again = await api('POST', `/payments/${paymentId}/refund`, {
      token: roles.finance.token,
      body: { amount: 2000, reason: 'Goodwill for the delayed start, again' },
    })
    expect(again.status).toBe(202)
  })

  it('records a refund Razorpay made on a try whose answer was lost instead of failing it', async () => {
    const { world, refundId } = await queuedRefund()
    await failTries(refundId, 6)
    // An earlier try's create reached Razorpay; only its answer was lost.
    fake.refunds.set('rfnd_lostanswer01', {
      id: 'rfnd_lostanswer01',
      entity: 'refund',
      amount: 200000,
      currency: 'INR',
      payment_id: world.payment.id,
      notes: { refundId, bookingId: String(world.booking.id) },
      receipt: refundId,
      status: 'pending',
      speed_requested: 'normal',
      created_at: Math.floor(Date.now() / 1000),
    })

    // The last try's own lookup fails; the one made while giving up is answered.
    expect(await failTries(refundId, 1, 1)).toMatchObject({ total_tried: 7, has_error: true })
    const [row] = await paymentOf(payload, world.booking.id)
    expect(row.refunds!.at(-1)).toMatchObject({
      id: refundId,
      status: 'pending',
      razorpayRefundId: 'rfnd_lostanswer01',
    })
    expect(row.needsAttention).toBe(false)
  })
})
