import { describe, expect, it } from '@jest/globals'
import { createLocalReq, type Payload } from 'payload'

import { advanceBatchLifecycle } from '@/jobs/lifecycle/advanceBatchLifecycle'

import { api } from '../helpers/api'
import { connected, untilDoneOrWaiting, untilLockWaiters } from '../helpers/lockWaits'
import { createTrekBatch, usePaymentsWorld, type RoleUsers } from '../payments/world'

let payload: Payload
let roles: RoleUsers

usePaymentsWorld((world) => {
  payload = world.payload
  roles = world.roles
})

const DAY = 86_400_000

describe('the batch lifecycle meeting an edit of the start', () => {
  it('leaves open a batch whose start ops moved a week later between its read and its write', async () => {
    const { batch } = await createTrekBatch(payload, { price: 7000 })
    const start = new Date(Date.now() + 60 * 60 * 1000)
    await payload.update({
      collection: 'batches',
      id: batch.id,
      data: {
        startDate: start.toISOString(),
        endDate: new Date(start.getTime() + 2 * DAY).toISOString(),
      },
      overrideAccess: true,
    })
    const later = new Date(start.getTime() + 7 * DAY)

    // Held in place: the batch row is held while the edit and then the lifecycle queue on it.
    const blocker = await connected()
    const monitor = await connected()
    let result: Awaited<ReturnType<typeof advanceBatchLifecycle>>
    try {
      await blocker.query('begin')
      await blocker.query('select id from batches where id = $1 for update', [batch.id])
      const moved = api('PATCH', `/batches/${batch.id}`, {
        token: roles.ops_manager.token,
        body: {
          startDate: later.toISOString(),
          endDate: new Date(later.getTime() + 2 * DAY).toISOString(),
        },
      })
      await untilLockWaiters(monitor, 1)
      const lifecycle = advanceBatchLifecycle(await createLocalReq({}, payload), {
        batchIds: [batch.id],
        now: new Date(start.getTime() + 60_000),
      })
      await untilDoneOrWaiting(monitor, 2, lifecycle)
      await blocker.query('rollback')
      const [answer, advanced] = await Promise.all([moved, lifecycle])
      expect(answer.status).toBe(200)
      result = advanced
    } finally {
      await blocker.query('rollback').catch(() => undefined)
      await blocker.end()
      await monitor.end()
    }
    const after = await payload.findByID({ collection: 'batches', id: batch.id, depth: 0 })
    expect(after.status).toBe('open')
    expect(new Date(after.startDate).toISOString()).toBe(later.toISOString())
    expect(result.started).toEqual([])
  })
})
