import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import type { FakeRazorpay } from '../fakes/razorpay'
import { api, graphql, qs } from '../helpers/api'
import { createRoleUsers, type TestUser } from '../helpers/fixtures'
import { createPendingBooking, paidBooking, startPaymentsWorld } from './world'

describe('payments access by role, REST and GraphQL', () => {
  let payload: Payload
  let fake: FakeRazorpay
  let roles: Awaited<ReturnType<typeof createRoleUsers>>
  let owner: TestUser
  let ownPaymentId: number
  let otherPaymentId: number

  const listIds = async (token?: string) => {
    const res = await api(
      'GET',
      `/payments?${qs({ where: { id: { in: [ownPaymentId, otherPaymentId] } } })}`,
      { token },
    )
    return {
      status: res.status,
      ids: res.status === 200 ? res.body.docs.map((d: { id: number }) => d.id).sort() : [],
    }
  }

  beforeAll(async () => {
    ;({ payload, fake } = await startPaymentsWorld())
    roles = await createRoleUsers(payload)
    const mine = await paidBooking(payload, fake)
    const theirs = await paidBooking(payload, fake)
    owner = mine.user
    ownPaymentId = mine.row.id
    otherPaymentId = theirs.row.id
    await payload.update({
      collection: 'payments',
      id: ownPaymentId,
      data: { needsAttention: true, attentionReason: 'Internal note' },
      overrideAccess: true,
    })
  })
  afterAll(async () => {
    await fake.stop()
  })

  it('REST: a trekker reads only their own payments, without staff notes', async () => {
    expect(await listIds(owner.token)).toEqual({ status: 200, ids: [ownPaymentId] })
    const own = await api('GET', `/payments/${ownPaymentId}`, { token: owner.token })
    expect(own.status).toBe(200)
    expect(own.body).toMatchObject({ id: ownPaymentId, amount: 12500, status: 'success' })
    expect(own.body).not.toHaveProperty('needsAttention')
    expect(own.body).not.toHaveProperty('attentionReason')
    expect(own.body).not.toHaveProperty('razorpayEventIds')
    expect((await api('GET', `/payments/${otherPaymentId}`, { token: owner.token })).status).toBe(
      404,
    )
    expect((await listIds(roles.trekker.token)).ids).toEqual([])
  })

  it('REST: a trekker cannot learn staff flags through where', async () => {
    const res = await api(
      'GET',
      `/payments?${qs({ where: { needsAttention: { equals: true } } })}`,
      { token: owner.token },
    )
    expect(res.status).toBe(400)
    expect(res.body.errors[0].message).toBe('The following path cannot be queried: needsAttention')
  })

  it('REST: ops, cs, finance and super_admin read every payment; content and guide 403, anonymous 401', async () => {
    for (const user of [roles.ops_manager, roles.cs, roles.finance, roles.super_admin]) {
      expect(await listIds(user.token)).toEqual({
        status: 200,
        ids: [ownPaymentId, otherPaymentId].sort(),
      })
      const one = await api('GET', `/payments/${ownPaymentId}`, { token: user.token })
      expect(one.body).toMatchObject({ needsAttention: true, attentionReason: 'Internal note' })
    }
    // Staff outside money and customer care read no payments (and book no treks of their own).
    for (const user of [roles.content, roles.guide]) {
      expect((await listIds(user.token)).status).toBe(403)
      expect((await api('GET', `/payments/${ownPaymentId}`, { token: user.token })).status).toBe(
        403,
      )
    }
    expect((await listIds()).status).toBe(401)
  })

  it('REST: nobody but super_admin writes payments, and no one writes Razorpay ids or refunds', async () => {
    const data = { booking: 1, amount: 1, status: 'success' }
    for (const user of [
      owner,
      roles.ops_manager,
      roles.cs,
      roles.finance,
      roles.content,
      roles.guide,
    ]) {
      expect((await api('POST', '/payments', { token: user.token, body: data })).status).toBe(403)
      expect(
        (
          await api('PATCH', `/payments/${ownPaymentId}`, {
            token: user.token,
            body: { amount: 1 },
          })
        ).status,
      ).toBe(403)
      expect((await api('DELETE', `/payments/${ownPaymentId}`, { token: user.token })).status).toBe(
        403,
      )
    }
    expect((await api('POST', '/payments', { body: data })).status).toBe(401)

    const res = await api('PATCH', `/payments/${ownPaymentId}`, {
      token: roles.super_admin.token,
      body: {
        method: 'cash',
        razorpayPaymentId: 'pay_forged',
        refunds: [{ amount: 1, status: 'processed', source: 'staff' }],
      },
    })
    expect(res.status).toBe(200)
    const after = await payload.findByID({ collection: 'payments', id: ownPaymentId })
    expect(after.method).toBe('cash')
    expect(after.razorpayPaymentId).not.toBe('pay_forged')
    expect(after.refunds).toEqual([])
    expect(after.amount).toBe(12500)
  })

  it('REST: the webhook event log is for money staff only', async () => {
    for (const user of [roles.finance, roles.super_admin, roles.ops_manager, roles.cs]) {
      expect((await api('GET', '/razorpay-events?limit=1', { token: user.token })).status).toBe(200)
    }
    for (const user of [owner, roles.content, roles.guide]) {
      expect((await api('GET', '/razorpay-events?limit=1', { token: user.token })).status).toBe(403)
    }
    expect(
      (
        await api('POST', '/razorpay-events', {
          token: roles.super_admin.token,
          body: { eventId: 'evt_x', event: 'x' },
        })
      ).status,
    ).toBe(403)
  })

  const PAYMENTS_QUERY = `query($a: Int, $b: Int) {
    Payments(where: { OR: [{ id: { equals: $a } }, { id: { equals: $b } }] }) {
      docs { id amount status needsAttention attentionReason }
    }
  }`

  it('GraphQL: the same read rules, staff notes hidden from the trekker', async () => {
    const ids = [ownPaymentId, otherPaymentId]
    const vars = { a: ownPaymentId, b: otherPaymentId }

    const mine = await graphql(PAYMENTS_QUERY, vars, owner.token)
    expect(mine.body.data.Payments.docs).toEqual([
      {
        id: ownPaymentId,
        amount: 12500,
        status: 'success',
        needsAttention: null,
        attentionReason: null,
      },
    ])
    for (const user of [roles.ops_manager, roles.cs, roles.finance, roles.super_admin]) {
      const all = await graphql(PAYMENTS_QUERY, vars, user.token)
      expect(all.body.data.Payments.docs.map((d: { id: number }) => d.id).sort()).toEqual(
        [...ids].sort(),
      )
      expect(
        all.body.data.Payments.docs.find((d: { id: number }) => d.id === ownPaymentId)
          .attentionReason,
      ).toBe('Internal note')
    }
    for (const token of [roles.content.token, roles.guide.token]) {
      const refused = await graphql(PAYMENTS_QUERY, vars, token)
      expect(refused.body.data?.Payments ?? null).toBeNull()
      expect(refused.body.errors?.[0].message).toMatch(/not allowed/)
    }
    const anonymous = await graphql(PAYMENTS_QUERY, vars)
    expect(anonymous.body.data?.Payments ?? null).toBeNull()
    expect(anonymous.body.errors?.[0].message).toMatch(/^Sign in to do this/)
  })

  it('GraphQL: writes are refused to everyone but super_admin', async () => {
    const update = `mutation($id: Int!) { updatePayment(id: $id, data: { amount: 1 }) { id amount } }`
    const create = `mutation($booking: Int!) { createPayment(data: { booking: $booking, amount: 1, currency: "INR", status: success }) { id } }`
    for (const user of [
      owner,
      roles.ops_manager,
      roles.cs,
      roles.finance,
      roles.content,
      roles.guide,
    ]) {
      const u = await graphql(update, { id: ownPaymentId }, user.token)
      expect(u.body.errors?.[0].message).toMatch(/not allowed/)
      const c = await graphql(create, { booking: 1 }, user.token)
      expect(c.body.errors?.[0].message).toMatch(/not allowed/)
    }
    expect((await payload.findByID({ collection: 'payments', id: ownPaymentId })).amount).toBe(
      12500,
    )
  })
  it('GraphQL: a super admin payment follows the money rules, as through REST', async () => {
    const world = await createPendingBooking(payload, { amount: 6000 })
    const create = (status: string) =>
      `mutation($booking: Int!) { createPayment(data: { booking: $booking, amount: 6000, currency: "INR", status: ${status}, method: "cash" }) { id status amount } }`
    const pending = await graphql(
      create('pending'),
      { booking: world.booking.id },
      roles.super_admin.token,
    )
    expect(pending.body.errors?.[0].message).toMatch(/send status "success"/)
    const paid = await graphql(
      create('success'),
      { booking: world.booking.id },
      roles.super_admin.token,
    )
    expect(paid.body.errors).toBeUndefined()
    expect(paid.body.data.createPayment).toMatchObject({ status: 'success', amount: 6000 })
    const booking = await payload.findByID({
      collection: 'bookings',
      id: world.booking.id,
      depth: 0,
      overrideAccess: true,
    })
    expect({
      status: booking.status,
      amountPaid: booking.amountPaid,
      due: booking.balanceDue,
    }).toEqual({
      status: 'confirmed',
      amountPaid: 6000,
      due: 0,
    })
    const rows = await payload.find({
      collection: 'payments',
      where: { booking: { equals: world.booking.id } },
      depth: 0,
      overrideAccess: true,
    })
    expect(rows.docs.map((row) => [row.status, row.amount])).toEqual([['success', 6000]])
  })
})
