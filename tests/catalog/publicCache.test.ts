import { beforeAll, describe, expect, it } from '@jest/globals'
import { handleEndpoints, type Payload } from 'payload'

import { expireHolds } from '@/bookings'
import { markCatalogChanged } from '@/catalog/publicCache'
import { GenerationReader } from '@/catalog/publicCache/generation'
import { PublicResponseCache } from '@/catalog/publicCache/responseCache'
import { queryRows, sql } from '@/shared/sql'

import { api } from '../helpers/api'
import { config, testPayload } from '../helpers/payload'
import { book, bookableBatch, quickTrekker, readyTrekker } from '../bookings/support'

let payload: Payload

beforeAll(async () => {
  payload = await testPayload()
})

/**
 * Two caches over one database stand for two instances: neither hears of the other's
 * writes except through the catalog generation in PostgreSQL. Writes go through the
 * in-process API, a third party to both caches.
 */
function instance() {
  const cache = new PublicResponseCache(payload, 60_000, 100)
  return async (path: string, token?: string) => {
    const headers = new Headers(token ? { Authorization: `JWT ${token}` } : {})
    const url = `http://localhost:3000/api${path}`
    const request = new Request(url, { headers })
    const response = await cache.serve(request, () =>
      handleEndpoints({ config, request, path: new URL(url).pathname }),
    )
    return {
      status: response.status,
      cache: response.headers.get('x-cache'),
      body: (await response.json()) as any,
    }
  }
}

async function slugOf(trekId: number) {
  const trek = await payload.findByID({
    collection: 'treks',
    id: trekId,
    depth: 0,
    overrideAccess: true,
  })
  return trek.slug!
}

describe('the public catalog cache never shows an old seat count', () => {
  it('after a booking, a cancellation and an expiry made elsewhere, on both instances', async () => {
    const { batch, trek } = await bookableBatch(payload, { seats: 5 })
    const slug = await slugOf(trek.id)
    const [one, two] = [instance(), instance()]
    const seats = async (read: ReturnType<typeof instance>) => {
      const res = await read(`/treks/slug/${slug}/batches`)
      expect(res.status).toBe(200)
      return { cache: res.cache, seats: res.body.docs[0].availableSeats }
    }

    expect(await seats(one)).toEqual({ cache: 'MISS', seats: 5 })
    expect(await seats(one)).toEqual({ cache: 'HIT', seats: 5 })
    expect(await seats(two)).toEqual({ cache: 'MISS', seats: 5 })

    const trekker = await readyTrekker(payload)
    const booked = await book(trekker.token, batch.id)
    expect(booked.status).toBe(201)
    expect(await seats(one)).toEqual({ cache: 'MISS', seats: 4 })
    expect(await seats(two)).toEqual({ cache: 'MISS', seats: 4 })
    expect(await seats(two)).toEqual({ cache: 'HIT', seats: 4 })

    const cancelled = await api('POST', `/bookings/${booked.body.doc.id}/cancel`, {
      token: trekker.token,
      body: { reason: 'Plans changed' },
    })
    expect(cancelled.status).toBe(200)
    expect(await seats(one)).toEqual({ cache: 'MISS', seats: 5 })
    expect(await seats(two)).toEqual({ cache: 'MISS', seats: 5 })

    const late = await readyTrekker(payload)
    const held = await book(late.token, batch.id)
    expect(held.status).toBe(201)
    expect((await seats(one)).seats).toBe(4)
    expect((await seats(two)).seats).toBe(4)
    await expireHolds(payload, new Date(Date.now() + 24 * 60 * 60_000))
    expect(await seats(one)).toEqual({ cache: 'MISS', seats: 5 })
    expect(await seats(two)).toEqual({ cache: 'MISS', seats: 5 })
  })

  it('shows the trek card and the detail page with the new count too', async () => {
    const { batch, trek } = await bookableBatch(payload, { seats: 2 })
    const slug = await slugOf(trek.id)
    const read = instance()
    const card = async () =>
      (await read(`/treks?where[slug][equals]=${slug}`)).body.docs[0].seatsLeft as number
    const detail = async () =>
      (await read(`/treks/slug/${slug}`)).body.upcomingBatches[0].availableSeats as number

    expect([await card(), await detail()]).toEqual([2, 2])
    expect((await read(`/treks/slug/${slug}`)).cache).toBe('HIT')

    const trekker = await readyTrekker(payload)
    expect((await book(trekker.token, batch.id)).status).toBe(201)
    expect([await card(), await detail()]).toEqual([1, 1])
  })

  it('follows catalog edits: a renamed trek and a repriced batch', async () => {
    const { batch, trek } = await bookableBatch(payload, { seats: 3, price: 10000 })
    const slug = await slugOf(trek.id)
    const read = instance()
    expect((await read(`/treks/slug/${slug}`)).body.name).toBe(trek.name)

    await payload.update({
      collection: 'treks',
      id: trek.id,
      data: { name: `${trek.name} II` },
      overrideAccess: true,
    })
    await payload.update({
      collection: 'batches',
      id: batch.id,
      data: { price: 11000 },
      overrideAccess: true,
    })

    const after = await read(`/treks/slug/${slug}`)
    expect(after.cache).toBe('MISS')
    expect(after.body.name).toBe(`${trek.name} II`)
    expect(after.body.upcomingBatches[0].price).toBe(11000)
  })

  it('is bypassed by signed-in callers and keeps only successful answers', async () => {
    const { trek } = await bookableBatch(payload)
    const slug = await slugOf(trek.id)
    const read = instance()
    const trekker = await quickTrekker(payload)

    const signedIn = await read(`/treks/slug/${slug}`, trekker.token)
    expect(signedIn.status).toBe(200)
    expect(signedIn.cache).toBeNull()
    expect((await read('/treks/slug/no-such-trek')).status).toBe(404)
    expect((await read('/treks/slug/no-such-trek')).cache).toBe('MISS')
    expect((await read('/bookings')).cache).toBeNull()
  })
})

