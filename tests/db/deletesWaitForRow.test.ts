import { beforeAll, describe, expect, it, jest } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { createRoleUsers, unique } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
})

/**
 * Holds the first delete of `collection` at Payload's adapter call (after its row lock, before
 * the row goes) while `second` starts; lets it go once `second` has waited half a second or
 * answered.
 */
async function deleteHeldWhile(
  collection: string,
  first: () => Promise<{ status: number }>,
  second: () => Promise<{ status: number }>,
) {
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  let reached!: () => void
  const atDelete = new Promise<void>((resolve) => (reached = resolve))
  const original = payload.db.deleteOne.bind(payload.db)
  let calls = 0
  const spy = jest.spyOn(payload.db, 'deleteOne').mockImplementation(async (args) => {
    if (args.collection === collection && calls++ === 0) {
      reached()
      await gate
    }
    return original(args)
  })
  try {
    const held = first()
    await atDelete
    const later = second()
    await Promise.race([later, new Promise((resolve) => setTimeout(resolve, 500))])
    release()
    return [await held, await later]
  } finally {
    spy.mockRestore()
  }
}

/**
 * A collection without its own lost-update guard still has every delete by id wait for the row
 * (withRowLockedDeletes): the later of two deletes finds nothing and answers 404, not the 500
 * Payload's adapter gave when the row went between its read and its delete (review round 37).
 */
describe('two deletes of one row at once', () => {
  it('answers the later 404 in a collection without its own row lock (deliveries)', async () => {
    const delivery = await payload.create({
      collection: 'notification-deliveries',
      data: {
        key: unique('double-delete'),
        channel: 'email',
        template: 'booking_confirmed',
        to: `${unique('to')}@mail.test`,
        status: 'failed',
        attempts: 1,
      },
      overrideAccess: true,
    })
    const remove = () =>
      api('DELETE', `/notification-deliveries/${delivery.id}`, { token: roles.super_admin.token })
    const [first, second] = await deleteHeldWhile('notification-deliveries', remove, remove)
    expect([first.status, second.status]).toEqual([200, 404])
  })
})
