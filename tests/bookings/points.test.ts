import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api, graphql } from '../helpers/api'
import { createRoleUsers } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

import { book, bookableBatch, payInFull, quickTrekker, readyTrekker } from './support'

let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
})

const adjust = (
  user: number,
  amount: number,
  token = roles.super_admin.token,
  reason = 'Goodwill',
) => api('POST', '/points-transactions', { token, body: { user, amount, reason } })

const loyalty = async (userId: number) => {
  const user = (await payload.findByID({
    collection: 'users',
    id: userId,
    overrideAccess: true,
  })) as any
  return { points: user.obsPoints, tier: user.tribeTier }
}

const ledgerSum = async (userId: number) => {
  const { docs } = await payload.find({
    collection: 'points-transactions',
    where: { user: { equals: userId } },
    overrideAccess: true,
    pagination: false,
    depth: 0,
  })
  return docs.reduce((sum, row) => sum + row.amount, 0)
}

async function confirmedBooking(trekker: Awaited<ReturnType<typeof readyTrekker>>) {
  const { batch } = await bookableBatch(payload, { price: 4000 })
  const { body } = await book(trekker.token, batch.id)
  expect((await payInFull(payload, roles.finance.token, body.doc.id)).status).toBe(201)
  return body.doc.id as number
}

describe('points and tiers', () => {
  it('climbs the tiers at 1000, 3000, 7000 and 15000 points and never falls back', async () => {
    const trekker = await quickTrekker(payload)
    const steps: Array<[number, number, string]> = [
      [999, 999, 'basecamp'],
      [1, 1000, 'trail_blazer'],
      [1999, 2999, 'trail_blazer'],
      [1, 3000, 'summit_seeker'],
      [4000, 7000, 'peak_bagger'],
      [8000, 15000, 'obs_legend'],
      [-14000, 1000, 'obs_legend'],
    ]
    for (const [amount, points, tier] of steps) {
      const res = await adjust(trekker.id, amount)
      expect(res.status).toBe(201)
      expect(await loyalty(trekker.id)).toEqual({ points, tier })
    }
    expect(await ledgerSum(trekker.id)).toBe(1000)
  })

  it('refuses a manual adjustment below zero and writes nothing', async () => {
    const trekker = await quickTrekker(payload)
    await adjust(trekker.id, 50)

    const res = await adjust(trekker.id, -51)

    expect(res.status).toBe(400)
    expect(res.body.errors[0].message).toBe(
      'This adjustment would take the balance below zero: the user has 50 points',
    )
    expect(await loyalty(trekker.id)).toEqual({ points: 50, tier: 'basecamp' })
    expect(await ledgerSum(trekker.id)).toBe(50)
  })

  it('validates adjustments', async () => {
    const trekker = await quickTrekker(payload)
    for (const body of [
      { user: trekker.id, amount: 0, reason: 'x' },
      { user: trekker.id, amount: 1.5, reason: 'x' },
      { user: trekker.id, amount: 10 },
      { amount: 10, reason: 'x' },
    ]) {
      const res = await api('POST', '/points-transactions', {
        token: roles.super_admin.token,
        body,
      })
      expect(res.status).toBe(400)
    }
    expect(await loyalty(trekker.id)).toEqual({ points: 0, tier: 'basecamp' })
  })

  it('awards 100 on confirmation and takes it back on cancellation, clamped at zero', async () => {
    const trekker = await readyTrekker(payload)
    const first = await confirmedBooking(trekker)
    const second = await confirmedBooking(trekker)
    expect(await loyalty(trekker.id)).toEqual({ points: 200, tier: 'basecamp' })

    expect(
      (await api('POST', `/bookings/${first}/cancel`, { token: trekker.token, body: {} })).status,
    ).toBe(200)
    expect(await loyalty(trekker.id)).toEqual({ points: 100, tier: 'basecamp' })

    await adjust(trekker.id, -80, roles.super_admin.token, 'Redeemed for merchandise')
    expect(
      (
        await api('POST', `/bookings/${second}/cancel`, {
          token: roles.cs.token,
          body: { reason: 'Medical' },
        })
      ).status,
    ).toBe(200)

    expect(await loyalty(trekker.id)).toEqual({ points: 0, tier: 'basecamp' })
    const { docs } = await payload.find({
      collection: 'points-transactions',
      where: { user: { equals: trekker.id } },
      sort: 'createdAt',
      overrideAccess: true,
      depth: 0,
    })
    expect(docs.map((row) => [row.amount, row.reason, row.booking ?? null])).toEqual([
      [100, 'Booking confirmed', first],
      [100, 'Booking confirmed', second],
      [-100, 'Booking cancelled', first],
      [-80, 'Redeemed for merchandise', null],
      [-20, 'Booking cancelled', second],
    ])
  })

  it('keeps a tier reached through bookings after the points are taken back', async () => {
    const trekker = await readyTrekker(payload)
    await adjust(trekker.id, 900)
    const bookingId = await confirmedBooking(trekker)
    expect(await loyalty(trekker.id)).toEqual({ points: 1000, tier: 'trail_blazer' })

    await api('POST', `/bookings/${bookingId}/cancel`, { token: trekker.token, body: {} })

    expect(await loyalty(trekker.id)).toEqual({ points: 900, tier: 'trail_blazer' })
  })

  it('takes no points back for a cancelled pending booking', async () => {
    const trekker = await readyTrekker(payload)
    await adjust(trekker.id, 100)
    const { batch } = await bookableBatch(payload)
    const { body } = await book(trekker.token, batch.id)
    await api('POST', `/bookings/${body.doc.id}/cancel`, { token: trekker.token, body: {} })
    expect(await loyalty(trekker.id)).toEqual({ points: 100, tier: 'basecamp' })
  })
})

