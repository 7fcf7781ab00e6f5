import { sql, type PostgresAdapter } from '@payloadcms/db-postgres'
import { APIError, type Payload, type PayloadRequest } from 'payload'

import { authClock } from './clock'

export type Limit = { key: string; max: number; windowMs: number }

/**
 * Counts one attempt against `limit` in a single statement, so concurrent requests on several
 * instances can never all slip under the cap. Returns the seconds to wait when over it.
 */
export async function hit(payload: Payload, limit: Limit): Promise<number> {
  const now = authClock.now()
  const windowOpensAfter = new Date(now.getTime() - limit.windowMs)
  const db = (payload.db as unknown as PostgresAdapter).drizzle
  const result = await db.execute(sql`
    insert into auth_throttles (key, window_start, count, updated_at, created_at)
    values (${limit.key}, ${now.toISOString()}, 1, ${now.toISOString()}, ${now.toISOString()})
    on conflict (key) do update set
      count = case when auth_throttles.window_start <= ${windowOpensAfter.toISOString()}
        then 1 else auth_throttles.count + 1 end,
      window_start = case when auth_throttles.window_start <= ${windowOpensAfter.toISOString()}
        then ${now.toISOString()}::timestamptz else auth_throttles.window_start end,
      updated_at = ${now.toISOString()}
    returning count, window_start`)
  const row = result.rows[0] as { count: string | number; window_start: string | Date }
  if (Number(row.count) <= limit.max) {
    return 0
  }
  const resetsAt = new Date(row.window_start).getTime() + limit.windowMs
  return Math.max(1, Math.ceil((resetsAt - now.getTime()) / 1000))
}

/** Checks limits in order and stops at the first one exceeded: 429 with Retry-After. */
export async function enforceLimits(req: PayloadRequest, limits: Limit[], message: string) {
  for (const limit of limits) {
    const retryAfter = await hit(req.payload, limit)
    if (retryAfter > 0) {
      req.responseHeaders = new Headers({ 'Retry-After': String(retryAfter) })
      throw new APIError(message, 429, null, true)
    }
  }
}
