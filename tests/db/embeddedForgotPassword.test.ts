import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import type { ApiResponse } from '../helpers/api'
import type { TestUser } from '../helpers/fixtures'

/**
 * On the embedded database (one transaction at a time) Payload's forgot-password guard wrote
 * outside the request's transaction and waited for it forever, and the whole service with it.
 * src/users/hooks/passwordResetMail.ts keeps every query of the operation in its transaction.
 * Every wait here is bounded, so a stall fails the test instead of hanging the run.
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

beforeAll(async () => {
  // A throwaway embedded database; the configuration reads the environment when first imported.
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-embedded-reset-'))
  delete process.env.DATABASE_URI
  process.env.EMBEDDED_DB_DIR = dataDir
  process.env.DB_PUSH = 'true'

  const { testPayload } = await import('../helpers/payload')
  ;({ api } = await import('../helpers/api'))
  ;({ createUser } = await import('../helpers/fixtures'))
  payload = await withinTime(testPayload(), 'Starting Payload on the embedded database', START_MS)
}, START_MS + STALL_MS)

afterAll(async () => {
  await withinTime(payload?.destroy() ?? Promise.resolve(), 'Closing Payload').catch(() => {})
  fs.rmSync(dataDir, { recursive: true, force: true })
}, 2 * STALL_MS)

describe('forgot-password on the embedded database', () => {
  it(
    'answers for a known and an unknown address, queues one mail, and health keeps answering',
    async () => {
      const trekker = await withinTime(createUser(payload, null), 'Creating the trekker')

      const [known, health] = await Promise.all([
        withinTime(
          api('POST', '/users/forgot-password', { body: { email: trekker.email } }),
          'POST /api/users/forgot-password (known address)',
        ),
        withinTime(api('GET', '/health'), 'GET /api/health during forgot-password'),
      ])
      const unknown = await withinTime(
        api('POST', '/users/forgot-password', { body: { email: 'nobody-here@obs.test' } }),
        'POST /api/users/forgot-password (unknown address)',
      )

      expect(known.status).toBe(200)
      expect(known.body).toEqual({ message: 'Success' })
      expect(unknown.status).toBe(200)
      expect(unknown.body).toEqual(known.body)
      expect(health.status).toBe(200)
      const row = (await payload.db.findOne({
        collection: 'users',
        where: { id: { equals: trekker.id } },
      })) as { resetPasswordToken?: string }
      expect(row.resetPasswordToken).toMatch(/^[0-9a-f]{40}$/)
      const jobs = await payload.count({
        collection: 'payload-jobs',
        where: { taskSlug: { equals: 'sendPasswordReset' } },
        overrideAccess: true,
      })
      expect(jobs.totalDocs).toBe(1)
    },
    4 * STALL_MS,
  )
})
