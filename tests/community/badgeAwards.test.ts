import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import type { Badge } from '@/payload-types'

import { api } from '../helpers/api'
import { createUser, TEST_PASSWORD, type TestUser } from '../helpers/fixtures'
import { runJobs } from '../helpers/jobs'
import { testPayload } from '../helpers/payload'
import { createBooking, createTrekBatch } from '../helpers/trips'
import { ensureBadges, hasPointsTransactions } from './badges'
import { paragraph } from './lexical'

let payload: Payload
let badges: Record<string, Badge>

const awardsOf = async (user: TestUser) =>
  (
    await payload.find({
      collection: 'badge-awards',
      where: { user: { equals: user.id } },
      depth: 0,
      limit: 50,
      overrideAccess: true,
    })
  ).docs

const badgeRulesOf = async (user: TestUser) => {
  const doc = await payload.findByID({
    collection: 'users',
    id: user.id,
    depth: 1,
    overrideAccess: true,
  })
  return (doc.badges as Badge[]).map((badge) => badge.rule).sort()
}

const pointsRowsOf = async (user: TestUser) =>
  hasPointsTransactions(payload)
    ? (
        await payload.find({
          collection: 'points-transactions' as never,
          where: { user: { equals: user.id } },
          depth: 0,
          limit: 50,
          overrideAccess: true,
        })
      ).docs.map((row: any) => ({ amount: row.amount, reason: row.reason }))
    : []

const queueEvaluations = async (user: TestUser, times: number) => {
  for (let i = 0; i < times; i++) {
    await payload.jobs.queue({ task: 'evaluateBadges', input: { userId: user.id } })
  }
}

beforeAll(async () => {
  payload = await testPayload()
  badges = await ensureBadges(payload)
})

describe('badge definitions', () => {
  it('are edited by content and not by trekkers', async () => {
    const content = await createUser(payload, 'content')
    const trekker = await createUser(payload, null)

    const byContent = await api('PATCH', `/badges/${badges.first_post.id}`, {
      token: content.token,
      body: { description: 'Wrote their first post' },
    })
    const byTrekker = await api('PATCH', `/badges/${badges.first_post.id}`, {
      token: trekker.token,
      body: { points: 9999 },
    })

    expect(byContent.status).toBe(200)
    expect(byTrekker.status).toBe(403)
  })
})

