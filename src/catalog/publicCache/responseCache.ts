import type { Payload } from 'payload'

import { env } from '@/config/env'

import { GenerationReader } from './generation'

/** Public catalog reads: the same answer for every anonymous caller. */
const CACHEABLE_PATH = /^\/api\/(treks|batches|regions|itinerary-days|guides)(\/|$)/

type Entry = {
  generation: number
  expiresAt: number
  status: number
  headers: Array<[string, string]>
  body: ArrayBuffer
}

function isAnonymousCatalogRead(request: Request): boolean {
  if (request.method !== 'GET' || request.headers.has('authorization')) {
    return false
  }
  if (/(^|;\s*)payload-token=/.test(request.headers.get('cookie') ?? '')) {
    return false
  }
  return CACHEABLE_PATH.test(new URL(request.url).pathname)
}

/** CORS headers follow the caller's Origin, so each origin gets its own copy. */
function cacheKey(request: Request): string {
  const url = new URL(request.url)
  return `${request.headers.get('origin') ?? ''} ${url.pathname}${url.search}`
}

async function toEntry(response: Response, generation: number, ttlMs: number): Promise<Entry> {
  return {
    generation,
    expiresAt: Date.now() + ttlMs,
    status: response.status,
    headers: [...response.headers.entries()],
    body: await response.arrayBuffer(),
  }
}

function toResponse(entry: Entry, state: 'HIT' | 'MISS'): Response {
  const headers = new Headers(entry.headers)
  headers.set('X-Cache', state)
  return new Response(entry.body.slice(0), { status: entry.status, headers })
}

/**
 * Answers anonymous catalog GETs from memory while the catalog generation has not moved.
 * Signed-in callers always go to Payload (their access differs). Entries also expire after
 * PUBLIC_CACHE_SECONDS, because "upcoming" depends on the clock, not only on writes.
 * Concurrent misses of one URL share one computation.
 */
export class PublicResponseCache {
  private readonly entries = new Map<string, Entry>()
  private readonly computing = new Map<string, Promise<Entry>>()
  private readonly generation: GenerationReader

  constructor(
    payload: Payload,
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {
    this.generation = new GenerationReader(payload)
  }

  async serve(request: Request, handler: () => Promise<Response>): Promise<Response> {
    if (!isAnonymousCatalogRead(request)) {
      return handler()
    }
    const key = cacheKey(request)
    let generation: number
    try {
      generation = await this.generation.read()
    } catch {
      // Without the generation nothing cached can be trusted: answer from Payload itself.
      return handler()
    }
    const cached = this.entries.get(key)
    if (cached && cached.generation === generation && cached.expiresAt > Date.now()) {
      // Map order is the eviction order: a hit moves the entry to the back.
      this.entries.delete(key)
      this.entries.set(key, cached)
      return toResponse(cached, 'HIT')
    }
    const computingKey = `${generation} ${key}`
    let computing = this.computing.get(computingKey)
    if (!computing) {
      computing = handler()
        .then((response) => toEntry(response, generation, this.ttlMs))
        .finally(() => this.computing.delete(computingKey))
      this.computing.set(computingKey, computing)
      void computing.then((entry) => this.store(key, entry)).catch(() => undefined)
    }
    return toResponse(await computing, 'MISS')
  }

  private store(key: string, entry: Entry) {
    const current = this.entries.get(key)
    // Only successes are kept, and never over an answer computed at a later generation.
    if (entry.status !== 200 || (current && current.generation > entry.generation)) {
      return
    }
    this.entries.delete(key)
    this.entries.set(key, entry)
    while (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string)
    }
  }
}

const caches = new WeakMap<Payload, PublicResponseCache | null>()

/**
 * The instance's cache, or none: with read replicas a lagging replica could compute an
 * answer older than the generation it is filed under, so replicas turn caching off.
 */
export function publicResponseCache(payload: Payload): PublicResponseCache | null {
  if (!caches.has(payload)) {
    const enabled = env.publicCache.seconds > 0 && env.databaseReadReplicaUris.length === 0
    caches.set(
      payload,
      enabled
        ? new PublicResponseCache(
            payload,
            env.publicCache.seconds * 1000,
            env.publicCache.maxEntries,
          )
        : null,
    )
  }
  return caches.get(payload) ?? null
}

/** Runs `handler` through the instance's public cache when it has one. */
export function servePublicRead(
  payload: Payload,
  request: Request,
  handler: () => Promise<Response>,
): Promise<Response> {
  const cache = publicResponseCache(payload)
  return cache ? cache.serve(request, handler) : handler()
}
