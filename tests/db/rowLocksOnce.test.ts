import { describe, expect, it } from '@jest/globals'
import { createLocalReq, type Payload } from 'payload'

import { inTransaction } from '@/db/transaction'
import { lockRow } from '@/shared/sql'

import { book, readyTrekker } from '../bookings/support'
import type { FakeRazorpay } from '../fakes/razorpay'
import { api } from '../helpers/api'
import { countStatements, type Statement } from '../helpers/queryCount'
import { paidBooking, type RoleUsers, usePaymentsWorld } from '../payments/world'

/**
 * The rows each row lock (`FOR UPDATE`, or `FOR NO KEY UPDATE` as batches take) asks for, in
 * order, as `table#id` (table read, first parameter).
 */
function rowLocks(statements: Statement[]): string[] {
  return statements
    .filter(({ text }) => /\bfor (no key )?update\b/i.test(text))
    .map(({ text, values }) => `${/\bfrom\s+"?(\w+)"?/i.exec(text)?.[1]}#${String(values[0])}`)
}

describe('each row lock is taken once per transaction', () => {
  let payload: Payload
  let fake: FakeRazorpay
  let roles: RoleUsers

  usePaymentsWorld((world) => ({ payload, fake, roles } = world))

  it('a booking update by id locks its batch, then the booking, once each', async () => {
    const { batch } = await paidBooking(payload, fake)
    const trekker = await readyTrekker(payload)
    const booked = await book(trekker.token, batch.id, { source: 'web' })
    const bookingId = booked.body.doc.id

    const { result, statements } = await countStatements(payload, () =>
      api('PATCH', `/bookings/${bookingId}`, {
        token: roles.ops_manager.token,
        body: { status: 'confirmed' },
      }),
    )

    expect(result.status).toBe(200)
    expect(rowLocks(statements)).toEqual([`batches#${batch.id}`, `bookings#${bookingId}`])
  })

  it('a refund locks batch, booking and payment once each, in that order', async () => {
    const { batch, booking, row } = await paidBooking(payload, fake)

    const { result, statements } = await countStatements(payload, () =>
      api('POST', `/payments/${row.id}/refund`, {
        token: roles.finance.token,
        body: { amount: 100, reason: 'Goodwill' },
      }),
    )

    expect(result.status).toBe(202)
    expect(rowLocks(statements)).toEqual([
      `batches#${batch.id}`,
      `bookings#${booking.id}`,
      `payments#${row.id}`,
    ])
  })

  it('a lock is remembered only for its own transaction', async () => {
    const trekker = await readyTrekker(payload)
    const req = await createLocalReq({}, payload)
    const lockTwiceIn = () =>
      inTransaction(req, async () => {
        await lockRow(req, 'users', trekker.id)
        await lockRow(req, 'users', trekker.id)
      })

    const first = await countStatements(payload, lockTwiceIn)
    const second = await countStatements(payload, lockTwiceIn)

    expect(rowLocks(first.statements)).toEqual([`users#${trekker.id}`])
    expect(rowLocks(second.statements)).toEqual([`users#${trekker.id}`])
  })
})
