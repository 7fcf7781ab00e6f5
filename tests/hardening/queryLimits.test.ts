import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api, graphql, qs } from '../helpers/api'
import { createCatalog, createRoleUsers } from '../helpers/fixtures'
import { captureLogOutput } from '../helpers/logOutput'
import { testPayload } from '../helpers/payload'
import { viaRoute } from './route'

let payload: Payload
let users: Awaited<ReturnType<typeof createRoleUsers>>
let catalog: Awaited<ReturnType<typeof createCatalog>>

/** `where[and][i][<path>][<operator>]=<value>` for each condition, written out by hand. */
const andConditions = (conditions: Array<[string, string, string]>) =>
  conditions
    .map(
      ([path, operator, value], i) =>
        `${encodeURIComponent(`where[and][${i}][${path}][${operator}]`)}=${encodeURIComponent(value)}`,
    )
    .join('&')

const repeat = (count: number, condition: [string, string, string]) =>
  Array.from({ length: count }, () => condition)

/** Each `or` level wraps the one below: `{or: [{or: [… {name: {exists: true}}]}]}`. */
const nestedWhere = (levels: number) => {
  let where: object = { name: { exists: true } }
  for (let i = 0; i < levels; i++) {
    where = { or: [where] }
  }
  return encodeURIComponent(JSON.stringify(where))
}

async function expectHealthy() {
  expect((await api('GET', '/health')).status).toBe(200)
  const list = await api('GET', `/batches?${qs({ where: { id: { equals: catalog.batch.id } } })}`)
  expect(list.status).toBe(200)
  expect(list.body.totalDocs).toBe(1)
}

beforeAll(async () => {
  payload = await testPayload()
  users = await createRoleUsers(payload)
  catalog = await createCatalog(payload)
})

