import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { MAX_GRAPHQL_LIST_DOCUMENTS, MAX_LIMIT } from '@/access/listSafety'

import { makeBatch, makeGuide, makeRegion, makeTrek } from '../catalog/builders'
import { makeImage } from '../catalog/images'
import { api, graphql, qs } from '../helpers/api'
import { createUser, unique, type TestUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

let payload: Payload
const prefix = unique('Cap')
const ROWS = 105

const regionsPath = (params: Record<string, unknown>) =>
  `/regions?${qs({ ...params, where: { name: { like: prefix } } })}`

describe('list safety: limit is capped and paging cannot be switched off', () => {
  beforeAll(async () => {
    payload = await testPayload()
    for (let i = 0; i < ROWS; i += 15) {
      const batch = Array.from({ length: Math.min(15, ROWS - i) }, (_, j) =>
        makeRegion(payload, `${prefix} ${String(i + j).padStart(3, '0')}`),
      )
      await Promise.all(batch)
    }
  })

  it(`caps limit at ${MAX_LIMIT}`, async () => {
    const res = await api('GET', regionsPath({ limit: 500 }))

    expect(res.status).toBe(200)
    expect(res.body.docs).toHaveLength(MAX_LIMIT)
    expect(res.body).toMatchObject({ limit: MAX_LIMIT, totalDocs: ROWS, hasNextPage: true })
  })

  it('treats limit=0 as the cap, not as "everything"', async () => {
    const res = await api('GET', regionsPath({ limit: 0 }))

    expect(res.body.docs).toHaveLength(MAX_LIMIT)
    expect(res.body).toMatchObject({ totalPages: 2, hasNextPage: true })
  })

  it('keeps paging on when pagination=false is asked', async () => {
    const plain = await api('GET', regionsPath({ pagination: false }))
    const withZero = await api('GET', regionsPath({ pagination: false, limit: 0 }))

    expect(plain.body.docs).toHaveLength(10)
    expect(plain.body).toMatchObject({ totalDocs: ROWS, limit: 10, hasNextPage: true })
    expect(withZero.body.docs).toHaveLength(MAX_LIMIT)
  })

  it('caps GraphQL lists the same way', async () => {
    const res = await graphql(
      `
        query ($prefix: String) {
          big: Regions(limit: 500, where: { name: { like: $prefix } }) {
            totalDocs
            limit
            docs {
              id
            }
          }
          zero: Regions(limit: 0, where: { name: { like: $prefix } }) {
            limit
            docs {
              id
            }
          }
        }
      `,
      { prefix },
    )
    const unpaged = await graphql(
      `
        query ($prefix: String) {
          Regions(pagination: false, where: { name: { like: $prefix } }) {
            docs {
              id
            }
          }
        }
      `,
      { prefix },
    )

    expect(res.body.errors).toBeUndefined()
    expect(res.body.data.big).toMatchObject({ totalDocs: ROWS, limit: MAX_LIMIT })
    expect(res.body.data.big.docs).toHaveLength(MAX_LIMIT)
    expect(res.body.data.zero.docs).toHaveLength(MAX_LIMIT)
    expect(unpaged.body.data.Regions.docs).toHaveLength(10)
  })

  it('lets one GraphQL request ask its lists for two full pages in all, not more', async () => {
    // Twenty aliases of a full page were 2,000 documents in one answer (review round 28).
    const lists = ['a', 'b', 'c']
      .map(
        (alias) =>
          `${alias}: Regions(limit: 100, where: { name: { like: $prefix } }) { docs { id } }`,
      )
      .join('\n')
    const res = await graphql(`query ($prefix: String) { ${lists} }`, { prefix })

    expect(res.body.errors).toHaveLength(1)
    expect(res.body.errors?.[0]).toMatchObject({
      message: `A GraphQL request may ask its lists for at most ${MAX_GRAPHQL_LIST_DOCUMENTS} documents in all (each list's limit, 10 when none is given); this one asks for 300. Split it into several requests.`,
      extensions: { statusCode: 400 },
    })
    const answered = ['a', 'b', 'c'].filter((alias) => res.body.data[alias] !== null)
    expect(answered).toHaveLength(2)
    for (const alias of answered) {
      expect(res.body.data[alias].docs).toHaveLength(MAX_LIMIT)
    }

    const byId = await graphql(
      `query { ${Array.from({ length: 15 }, (_, i) => `r${i}: Region(id: 1) { id }`).join(' ')} }`,
    )
    expect(JSON.stringify(byId.body.errors ?? [])).not.toContain('ask its lists')
  })

  it('leaves trusted server-side Local API reads alone', async () => {
    const all = await payload.find({
      collection: 'regions',
      where: { name: { like: prefix } },
      pagination: false,
    })

    expect(all.docs).toHaveLength(ROWS)
  })

  it('still populates every relation of a full page (population is not capped at 10)', async () => {
    const tag = unique('pop')
    for (let i = 0; i < 20; i++) {
      const region = await makeRegion(payload, `${tag} region ${i}`)
      await makeTrek(payload, { region: region.id, name: `${tag} trek ${i}` })
    }

    const res = await api('GET', `/treks?${qs({ limit: 20, where: { name: { like: tag } } })}`)

    expect(res.body.docs).toHaveLength(20)
    expect(res.body.docs.every((t: { region: unknown }) => typeof t.region === 'object')).toBe(true)
  })
})

describe('depth defaults to 1 and is capped at 3', () => {
  let admin: TestUser
  let batchId: number
  let createdBadge: number | undefined
  let borrowedBadge: { id: number; icon: unknown } | undefined

  beforeAll(async () => {
    admin = await createUser(payload, 'super_admin')
    // A chain four relations long: batch → guide → user → badge → icon.
    const icon = await makeImage(payload, 'badge.png')
    const existing = await payload.find({
      collection: 'badges',
      where: { rule: { equals: 'above_5000m' } },
      limit: 1,
    })
    let badge = existing.docs[0]
    if (!badge) {
      badge = await payload.create({
        collection: 'badges',
        data: { name: unique('High Camp'), rule: 'above_5000m', icon: icon.id },
      })
      createdBadge = badge.id
    } else {
      borrowedBadge = { id: badge.id, icon: badge.icon }
      badge = await payload.update({ collection: 'badges', id: badge.id, data: { icon: icon.id } })
    }
    const guideUser = await createUser(payload, 'guide')
    await payload.update({ collection: 'users', id: guideUser.id, data: { badges: [badge.id] } })
    const guide = await makeGuide(payload, { user: guideUser.id })
    const region = await makeRegion(payload)
    const trek = await makeTrek(payload, { region: region.id })
    batchId = (await makeBatch(payload, trek.id, 20, { guide: guide.id })).id
  })

  afterAll(async () => {
    // The badge rule is unique: leave the shared database as other files expect it.
    if (createdBadge) {
      await payload.delete({ collection: 'badges', id: createdBadge })
    }
    if (borrowedBadge) {
      const icon = borrowedBadge.icon as { id?: number } | number | null
      await payload.update({
        collection: 'badges',
        id: borrowedBadge.id,
        data: { icon: typeof icon === 'object' && icon ? icon.id : icon },
      })
    }
  })

  const batch = async (depth?: number) => {
    const res = await api(
      'GET',
      `/batches/${batchId}${depth === undefined ? '' : `?depth=${depth}`}`,
      {
        token: admin.token,
      },
    )
    expect(res.status).toBe(200)
    return res.body
  }

  it('populates one level when no depth is given', async () => {
    const body = await batch()

    expect(typeof body.trek).toBe('object')
    expect(typeof body.trek.region).toBe('number')
  })

  it('populates exactly what was asked up to 3', async () => {
    expect(typeof (await batch(0)).trek).toBe('number')
    expect(typeof (await batch(2)).guide.user).toBe('object')
    expect(typeof (await batch(2)).guide.user.badges[0]).toBe('number')
    expect(typeof (await batch(3)).guide.user.badges[0]).toBe('object')
  })

  it('stops at 3 when more is asked', async () => {
    const deep = await batch(10)

    expect(typeof deep.guide.user.badges[0]).toBe('object')
    expect(typeof deep.guide.user.badges[0].icon).toBe('number')
  })
})

describe('GraphQL complexity budget', () => {
  it('answers a query within the budget', async () => {
    const res = await graphql(`
      {
        Treks(limit: 5) {
          docs {
            name
            region {
              name
            }
          }
        }
      }
    `)

    expect(res.body.errors).toBeUndefined()
  })

  it('rejects a query over the budget before running it', async () => {
    // Within the 20 root fields an operation may select, each alias walks several relations.
    const aliases = Array.from(
      { length: 20 },
      (_, i) =>
        `t${i}: Batches(limit: 100) { docs { trek { name region { name } heroImage { url } gpxFile { url } } guide { name photo { url } regions { name } } } }`,
    )

    const res = await graphql(`{ ${aliases.join('\n')} }`)

    expect(res.body.data).toBeUndefined()
    expect(res.body.errors?.[0]?.message).toMatch(
      /^The query exceeds the maximum complexity of 1000\. Actual complexity is \d+$/,
    )
  })
})
