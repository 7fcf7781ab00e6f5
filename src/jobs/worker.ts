/**
 * `npm run worker`: a dedicated jobs process. Runs queued jobs until SIGTERM/SIGINT, then
 * finishes the batch in hand and exits. Schedules start here too when CRON_ENABLED is set
 * (Payload's onInit); run web instances with CRON_ENABLED=false when a worker is deployed.
 */
import config from '@payload-config'
import { getPayload } from 'payload'

import { reapStuckJobs } from './reapStuckJobs'
import { stopSchedules } from './schedules/startSchedules'

const IDLE_MS = 2_000
const REAP_EVERY_MS = 60_000

const payload = await getPayload({ config })
let stopping = false
let wake: () => void = () => undefined

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    payload.logger.info({ msg: 'worker stopping', signal })
    stopping = true
    wake()
  })
}

const idle = () =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, IDLE_MS)
    wake = () => {
      clearTimeout(timer)
      resolve()
    }
  })

payload.logger.info({ msg: 'worker started' })
let lastReap = 0
while (!stopping) {
  try {
    if (Date.now() - lastReap > REAP_EVERY_MS) {
      lastReap = Date.now()
      await reapStuckJobs(payload)
    }
    const result = await payload.jobs.run({ allQueues: true, limit: 20 })
    if (result.noJobsRemaining) {
      await idle()
    }
  } catch (err) {
    payload.logger.error({ err, msg: 'worker loop failed; retrying' })
    await idle()
  }
}

await stopSchedules()
await payload.destroy()
payload.logger.info({ msg: 'worker stopped' })
process.exit(0)
