import type { Payload } from 'payload'

import { env } from '@/config/env'
import { queryRows, sql } from '@/shared/sql'

/**
 * Payload 3 jobs have no lease: a worker that dies mid-job leaves it `processing` and no
 * runner will pick it up again. This releases jobs untouched for longer than the limit so
 * the next run retries them. A job still running when released would be run a second time
 * beside it, so a task must be idempotent or end well within the limit (the refund job, which
 * is not safe run twice at once, makes two Razorpay calls of at most 15 s each).
 */
export async function reapStuckJobs(
  payload: Payload,
  olderThanMinutes = env.jobsStuckMinutes,
): Promise<number> {
  const rows = await queryRows<{ id: number }>(
    { payload, transactionID: undefined },
    sql`update payload_jobs set processing = false, updated_at = now()
        where processing = true
          and completed_at is null
          and updated_at < now() - make_interval(mins => ${olderThanMinutes})
        returning id`,
  )
  if (rows.length > 0) {
    payload.logger.warn({
      msg: 'released jobs left processing by a stopped worker',
      jobIds: rows.map((row) => row.id),
    })
  }
  return rows.length
}
