import type { CollectionConfig, JobsConfig, TaskConfig } from 'payload'

import { bookingTasks } from '@/bookings'
import { catalogTasks } from '@/catalog'
import { communityTasks } from '@/community'
import { env } from '@/config/env'
import { jobsProcessingOrder, OWN_LOOP_QUEUES } from '@/shared/jobQueues'
import { notificationTasks } from '@/notifications'
import { paymentTasks } from '@/payments'
import { userTasks } from '@/users'

import { jobsAccess, withoutPayloadSchedulesEndpoint } from './access'
import { advanceBatchLifecycleTask } from './lifecycle/advanceBatchLifecycle'
import { ScheduleRuns } from './schedules/ScheduleRuns'

export { onInit } from './onInit'
export { HOLD_EXPIRY_TASK } from './holdExpiry'
export { advanceBatchLifecycle, ADVANCE_BATCH_LIFECYCLE } from './lifecycle/advanceBatchLifecycle'
export { reapStuckJobs } from './reapStuckJobs'
export { startWorkerLoops, type WorkerLoops } from './workerLoops'
export { SCHEDULES } from './schedules/definitions'
export { runDueSchedules } from './schedules/runDueSchedules'
export { startSchedules, stopSchedules } from './schedules/startSchedules'

export const jobCollections: CollectionConfig[] = [ScheduleRuns]

/**
 * Every background task of every domain. With CRON_ENABLED the web process also runs
 * jobs (every 5 seconds); without it, jobs wait for `npm run worker`. The urgent queue (SOS
 * alerts) has a runner of its own, every 2 seconds: a run waits for every job it took, so
 * one slow mail held every later SOS back until it ended (review round 28).
 */
export const jobsConfig: JobsConfig = {
  access: jobsAccess,
  jobsCollectionOverrides: withoutPayloadSchedulesEndpoint,
  tasks: [
    ...bookingTasks,
    ...(catalogTasks as unknown as TaskConfig[]),
    ...notificationTasks,
    ...communityTasks,
    ...paymentTasks,
    ...(userTasks as unknown as TaskConfig[]),
    advanceBatchLifecycleTask as unknown as TaskConfig,
  ],
  processingOrder: jobsProcessingOrder,
  autoRun: env.cronEnabled
    ? [
        { cron: '*/5 * * * * *', allQueues: true, limit: 20 },
        ...OWN_LOOP_QUEUES.map((queue) => ({ cron: '*/2 * * * * *', queue, limit: 20 })),
      ]
    : undefined,
  shouldAutoRun: () => env.cronEnabled,
}
