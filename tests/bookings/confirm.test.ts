import { beforeAll, describe, expect, it } from '@jest/globals'
import {
  commitTransaction,
  createLocalReq,
  initTransaction,
  killTransaction,
  type Payload,
} from 'payload'

import { applyPaymentToBooking, recordRefundPaid } from '@/bookings'
import { api, graphql } from '../helpers/api'
import { createRoleUsers } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

import { book, bookableBatch, bookingRow, quickTrekker, readyTrekker } from './support'

let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
})

const offline = (id: number, token: string | undefined, body: Record<string, unknown>) =>
  api('POST', `/bookings/${id}/offline-payment`, { token, body })

async function pending(price = 10000, trekker?: Awaited<ReturnType<typeof readyTrekker>>) {
  const { batch } = await bookableBatch(payload, { price })
  const who = trekker ?? (await readyTrekker(payload))
  const res = await book(who.token, batch.id)
  expect(res.status).toBe(201)
  return { trekker: who, bookingId: res.body.doc.id as number }
}

const paymentsOf = (bookingId: number) =>
  payload.find({
    collection: 'payments',
    where: { booking: { equals: bookingId } },
    overrideAccess: true,
    depth: 0,
  })

const pointsOf = async (userId: number) =>
  (await payload.findByID({ collection: 'users', id: userId, overrideAccess: true })) as any

