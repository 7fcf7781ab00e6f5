/**
 * `npm run worker`: a dedicated jobs process. Runs queued jobs until SIGTERM/SIGINT, then
 * finishes the runs in hand and exits. Schedules start here too when CRON_ENABLED is set
 * (Payload's onInit); run web instances with CRON_ENABLED=false when a worker is deployed.
 */
import config from '@payload-config'
import { getPayload } from 'payload'

import { stopSchedules } from './schedules/startSchedules'
import { startWorkerLoops } from './workerLoops'

const payload = await getPayload({ config })
const loops = startWorkerLoops(payload)

const stopped = new Promise<void>((resolve) => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      payload.logger.info({ msg: 'worker stopping', signal })
      resolve()
    })
  }
})
payload.logger.info({ msg: 'worker started' })
await stopped
await loops.stop()

await stopSchedules()
await payload.destroy()
payload.logger.info({ msg: 'worker stopped' })
process.exit(0)
