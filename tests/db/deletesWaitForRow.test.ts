import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { holdAtAdapter } from '../helpers/adapterHold'
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
    const [first, second] = await holdAtAdapter(
      payload,
      'deleteOne',
      'notification-deliveries',
      remove,
      remove,
    )
    expect([first.status, second.status]).toEqual([200, 404])
  })
})
