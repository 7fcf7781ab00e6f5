import { existsSync } from 'node:fs'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Redis } from 'ioredis'
import { createLocalReq, type Payload } from 'payload'

import { env } from '@/config/env'
import { refreshMediaVisibility } from '@/media/visibility'
import { closeRedisStores } from '@/users/auth/state'

import { paragraph } from '../community/lexical'
import { makeImage, pngBuffer } from '../catalog/images'
import { upload } from '../catalog/upload'
import { api } from '../helpers/api'
import { createCatalog, createRoleUsers, createUser, unique } from '../helpers/fixtures'
import { uniquePhone } from '../helpers/jobs'
import { testPayload } from '../helpers/payload'
import { uniqueIp } from '../users/helpers/fakeSms'

const REDIS_URL = 'redis://127.0.0.1:6379'

let payload: Payload
let staff: Awaited<ReturnType<typeof createRoleUsers>>

beforeAll(async () => {
  payload = await testPayload()
  staff = await createRoleUsers(payload)
})

afterAll(async () => {
  env.redisUrl = undefined
  await closeRedisStores()
})

const eraseByStaff = (userId: number) =>
  api('POST', `/users/${userId}/erase`, {
    token: staff.cs.token,
    body: { reason: 'Ticket 1, asked by e-mail' },
  })

/** Every file an upload wrote: the original and each resized copy. */
async function filesOf(mediaId: number) {
  const media = await payload.findByID({ collection: 'media', id: mediaId, overrideAccess: true })
  const names = [media.filename, ...Object.values(media.sizes ?? {}).map((size) => size?.filename)]
  return names
    .filter((name): name is string => typeof name === 'string')
    .map((name) => path.resolve(env.mediaDir, name))
}

const mediaExists = async (id: number) =>
  (await payload.count({ collection: 'media', where: { id: { equals: id } } })).totalDocs === 1

describe('erasure removes the uploads only the erased person used', () => {
  it('deletes the profile photo and post pictures with their files, and keeps shared ones', async () => {
    const { trek } = await createCatalog(payload)
    const trekker = await createUser(payload, null)
    const friend = await createUser(payload, null)
    const uploadAs = async (user: { token: string }, name: string) => {
      const res = await upload(
        'media',
        { data: await pngBuffer(), name: `${unique(name)}.png`, type: 'image/png' },
        { token: user.token, data: { alt: name } },
      )
      expect(res.status).toBe(201)
      return res.body.doc as { id: number }
    }
    const photo = await uploadAs(trekker, 'photo')
    const postPicture = await uploadAs(trekker, 'post')
    const sharedPicture = await uploadAs(trekker, 'shared')
    // A catalog picture the trekker pointed at is not theirs: it stays even unused elsewhere.
    const catalogPicture = await makeImage(payload, `${unique('hero')}.png`)
    const pointedAt = await makeImage(payload, `${unique('upcoming')}.png`)
    await payload.update({
      collection: 'treks',
      id: trek.id,
      data: { heroImage: catalogPicture.id },
      overrideAccess: true,
    })
    await payload.update({
      collection: 'users',
      id: trekker.id,
      data: { profilePhoto: photo.id },
      overrideAccess: true,
    })
    await payload.db.create({
      collection: 'posts',
      data: {
        author: trekker.id,
        kind: 'feed',
        status: 'published',
        body: paragraph('Day two at the col'),
        media: [postPicture.id, sharedPicture.id, catalogPicture.id, pointedAt.id],
      },
    })
    await payload.db.create({
      collection: 'posts',
      data: {
        author: friend.id,
        kind: 'feed',
        status: 'published',
        body: paragraph('Same photo, my feed'),
        media: [sharedPicture.id],
      },
    })
    const goneFiles = [...(await filesOf(photo.id)), ...(await filesOf(postPicture.id))]
    const keptFiles = [...(await filesOf(sharedPicture.id)), ...(await filesOf(catalogPicture.id))]
    expect(goneFiles.length).toBe(8)
    expect([...goneFiles, ...keptFiles].every((file) => existsSync(file))).toBe(true)

    const res = await eraseByStaff(trekker.id)

    expect(res.status).toBe(200)
    expect(await mediaExists(photo.id)).toBe(false)
    expect(await mediaExists(postPicture.id)).toBe(false)
    expect(goneFiles.filter((file) => existsSync(file))).toEqual([])
    expect(await mediaExists(sharedPicture.id)).toBe(true)
    expect(await mediaExists(catalogPicture.id)).toBe(true)
    expect(await mediaExists(pointedAt.id)).toBe(true)
    expect(keptFiles.every((file) => existsSync(file))).toBe(true)
    const kept = await payload.findByID({ collection: 'treks', id: trek.id, depth: 0 })
    expect(kept.heroImage).toBe(catalogPicture.id)
  })

  it('deletes what they uploaded but never used, and keeps a picture a trek shows', async () => {
    const { trek } = await createCatalog(payload)
    const trekker = await createUser(payload, null)
    const friend = await createUser(payload, null)
    const uploadAs = async (user: { token: string }, name: string) =>
      upload(
        'media',
        { data: await pngBuffer(64, 64), name, type: 'image/png' },
        { token: user.token, data: { alt: name } },
      )
    const unused = (await uploadAs(trekker, 'unused.png')).body.doc
    const shared = (await uploadAs(trekker, 'shared.png')).body.doc
    const statuses = []
    for (const author of [trekker, friend]) {
      const posted = await api('POST', '/posts?depth=0', {
        token: author.token,
        body: { kind: 'feed', media: [shared.id], body: paragraph('together') },
      })
      statuses.push(posted.status)
    }
    // A post shows only its author's uploads (and catalog pictures): the friend's is refused.
    expect(statuses).toEqual([201, 400])
    // A trek showing a member's photo: stored before catalog fields took catalog uploads only
    // (review round 29), so written underneath the rule, as such a row would have been.
    await payload.db.updateOne({
      collection: 'treks',
      id: trek.id,
      data: { heroImage: shared.id },
      returning: false,
    })
    await refreshMediaVisibility(await createLocalReq({}, payload), [shared.id])
    const unusedFiles = await filesOf(unused.id)

    expect((await eraseByStaff(trekker.id)).status).toBe(200)

    expect(await mediaExists(unused.id)).toBe(false)
    expect(unusedFiles.filter((file) => existsSync(file))).toEqual([])
    const left = await payload.findByID({ collection: 'media', id: shared.id, depth: 0 })
    // The trek still shows it.
    expect(left.visibility).toBe('public')
  })
})

