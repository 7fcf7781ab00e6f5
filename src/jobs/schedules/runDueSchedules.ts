import { createLocalReq, type Payload } from 'payload'

import { queryRows, sql } from '@/shared/sql'
import { withTransaction } from '@/shared/transaction'

import { SCHEDULES, type ScheduleDefinition } from './definitions'
import { duePeriods } from './duePeriods'

async function lastPeriod(payload: Payload, name: string): Promise<Date | null> {
  const [row] = await queryRows<{ last_period: string | Date }>(
    { payload, transactionID: undefined },
    sql`select last_period from schedule_runs where schedule = ${name}`,
  )
  return row ? new Date(row.last_period) : null
}

/**
 * Claims one period and queues its task in one transaction. The upsert moves
 * `last_period` forward only: of any number of instances claiming the same period, exactly
 * one gets a row back; the others wait for its commit and then find the period taken.
 */
async function claimAndQueue(
  payload: Payload,
  schedule: ScheduleDefinition,
  period: Date,
): Promise<boolean> {
  const req = await createLocalReq({}, payload)
  return withTransaction(req, async () => {
    const [claimed] = await queryRows<{ id: number }>(
      req,
      sql`insert into schedule_runs (schedule, last_period, updated_at, created_at)
          values (${schedule.name}, ${period.toISOString()}, now(), now())
          on conflict (schedule) do update
            set last_period = excluded.last_period, updated_at = now()
            where schedule_runs.last_period < excluded.last_period
          returning id`,
    )
    if (!claimed) {
      return false
    }
    await payload.jobs.queue({
      task: schedule.task as never,
      input: { period: period.toISOString() } as never,
      req,
    })
    return true
  })
}

const isRegistered = (payload: Payload, task: string) =>
  (payload.config.jobs.tasks ?? []).some((config) => config.slug === task)

/**
 * Queues every due run of the schedules not yet claimed: the current one on a tick, and
 * after downtime the missed ones (up to each schedule's catch-up). A schedule whose task
 * no domain registers yet is skipped without claiming anything.
 */
export async function runDueSchedules(
  payload: Payload,
  now = new Date(),
  schedules: ScheduleDefinition[] = SCHEDULES,
): Promise<Array<{ schedule: string; period: string }>> {
  const queued: Array<{ schedule: string; period: string }> = []
  for (const schedule of schedules) {
    if (!isRegistered(payload, schedule.task)) {
      continue
    }
    const last = await lastPeriod(payload, schedule.name)
    for (const period of duePeriods(schedule.cron, now, last, last ? schedule.catchUp : 1)) {
      if (await claimAndQueue(payload, schedule, period)) {
        queued.push({ schedule: schedule.name, period: period.toISOString() })
      }
    }
  }
  if (queued.length > 0) {
    payload.logger.info({ msg: 'scheduled runs queued', runs: queued })
  }
  return queued
}
