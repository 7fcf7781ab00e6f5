import type { Payload } from 'payload'

import { env } from '@/config/env'

import { GenerationReader } from './generation'

/** Public catalog reads: the same answer for every anonymous caller. */
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024

const CACHEABLE_PATH = /^\/api\/(treks|batches|regions|itinerary-days|guides)(\/|$)/

type Entry = {
  generation: number
  expiresAt: number
  status: number
  headers: Array<[string, string]>
  body: ArrayBuffer
}

/**
 * What the cache needs of a request: a fetch `Request`, or the custom server's Node request
 * before Next sees it (src/server/start.mjs). `target` is the path and query string.
 */
export type RequestHead = {
  method: string
  target: string
  header: (name: string) => string | null
}

/** A cached answer, as the custom server writes it. */
export type CachedAnswer = { status: number; headers: Array<[string, string]>; body: Uint8Array }

function headOf(request: Request): RequestHead {
  const url = new URL(request.url)
  return {
    method: request.method,
    target: `${url.pathname}${url.search}`,
    header: (name) => request.headers.get(name),
  }
}

function isAnonymousCatalogRead(head: RequestHead): boolean {
  if (head.method !== 'GET' || head.header('authorization') !== null) {
    return false
  }
  // Any mention of the session cookie, however spaced or cased: Payload trims cookie names,
  // so `payload-token =…` signs in too, and a signed-in answer must never be filed as public.
  if (/payload-token/i.test(head.header('cookie') ?? '')) {
    return false
  }
  return CACHEABLE_PATH.test(head.target.split('?')[0])
}

/** CORS headers follow the caller's Origin, so each origin gets its own copy. */
function cacheKey(head: RequestHead): string {
  return `${head.header('origin') ?? ''} ${head.target}`
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
  /** Bytes of the bodies held: any query string is a new key, so size is what bounds memory. */
  private bytes = 0
  private lastSweep = 0

  constructor(
    payload: Payload,
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly maxBytes = DEFAULT_MAX_BYTES,
  ) {
    this.generation = new GenerationReader(payload)
  }

  /** Bytes of cached bodies held now. */
  get heldBytes(): number {
    return this.bytes
  }

  async serve(request: Request, handler: () => Promise<Response>): Promise<Response> {
    const head = headOf(request)
    if (!isAnonymousCatalogRead(head)) {
      return handler()
    }
    const key = cacheKey(head)
    let generation: number
    try {
      generation = await this.generation.read()
    } catch {
      // Without the generation nothing cached can be trusted: answer from Payload itself.
      return handler()
    }
    const cached = this.fresh(key, generation)
    if (cached) {
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

  /**
   * The cached answer to an anonymous catalog read while the generation has not moved, or
   * null: the request then goes through Next to Payload, which refills the cache. Used by the
   * custom server to answer hits without Next's routing, which costs more than the hit.
   */
  async lookup(head: RequestHead): Promise<CachedAnswer | null> {
    if (!isAnonymousCatalogRead(head)) {
      return null
    }
    const key = cacheKey(head)
    const entry = this.fresh(key, await this.generation.read())
    if (!entry) {
      return null
    }
    const headers = entry.headers.filter(([name]) => name !== 'x-cache')
    headers.push(['x-cache', 'HIT'])
    return { status: entry.status, headers, body: new Uint8Array(entry.body) }
  }

  private fresh(key: string, generation: number): Entry | undefined {
    const cached = this.entries.get(key)
    if (!cached) {
      return undefined
    }
    if (cached.generation !== generation || cached.expiresAt <= Date.now()) {
      // Never served again: an older generation only goes further back.
      this.remove(key)
      return undefined
    }
    // Map order is the eviction order: a hit moves the entry to the back.
    this.entries.delete(key)
    this.entries.set(key, cached)
    return cached
  }

  private store(key: string, entry: Entry) {
    const current = this.entries.get(key)
    // Only successes are kept, never over an answer computed at a later generation, and
    // never one that alone would take a large share of the budget.
    if (
      entry.status !== 200 ||
      (current && current.generation > entry.generation) ||
      entry.body.byteLength > this.maxBytes / 8
    ) {
      return
    }
    this.sweepExpired()
    this.remove(key)
    this.entries.set(key, entry)
    this.bytes += entry.body.byteLength
    while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes) {
      this.remove(this.entries.keys().next().value as string)
    }
  }

  private remove(key: string) {
    const entry = this.entries.get(key)
    if (entry) {
      this.entries.delete(key)
      this.bytes -= entry.body.byteLength
    }
  }

  /** Expired answers are dropped at least once per lifetime, not only when space runs out. */
  private sweepExpired() {
    const now = Date.now()
    if (now - this.lastSweep < Math.min(this.ttlMs, 1000)) {
      return
    }
    this.lastSweep = now
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) {
        this.remove(key)
      }
    }
  }
}

const caches = new WeakMap<Payload, PublicResponseCache | null>()

/**
 * Where the custom server finds the cache: it runs outside Next's bundle, so it cannot
 * import this module's instance, and a second Payload of its own would double the memory.
 */
export const PUBLIC_CACHE_REGISTRY = Symbol.for('obs.publicCatalogCache')

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
            env.publicCache.maxMegabytes * 1024 * 1024,
          )
        : null,
    )
    const registry = globalThis as Record<symbol, unknown>
    registry[PUBLIC_CACHE_REGISTRY] = caches.get(payload)
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
