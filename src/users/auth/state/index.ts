import type { Payload } from 'payload'

import { env } from '@/config/env'

import { postgresStore } from './postgresStore'
import { redisStore } from './redisStore'
import type { AuthStateStore } from './types'

export { closeRedisStores } from './redisStore'
export type { AuthStateStore, Limit, LiveCode } from './types'

/** Redis when REDIS_URL is set, else PostgreSQL; read per call so configuration is live. */
export function authState(payload: Payload): AuthStateStore {
  return env.redisUrl ? redisStore(env.redisUrl) : postgresStore(payload)
}
