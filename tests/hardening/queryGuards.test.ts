import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api, graphql } from '../helpers/api'
import { viaRoute } from './route'
import { createRoleUsers, unique } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

let payload: Payload
let users: Awaited<ReturnType<typeof createRoleUsers>>

const json = { 'Content-Type': 'application/json' }

async function countRegions() {
  return (await payload.count({ collection: 'regions', overrideAccess: true })).totalDocs
}

async function expectHealthy() {
  const health = await api('GET', '/health')
  expect(health.status).toBe(200)
}

describe('query parameters that cannot be queried are 4xx, never 500', () => {
  beforeAll(async () => {
    payload = await testPayload()
    users = await createRoleUsers(payload)
  })

  it.each([
    ['/treks?page=-5', 400, 'page must be a whole number from 1 to 1000000'],
    ['/treks?page=0', 400, 'page must be a whole number from 1 to 1000000'],
    ['/treks?page=abc', 400, 'page must be a whole number from 1 to 1000000'],
    ['/treks?page=1e308', 400, 'page must be a whole number from 1 to 1000000'],
    ['/treks?limit=1.5', 400, 'limit must be a whole number of 0 or more'],
    ['/treks?limit=-1', 400, 'limit must be a whole number of 0 or more'],
    ['/treks?where[id][in]=a,b', 400, 'where[id][in] must be ids (whole numbers)'],
    ['/treks?where[id][equals]=1e99', 400, 'where[id][equals] must be ids (whole numbers)'],
    ['/treks?where[region][equals]=abc', 400, 'where[region][equals] must be ids (whole numbers)'],
    [
      '/treks?where[or][0][id][not_in]=1,x',
      400,
      'where[or][0][id][not_in] must be ids (whole numbers)',
    ],
    [
      '/treks?where[maxAltitude][greater_than]=high',
      400,
      'where[maxAltitude][greater_than] must be numbers',
    ],
    ['/treks/1e99', 404, 'Not Found'],
    ['/treks/99999999999', 404, 'Not Found'],
    ['/posts/abc', 404, 'Not Found'],
    ['/regions/..%2F..%2Fetc', 404, 'Not Found'],
  ])('GET %s → %i', async (path, status, message) => {
    const res = await api('GET', path, { token: users.super_admin.token })

    expect(res.status).toBe(status)
    expect(res.body.errors[0].message).toBe(message)
  })

  it('answers malformed JSON in `where` and `data` query parameters with 400', async () => {
    const where = await api('GET', '/treks?where=%7Bnot-json')
    const data = await api('PATCH', '/regions?where[id][equals]=1&data=%7Bnope', {
      token: users.super_admin.token,
    })

    expect(where.status).toBe(400)
    expect(data.status).toBe(400)
    expect(where.body.errors[0].message).toMatch(/does not fit/)
  })

  it('answers a whole `where` or `data` that is not JSON before Payload, logging no error', async () => {
    const logger = payload.logger as unknown as { error: (...args: unknown[]) => void }
    const original = logger.error
    const errors: unknown[] = []
    logger.error = (...args: unknown[]) => {
      errors.push(args)
      original.apply(payload.logger, args)
    }
    try {
      const where = await viaRoute('GET', '/api/treks?where=%7Bbad')
      const data = await viaRoute('PATCH', '/api/regions?where[id][equals]=1&data=%7Bnope', {
        token: users.super_admin.token,
      })
      expect([where.status, where.body.errors[0].message]).toEqual([
        400,
        'where in the query string is not valid JSON: send it as JSON, or as ' +
          'where[field][operator]=value',
      ])
      expect([data.status, data.body.errors[0].message]).toEqual([
        400,
        'data in the query string is not valid JSON: send it as JSON, or as ' + 'data[field]=value',
      ])
    } finally {
      logger.error = original
    }
    expect(errors).toEqual([])
    const valid = await viaRoute(
      'GET',
      `/api/treks?where=${encodeURIComponent('{"id":{"equals":1}}')}`,
    )
    expect(valid.status).toBe(200)
  })

  it('ignores injection strings in where and sort instead of running them', async () => {
    const name = unique('Inject')
    await payload.create({ collection: 'regions', data: { name }, overrideAccess: true })
    const injected = [
      `/regions?where[name][equals]=${encodeURIComponent("x' OR '1'='1")}`,
      `/regions?where[name][like]=${encodeURIComponent("%'; DROP TABLE regions; --")}`,
      `/regions?sort=${encodeURIComponent('name; DROP TABLE regions')}`,
      `/regions?sort=${encodeURIComponent('-(select 1)')}`,
      `/regions?where[${encodeURIComponent('name"); --')}][equals]=x`,
    ]

    for (const path of injected) {
      const res = await api('GET', path)
      expect([200, 400]).toContain(res.status)
      if (res.status === 200) {
        expect(res.body.docs.every((doc: { name: string }) => doc.name !== "x' OR '1'='1")).toBe(
          true,
        )
      }
    }
    const still = await api('GET', `/regions?where[name][equals]=${encodeURIComponent(name)}`)
    expect(still.body.totalDocs).toBe(1)
    await expectHealthy()
  })

  it('answers GraphQL paging that cannot exist without a server error', async () => {
    const res = await graphql(
      `
        {
          Treks(page: -5) {
            totalDocs
          }
        }
      `,
      undefined,
      users.super_admin.token,
    )

    expect(res.status).toBeLessThan(500)
    expect(res.body.errors?.map((error) => error.message)).toEqual([
      'page must be a whole number from 1 to 1000000',
    ])
  })
})

describe('collection bodies that are not a JSON object are 400 and write nothing', () => {
  it.each(['null', '"a string"', '[1,2]', '42', 'true', '{"name":', '{"name":"x"}}'])(
    'POST /regions with %s',
    async (raw) => {
      const before = await countRegions()

      const res = await api('POST', '/regions', {
        token: users.super_admin.token,
        headers: json,
        rawBody: raw,
      })

      expect(res.status).toBe(400)
      expect(res.body.errors[0].message).toMatch(/JSON/)
      expect(await countRegions()).toBe(before)
    },
  )

  it.each(['null', '"x"', '[]'])('PATCH by id and by where with %s', async (raw) => {
    const region = await payload.create({
      collection: 'regions',
      data: { name: unique('Patch') },
      overrideAccess: true,
    })
    const options = { token: users.super_admin.token, headers: json, rawBody: raw }

    const byId = await api('PATCH', `/regions/${region.id}`, options)
    const byWhere = await api('PATCH', `/regions?where[id][equals]=${region.id}`, options)

    expect(byId.status).toBe(400)
    expect(byWhere.status).toBe(400)
    const after = await payload.findByID({ collection: 'regions', id: region.id })
    expect(after.name).toBe(region.name)
  })

  it('refuses a null booking body from a trekker without a server error', async () => {
    const res = await api('POST', '/bookings', {
      token: users.trekker.token,
      headers: json,
      rawBody: 'null',
    })

    expect(res.status).toBe(400)
    await expectHealthy()
  })
})
