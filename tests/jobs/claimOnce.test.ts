import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { ADVANCE_BATCH_LIFECYCLE } from '@/jobs'

import { signedInRoles } from '../access/roles'
import { api } from '../helpers/api'
import { unique } from '../helpers/fixtures'
import { connected, raceBehindHeldRow, untilLockWaiters } from '../helpers/lockWaits'
import { testPayload } from '../helpers/payload'

/**
 * A job is run by one runner only, however many read the queue at the same moment (the worker,
 * a web instance's cron, a super admin's run by hand): Payload's own claim set `processing` with
 * no condition, so two runners both ran the job (review round 22, src/jobs/claimJobsOnce.ts).
 * The race is held in place: a second connection holds the job's row while the first runner
 * waits to claim it and the second has read it as ready.
 */
let payload: Payload
let roles: Awaited<ReturnType<typeof signedInRoles>>

/** A job on a queue of its own, so only this test's runs can pick it up. */
async function queuedJob() {
  const queue = unique('q')
  const job = await payload.jobs.queue({
    task: ADVANCE_BATCH_LIFECYCLE as any,
    input: { period: new Date().toISOString() } as any,
    queue,
  })
  return { queue, id: Number(job.id) }
}

/** Payload deletes a job once it completes, so a finished job is one that is gone. */
async function jobState(id: number): Promise<'waiting' | 'processing' | 'done'> {
  const { docs } = await payload.find({
    collection: 'payload-jobs',
    where: { id: { equals: id } },
    depth: 0,
    overrideAccess: true,
  })
  if (docs.length === 0 || docs[0].completedAt) {
    return 'done'
  }
  return docs[0].processing ? 'processing' : 'waiting'
}

beforeAll(async () => {
  payload = await testPayload()
  roles = await signedInRoles(payload)
})

describe('two job runners reading the queue at the same moment', () => {
  it('run the job once: the second claims nothing', async () => {
    const { queue, id } = await queuedJob()
    const [first, second] = await raceBehindHeldRow({
      table: 'payload_jobs',
      id,
      queued: async () => await payload.jobs.run({ queue, limit: 10, silent: true }),
      racing: async () => await payload.jobs.run({ queue, limit: 10, silent: true }),
    })
    expect(first.jobStatus).toEqual({ [id]: { status: 'success' } })
    expect(second).toEqual({ noJobsRemaining: true, remainingJobsFromQueried: 0 })
    expect(await jobState(id)).toBe('done')
  })

  it('answer a super admin’s run by hand beside another runner with 200, not 500', async () => {
    const { queue, id } = await queuedJob()
    const [byHand, worker] = await raceBehindHeldRow({
      table: 'payload_jobs',
      id,
      queued: () =>
        api('GET', `/payload-jobs/run?queue=${queue}`, { token: roles.token('super_admin') }),
      racing: () =>
        api('GET', `/payload-jobs/run?queue=${queue}`, { token: roles.token('super_admin') }),
    })
    expect([byHand.status, worker.status]).toEqual([200, 200])
    expect(await jobState(id)).toBe('done')
  })
})

describe('a runner whose read of the queue came before another runner’s failed try', () => {
  it('leaves the job to wait out its backoff', async () => {
    const { queue, id } = await queuedJob()
    const blocker = await connected()
    const monitor = await connected()
    try {
      await blocker.query('begin')
      await blocker.query('select id from payload_jobs where id = $1 for update', [id])
      // The runner reads the job as ready, then waits to claim it.
      const run = payload.jobs.run({ queue, limit: 10, silent: true })
      await untilLockWaiters(monitor, 1)
      // Meanwhile another runner's try failed: the job waits ten minutes before its retry.
      await blocker.query(
        `update payload_jobs set wait_until = now() + interval '10 minutes' where id = $1`,
        [id],
      )
      await blocker.query('commit')
      expect(await run).toEqual({ noJobsRemaining: true, remainingJobsFromQueried: 0 })
    } finally {
      await blocker.end()
      await monitor.end()
    }
    expect(await jobState(id)).toBe('waiting')
  })
})

describe('a job run by id', () => {
  it('is not run while another runner has it, and is run once that runner lets it go', async () => {
    const { id } = await queuedJob()
    await payload.update({
      collection: 'payload-jobs',
      id,
      data: { processing: true },
      overrideAccess: true,
    })
    await payload.jobs.runByID({ id, silent: true })
    expect(await jobState(id)).toBe('processing')

    await payload.update({
      collection: 'payload-jobs',
      id,
      data: { processing: false },
      overrideAccess: true,
    })
    await payload.jobs.runByID({ id, silent: true })
    expect(await jobState(id)).toBe('done')
  })
})
