import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import type { Region, Trek } from '@/payload-types'

import { api, graphql, qs } from '../helpers/api'
import { createUser, type TestUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { countQueries } from '../helpers/queryCount'
import { makeBatch, makeRegion, makeTrek } from './builders'
import { makeImage } from './images'

let payload: Payload
let trekker: TestUser

async function regionWithTreks(count: number, heroImage: number) {
  const region = await makeRegion(payload)
  for (let i = 0; i < count; i++) {
    const trek = await makeTrek(payload, { region: region.id, heroImage })
    await makeBatch(payload, trek.id, 10 + i)
  }
  return region
}

beforeAll(async () => {
  payload = await testPayload()
  trekker = await createUser(payload, null)
})

const listPath = (region: number) => `/treks?limit=20&depth=1&where[region][equals]=${region}`

describe('GET /api/treks: the list costs the same queries for 5 and for 20 treks', () => {
  let small: Region
  let large: Region

  beforeAll(async () => {
    const hero = await makeImage(payload)
    small = await regionWithTreks(5, hero.id)
    large = await regionWithTreks(20, hero.id)
  })

  it.each([
    ['anonymous', undefined],
    ['a trekker', 'trekker'],
  ])('for %s', async (_who, role) => {
    const token = role ? trekker.token : undefined
    const five = await countQueries(payload, () => api('GET', listPath(small.id), { token }))
    const twenty = await countQueries(payload, () => api('GET', listPath(large.id), { token }))

    expect(five.result.body.docs).toHaveLength(5)
    expect(twenty.result.body.docs).toHaveLength(20)
    expect(twenty.queries.length).toBe(five.queries.length)
    // find, count, one query for all regions, one for all hero images (their visibility is a
    // column, so media read access costs no query of its own) (+ the session check).
    expect(five.queries.length).toBe(role ? 5 : 4)
    const card = twenty.result.body.docs[0]
    expect(card.region).toMatchObject({ id: large.id, name: large.name })
    expect(card.heroImage).toMatchObject({ mimeType: 'image/png' })
    expect(card.heroImage.sizes.card).toMatchObject({ width: 768, height: 512 })
    expect(card.nextBatch).toMatchObject({ price: 15000 })
    expect(card.seatsLeft).toBe(12)
  })
})

describe('GET /api/treks: filters and sorts through where and sort', () => {
  let region: Region
  const treks: Record<string, Trek> = {}

  const list = async (params: Record<string, unknown>) => {
    const res = await api(
      'GET',
      `/treks?${qs({ ...params, where: { region: { equals: region.id }, ...(params.where ?? {}) } })}`,
    )
    expect(res.status).toBe(200)
    return res.body.docs.map((doc: Trek) => doc.name)
  }

  beforeAll(async () => {
    region = await makeRegion(payload)
    const specs = [
      ['kedarkantha', 'moderate', ['snow', 'winter', 'summit'], [12, 1, 2], 25, 11000],
      ['valley', 'easy', ['meadows', 'monsoon'], [7, 8], 5, 16000],
      ['rupin', 'difficult', ['high_pass', 'forest'], [5, 6, 9], 45, 21000],
      ['everest', 'very_difficult', ['base_camp', 'glacier'], [4, 5, 10], 15, 95000],
    ] as const
    for (const [key, difficulty, themes, bestMonths, startsIn, price] of specs) {
      const trek = await makeTrek(payload, {
        region: region.id,
        name: `${key} ${region.id}`,
        difficulty,
        themes: [...themes],
        bestMonths: [...bestMonths],
      })
      await makeBatch(payload, trek.id, startsIn, { price })
      treks[key] = trek
    }
    const noBatch = await makeTrek(payload, { region: region.id, name: `quiet ${region.id}` })
    treks.quiet = noBatch
  })

  const names = (...keys: string[]) => keys.map((key) => treks[key].name)

  it('by difficulty', async () => {
    expect(await list({ where: { difficulty: { equals: 'difficult' } } })).toEqual(names('rupin'))
    expect(
      await list({ where: { difficulty: { in: ['easy', 'very_difficult'] } }, sort: 'name' }),
    ).toEqual(names('everest', 'valley'))
  })

  it('by region', async () => {
    const other = await makeRegion(payload)
    await makeTrek(payload, { region: other.id })

    const res = await api('GET', `/treks?${qs({ where: { region: { equals: region.id } } })}`)

    expect(res.body.totalDocs).toBe(5)
  })

  it('by month of bestMonths', async () => {
    expect(await list({ where: { bestMonths: { equals: 5 } }, sort: 'name' })).toEqual(
      names('everest', 'rupin'),
    )
    expect(await list({ where: { bestMonths: { in: [1, 8] } }, sort: 'name' })).toEqual(
      names('kedarkantha', 'valley'),
    )
  })

  it('by theme', async () => {
    expect(await list({ where: { themes: { contains: 'snow' } } })).toEqual(names('kedarkantha'))
    expect(await list({ where: { themes: { in: ['forest', 'glacier'] } }, sort: 'name' })).toEqual(
      names('everest', 'rupin'),
    )
  })

  it('sorted by next departure, soonest first and last first', async () => {
    const soonest = await list({ sort: 'nextBatch.startDate' })
    const latest = await list({ sort: '-nextBatch.startDate' })

    // A trek with no departure has no date: it comes after the dated ones.
    expect(soonest).toEqual(names('valley', 'everest', 'kedarkantha', 'rupin', 'quiet'))
    expect(latest.filter((n: string) => n !== treks.quiet.name)).toEqual(
      names('rupin', 'kedarkantha', 'everest', 'valley'),
    )
  })

  it('sorted by next departure price, cheapest first and dearest first', async () => {
    const cheapest = await list({ sort: 'nextBatch.price', where: { seatsLeft: { exists: true } } })
    const dearest = await list({ sort: '-nextBatch.price', where: { seatsLeft: { exists: true } } })

    expect(cheapest).toEqual(names('kedarkantha', 'valley', 'rupin', 'everest'))
    expect(dearest).toEqual(names('everest', 'rupin', 'valley', 'kedarkantha'))
  })

  it('the same filters and sorts through GraphQL', async () => {
    const res = await graphql(
      `
        query ($region: JSON) {
          Treks(
            where: {
              region: { equals: $region }
              OR: [{ bestMonths: { equals: 5 } }, { bestMonths: { equals: 7 } }]
            }
            sort: "-nextBatch.price"
          ) {
            docs {
              name
              nextBatch {
                price
              }
            }
          }
        }
      `,
      { region: region.id },
    )

    expect(res.body.errors).toBeUndefined()
    expect(res.body.data.Treks.docs.map((d: Trek) => d.name)).toEqual(
      names('everest', 'rupin', 'valley'),
    )
  })
})
