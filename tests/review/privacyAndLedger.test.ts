import { describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import type { FakeRazorpay } from '../fakes/razorpay'
import { api } from '../helpers/api'
import { createUser, TEST_PASSWORD } from '../helpers/fixtures'
import { quickTrekker } from '../bookings/support'
import {
  checkout,
  createPendingBooking,
  paidBooking,
  paymentOf,
  type RoleUsers,
  usePaymentsWorld,
} from '../payments/world'

/**
 * Review probes: what a trekker's export reveals of staff notes, whether an erased
 * account's old token still works, points ledger overflow and races, and concurrent
 * checkouts creating more than one Razorpay order.
 */
describe('review: privacy and ledger', () => {
  let payload: Payload
  let fake: FakeRazorpay
  let roles: RoleUsers

  const adjust = (userId: number, amount: unknown) =>
    api('POST', '/points-transactions', {
      token: roles.super_admin.token,
      body: { user: userId, amount, reason: 'review probe' },
    })
  const pointsOf = async (id: number) =>
    (await payload.findByID({ collection: 'users', id, depth: 0, overrideAccess: true }))
      .obsPoints ?? 0

  usePaymentsWorld((world) => ({ payload, fake, roles } = world))

  it('keeps staff notes on payments out of the trekker’s own export', async () => {
    const { booking, user, row } = await paidBooking(payload, fake)
    await payload.update({
      collection: 'payments',
      id: row.id,
      data: { needsAttention: true, attentionReason: 'Chargeback suspected by finance' },
      overrideAccess: true,
    })
    const res = await api('GET', '/users/me/export', { token: user.token })
    expect(res.status).toBe(200)
    const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body)
    expect(text).toContain(String(booking.id))
    expect(text).not.toContain('Chargeback suspected')
    expect(text).not.toContain('needsAttention')
    expect(text).not.toContain('razorpayEventIds')
  })

  it('kills the erased account’s access token and password immediately', async () => {
    const trekker = await createUser(payload, null)
    const erased = await api('POST', '/users/me/erase', {
      token: trekker.token,
      body: { password: TEST_PASSWORD },
    })
    expect(erased.status).toBe(200)
    const me = await api('GET', '/users/me', { token: trekker.token })
    expect(me.body.user ?? null).toBeNull()
    const exported = await api('GET', '/users/me/export', { token: trekker.token })
    expect(exported.status).toBe(401)
    const login = await api('POST', '/users/login', {
      body: { email: trekker.email, password: TEST_PASSWORD },
    })
    expect(login.status).toBe(401)
    const sos = await api('POST', '/incidents', {
      token: trekker.token,
      body: { clientId: `erased-${trekker.id}`, message: 'help' },
    })
    expect(sos.status).toBe(401)
  })

  it('erases once when a trekker sends the erasure five times at once', async () => {
    const trekker = await createUser(payload, null)
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        api('POST', '/users/me/erase', { token: trekker.token, body: { password: TEST_PASSWORD } }),
      ),
    )
    for (const answer of answers) {
      expect(answer.status).toBeLessThan(500)
    }
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(1)
  })

  it('answers huge and odd point amounts without a 500 and keeps balance = ledger', async () => {
    const trekker = await quickTrekker(payload)
    const answers: Array<[unknown, number]> = []
    for (const amount of [2 ** 31, 1e15, -(2 ** 31), '100', 1e308, Number.MAX_SAFE_INTEGER + 2]) {
      const res = await adjust(trekker.id, amount)
      answers.push([amount, res.status])
    }
    // One entry moves at most a million points either way (a typo guard that also keeps the
    // balance far from 2^53, where it could no longer be added up exactly); none is a 500.
    expect(answers).toEqual([
      [2 ** 31, 400],
      [1e15, 400],
      [-(2 ** 31), 400],
      ['100', 201],
      [1e308, 400],
      [Number.MAX_SAFE_INTEGER + 2, 400],
    ])
    const ledger = await payload.find({
      collection: 'points-transactions',
      where: { user: { equals: trekker.id } },
      pagination: false,
      depth: 0,
      overrideAccess: true,
    })
    const sum = ledger.docs.reduce((total, row) => total + Number(row.amount), 0)
    expect(await pointsOf(trekker.id)).toBe(sum)
    expect(Number.isSafeInteger(sum)).toBe(true)
  })

  it('keeps the balance at or above zero when ten deductions race', async () => {
    const trekker = await quickTrekker(payload)
    expect((await adjust(trekker.id, 300)).status).toBe(201)
    const answers = await Promise.all(Array.from({ length: 10 }, () => adjust(trekker.id, -100)))
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3)
    expect(await pointsOf(trekker.id)).toBe(0)
  })

  it('opens one Razorpay order when a trekker fires ten checkouts at once', async () => {
    const { booking, user } = await createPendingBooking(payload)
    const before = fake.requestsTo('POST', '/v1/orders').length
    const answers = await Promise.all(Array.from({ length: 10 }, () => checkout(user, booking.id)))
    for (const answer of answers) {
      expect(answer.status).toBeLessThan(500)
    }
    const orders = new Set(answers.filter((a) => a.status < 300).map((a) => a.body.orderId))
    expect(orders.size).toBe(1)
    expect(fake.requestsTo('POST', '/v1/orders').length - before).toBe(1)
    const pending = (await paymentOf(payload, booking.id)).filter((p) => p.status === 'pending')
    expect(pending).toHaveLength(1)
  })
})
