import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'
import pg from 'pg'

import { paragraph } from '../community/lexical'
import type { FakeRazorpay } from '../fakes/razorpay'
import { api } from '../helpers/api'
import { createUser, TEST_PASSWORD, type TestUser } from '../helpers/fixtures'
import { uniquePhone } from '../helpers/jobs'
import { startPaymentsWorld } from '../payments/world'

/**
 * Sixth review round. Each finding is an `it.failing` until the product is fixed, then an `it`.
 */
let payload: Payload
let fake: FakeRazorpay

beforeAll(async () => {
  ;({ payload, fake } = await startPaymentsWorld())
})

afterAll(async () => {
  await fake.stop()
})

describe('review round 6: rows created for an account while it is being erased', () => {
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

  /**
   * Erases the member while a second device keeps creating rows for them every few ms (`every`, at most `max` rows), three
   * times over (one attempt that misses the window proves nothing); returns how many rows of
   * `collection` each erased account still has.
   */
  async function rowsLeftAfterErasure(
    collection: 'emergency-contacts' | 'posts' | 'incidents',
    ownerField: 'user' | 'author' | 'trekker',
    send: (member: TestUser, n: number) => Promise<unknown>,
    max = 15,
    every = 6,
  ) {
    const left: number[] = []
    for (let attempt = 0; attempt < 3; attempt++) {
      const member = await createUser(payload, null, {
        firstName: 'Kavya',
        lastName: 'Negi',
        phone: uniquePhone(),
      })
      let settled = false
      const erasure = api('POST', '/users/me/erase', {
        token: member.token,
        body: { password: TEST_PASSWORD },
      }).finally(() => {
        settled = true
      })
      const others: Array<Promise<unknown>> = []
      while (!settled && others.length < max) {
        await pause(every)
        others.push(send(member, others.length))
      }
      const [erased] = await Promise.all([erasure, ...others])
      expect(erased.status).toBe(200)
      const { totalDocs } = await payload.count({
        collection,
        where: { [ownerField]: { equals: member.id } },
        overrideAccess: true,
      })
      left.push(totalDocs)
    }
    return left
  }

  // The erasure takes the user row lock, deletes the member's emergency contacts and posts,
  // blanks their SOS incidents, and commits. A create that authenticated just before (the
  // sessions are deleted in the same, still uncommitted, transaction) waits on that lock
  // (emergency contacts lock the owner's row to count them; a post's or incident's foreign key
  // share-locks it) and then inserts anyway: nothing re-checks `erasedAt` as bookings do
  // (snapshotTrekker). The erasure answered 200 ("The account is erased"), yet a third party's
  // name and phone stay on file under the erased account, for ever, since the account can
  // never sign in again to remove them and a second erasure answers 404.
  it.failing('an emergency contact added during the erasure does not outlive it', async () => {
    const left = await rowsLeftAfterErasure('emergency-contacts', 'user', (member, n) =>
      api('POST', '/emergency-contacts', {
        token: member.token,
        body: { name: `Asha Negi ${n}`, relationship: 'sister', phone: uniquePhone() },
      }),
    )
    expect(left).toEqual([0, 0, 0])
  })

  // Same window for posts: a post written while the erasure runs is published after it, in
  // the public feed, with the trekker's own words (and any photos), under an account that
  // can no longer delete it. Erasure is supposed to delete every post of the member.
  it.failing('a post written during the erasure does not outlive it', async () => {
    const left = await rowsLeftAfterErasure(
      'posts',
      'author',
      (member, n) =>
        api('POST', '/posts', {
          token: member.token,
          body: { kind: 'feed', body: paragraph(`Kavya Negi at Kedarkantha base camp ${n}`) },
        }),
      40,
      60,
    )
    expect(left).toEqual([0, 0, 0])
  })

  // And for an SOS: erasure refuses while an SOS is open ("ops need the name, phone and
  // emergency contacts"), but an SOS the phone sent as the trekker erased (on a second
  // device, or from the app in the background) lands after the erasure: an open incident with
  // the trekker's position and message, for an account with no name, phone or emergency
  // contacts left. Ops get an alert about someone they cannot identify or call, and the
  // position and message the erasure promised to remove stay on file. The SOS is held here
  // on its own retry lock (the advisory lock keyed by its clientId) so that it reaches the
  // insert just after the erasure commits, as a slow SOS request on a mountain network would.
  it.failing('an SOS in flight during the erasure does not land on the erased account', async () => {
    const member = await createUser(payload, null, { firstName: 'Kavya', phone: uniquePhone() })
    const clientId = `in-flight-${member.id}`
    const blocker = new pg.Client({ connectionString: process.env.DATABASE_URI })
    await blocker.connect()
    try {
      await blocker.query(`select pg_advisory_lock(hashtextextended($1, 0))`, [
        `incident:${clientId}`,
      ])
      const sos = api('POST', '/incidents', {
        token: member.token,
        body: { clientId, latitude: 30.97, longitude: 78.16, message: 'fell near the ridge' },
      })
      await new Promise((resolve) => setTimeout(resolve, 500))
      const erased = await api('POST', '/users/me/erase', {
        token: member.token,
        body: { password: TEST_PASSWORD },
      })
      expect(erased.status).toBe(200)
      await blocker.query(`select pg_advisory_unlock(hashtextextended($1, 0))`, [
        `incident:${clientId}`,
      ])
      await sos
    } finally {
      await blocker.end()
    }
    const { docs } = await payload.find({
      collection: 'incidents',
      where: { trekker: { equals: member.id } },
      overrideAccess: true,
      depth: 0,
    })
    expect(
      docs.map((incident) => ({ status: incident.status, message: incident.message ?? null })),
    ).toEqual([])
  })
})
