import type { Payload } from 'payload'

import { env } from '@/config/env'
import { reportPoolErrors } from '@/db/poolErrors'

import { claimJobsOnce } from './claimJobsOnce'
import { startSchedules } from './schedules/startSchedules'

/** Payload's onInit: schedules run only on instances with CRON_ENABLED. */
export async function onInit(payload: Payload): Promise<void> {
  reportPoolErrors(payload)
  claimJobsOnce(payload)
  if (env.cronEnabled) {
    await startSchedules(payload)
  }
}