describe('who may write points', () => {
  it('lets only super admins add rows, through REST and GraphQL, and nobody edit or delete them', async () => {
    const trekker = await quickTrekker(payload)
    for (const role of ['ops_manager', 'cs', 'finance', 'content', 'guide'] as const) {
      expect((await adjust(trekker.id, 10, roles[role].token)).status).toBe(403)
    }
    expect((await adjust(trekker.id, 10, trekker.token)).status).toBe(403)
    expect(
      (
        await api('POST', '/points-transactions', {
          body: { user: trekker.id, amount: 10, reason: 'x' },
        })
      ).status,
    ).toBe(401)

    const mutation = `mutation ($user: Int!) { createPointsTransaction(data: { user: $user, amount: 10, reason: "Gift" }) { id amount } }`
    expect(
      (await graphql(mutation, { user: trekker.id }, roles.cs.token)).body.errors?.[0].message,
    ).toMatch(/not allowed/i)
    const byAdmin = await graphql(mutation, { user: trekker.id }, roles.super_admin.token)
    expect(byAdmin.body.data?.createPointsTransaction.amount).toBe(10)
    expect(await loyalty(trekker.id)).toEqual({ points: 10, tier: 'basecamp' })

    const rowId = byAdmin.body.data!.createPointsTransaction.id
    expect(
      (
        await api('PATCH', `/points-transactions/${rowId}`, {
          token: roles.super_admin.token,
          body: { amount: 5000 },
        })
      ).status,
    ).toBe(403)
    expect(
      (await api('DELETE', `/points-transactions/${rowId}`, { token: roles.super_admin.token }))
        .status,
    ).toBe(403)
  })

  it('never lets a trekker or the desk write obsPoints or tribeTier on a user', async () => {
    const trekker = await quickTrekker(payload)
    for (const token of [trekker.token, roles.cs.token]) {
      await api('PATCH', `/users/${trekker.id}`, {
        token,
        body: { obsPoints: 50000, tribeTier: 'obs_legend' },
      })
    }
    await graphql(
      `
        mutation ($id: Int!) {
          updateUser(id: $id, data: { obsPoints: 50000 }) {
            id
          }
        }
      `,
      { id: trekker.id },
      trekker.token,
    )
    expect(await loyalty(trekker.id)).toEqual({ points: 0, tier: 'basecamp' })
  })
})
