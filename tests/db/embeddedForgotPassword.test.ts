import { describe, expect, it } from '@jest/globals'

import {
  STALL_MS,
  useEmbeddedDb,
  withinTime,
  type EmbeddedPayload,
} from '../helpers/embeddedPayload'

/**
 * On the embedded database (one transaction at a time) Payload's forgot-password guard wrote
 * outside the request's transaction and waited for it forever, and the whole service with it.
 * src/users/hooks/passwordResetMail.ts keeps every query of the operation in its transaction.
 */
let payload: EmbeddedPayload['payload']
let api: EmbeddedPayload['api']
let createUser: EmbeddedPayload['createUser']

useEmbeddedDb('obs-embedded-reset-', (embedded) => ({ payload, api, createUser } = embedded))

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
