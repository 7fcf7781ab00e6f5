/**
 * Fortieth review round (a fresh reviewer, one hour: START 14:25:53 UTC, END_TIME 15:25:53 UTC by
 * `date`), aimed at money and seats (bookings, payments, verify and webhook, refunds,
 * cancellations, call-offs, loyalty points and tiers) under forced interleavings and replays, and
 * every role of the contract on every collection through REST and GraphQL.
 *
 * Findings: (in progress)
 *
 * Tried and held: (in progress)
 *
 * Not written up: (in progress)
 */
import { describe, expect, it } from '@jest/globals'
import { createLocalReq, type Payload } from 'payload'

import { evaluateBadges } from '@/community/badges/evaluateBadges'

import { api } from '../helpers/api'
import { createUser } from '../helpers/fixtures'
import { createBooking, createTrekBatch as createTrip } from '../helpers/trips'
import { ensureBadges } from '../community/badges'
import { type RoleUsers, usePaymentsWorld } from '../payments/world'

let payload: Payload
let roles: RoleUsers
usePaymentsWorld((world) => {
  payload = world.payload
  roles = world.roles
})

const evaluate = async (userId: number) => evaluateBadges(userId, await createLocalReq({}, payload))

const badgePointRows = async (userId: number, badgeName: string) =>
  (
    await payload.find({
      collection: 'points-transactions',
      where: { user: { equals: userId }, reason: { equals: `Badge: ${badgeName}` } },
      depth: 0,
      limit: 50,
      overrideAccess: true,
    })
  ).docs

/** A trekker with a completed trek who has just earned the first-trek badge and its points. */
async function trekkerWithFirstTrekBadge() {
  const badges = await ensureBadges(payload)
  const badge = badges.first_trek_completed
  const trekker = await createUser(payload, null)
  const { batch } = await createTrip(payload)
  await createBooking(payload, trekker, batch, 'completed')
  expect(await evaluate(trekker.id)).toContain('first_trek_completed')
  const { docs } = await payload.find({
    collection: 'badge-awards',
    where: { user: { equals: trekker.id }, badge: { equals: badge.id } },
    depth: 0,
    overrideAccess: true,
  })
  return { trekker, badge, award: docs[0] }
}

const account = (id: number) =>
  payload.findByID({ collection: 'users', id, depth: 0, overrideAccess: true })

describe('a badge award deleted by a super admin', () => {
  // FINDING 1: a super admin's DELETE /api/badge-awards/:id (the only write the collection allows) leaves the badge on the member's `badges` and its points in `obsPoints`, and the next evaluation (any post, any completed trek) awards the same badge again with its points a second time (50 + 50 for first_trek_completed; README: "award each badge once, with its points"), low
  it.failing('awards the badge and its points once, however the award row is handled', async () => {
    const { trekker, badge, award } = await trekkerWithFirstTrekBadge()
    expect((await account(trekker.id)).obsPoints).toBe(50)
    const removed = await api('DELETE', `/badge-awards/${award.id}`, {
      token: roles.super_admin.token,
    })
    expect(removed.status).toBe(200)
    await evaluate(trekker.id)
    expect(await badgePointRows(trekker.id, badge.name)).toHaveLength(1)
    expect((await account(trekker.id)).obsPoints).toBe(50)
  })

  it.failing('takes the badge off the member when its award is deleted', async () => {
    const { trekker, badge, award } = await trekkerWithFirstTrekBadge()
    expect((await account(trekker.id)).badges).toEqual([badge.id])
    const removed = await api('DELETE', `/badge-awards/${award.id}`, {
      token: roles.super_admin.token,
    })
    expect(removed.status).toBe(200)
    expect((await account(trekker.id)).badges).toEqual([])
  })
})
