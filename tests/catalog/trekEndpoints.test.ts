import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import type { Batch, ItineraryDay, Trek } from '@/payload-types'

import { api } from '../helpers/api'
import { createRoleUsers } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { countQueries } from '../helpers/queryCount'
import { errorMessage, makeBatch, makeGuide, makeRegion, makeTrek } from './builders'

let payload: Payload
let users: Awaited<ReturnType<typeof createRoleUsers>>
let regionId: number

async function addDays(trek: number, numbers: number[]) {
  for (const dayNumber of numbers) {
    await payload.create({
      collection: 'itinerary-days',
      data: { trek, dayNumber, title: `Day ${dayNumber} walk`, altitude: 2000 + dayNumber * 300 },
      overrideAccess: true,
    })
  }
}

/** A trek with days given out of order and batches of every kind around now. */
async function richTrek(options: { days: number[]; openBatches: number; guides?: number[] }) {
  const trek = await makeTrek(payload, { region: regionId, durationDays: 8 })
  await addDays(trek.id, options.days)
  const open: Batch[] = []
  for (let i = options.openBatches; i > 0; i--) {
    const guide = options.guides?.[i % options.guides.length]
    open.unshift(await makeBatch(payload, trek.id, 10 * i, { guide, price: 10000 + i }))
  }
  await makeBatch(payload, trek.id, -20)
  await makeBatch(payload, trek.id, 5, { status: 'cancelled' })
  await makeBatch(payload, trek.id, 7, { status: 'full' })
  return { trek, open }
}

describe('GET /api/treks/slug/:slug and /slug/:slug/batches', () => {
  beforeAll(async () => {
    payload = await testPayload()
    users = await createRoleUsers(payload)
    regionId = (await makeRegion(payload)).id
  })

  it('returns the trek, its days by number and its upcoming open batches soonest first', async () => {
    const guide = await makeGuide(payload)
    const { trek, open } = await richTrek({ days: [3, 1, 2], openBatches: 3, guides: [guide.id] })

    const res = await api('GET', `/treks/slug/${trek.slug}`)

    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id: trek.id, slug: trek.slug, name: trek.name })
    expect(res.body.region).toMatchObject({ id: regionId })
    expect(res.body.itinerary.map((d: ItineraryDay) => [d.dayNumber, d.title])).toEqual([
      [1, 'Day 1 walk'],
      [2, 'Day 2 walk'],
      [3, 'Day 3 walk'],
    ])
    expect(res.body.upcomingBatches.map((b: Batch) => b.id)).toEqual(open.map((b) => b.id))
    expect(res.body.upcomingBatches[0]).not.toHaveProperty('trek')
    expect(res.body.upcomingBatches[0].guide).toMatchObject({ id: guide.id, name: guide.name })
    expect(res.body.upcomingBatches[0].guide).not.toHaveProperty('satellitePhone')
    expect(res.body.hasMoreBatches).toBe(false)
  })

  it('pages the batches endpoint, soonest first', async () => {
    const { trek, open } = await richTrek({ days: [1], openBatches: 3 })

    const all = await api('GET', `/treks/slug/${trek.slug}/batches`)
    const second = await api('GET', `/treks/slug/${trek.slug}/batches?limit=1&page=2`)

    expect(all.status).toBe(200)
    expect(all.body.docs.map((b: Batch) => b.id)).toEqual(open.map((b) => b.id))
    expect(all.body.docs.every((b: Batch) => b.status === 'open')).toBe(true)
    expect(all.body.totalDocs).toBe(3)
    expect(second.body).toMatchObject({ totalDocs: 3, page: 2, limit: 1, hasNextPage: true })
    expect(second.body.docs.map((b: Batch) => b.id)).toEqual([open[1].id])
  })

  it.each(['/treks/slug/no-such-trek', '/treks/slug/no-such-trek/batches'])(
    '404s an unknown slug: %s',
    async (path) => {
      const res = await api('GET', path)

      expect(res.status).toBe(404)
      expect(errorMessage(res)).toBe('No trek found with the slug "no-such-trek"')
    },
  )

  it.each(['draft', 'archived'] as const)(
    'hides a %s trek from the public and trekkers, not from staff',
    async (status) => {
      const trek = await makeTrek(payload, { region: regionId, status })
      await addDays(trek.id, [1])
      await makeBatch(payload, trek.id, 30)

      for (const path of [`/treks/slug/${trek.slug}`, `/treks/slug/${trek.slug}/batches`]) {
        expect((await api('GET', path)).status).toBe(404)
        expect((await api('GET', path, { token: users.trekker.token })).status).toBe(404)
      }
      const preview = await api('GET', `/treks/slug/${trek.slug}`, { token: users.content.token })
      expect(preview.status).toBe(200)
      expect(preview.body.itinerary).toHaveLength(1)
      expect(preview.body.upcomingBatches).toHaveLength(1)
    },
  )

  it('shows a guide only the batches they lead', async () => {
    const mine = await makeGuide(payload, { user: users.guide.id })
    const other = await makeGuide(payload)
    const trek = await makeTrek(payload, { region: regionId })
    const led = await makeBatch(payload, trek.id, 20, { guide: mine.id })
    await makeBatch(payload, trek.id, 30, { guide: other.id })

    const res = await api('GET', `/treks/slug/${trek.slug}/batches`, { token: users.guide.token })
    const asOps = await api('GET', `/treks/slug/${trek.slug}/batches`, {
      token: users.ops_manager.token,
    })

    expect(res.body.docs.map((b: Batch) => b.id)).toEqual([led.id])
    expect(asOps.body.totalDocs).toBe(2)
    expect(asOps.body.docs[0].guide).toMatchObject({ satellitePhone: '+881631234567' })
  })

  it('costs the same number of SQL queries for a small and a large trek', async () => {
    const guides = [await makeGuide(payload), await makeGuide(payload), await makeGuide(payload)]
    const small = await richTrek({ days: [1, 2], openBatches: 1, guides: [guides[0].id] })
    const large = await richTrek({
      days: [8, 7, 6, 5, 4, 3, 2, 1],
      openBatches: 9,
      guides: guides.map((g) => g.id),
    })

    const cost = async (trek: Trek, suffix: string) => {
      const { result, queries } = await countQueries(payload, () =>
        api('GET', `/treks/slug/${trek.slug}${suffix}`),
      )
      expect(result.status).toBe(200)
      return { body: result.body, queries: queries.length }
    }
    const detailSmall = await cost(small.trek, '')
    const detailLarge = await cost(large.trek, '')
    const batchesSmall = await cost(small.trek, '/batches')
    const batchesLarge = await cost(large.trek, '/batches')

    expect(detailLarge.body.itinerary).toHaveLength(8)
    expect(detailLarge.body.upcomingBatches).toHaveLength(9)
    expect(detailLarge.queries).toBe(detailSmall.queries)
    expect(batchesLarge.body.docs).toHaveLength(9)
    expect(batchesLarge.queries).toBe(batchesSmall.queries)
  })
})
