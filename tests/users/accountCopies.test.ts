import { beforeAll, describe, expect, it } from '@jest/globals'
import { createLocalReq, type Payload } from 'payload'

import { api } from '../helpers/api'
import { createUser, TEST_PASSWORD } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { whoAmI } from './helpers/session'

/**
 * Payload's auth operations write a whole account back from a copy read earlier in the
 * request (src/users/auth/accountCopies.ts narrows those writes). Each test reads a copy the
 * way those operations do, lets another request commit, then writes the copy back.
 */
let payload: Payload

beforeAll(async () => {
  payload = await testPayload()
})

type Copy = Record<string, any> & { sessions?: Array<{ id: string }> }

async function readCopy(id: number) {
  const req = await createLocalReq({}, payload)
  const copy = (await payload.db.findOne({
    collection: 'users',
    where: { id: { equals: id } },
    req,
  })) as Copy
  return { req, copy }
}

const signIn = async (email: string) =>
  (await api('POST', '/users/login', { body: { email, password: TEST_PASSWORD } })).body
    .token as string

describe('a whole-account write from an earlier copy', () => {
  it('keeps a sign-in that committed after the copy was read, and drops only its own session', async () => {
    const trekker = await createUser(payload, null)
    const { req, copy } = await readCopy(trekker.id)
    const laterDevice = await signIn(trekker.email)
    // A sign-out of the first device, the way Payload's logout writes it.
    await payload.db.updateOne({
      collection: 'users',
      id: trekker.id,
      data: { ...copy, sessions: [], updatedAt: null },
      req,
      returning: false,
    })
    expect(await whoAmI(trekker.token)).toBeNull()
    expect((await whoAmI(laterDevice))?.id).toBe(trekker.id)
  })

  it('does not bring back columns or sessions changed after the copy was read', async () => {
    const trekker = await createUser(payload, null, { bio: 'Before' })
    const { req, copy } = await readCopy(trekker.id)
    await payload.update({ collection: 'users', id: trekker.id, data: { bio: 'After' } })
    await api('POST', '/users/logout', { token: trekker.token })
    const fresh = {
      id: 'fresh-session',
      createdAt: new Date(),
      expiresAt: new Date(Date.now() + 60_000),
    }
    await payload.db.updateOne({
      collection: 'users',
      id: trekker.id,
      data: { ...copy, sessions: [...(copy.sessions ?? []), fresh], updatedAt: null },
      req,
      returning: false,
    })
    const row = (await payload.db.findOne({
      collection: 'users',
      where: { id: { equals: trekker.id } },
    })) as Copy
    expect({ bio: row.bio, sessions: row.sessions?.map((s) => s.id) }).toEqual({
      bio: 'After',
      sessions: ['fresh-session'],
    })
    expect(await whoAmI(trekker.token)).toBeNull()
  })

  it('refuses a new session to a copy whose password changed meanwhile', async () => {
    const trekker = await createUser(payload, null)
    const { req, copy } = await readCopy(trekker.id)
    await payload.update({
      collection: 'users',
      id: trekker.id,
      data: { password: 'Another-pass-42' },
    })
    const fresh = {
      id: 'stale-sign-in',
      createdAt: new Date(),
      expiresAt: new Date(Date.now() + 60_000),
    }
    await expect(
      payload.db.updateOne({
        collection: 'users',
        id: trekker.id,
        data: { ...copy, sessions: [...(copy.sessions ?? []), fresh], updatedAt: null },
        req,
        returning: false,
      }),
    ).rejects.toMatchObject({ status: 401 })
    const row = (await payload.db.findOne({
      collection: 'users',
      where: { id: { equals: trekker.id } },
    })) as Copy
    expect(row.hash).not.toBe(copy.hash)
    expect(row.sessions ?? []).toEqual([])
  })

  it('a new password ends every session, even one started after the copy was read', async () => {
    const trekker = await createUser(payload, null)
    const { req, copy } = await readCopy(trekker.id)
    const laterDevice = await signIn(trekker.email)
    // What Payload's password reset writes: new credentials and no sessions.
    await payload.db.updateOne({
      collection: 'users',
      id: trekker.id,
      data: { ...copy, hash: 'f'.repeat(64), salt: 'e'.repeat(32), sessions: [] },
      req,
      returning: false,
    })
    expect(await whoAmI(trekker.token)).toBeNull()
    expect(await whoAmI(laterDevice)).toBeNull()
  })
})