describe('a where or sort too large to plan cheaply is 400 naming the limit', () => {
  it.each([
    [
      '32 conditions on one relation path',
      `/batches?${andConditions(repeat(32, ['trek.region.name', 'exists', 'true']))}&depth=0`,
      'where may have at most 3 conditions on fields of related documents (paths through a relationship, like trek.region.name)',
    ],
    [
      '4 conditions on relation paths',
      `/batches?${andConditions([
        ['trek.name', 'exists', 'true'],
        ['trek.region.name', 'exists', 'true'],
        ['trek.slug', 'exists', 'true'],
        ['trek.region.slug', 'exists', 'true'],
      ])}`,
      'where may have at most 3 conditions on fields of related documents (paths through a relationship, like trek.region.slug)',
    ],
    [
      '4 conditions inside a has-many relation’s contains',
      `/posts?${Array.from(
        { length: 4 },
        (_, i) => `${encodeURIComponent(`where[media][contains][and][${i}][alt][like]`)}=a`,
      ).join('&')}`,
      'where may have at most 3 conditions on fields of related documents (paths through a relationship, like media.alt)',
    ],
    [
      '21 conditions',
      `/treks?${andConditions(repeat(21, ['name', 'exists', 'true']))}`,
      'where may have at most 20 conditions',
    ],
    [
      'and/or nested 6 levels deep',
      `/treks?where=${nestedWhere(6)}`,
      'where may nest and/or at most 5 levels deep',
    ],
    [
      'a sort of 4 fields',
      '/treks?sort=name,slug,difficulty,durationDays',
      'sort may name at most 3 fields',
    ],
    [
      'a sort naming one relation path twice',
      '/batches?sort=trek.name,trek.name&depth=0',
      'sort names trek.name more than once',
    ],
    [
      'a sort naming a path up and down',
      '/batches?sort=-trek.name,trek.name&depth=0',
      'sort names trek.name more than once',
    ],
    [
      'a sort of 900 copies of one relation path',
      `/batches?sort=${Array.from({ length: 900 }, () => 'trek.region.name').join(',')}`,
      'sort may name at most 3 fields',
    ],
  ])('%s', async (_what, path, message) => {
    const started = Date.now()
    const res = await api('GET', path)

    expect({ status: res.status, message: res.body.errors?.[0]?.message }).toEqual({
      status: 400,
      message,
    })
    expect(Date.now() - started).toBeLessThan(1500)
    await expectHealthy()
  })

  it('applies the same limits to GraphQL', async () => {
    const where = `{ AND: [${Array.from({ length: 21 }, () => '{ name: { like: "a" } }').join(', ')}] }`
    const res = await graphql(`{ Treks(where: ${where}) { totalDocs } }`)

    expect(res.body.errors?.map((error) => error.message)).toEqual([
      'where may have at most 20 conditions',
    ])
  })

  it('leaves the documented filters, the admin’s list queries and 3 relation conditions alone', async () => {
    const allowed = [
      // README "Reading the catalog"
      `/treks?${qs({ where: { difficulty: { equals: 'moderate' } }, sort: 'nextBatch.price' })}`,
      '/treks?limit=20',
      // The admin's list view: search over the title field, a filter row, a sort column.
      `/treks?${qs({ depth: 0, limit: 10, page: 1, sort: '-createdAt' })}&${encodeURIComponent('where[or][0][and][0][name][like]')}=trek&${encodeURIComponent('where[or][0][and][1][status][equals]')}=active`,
      // The admin's relationship picker: the next page of options, minus those chosen.
      `/regions?${qs({ depth: 0, limit: 10, sort: 'name' })}&${encodeURIComponent('where[and][0][id][not_in][0]')}=1&${encodeURIComponent('where[and][0][id][not_in][1]')}=2`,
      `/batches?${andConditions([
        ['trek.name', 'exists', 'true'],
        ['trek.region.name', 'exists', 'true'],
        ['trek.id', 'equals', String(catalog.trek.id)],
        ['id', 'equals', String(catalog.batch.id)],
      ])}&sort=trek.name,-startDate,price&depth=0`,
    ]
    for (const path of allowed) {
      const res = await api('GET', path, { token: users.super_admin.token })
      expect({ path, status: res.status }).toEqual({ path, status: 200 })
    }
    const related = await api(
      'GET',
      `/batches?${andConditions([
        ['trek.region.name', 'equals', catalog.region.name],
        ['trek.name', 'equals', catalog.trek.name],
      ])}&depth=0`,
    )
    expect(related.body.docs.map((doc: { id: number }) => doc.id)).toEqual([catalog.batch.id])
  })

  it('does not limit server code (the Local API)', async () => {
    const found = await payload.find({
      collection: 'batches',
      where: {
        and: Array.from({ length: 5 }, () => ({ 'trek.name': { equals: catalog.trek.name } })),
      },
      sort: ['trek.name', 'startDate', 'price', 'id'],
      depth: 0,
    })

    expect(found.docs.map((doc) => doc.id)).toEqual([catalog.batch.id])
  })
})

