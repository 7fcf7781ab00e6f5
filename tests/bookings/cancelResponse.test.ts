import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { createRoleUsers } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

import { book, bookableBatch, payInFull, readyTrekker } from './support'

let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
})

// The admin's Cancel booking box shows the refund from this response, so it must be the
// booking as cancelled, not as it was read before the change.
describe('the answer to POST /api/bookings/:id/cancel from the desk', () => {
  it('is the cancelled booking with the refund the policy gave', async () => {
    const { batch } = await bookableBatch(payload, { startsInDays: 45, price: 12000 })
    const trekker = await readyTrekker(payload)
    const booked = await book(trekker.token, batch.id)
    const id = booked.body.doc.id as number
    expect((await payInFull(payload, roles.finance.token, id)).status).toBe(201)

    const res = await api('POST', `/bookings/${id}/cancel`, {
      token: roles.cs.token,
      body: { reason: 'Knee injury' },
    })

    expect(res.status).toBe(200)
    expect(res.body.doc).toMatchObject({
      id,
      status: 'cancelled',
      amountPaid: 12000,
      refundDue: 10800,
      cancellationReason: 'Knee injury',
    })
    const stored = await api('GET', `/bookings/${id}?depth=0`, { token: roles.cs.token })
    expect(stored.body).toMatchObject({ status: 'cancelled', refundDue: 10800 })
  })

  it('owes nothing more once cancelled: a part-paid booking’s balance goes to 0', async () => {
    const { batch } = await bookableBatch(payload, { startsInDays: 45, price: 12000 })
    const trekker = await readyTrekker(payload)
    const id = (await book(trekker.token, batch.id)).body.doc.id as number
    const deposit = await api('POST', `/bookings/${id}/offline-payment`, {
      token: roles.finance.token,
      body: { amount: 3000, method: 'cash', reference: `D-${id}` },
    })
    expect(deposit.body.doc).toMatchObject({ status: 'pending', balanceDue: 9000 })

    const res = await api('POST', `/bookings/${id}/cancel`, {
      token: roles.cs.token,
      body: { reason: 'Plans changed' },
    })

    expect(res.status).toBe(200)
    expect(res.body.doc).toMatchObject({
      status: 'cancelled',
      amountPaid: 3000,
      balanceDue: 0,
      refundDue: 2700,
    })
  })
})
