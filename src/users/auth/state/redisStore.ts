import { randomUUID } from 'node:crypto'

import { Redis } from 'ioredis'
import { APIError } from 'payload'

import { storedLimitKey } from './storedKey'
import type { AuthStateStore } from './types'

// Times come from the app's clock (ARGV), not Redis's, so windows follow the same clock as
// everything else in sign-in. Key TTLs only clean up; they are never what a decision reads.
const HIT = `
local start = tonumber(redis.call('HGET', KEYS[1], 'start') or '-1')
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
if start < 0 or start <= now - window then
  redis.call('HSET', KEYS[1], 'start', now, 'count', 1)
  redis.call('PEXPIRE', KEYS[1], window)
  return {1, now}
end
return {redis.call('HINCRBY', KEYS[1], 'count', 1), start}`

const RELEASE = `
local start = tonumber(redis.call('HGET', KEYS[1], 'start') or '-1')
if start >= 0 and start > tonumber(ARGV[1]) - tonumber(ARGV[2])
  and tonumber(redis.call('HGET', KEYS[1], 'count') or '0') > 0 then
  redis.call('HINCRBY', KEYS[1], 'count', -1)
end
return 0`

const SPEND_TRY = `
local code = redis.call('HMGET', KEYS[1], 'id', 'hash', 'expiresAt', 'attempts', 'consumed')
if not code[1] or code[5] == '1' or tonumber(code[3]) <= tonumber(ARGV[1])
  or tonumber(code[4]) >= tonumber(ARGV[2]) then
  return false
end
redis.call('HINCRBY', KEYS[1], 'attempts', 1)
return {code[1], code[2]}`

const CONSUME = `
if redis.call('HGET', KEYS[1], 'id') == ARGV[1] and redis.call('HGET', KEYS[1], 'consumed') == '0' then
  redis.call('HSET', KEYS[1], 'consumed', '1')
  return 1
end
return 0`

const clients = new Map<string, Redis>()

function client(url: string): Redis {
  let redis = clients.get(url)
  if (!redis) {
    redis = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true })
    clients.set(url, redis)
  }
  return redis
}

/** `prefix` keeps deployments (or test runs) sharing one Redis apart; default `obs:auth:`. */
export function redisStore(url: string, prefix: string): AuthStateStore {
  return answeringOutagesAs503(redisCommands(url, prefix))
}

const OUTAGE_MESSAGE =
  'Sign-in is briefly unavailable (its rate-limit store cannot be reached). Try again shortly.'

/**
 * Redis unreachable (ioredis gives up after its retries) was an unknown error, a 500 with an
 * error line for every sign-in, OTP request, sign-up and reset (review round 27). It is a 503
 * saying what happened instead, as a database outage is: nothing was decided, so nothing was
 * counted or spent, and the client retries.
 */
/** ioredis giving up on a command, or a connection that is gone or never came. */
const isUnreachable = (err: unknown) =>
  err instanceof Error &&
  (err.name === 'MaxRetriesPerRequestError' ||
    /Connection is closed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH/.test(
      err.message,
    ))

function answeringOutagesAs503(store: AuthStateStore): AuthStateStore {
  const guarded = {} as Record<string, unknown>
  for (const [name, method] of Object.entries(store)) {
    guarded[name] = async (...args: unknown[]) => {
      try {
        return await (method as (...a: unknown[]) => Promise<unknown>)(...args)
      } catch (err) {
        throw isUnreachable(err) ? new APIError(OUTAGE_MESSAGE, 503, null, true) : err
      }
    }
  }
  return guarded as unknown as AuthStateStore
}

function redisCommands(url: string, prefix: string): AuthStateStore {
  const redis = client(url)
  const codeKey = (phone: string) => `${prefix}otp:${phone}`
  const limitKey = (key: string) => `${prefix}limit:${storedLimitKey(key)}`
  return {
    async hit(limit, now) {
      const [count, start] = (await redis.eval(
        HIT,
        1,
        limitKey(limit.key),
        now.getTime(),
        limit.windowMs,
      )) as [number, number]
      if (count <= limit.max) {
        return 0
      }
      return Math.max(1, Math.ceil((Number(start) + limit.windowMs - now.getTime()) / 1000))
    },

    async release(limit, now) {
      await redis.eval(RELEASE, 1, limitKey(limit.key), now.getTime(), limit.windowMs)
    },

    async saveCode(phone, codeHash, expiresAt, now) {
      const key = codeKey(phone)
      await redis
        .multi()
        .del(key)
        .hset(key, {
          id: randomUUID(),
          hash: codeHash,
          expiresAt: expiresAt.getTime(),
          attempts: 0,
          consumed: 0,
        })
        .pexpire(key, Math.max(1, expiresAt.getTime() - now.getTime()) + 60_000)
        .exec()
    },

    async spendTry(phone, maxTries, now) {
      const live = (await redis.eval(SPEND_TRY, 1, codeKey(phone), now.getTime(), maxTries)) as
        [string, string] | null
      return live ? { id: live[0], codeHash: live[1] } : null
    },

    async consume(phone, id) {
      return (await redis.eval(CONSUME, 1, codeKey(phone), id)) === 1
    },

    async forget(phones, limitKeys) {
      const keys = [...phones.map(codeKey), ...limitKeys.map(limitKey)]
      if (keys.length > 0) {
        await redis.del(...keys)
      }
    },
  }
}

/** Closes every Redis connection opened for sign-in state (tests, shutdown). */
export async function closeRedisStores(): Promise<void> {
  await Promise.all([...clients.values()].map((redis) => redis.quit()))
  clients.clear()
}
