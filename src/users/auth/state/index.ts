import type { Payload, PayloadRequest } from 'payload'

import { env } from '@/config/env'

import { postgresStore } from './postgresStore'
import { redisStore } from './redisStore'
import type { AuthStateStore } from './types'

export { deleteCodesAndCounts } from './postgresStore'
export { closeRedisStores } from './redisStore'
export type { AuthStateStore, Limit, LiveCode } from './types'

/**
 * Redis when REDIS_URL is set, else PostgreSQL; read per call so configuration is live.
 * `req` lets a count taken inside a Payload operation (sign-up, e-mail change) share the
 * embedded database's single connection with that operation's transaction.
 */
export function authState(payload: Payload, req?: PayloadRequest): AuthStateStore {
  return env.redisUrl ? redisStore(env.redisUrl, env.redisKeyPrefix) : postgresStore(payload, req)
}
