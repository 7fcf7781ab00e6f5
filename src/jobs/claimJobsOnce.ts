import {
  _internal_jobSystemGlobals as jobSystem,
  type Job,
  type Payload,
  type UpdateJobsArgs,
  type Where,
} from 'payload'

import { queryRows, sql } from '@/shared/sql'

const JOBS = 'payload-jobs'

/**
 * Payload claims jobs by reading the ready ones and then setting each `processing` by id with no
 * condition (@payloadcms/drizzle updateJobs), so two runners that read the queue at the same
 * moment (the worker and a web instance's cron, a super admin's `GET /api/payload-jobs/run`, a
 * rolling deploy) both take the same job and both run it: a refund was sent to Razorpay twice,
 * and the runner whose job the other had finished and deleted failed with a 500 (review round
 * 22). This makes the claim a compare-and-set: a job is this runner's only if its own update is
 * the one that turned `processing` on; the other runner's update, waiting on the row, then finds
 * it taken and claims nothing. Every other job update goes to Payload's own.
 */
export function claimJobsOnce(payload: Payload): void {
  const db = payload.db
  const payloadUpdateJobs = db.updateJobs.bind(db)
  db.updateJobs = async (args) => {
    if (args.data?.processing !== true) {
      return payloadUpdateJobs(args)
    }
    return claim(payload, args)
  }
}

async function claim(payload: Payload, args: UpdateJobsArgs): Promise<Job[] | null> {
  const db = payload.db
  const req = args.req ?? {}
  const where: Where = args.id !== undefined ? { id: { equals: args.id } } : args.where
  const ready = await db.find({
    collection: JOBS,
    where,
    limit: args.id !== undefined ? 1 : args.limit,
    sort: args.sort,
    pagination: false,
    req,
  })
  const ids = ready.docs.map((doc) => Number(doc.id))
  if (ids.length === 0) {
    return args.returning === false ? null : []
  }
  // A job run by id keeps Payload's meaning (run it whatever its state) but still only once; a
  // job taken from the queue must also still be ready: not finished meanwhile by another runner,
  // nor failed by one and waiting out its backoff (a runner whose read came before that failure
  // would otherwise retry a refund at once; review round 24's note). By the job system's clock,
  // as Payload's own read of the queue.
  const stillReady =
    args.id !== undefined
      ? sql``
      : sql`and completed_at is null and has_error is not true
            and (wait_until is null or wait_until <= ${jobSystem.getCurrentDate().toISOString()})`
  const claimed = await queryRows<{ id: number }>(
    { payload, transactionID: req.transactionID },
    sql`update payload_jobs set processing = true, updated_at = now()
        where id in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )}) and processing = false ${stillReady}
        returning id`,
  )
  if (claimed.length === 0 || args.returning === false) {
    return args.returning === false ? null : []
  }
  // Read again after the claim: another runner may have run the job between the read and it.
  const jobs = await db.find({
    collection: JOBS,
    where: { id: { in: claimed.map((row) => row.id) } },
    sort: args.sort,
    limit: 0,
    pagination: false,
    req,
  })
  return jobs.docs as unknown as Job[]
}