describe('POST /api/bookings/:id/offline-payment', () => {
  it('records a part payment, then confirms on the rest and awards 100 points once', async () => {
    const { trekker, bookingId } = await pending(10000)

    const deposit = await offline(bookingId, roles.finance.token, {
      amount: 4000.5,
      method: 'bank_transfer',
      reference: 'NEFT-77',
    })

    expect(deposit.status).toBe(201)
    expect(deposit.body.payment).toMatchObject({
      amount: 4000.5,
      status: 'success',
      method: 'bank_transfer',
    })
    expect(await bookingRow(payload, bookingId)).toMatchObject({
      status: 'pending',
      amountPaid: 4000.5,
      balanceDue: 5999.5,
    })
    expect((await pointsOf(trekker.id)).obsPoints).toBe(0)

    const rest = await offline(bookingId, roles.cs.token, { amount: 5999.5, method: 'cash' })

    expect(rest.status).toBe(201)
    expect(rest.body.doc).toMatchObject({ status: 'confirmed', amountPaid: 10000, balanceDue: 0 })
    expect((await bookingRow(payload, bookingId)).confirmedAt).toBeTruthy()
    expect((await paymentsOf(bookingId)).docs.map((p) => [p.amount, p.status])).toEqual(
      expect.arrayContaining([
        [4000.5, 'success'],
        [5999.5, 'success'],
      ]),
    )
    expect(await pointsOf(trekker.id)).toMatchObject({ obsPoints: 100, tribeTier: 'basecamp' })
    const ledger = await payload.find({
      collection: 'points-transactions',
      where: { user: { equals: trekker.id } },
      overrideAccess: true,
      depth: 0,
    })
    expect(ledger.docs.map((row) => [row.amount, row.reason, row.booking])).toEqual([
      [100, 'Booking confirmed', bookingId],
    ])
  })

  it('mails a receipt for a deposit, and only the confirmation for the payment that confirms', async () => {
    const { bookingId } = await pending(10000)
    const mailsOf = async () =>
      (
        await payload.find({
          collection: 'notification-deliveries',
          where: { booking: { equals: bookingId } },
          sort: 'id',
          depth: 0,
          overrideAccess: true,
        })
      ).docs.map((row) => ({ template: row.template, key: row.key }))

    const deposit = await offline(bookingId, roles.finance.token, { amount: 2500, method: 'upi' })
    expect(deposit.status).toBe(201)
    expect(await mailsOf()).toEqual([
      { template: 'payment_received', key: `payment_received:${deposit.body.payment.id}` },
    ])
    const receipt = await payload.find({
      collection: 'notification-deliveries',
      where: { key: { equals: `payment_received:${deposit.body.payment.id}` } },
      depth: 0,
      overrideAccess: true,
    })
    expect(receipt.docs[0].params).toMatchObject({
      amount: '₹2,500.00',
      method: 'upi',
      balanceDue: '₹7,500.00',
    })

    const rest = await offline(bookingId, roles.finance.token, { amount: 7500, method: 'cash' })
    expect(rest.status).toBe(201)
    expect(await mailsOf()).toEqual([
      { template: 'payment_received', key: `payment_received:${deposit.body.payment.id}` },
      { template: 'booking_confirmed', key: `booking_confirmed:${bookingId}` },
    ])
  })

  it('refuses overpayments, bad amounts and methods, and cancelled bookings', async () => {
    const { trekker, bookingId } = await pending(5000)
    const cases: Array<[Record<string, unknown>, string]> = [
      [
        { amount: 5000.01, method: 'cash' },
        'This payment of ₹5,000.01 is more than the balance due of ₹5,000.00',
      ],
      [
        { amount: -5, method: 'cash' },
        'amount must be a positive JSON number of rupees with at most two decimals',
      ],
      [
        { amount: 10.005, method: 'cash' },
        'amount must be a positive JSON number of rupees with at most two decimals',
      ],
      [
        { amount: '1e3', method: 'cash' },
        'amount must be a positive JSON number of rupees with at most two decimals',
      ],
      [
        { amount: '100.50', method: 'cash' },
        'amount must be a positive JSON number of rupees with at most two decimals',
      ],
      [
        { amount: 100, method: 'bitcoin' },
        'method must be one of cash, bank_transfer, upi, cheque, card',
      ],
    ]
    for (const [body, message] of cases) {
      const res = await offline(bookingId, roles.finance.token, body)
      expect(res.status).toBe(400)
      expect(res.body.errors[0].message).toBe(message)
    }
    await api('POST', `/bookings/${bookingId}/cancel`, { token: trekker.token, body: {} })
    const late = await offline(bookingId, roles.finance.token, { amount: 100, method: 'cash' })
    expect(late.status).toBe(400)
    expect(late.body.errors[0].message).toBe('This booking is cancelled; it cannot take a payment')
    expect((await paymentsOf(bookingId)).totalDocs).toBe(0)
  })

  it('is for finance, cs and super admins only', async () => {
    const { trekker, bookingId } = await pending(5000)
    expect((await offline(bookingId, undefined, { amount: 5, method: 'cash' })).status).toBe(401)
    for (const token of [
      trekker.token,
      roles.ops_manager.token,
      roles.content.token,
      roles.guide.token,
    ]) {
      expect((await offline(bookingId, token, { amount: 5, method: 'cash' })).status).toBe(403)
    }
    expect(
      (await offline(bookingId, roles.super_admin.token, { amount: 5, method: 'cash' })).status,
    ).toBe(201)
    expect(
      (await offline(99999999, roles.finance.token, { amount: 5, method: 'cash' })).status,
    ).toBe(404)
  })

  it('will not confirm a booking without an emergency contact, and writes nothing', async () => {
    const trekker = await quickTrekker(payload)
    const { batch } = await bookableBatch(payload, { price: 3000 })
    const { body } = await book(trekker.token, batch.id)

    const res = await offline(body.doc.id, roles.finance.token, { amount: 3000, method: 'cash' })

    expect(res.status).toBe(400)
    expect(res.body.errors[0].message).toBe(
      'Add an emergency contact to the trekker’s profile before this booking can be confirmed',
    )
    expect(await bookingRow(payload, body.doc.id)).toMatchObject({
      status: 'pending',
      amountPaid: 0,
    })
    expect((await paymentsOf(body.doc.id)).totalDocs).toBe(0)

    const part = await offline(body.doc.id, roles.finance.token, { amount: 1000, method: 'cash' })
    expect(part.status).toBe(201)
  })

  it('fills the emergency snapshot at confirmation when the trekker had none at booking', async () => {
    const trekker = await quickTrekker(payload)
    const { batch } = await bookableBatch(payload, { price: 3000 })
    const { body } = await book(trekker.token, batch.id)
    expect(body.doc.emergencyContactName).toBeNull()
    await api('POST', '/emergency-contacts', {
      token: trekker.token,
      body: { name: 'Ravi', relationship: 'Father', phone: '+919811111111' },
    })

    expect(
      (await offline(body.doc.id, roles.cs.token, { amount: 3000, method: 'upi' })).status,
    ).toBe(201)

    expect(await bookingRow(payload, body.doc.id)).toMatchObject({
      status: 'confirmed',
      emergencyContactName: 'Ravi',
      emergencyContactRelation: 'Father',
    })
  })
})

