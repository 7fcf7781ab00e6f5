import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { SCHEDULES } from '@/jobs'
import { PURGE_SPENT_SIGN_IN_STATE } from '@/users'

import { createUser, unique } from '../helpers/fixtures'
import { runJobs, uniquePhone } from '../helpers/jobs'
import { testPayload } from '../helpers/payload'

const DAY = 24 * 60 * 60 * 1000
const ago = (ms: number) => new Date(Date.now() - ms).toISOString()
const ahead = (ms: number) => new Date(Date.now() + ms).toISOString()

let payload: Payload

beforeAll(async () => {
  payload = await testPayload()
})

const ids = async (collection: 'auth-throttles' | 'otp-challenges' | 'refresh-tokens') =>
  (await payload.db.find({ collection, limit: 0, pagination: false })).docs.map((doc) =>
    Number(doc.id),
  )

async function throttle(windowStart: string) {
  return payload.db.create({
    collection: 'auth-throttles',
    data: { key: unique('limit'), windowStart, count: 3 },
  })
}

async function code(data: { expiresAt: string; consumedAt?: string }) {
  return payload.db.create({
    collection: 'otp-challenges',
    data: { phone: uniquePhone(), codeHash: unique('hash'), attempts: 0, ...data },
  })
}

async function refreshToken(userId: number, expiresAt: string) {
  return payload.db.create({
    collection: 'refresh-tokens',
    data: {
      user: userId,
      family: unique('family'),
      tokenHash: unique('token'),
      sid: unique('sid'),
      credentialStamp: 'stamp',
      expiresAt,
    },
  })
}

describe('the daily purge of spent sign-in state', () => {
  it('is on the schedule, once a day', () => {
    expect(SCHEDULES).toContainEqual(
      expect.objectContaining({ task: PURGE_SPENT_SIGN_IN_STATE, cron: '15 4 * * *' }),
    )
  })

  it('deletes only counts, codes and refresh tokens that can no longer matter', async () => {
    const trekker = await createUser(payload, null)
    const oldCount = await throttle(ago(8 * DAY))
    const dayOldCount = await throttle(ago(DAY + 5 * 60_000)) // a provider ID token's window
    const liveCount = await throttle(ago(10 * 60_000))
    const longExpiredCode = await code({ expiresAt: ago(2 * DAY) })
    const longSpentCode = await code({ expiresAt: ahead(60_000), consumedAt: ago(2 * DAY) })
    const justSpentCode = await code({ expiresAt: ago(60_000), consumedAt: ago(2 * 60_000) })
    const liveCode = await code({ expiresAt: ahead(5 * 60_000) })
    const longExpiredToken = await refreshToken(trekker.id, ago(31 * DAY))
    const recentlyExpiredToken = await refreshToken(trekker.id, ago(DAY))
    const liveToken = await refreshToken(trekker.id, ahead(29 * DAY))

    await payload.jobs.queue({ task: PURGE_SPENT_SIGN_IN_STATE, input: {} })
    await runJobs(payload)

    const throttles = await ids('auth-throttles')
    expect(throttles).not.toContain(Number(oldCount.id))
    expect(throttles).toEqual(expect.arrayContaining([dayOldCount.id, liveCount.id].map(Number)))
    const codes = await ids('otp-challenges')
    expect(codes).not.toContain(Number(longExpiredCode.id))
    expect(codes).not.toContain(Number(longSpentCode.id))
    expect(codes).toEqual(expect.arrayContaining([justSpentCode.id, liveCode.id].map(Number)))
    const tokens = await ids('refresh-tokens')
    expect(tokens).not.toContain(Number(longExpiredToken.id))
    expect(tokens).toEqual(
      expect.arrayContaining([recentlyExpiredToken.id, liveToken.id].map(Number)),
    )

    // A completed job is deleted; a failed one would stay with its error.
    const left = await payload.count({
      collection: 'payload-jobs',
      where: { taskSlug: { equals: PURGE_SPENT_SIGN_IN_STATE } },
      overrideAccess: true,
    })
    expect(left.totalDocs).toBe(0)
  })
})
