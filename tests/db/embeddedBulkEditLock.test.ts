import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import type { ApiResponse } from '../helpers/api'
import type { TestUser } from '../helpers/fixtures'

/**
 * The embedded database (PGlite) serves one transaction at a time; a query sent outside the
 * open transaction waits for it to end. A bulk REST edit runs in a transaction and checks
 * each document's edit lock; if that check leaves the transaction, the request waits for
 * itself. Every wait here is bounded, so a stall fails the test instead of hanging the run.
 * Payload refuses a locked document of a bulk edit one by one (checkDocumentLockStatus), with
 * a query that is not given the request, so src/db/lockCheckInTransaction.ts takes locked
 * documents out of the edit and reports them itself.
 */
const STALL_MS = 20_000
/** Starting PGlite and pushing the whole schema is slow on a busy machine, and not under test. */
const START_MS = 90_000

let payload: Payload
let api: (method: string, path: string, options?: object) => Promise<ApiResponse>
let createUser: (payload: Payload, role: TestUser['role']) => Promise<TestUser>
let dataDir: string

function withinTime<T>(work: Promise<T>, what: string, limitMs = STALL_MS): Promise<T> {
  let timer: NodeJS.Timeout
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${limitMs} ms`)),
      limitMs,
    )
  })
  return Promise.race([work, stalled]).finally(() => clearTimeout(timer))
}

/** An admin edit lock on a user's document, held by `holder`. */
const lockUser = (userId: number, holder: number) =>
  payload.create({
    collection: 'payload-locked-documents',
    data: {
      document: { relationTo: 'users', value: userId },
      user: { relationTo: 'users', value: holder },
    } as never,
    overrideAccess: true,
  })

beforeAll(async () => {
  // This file runs on its own throwaway embedded database, not the run's PostgreSQL; the
  // configuration reads the environment when first imported, hence the imports below.
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-embedded-'))
  delete process.env.DATABASE_URI
  process.env.EMBEDDED_DB_DIR = dataDir
  process.env.DB_PUSH = 'true'

  const { testPayload } = await import('../helpers/payload')
  ;({ api } = await import('../helpers/api'))
  ;({ createUser } = await import('../helpers/fixtures'))
  payload = await withinTime(testPayload(), 'Starting Payload on the embedded database', START_MS)
  expect(fs.existsSync(path.join(dataDir, 'pgdata'))).toBe(true)
}, START_MS + STALL_MS)

afterAll(async () => {
  await withinTime(payload?.destroy() ?? Promise.resolve(), 'Closing Payload').catch(() => {})
  fs.rmSync(dataDir, { recursive: true, force: true })
}, 2 * STALL_MS)

describe('a bulk REST edit on the embedded database while someone holds an edit lock', () => {
  it(
    'goes through when only the editor holds a lock (the check stays in the transaction)',
    async () => {
      const trekker = await withinTime(createUser(payload, null), 'Creating the trekker')
      await lockUser(trekker.id, trekker.id)

      const res = await withinTime(
        api('PATCH', `/users?where[id][equals]=${trekker.id}`, {
          token: trekker.token,
          body: { firstName: 'Ravi' },
        }),
        'PATCH /api/users?where[id][equals]=… under its own lock',
      )

      expect(res.status).toBe(200)
      expect(res.body.docs.map((doc: { firstName: string }) => doc.firstName)).toEqual(['Ravi'])
    },
    3 * STALL_MS,
  )

  it(
    'is refused for the locked document within bounded time, leaving it and the lock',
    async () => {
      const cs = await withinTime(createUser(payload, 'cs'), 'Creating the cs user')
      const trekker = await withinTime(createUser(payload, null), 'Creating the trekker')
      await payload.create({
        collection: 'payload-locked-documents',
        data: {
          document: { relationTo: 'users', value: trekker.id },
          user: { relationTo: 'users', value: cs.id },
        } as never,
        overrideAccess: true,
      })

      const res = await withinTime(
        api('PATCH', `/users?where[id][equals]=${trekker.id}`, {
          token: trekker.token,
          body: { firstName: 'Ravi' },
        }),
        'PATCH /api/users?where[id][equals]=… under an edit lock',
      )

      expect(res.body.docs).toEqual([])
      expect(res.body.errors[0].message).toBe(
        `Document with ID ${trekker.id} is currently locked by another user and cannot be updated.`,
      )
      const row = await payload.findByID({
        collection: 'users',
        id: trekker.id,
        overrideAccess: true,
      })
      expect(row.firstName).toBe('Test')
      const locks = await payload.count({
        collection: 'payload-locked-documents',
        where: { 'document.value': { equals: trekker.id } },
        overrideAccess: true,
      })
      expect(locks.totalDocs).toBe(1)
    },
    4 * STALL_MS,
  )
})
