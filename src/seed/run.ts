/**
 * `npm run seed`. `payload run` imports this file and exits with 0 as soon as the import
 * settles, so the outcome is turned into an exit code here.
 */
import { isProduction, PRODUCTION_REFUSAL } from './guard'

if (isProduction()) {
  // Checked before the configuration loads: in production it would stop on missing secrets
  // first, with a message that hides the real reason.
  process.stderr.write(`${PRODUCTION_REFUSAL}\n`)
  process.exit(1)
}

const { default: config } = await import('@payload-config')
const { getPayload } = await import('payload')
const { seed } = await import('./seed')

const payload = await getPayload({ config })
let exitCode = 0
try {
  await seed(payload)
} catch (err) {
  payload.logger.error({ err, msg: 'Seed failed and was rolled back; the database is unchanged' })
  exitCode = 1
}
await payload.destroy()
process.exit(exitCode)
