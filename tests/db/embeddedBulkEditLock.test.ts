import { describe, expect, it } from '@jest/globals'

import {
  STALL_MS,
  useEmbeddedDb,
  withinTime,
  type EmbeddedPayload,
} from '../helpers/embeddedPayload'

/**
 * The embedded database (PGlite) serves one transaction at a time; a query sent outside the
 * open transaction waits for it to end. A bulk REST edit runs in a transaction and checks
 * each document's edit lock; if that check leaves the transaction, the request waits for
 * itself. Payload refuses a locked document of a bulk edit one by one (checkDocumentLockStatus), with
 * a query that is not given the request, so src/db/lockCheckInTransaction.ts takes locked
 * documents out of the edit and reports them itself.
 */
let payload: EmbeddedPayload['payload']
let api: EmbeddedPayload['api']
let createUser: EmbeddedPayload['createUser']

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

useEmbeddedDb('obs-embedded-', (embedded) => ({ payload, api, createUser } = embedded))

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
