import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'
import pg from 'pg'

import { env } from '@/config/env'

import { api, type ApiResponse } from '../helpers/api'
import { createRoleUsers, unique } from '../helpers/fixtures'
import { untilLockWaiters } from '../helpers/lockWaits'
import { testPayload } from '../helpers/payload'
import { createTrip, type Trip } from './trip'

let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>
let trip: Trip
let monitor: pg.Client

beforeAll(async () => {
  payload = await testPayload()
  env.opsOncall = []
  // Every test raises its own SOS for the same trekker; the repeat throttle has its own tests.
  env.sosRepeatWindowMinutes = 0
  roles = await createRoleUsers(payload)
  trip = await createTrip(payload)
  monitor = new pg.Client({ connectionString: process.env.DATABASE_URI })
  await monitor.connect()
})

afterAll(async () => {
  await monitor.end()
})

async function raise() {
  const res = await api('POST', '/incidents', {
    token: trip.trekker.token,
    body: {
      clientId: unique('sos'),
      message: 'Twisted ankle below the pass',
      batch: trip.batch.id,
    },
  })
  expect(res.status).toBe(201)
  return res.body.doc.id as number
}

/**
 * Starts `first`, then `second`, each only once the one before it waits on the incident's
 * row, which a second connection holds; then lets both go. Both therefore read the incident
 * before either has written it, which is the race, every time.
 */
async function bothWhileRowHeld(
  incidentId: number,
  first: () => Promise<ApiResponse>,
  second: () => Promise<ApiResponse>,
) {
  const blocker = new pg.Client({ connectionString: process.env.DATABASE_URI })
  await blocker.connect()
  try {
    await blocker.query('begin')
    await blocker.query('select id from incidents where id = $1 for update', [incidentId])
    const firstAnswer = first()
    await untilLockWaiters(monitor, 1)
    const secondAnswer = second()
    await untilLockWaiters(monitor, 2)
    await blocker.query('rollback')
    return await Promise.all([firstAnswer, secondAnswer])
  } finally {
    await blocker.end()
  }
}

const stored = (id: number) =>
  payload.findByID({ collection: 'incidents', id, depth: 0, overrideAccess: true })

const notesOf = (doc: Awaited<ReturnType<typeof stored>>) =>
  (doc.log ?? []).map((entry) => entry.note).sort()

describe('two handlers saving one incident at once', () => {
  it('keeps an acknowledgement and a note added over PATCH at the same moment', async () => {
    const id = await raise()

    const [acknowledged, noted] = await bothWhileRowHeld(
      id,
      () =>
        api('POST', `/incidents/${id}/acknowledge`, {
          token: roles.ops_manager.token,
          body: { note: 'Guide is on the way' },
        }),
      () =>
        api('PATCH', `/incidents/${id}?depth=0`, {
          token: roles.cs.token,
          body: { note: 'Sister called the desk' },
        }),
    )

    expect(acknowledged.status).toBe(200)
    expect(noted.status).toBe(200)
    const doc = await stored(id)
    expect(doc.status).toBe('acknowledged')
    expect(doc.acknowledgedAt).toBeTruthy()
    expect(notesOf(doc)).toEqual(['Acknowledged: Guide is on the way', 'Sister called the desk'])
  })

  it('keeps a note added through the endpoint and a resolution made over PATCH', async () => {
    const id = await raise()

    const [noted, resolved] = await bothWhileRowHeld(
      id,
      () =>
        api('POST', `/incidents/${id}/notes`, {
          token: roles.cs.token,
          body: { note: 'Insurance informed' },
        }),
      () =>
        api('PATCH', `/incidents/${id}?depth=0`, {
          token: roles.ops_manager.token,
          body: { status: 'resolved', note: 'Walked down to the road head' },
        }),
    )

    expect(noted.status).toBe(200)
    expect(resolved.status).toBe(200)
    const doc = await stored(id)
    expect(doc.status).toBe('resolved')
    expect(doc.resolvedAt).toBeTruthy()
    expect(notesOf(doc)).toEqual(['Insurance informed', 'Resolved: Walked down to the road head'])
  })
})

describe('a bulk edit of incidents racing a handler', () => {
  it('leaves out an incident changed since the edit read it, saying why, and writes nothing to it', async () => {
    const id = await raise()

    const [acknowledged, bulk] = await bothWhileRowHeld(
      id,
      () =>
        api('POST', `/incidents/${id}/acknowledge`, {
          token: roles.ops_manager.token,
          body: { note: 'Guide reached the trekker' },
        }),
      () =>
        api('PATCH', `/incidents?where[id][equals]=${id}&depth=0`, {
          token: roles.cs.token,
          body: { status: 'resolved', note: 'Closed from the list' },
        }),
    )

    expect(acknowledged.status).toBe(200)
    // Payload answers a bulk edit with any refused document 400 and lists each one in
    // `errors`; the refusal itself is the 409 conflict, with its message.
    expect(bulk.status).toBe(400)
    expect(bulk.body.docs).toEqual([])
    expect(bulk.body.errors).toEqual([
      expect.objectContaining({
        id,
        message: 'This document changed while you were saving it: reload it and try again',
      }),
    ])
    const doc = await stored(id)
    expect(doc.status).toBe('acknowledged')
    expect(doc.resolvedAt).toBeFalsy()
    expect(notesOf(doc)).toEqual(['Acknowledged: Guide reached the trekker'])
  })
})