describe('an operator that does not fit the field is 400 naming the field and operator', () => {
  it.each([
    ['batches', 'status', 'like', 'open', 'status (select) cannot be queried with like'],
    [
      'batches',
      'startDate',
      'contains',
      '2027',
      'startDate (date) cannot be queried with contains',
    ],
    ['batches', 'price', 'all', '1,2', 'price (number) cannot be queried with all'],
    ['batches', 'price', 'near', '1,2', 'price (number) cannot be queried with near'],
    ['batches', 'trek', 'not_like', '1', 'trek (relationship) cannot be queried with not_like'],
    [
      'batches',
      'trek.difficulty',
      'like',
      'e',
      'trek.difficulty (select) cannot be queried with like',
    ],
    [
      'treks',
      'difficulty',
      'not_like',
      'easy',
      'difficulty (select) cannot be queried with not_like',
    ],
    ['treks', 'id', 'contains', '1', 'id (id) cannot be queried with contains'],
    [
      'batches',
      'trek.bestMonths',
      'in',
      '1,2',
      'trek.bestMonths is a list on a related document and cannot be queried through the ' +
        'relationship: query that collection itself',
    ],
    [
      'batches',
      'price.amount',
      'equals',
      '1',
      'price.amount goes past price (number), which has no fields inside it',
    ],
    ['treks', 'bestMonths', 'contains', '3', 'bestMonths (number) cannot be queried with contains'],
    ['batches', 'status', 'all', 'open', 'status (select) cannot be queried with all'],
    ['treks', 'name', 'within', '1,2', 'name (text) cannot be queried with within'],
    ['posts', 'body', 'like', 'summit', 'body (richText) cannot be queried with like'],
  ])('%s.%s %s', async (collection, field, operator, value, reason) => {
    const res = await api(
      'GET',
      `/${collection}?${qs({ where: { [field]: { [operator]: value } } })}`,
    )

    expect({ status: res.status, message: res.body.errors?.[0]?.message }).toEqual({
      status: 400,
      message: `where[${field}][${operator}]: ${reason}`,
    })
    await expectHealthy()
  })

  it('names the condition inside and/or', async () => {
    const res = await api(
      'GET',
      `/batches?${encodeURIComponent('where[or][1][status][like]')}=open&${encodeURIComponent('where[or][0][price][equals]')}=1`,
    )

    expect(res.status).toBe(400)
    expect(res.body.errors?.[0]?.message).toBe(
      'where[or][1][status][like]: status (select) cannot be queried with like',
    )
  })

  it('keeps the operators each field does support', async () => {
    const paths = [
      `/treks?${qs({ where: { name: { like: catalog.trek.name } } })}`,
      `/treks?${qs({ where: { difficulty: { in: 'easy,moderate' } } })}`,
      `/batches?${qs({ where: { startDate: { greater_than: '2020-01-01' }, price: { less_than_equal: 99999 } } })}`,
      `/batches?${qs({ where: { status: { not_equals: 'cancelled' }, trek: { exists: true } } })}`,
      `/posts?${qs({ where: { body: { exists: true } } })}`,
      `/posts?${encodeURIComponent('where[media][contains][alt][like]')}=a`,
      // The admin's list search on a collection titled by id (posts, badge awards).
      `/posts?${encodeURIComponent('where[or][0][id][like]')}=1`,
      `/batches?${qs({ where: { price: { like: '12500' }, trek: { like: String(catalog.trek.id) } } })}`,
    ]
    for (const path of paths) {
      const res = await api('GET', path)
      expect({ path, status: res.status }).toEqual({ path, status: 200 })
    }
  })
})

describe('a where through relationships into what the caller may not read', () => {
  it('is 400 without an unhandled rejection, and staff may still query it', async () => {
    const stray: unknown[] = []
    const onRejection = (reason: unknown) => stray.push(reason)
    process.on('unhandledRejection', onRejection)
    try {
      const anonymous = await api(
        'GET',
        `/batches?${qs({ where: { 'guide.user.email': { like: 'a' } }, depth: 0 })}`,
      )
      const trekker = await api(
        'GET',
        `/bookings?${qs({ where: { 'batch.guide.user.email': { like: 'a' } }, depth: 0 })}`,
        { token: users.trekker.token },
      )
      // Let any stray rejection surface while this test still runs.
      await new Promise((resolve) => setTimeout(resolve, 200))

      expect(
        [anonymous, trekker].map((res) => [res.status, res.body.errors?.[0]?.message]),
      ).toEqual([
        [400, 'The following path cannot be queried: guide.user.email'],
        [400, 'The following path cannot be queried: batch.guide.user.email'],
      ])
      expect(stray).toEqual([])
    } finally {
      process.off('unhandledRejection', onRejection)
    }
    const staff = await api(
      'GET',
      `/batches?${qs({ where: { 'guide.user.email': { like: 'obs.test' } }, depth: 0 })}`,
      { token: users.super_admin.token },
    )
    expect(staff.status).toBe(200)
    await expectHealthy()
  })
})

