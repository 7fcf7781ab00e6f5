import type { Payload } from 'payload'

import { OWN_LOOP_QUEUES } from '@/shared/jobQueues'

import { reapStuckJobs } from './reapStuckJobs'

const IDLE_MS = 2_000
const URGENT_IDLE_MS = 1_000
const REAP_EVERY_MS = 60_000

export type WorkerLoops = {
  /** Stops taking jobs, lets the runs in hand finish, and resolves once they have. */
  stop: () => Promise<void>
}

/**
 * The worker's job runs, until stopped. A run waits for every job it took, so the urgent queue
 * (SOS alerts) has a loop of its own beside the one for every queue: a mail stalling that
 * loop's run must not keep an SOS from being taken (review round 28: a password reset mail on
 * a stalled relay held an SOS text back for as long as the relay did). An SOS's e-mails have a
 * loop of their own too, so they never hold the texts back (review round 37).
 */
export function startWorkerLoops(payload: Payload): WorkerLoops {
  let stopping = false
  const wakers = new Set<() => void>()

  const idle = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer)
        wakers.delete(wake)
        resolve()
      }
      const timer = setTimeout(wake, ms)
      wakers.add(wake)
    })

  /** Runs `step` until stopped, idling `idleMs` when it found nothing to do. */
  const loop = async (name: string, idleMs: number, step: () => Promise<boolean>) => {
    while (!stopping) {
      try {
        if (await step()) {
          await idle(idleMs)
        }
      } catch (err) {
        payload.logger.error({ err, msg: `worker ${name} loop failed; retrying` })
        await idle(idleMs)
      }
    }
  }

  let lastReap = 0
  const runAnyQueue = async () => {
    if (Date.now() - lastReap > REAP_EVERY_MS) {
      lastReap = Date.now()
      await reapStuckJobs(payload)
    }
    const result = await payload.jobs.run({ allQueues: true, limit: 20 })
    return Boolean(result.noJobsRemaining)
  }

  const runQueue = (queue: string) => async () => {
    const result = await payload.jobs.run({ queue, limit: 20 })
    return Boolean(result.noJobsRemaining)
  }

  const running = Promise.all([
    loop('jobs', IDLE_MS, runAnyQueue),
    ...OWN_LOOP_QUEUES.map((queue) => loop(queue, URGENT_IDLE_MS, runQueue(queue))),
  ])
  return {
    stop: async () => {
      stopping = true
      wakers.forEach((wake) => wake())
      await running
    },
  }
}