/** A trekker who asked for a sign-in code: a live code and counts under the phone. */
async function trekkerWhoRequestedACode() {
  const phone = uniquePhone()
  const trekker = await createUser(payload, null, { phone })
  const sent = await api('POST', '/users/otp/request', {
    body: { phone },
    headers: { 'X-Forwarded-For': uniqueIp() },
  })
  expect(sent.status).toBe(202)
  return { trekker, phone }
}

describe('erasure removes sign-in codes and counts kept under the phone', () => {
  it('in PostgreSQL', async () => {
    env.redisUrl = undefined
    const { trekker, phone } = await trekkerWhoRequestedACode()
    const countsFor = async () =>
      (
        await payload.db.count({
          collection: 'auth-throttles',
          where: { key: { in: [`otp:phone:${phone}`, `otp:resend:${phone}`] } },
        })
      ).totalDocs
    const codesFor = async () =>
      (
        await payload.db.count({
          collection: 'otp-challenges',
          where: { phone: { equals: phone } },
        })
      ).totalDocs
    expect(await countsFor()).toBe(2)
    expect(await codesFor()).toBe(1)

    expect((await eraseByStaff(trekker.id)).status).toBe(200)

    expect(await countsFor()).toBe(0)
    expect(await codesFor()).toBe(0)
  })

  it('in Redis, when REDIS_URL is set', async () => {
    const prefix = `${unique('test-erase')}:`
    env.redisUrl = REDIS_URL
    env.redisKeyPrefix = prefix
    const redis = new Redis(REDIS_URL)
    try {
      const { trekker, phone } = await trekkerWhoRequestedACode()
      const phoneKeys = [
        `${prefix}otp:${phone}`,
        `${prefix}limit:otp:phone:${phone}`,
        `${prefix}limit:otp:resend:${phone}`,
      ]
      expect(await redis.exists(...phoneKeys)).toBe(3)

      expect((await eraseByStaff(trekker.id)).status).toBe(200)

      expect(await redis.exists(...phoneKeys)).toBe(0)
      // The per-address count is not the person's: it stays.
      expect((await redis.keys(`${prefix}limit:otp:ip:*`)).length).toBe(1)
    } finally {
      const leftovers = await redis.keys(`${prefix}*`)
      if (leftovers.length > 0) {
        await redis.del(...leftovers)
      }
      await redis.quit()
      env.redisUrl = undefined
      env.redisKeyPrefix = 'obs:auth:'
    }
  })
})
