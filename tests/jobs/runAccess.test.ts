import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { ADVANCE_BATCH_LIFECYCLE } from '@/jobs'

import { refusal, ROLES, signedInRoles, type Role } from '../access/roles'
import { api } from '../helpers/api'
import { unique } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

/**
 * Jobs run in the worker (or the web process's cron with CRON_ENABLED); by hand through
 * Payload's job routes only a super admin may run them.
 */
let payload: Payload
let roles: Awaited<ReturnType<typeof signedInRoles>>

const NOT_SUPER_ADMIN = ROLES.filter((role) => role !== 'super_admin')

/** A job on a queue of its own, so only this test's run can pick it up. */
async function queuedJob() {
  const queue = unique('q')
  const job = await payload.jobs.queue({
    task: ADVANCE_BATCH_LIFECYCLE as any,
    input: { period: new Date().toISOString() } as any,
    queue,
  })
  return { queue, id: job.id }
}

/** Payload deletes a job once it completes, so a finished job is one that is gone. */
async function jobState(id: number | string): Promise<'waiting' | 'done'> {
  const { docs } = await payload.find({
    collection: 'payload-jobs',
    where: { id: { equals: id } },
    depth: 0,
    overrideAccess: true,
  })
  return docs.length === 0 || docs[0].completedAt ? 'done' : 'waiting'
}

beforeAll(async () => {
  payload = await testPayload()
  roles = await signedInRoles(payload)
})

describe('GET /api/payload-jobs/run', () => {
  it.each(NOT_SUPER_ADMIN)('%s is refused and the queue is left alone', async (role: Role) => {
    const { queue, id } = await queuedJob()
    const res = await api('GET', `/payload-jobs/run?queue=${queue}&limit=100`, {
      token: roles.token(role),
    })
    expect(res.status).toBe(refusal(role))
    expect(await jobState(id)).toBe('waiting')

    const everything = await api('GET', '/payload-jobs/run?allQueues=true&limit=100', {
      token: roles.token(role),
    })
    expect(everything.status).toBe(refusal(role))
    expect(await jobState(id)).toBe('waiting')
  })

  it('super_admin runs a queue by hand', async () => {
    const { queue, id } = await queuedJob()
    const res = await api('GET', `/payload-jobs/run?queue=${queue}`, {
      token: roles.token('super_admin'),
    })
    expect(res.status).toBe(200)
    expect(await jobState(id)).toBe('done')
  })

  it('server code still runs jobs without a user', async () => {
    const { queue, id } = await queuedJob()
    await payload.jobs.run({ queue, silent: true })
    expect(await jobState(id)).toBe('done')
  })
})

describe('GET /api/payload-jobs/handle-schedules', () => {
  it.each(NOT_SUPER_ADMIN)('%s is refused with a 4xx', async (role: Role) => {
    const res = await api('GET', '/payload-jobs/handle-schedules', { token: roles.token(role) })
    expect(res.status).toBe(refusal(role))
  })

  it('super_admin is told there are no Payload schedules (404, not 500)', async () => {
    const res = await api('GET', '/payload-jobs/handle-schedules', {
      token: roles.token('super_admin'),
    })
    expect(res.status).toBe(404)
    expect(res.body.message).toMatch(/worker/)
  })
})