describe('awarding badges', () => {
  it('awards each earned badge exactly once, with its points, however many evaluations race', async () => {
    const trekker = await createUser(payload, null)
    const { batch } = await createTrekBatch(payload, { maxAltitude: 5380 })
    await createBooking(payload, trekker, batch, 'completed')

    await queueEvaluations(trekker, 8)
    await runJobs(payload)

    const awards = await awardsOf(trekker)
    expect(awards.map((award) => award.badge).sort()).toEqual(
      [badges.first_trek_completed.id, badges.above_5000m.id].sort(),
    )
    expect(awards.find((award) => award.badge === badges.above_5000m.id)?.points).toBe(150)
    expect(await badgeRulesOf(trekker)).toEqual(['above_5000m', 'first_trek_completed'])
    expect(await pointsRowsOf(trekker)).toEqual(
      hasPointsTransactions(payload)
        ? expect.arrayContaining([
            { amount: 50, reason: `Badge: ${badges.first_trek_completed.name}` },
            { amount: 150, reason: `Badge: ${badges.above_5000m.name}` },
          ])
        : [],
    )
  })

  it('keeps an award for good: no one deletes it, so no badge or points are given twice', async () => {
    const trekker = await createUser(payload, null)
    const superAdmin = await createUser(payload, 'super_admin')
    const { batch } = await createTrekBatch(payload, { maxAltitude: 4200 })
    await createBooking(payload, trekker, batch, 'completed')
    await queueEvaluations(trekker, 1)
    await runJobs(payload)
    const [award] = await awardsOf(trekker)
    expect(award.badge).toBe(badges.first_trek_completed.id)

    const removed = await api('DELETE', `/badge-awards/${award.id}`, { token: superAdmin.token })
    expect(removed.status).toBe(403)
    const bulk = await api('DELETE', `/badge-awards?where[id][equals]=${award.id}`, {
      token: superAdmin.token,
    })
    expect(bulk.body.docs ?? []).toEqual([])
    await queueEvaluations(trekker, 1)
    await runJobs(payload)

    expect((await awardsOf(trekker)).map((row) => row.id)).toEqual([award.id])
    expect(await badgeRulesOf(trekker)).toEqual(['first_trek_completed'])
    if (hasPointsTransactions(payload)) {
      const badgeRows = (await pointsRowsOf(trekker)).filter((row) =>
        row.reason.startsWith('Badge'),
      )
      expect(badgeRows).toEqual([
        { amount: 50, reason: `Badge: ${badges.first_trek_completed.name}` },
      ])
    }
  })

  it('awards nothing to an account erased after its evaluation was queued, without failing', async () => {
    const trekker = await createUser(payload, null)
    const { batch } = await createTrekBatch(payload, { maxAltitude: 5380 })
    await createBooking(payload, trekker, batch, 'completed')
    await queueEvaluations(trekker, 1)
    const erased = await api('POST', '/users/me/erase', {
      token: trekker.token,
      body: { password: TEST_PASSWORD },
    })
    expect(erased.status).toBe(200)

    await runJobs(payload)

    expect(await awardsOf(trekker)).toEqual([])
    const { docs } = await payload.find({
      collection: 'payload-jobs',
      where: { taskSlug: { equals: 'evaluateBadges' }, 'input.userId': { equals: trekker.id } },
      depth: 0,
      overrideAccess: true,
    })
    // Done and gone (completed jobs are deleted); a failed one would stay, to be retried.
    expect(docs.map((job) => job.hasError)).toEqual([])
  })

  it('does not count a trek at exactly 5000 m as above 5000 m, nor unfinished bookings', async () => {
    const trekker = await createUser(payload, null)
    const atLimit = await createTrekBatch(payload, { maxAltitude: 5000 })
    const higher = await createTrekBatch(payload, { maxAltitude: 6100 })
    await createBooking(payload, trekker, atLimit.batch, 'completed')
    await createBooking(payload, trekker, higher.batch, 'confirmed')

    await queueEvaluations(trekker, 1)
    await runJobs(payload)

    expect(await badgeRulesOf(trekker)).toEqual(['first_trek_completed'])
  })

  it('awards five treks and three regions when the record shows them', async () => {
    const trekker = await createUser(payload, null)
    const first = await createTrekBatch(payload)
    const second = await createTrekBatch(payload)
    const regions = [first.region, first.region, second.region, second.region]
    await createBooking(payload, trekker, first.batch, 'completed')
    for (const region of regions) {
      const { batch } = await createTrekBatch(payload, { region })
      await createBooking(payload, trekker, batch, 'completed')
    }
    await queueEvaluations(trekker, 1)
    await runJobs(payload)
    expect(await badgeRulesOf(trekker)).toEqual(['first_trek_completed', 'five_treks_completed'])

    const third = await createTrekBatch(payload)
    await createBooking(payload, trekker, third.batch, 'completed')
    await queueEvaluations(trekker, 2)
    await runJobs(payload)

    expect(await badgeRulesOf(trekker)).toEqual([
      'first_trek_completed',
      'five_treks_completed',
      'three_regions',
    ])
    expect(await awardsOf(trekker)).toHaveLength(3)
  })

  it('awards the first-post badge once when a trekker publishes posts', async () => {
    const trekker = await createUser(payload, null)

    for (const text of ['First!', 'Second']) {
      const res = await api('POST', '/posts', {
        token: trekker.token,
        body: { kind: 'feed', body: paragraph(text) },
      })
      expect(res.status).toBe(201)
    }
    await runJobs(payload)

    expect(await badgeRulesOf(trekker)).toEqual(['first_post'])
    expect(await awardsOf(trekker)).toHaveLength(1)
    expect(await pointsRowsOf(trekker)).toEqual([])
  })

  it('never lets a user set their own badges', async () => {
    const trekker = await createUser(payload, null)

    const res = await api('PATCH', `/users/${trekker.id}`, {
      token: trekker.token,
      body: { badges: [badges.five_treks_completed.id] },
    })
    const direct = await api('POST', '/badge-awards', {
      token: trekker.token,
      body: {
        user: trekker.id,
        badge: badges.five_treks_completed.id,
        awardedAt: new Date().toISOString(),
      },
    })

    expect(res.status).toBe(200)
    expect(await badgeRulesOf(trekker)).toEqual([])
    expect(direct.status).toBe(403)
  })

  it('shows a user their own awards and nobody else’s', async () => {
    const trekker = await createUser(payload, null)
    const other = await createUser(payload, null)
    const { batch } = await createTrekBatch(payload)
    await createBooking(payload, trekker, batch, 'completed')
    await queueEvaluations(trekker, 1)
    await runJobs(payload)

    const own = await api('GET', `/badge-awards?where[user][equals]=${trekker.id}`, {
      token: trekker.token,
    })
    const others = await api('GET', `/badge-awards?where[user][equals]=${trekker.id}`, {
      token: other.token,
    })

    expect(own.body.docs).toHaveLength(1)
    expect(others.body.docs).toEqual([])
  })
})
