import cron, { type ScheduledTask } from 'node-cron'
import type { Payload } from 'payload'

import { BUSINESS_TIME_ZONE } from '@/shared/time'

import { reapStuckJobs } from '../reapStuckJobs'
import { SCHEDULES } from './definitions'
import { runDueSchedules } from './runDueSchedules'

let running: ScheduledTask[] = []

/**
 * Starts the schedules on this instance and catches up what was missed while it was down.
 * Each tick passes its own scheduled time, so a timer firing a little late or early still
 * claims the right period; which instance runs a period is settled in the database.
 */
export async function startSchedules(payload: Payload): Promise<void> {
  if (running.length > 0) {
    return
  }
  const safely = (what: string, work: () => Promise<unknown>) =>
    work().catch((err) => payload.logger.error({ err, msg: `schedule ${what} failed` }))

  running = SCHEDULES.map((schedule) =>
    cron.schedule(
      schedule.cron,
      (context) => safely(schedule.name, () => runDueSchedules(payload, context.date, [schedule])),
      { name: schedule.name, timezone: BUSINESS_TIME_ZONE, noOverlap: true },
    ),
  )
  running.push(
    cron.schedule('*/5 * * * *', () => safely('reap-stuck-jobs', () => reapStuckJobs(payload)), {
      name: 'reap-stuck-jobs',
      timezone: BUSINESS_TIME_ZONE,
      noOverlap: true,
    }),
  )
  payload.logger.info({
    msg: 'schedules started',
    schedules: [...SCHEDULES.map((schedule) => schedule.name), 'reap-stuck-jobs'],
  })

  await safely('catch-up', () => runDueSchedules(payload))
}

export async function stopSchedules(): Promise<void> {
  await Promise.all(running.map((task) => task.destroy()))
  running = []
}