describe('status and money are server-only', () => {
  it('ignores status and money in PATCH and GraphQL updateBooking, from the desk as from the owner', async () => {
    const { trekker, bookingId } = await pending(8000)
    const forged = {
      status: 'confirmed',
      amountPaid: 8000,
      balanceDue: 0,
      finalAmount: 1,
      refundDue: 99,
    }

    for (const token of [
      trekker.token,
      roles.cs.token,
      roles.ops_manager.token,
      roles.super_admin.token,
    ]) {
      const res = await api('PATCH', `/bookings/${bookingId}`, { token, body: forged })
      expect(res.status).toBe(200)
    }
    const gql = await graphql(
      `
        mutation ($id: Int!) {
          updateBooking(id: $id, data: { status: confirmed, amountPaid: 8000 }) {
            status
            amountPaid
          }
        }
      `,
      { id: bookingId },
      roles.cs.token,
    )
    expect(gql.body.data?.updateBooking).toMatchObject({ status: 'pending', amountPaid: 0 })
    expect(await bookingRow(payload, bookingId)).toMatchObject({
      status: 'pending',
      amountPaid: 0,
      balanceDue: 8000,
      finalAmount: 8000,
      refundDue: 0,
    })
  })

  it('lets no one but super admins delete, and a deleted booking frees its seat', async () => {
    const { bookingId } = await pending(8000)
    const booking = await bookingRow(payload, bookingId)
    for (const role of ['ops_manager', 'cs', 'finance', 'guide', 'content'] as const) {
      expect(
        (await api('DELETE', `/bookings/${bookingId}`, { token: roles[role].token })).status,
      ).toBe(403)
    }
    expect(
      (await api('DELETE', `/bookings/${bookingId}`, { token: roles.super_admin.token })).status,
    ).toBe(200)
    const batch = await payload.findByID({
      collection: 'batches',
      id: booking.batch as number,
      overrideAccess: true,
    })
    expect(batch).toMatchObject({ bookedSeats: 0, availableSeats: 10 })
  })
})

describe('applyPaymentToBooking', () => {
  it('joins the caller’s transaction: a rollback there undoes the payment and the points', async () => {
    const { trekker, bookingId } = await pending(6000)
    const req = await createLocalReq({}, payload)
    await initTransaction(req)
    const inside = await applyPaymentToBooking({ bookingId, amount: 6000, req })
    expect(inside.status).toBe('confirmed')
    await killTransaction(req)

    expect(await bookingRow(payload, bookingId)).toMatchObject({ status: 'pending', amountPaid: 0 })
    expect((await pointsOf(trekker.id)).obsPoints).toBe(0)

    const committed = await createLocalReq({}, payload)
    await initTransaction(committed)
    await applyPaymentToBooking({ bookingId, amount: 6000, req: committed })
    await commitTransaction(committed)
    expect((await bookingRow(payload, bookingId)).status).toBe('confirmed')
    expect((await pointsOf(trekker.id)).obsPoints).toBe(100)
  })

  it('owes back in full money that arrives for a cancelled booking, and records refunds paid', async () => {
    const { trekker, bookingId } = await pending(6000)
    await api('POST', `/bookings/${bookingId}/cancel`, { token: trekker.token, body: {} })
    const req = await createLocalReq({}, payload)

    await applyPaymentToBooking({ bookingId, amount: 6000, req })
    expect(await bookingRow(payload, bookingId)).toMatchObject({
      status: 'cancelled',
      amountPaid: 6000,
      refundDue: 6000,
    })

    await recordRefundPaid({ bookingId, amount: 6000, req })
    expect(await bookingRow(payload, bookingId)).toMatchObject({
      refundDue: 0,
      refundedAmount: 6000,
    })
    await expect(recordRefundPaid({ bookingId, amount: 1, req })).rejects.toThrow(
      'more than the ₹0.00 owed',
    )
  })
})