describe('a list condition with more values than one statement can bind (review round 20)', () => {
  /** `1,2,…,count`: one bind parameter per value once Payload splits it. */
  const numbers = (count: number) => Array.from({ length: count }, (_, i) => i + 1)

  it.each([
    ['in', '/treks', `where[id][in]=${numbers(501).join(',')}`, 'where[id][in]'],
    [
      'not_in, on text',
      '/treks',
      `where[slug][not_in]=${numbers(501)
        .map((n) => `s${n}`)
        .join(',')}`,
      'where[slug][not_in]',
    ],
    ['all', '/posts', `where[media][all]=${numbers(501).join(',')}`, 'where[media][all]'],
    [
      'in, as a list inside and',
      '/treks',
      numbers(501)
        .map((n, i) => `${encodeURIComponent(`where[and][0][id][in][${i}]`)}=${n}`)
        .join('&'),
      'where[and][0][id][in]',
    ],
  ])('%s: 400 naming the condition', async (_what, path, query, condition) => {
    const res = await api('GET', `${path}?${query}`)

    expect({ status: res.status, message: res.body.errors?.[0]?.message }).toEqual({
      status: 400,
      message: `${condition} may list at most 500 values`,
    })
  })

  it('refuses 70,000 ids in a method-override form body (anonymous) without an error log', async () => {
    const logs = captureLogOutput()
    try {
      const res = await viaRoute('POST', '/api/treks', {
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Payload-HTTP-Method-Override': 'GET',
        },
        body: `where[id][in]=${numbers(70_000).join(',')}`,
      })

      expect({ status: res.status, message: res.body.errors?.[0]?.message }).toEqual({
        status: 400,
        message: 'where[id][in] may list at most 500 values',
      })
    } finally {
      logs.stop()
    }
    expect(logs.text()).not.toMatch(/"level":50|\$65535|Something went wrong/)
    await expectHealthy()
  })

  it('refuses one for any role and collection (finance on bookings)', async () => {
    const res = await api('GET', `/bookings?where[id][not_in]=${numbers(70_000).join(',')}`, {
      token: users.finance.token,
    })

    expect({ status: res.status, message: res.body.errors?.[0]?.message }).toEqual({
      status: 400,
      message: 'where[id][not_in] may list at most 500 values',
    })
  })

  it('refuses a GraphQL list in variables', async () => {
    const res = await graphql<{ Treks: { totalDocs: number } }>(
      'query ($slugs: [String]) { Treks(where: { slug: { in: $slugs } }) { totalDocs } }',
      { slugs: numbers(70_000).map((n) => `s${n}`) },
    )

    expect(res.body.data?.Treks ?? null).toBeNull()
    expect(res.body.errors?.map((error) => [error.message, error.extensions?.statusCode])).toEqual([
      ['where[slug][in] may list at most 500 values', 400],
    ])
    await expectHealthy()
  })

  it('answers 500 values, over REST and GraphQL', async () => {
    const ids = [catalog.trek.id, ...numbers(499).map((n) => n + 1_000_000)]
    const rest = await api('GET', `/treks?where[id][in]=${ids.join(',')}&depth=0`)
    expect({
      status: rest.status,
      ids: rest.body.docs?.map((doc: { id: number }) => doc.id),
    }).toEqual({ status: 200, ids: [catalog.trek.id] })

    const form = await viaRoute('POST', '/api/treks', {
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Payload-HTTP-Method-Override': 'GET',
      },
      body: `where[id][not_in]=${numbers(500)
        .map((n) => n + 1_000_000)
        .join(',')}&limit=1`,
    })
    expect(form.status).toBe(200)

    const gql = await graphql<{ Treks: { totalDocs: number } }>(
      'query ($slugs: [String]) { Treks(where: { slug: { in: $slugs } }) { totalDocs } }',
      { slugs: [catalog.trek.slug, ...numbers(499).map((n) => `no-such-trek-${n}`)] },
    )
    expect(gql.body).toEqual({ data: { Treks: { totalDocs: 1 } } })
  })
})