describe('the catalog generation', () => {
  it('grows with every committed change and survives folding its rows', async () => {
    const reader = new GenerationReader(payload)
    const start = await reader.read()
    const req = { payload, transactionID: undefined }
    for (let i = 0; i < 250; i++) {
      await markCatalogChanged(req)
    }
    // Many readers at once share few queries and all see every change made before they asked.
    const reads = await Promise.all(Array.from({ length: 20 }, () => reader.read()))
    expect(new Set(reads)).toEqual(new Set([start + 250]))

    // The read above found more than 200 change rows and folds them in the background.
    let rows = Infinity
    for (let tries = 0; tries < 50 && rows > 1; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      ;[{ rows }] = await queryRows<{ rows: number }>(
        req,
        sql`select count(*)::int as rows from payload_kv where key like 'catalog-%'`,
      )
    }
    expect(rows).toBe(1)
    expect(await reader.read()).toBe(start + 250)
  })
})

describe("the custom server's lookup (src/server/start.mjs)", () => {
  const head = (target: string, headers: Record<string, string> = {}, method = 'GET') => ({
    method,
    target,
    header: (name: string) => headers[name] ?? null,
  })

  it('returns what Payload answered, marked HIT, until the catalog changes', async () => {
    const { trek } = await bookableBatch(payload, { seats: 3 })
    const slug = await slugOf(trek.id)
    const cache = new PublicResponseCache(payload, 60_000, 100)
    const target = `/api/treks/slug/${slug}`
    expect(await cache.lookup(head(target))).toBeNull()

    const url = `http://localhost:3000${target}`
    const miss = await cache.serve(new Request(url), () =>
      handleEndpoints({ config, request: new Request(url), path: target }),
    )
    const missBody = await miss.text()
    const hit = await cache.lookup(head(target))
    expect(hit?.status).toBe(200)
    expect(new TextDecoder().decode(hit!.body)).toBe(missBody)
    expect(hit!.headers.filter(([name]) => name === 'x-cache')).toEqual([['x-cache', 'HIT']])
    expect(new Map(hit!.headers).get('content-type')).toBe(miss.headers.get('content-type'))

    await payload.update({
      collection: 'treks',
      id: trek.id,
      data: { maxAltitude: 4321 },
      overrideAccess: true,
    })
    expect(await cache.lookup(head(target))).toBeNull()
  })

  it('never answers a signed-in, cookie, write or non-catalog request', async () => {
    const cache = new PublicResponseCache(payload, 60_000, 100)
    const target = '/api/regions?limit=5'
    const url = `http://localhost:3000${target}`
    await cache.serve(new Request(url), () =>
      handleEndpoints({ config, request: new Request(url), path: '/api/regions' }),
    )
    expect((await cache.lookup(head(target)))?.status).toBe(200)
    expect(await cache.lookup(head(target, { authorization: 'JWT x' }))).toBeNull()
    expect(await cache.lookup(head(target, { cookie: 'a=b; payload-token=x' }))).toBeNull()
    expect(await cache.lookup(head(target, {}, 'POST'))).toBeNull()
    expect(await cache.lookup(head('/api/bookings'))).toBeNull()
    // Another origin gets its own copy (CORS headers follow the Origin).
    expect(await cache.lookup(head(target, { origin: 'https://app.obs.test' }))).toBeNull()
  })
})

describe('the public cache holds bounded memory', () => {
  const answer = (bytes: number) => async () =>
    new Response(new Uint8Array(bytes).fill(0x20), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    })
  const read = async (cache: PublicResponseCache, n: number, bytes: number) => {
    const request = new Request(`http://localhost:3000/api/batches?limit=100&n=${n}`)
    return (await cache.serve(request, answer(bytes))).headers.get('x-cache')
  }

  it('drops the least recently used answers past its byte budget', async () => {
    const cache = new PublicResponseCache(payload, 60_000, 2000, 1024 * 1024)
    for (let n = 0; n < 30; n++) {
      await read(cache, n, 100 * 1024)
    }
    expect(cache.heldBytes).toBeLessThanOrEqual(1024 * 1024)
    expect(cache.heldBytes).toBeGreaterThanOrEqual(900 * 1024)
    expect(await read(cache, 29, 100 * 1024)).toBe('HIT')
    expect(await read(cache, 0, 100 * 1024)).toBe('MISS')
    // One answer over an eighth of the budget is served but never kept.
    expect(await read(cache, 99, 200 * 1024)).toBe('MISS')
    expect(await read(cache, 99, 200 * 1024)).toBe('MISS')
  })

  it('lets expired answers go, not only when space runs out', async () => {
    // The flood the second review sent: distinct query strings of large answers.
    const cache = new PublicResponseCache(payload, 5, 2000)
    for (let n = 0; n < 300; n++) {
      await read(cache, n, 64 * 1024)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
    await read(cache, 1000, 64 * 1024)
    expect(cache.heldBytes).toBe(64 * 1024)
  })
})
