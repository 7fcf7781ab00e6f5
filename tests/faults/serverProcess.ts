/**
 * The service as a separate process for fault tests that kill it: Payload's REST handlers
 * behind a plain HTTP server on 127.0.0.1 (run with `node --import tsx`, see childServer).
 * Prints its address once it is ready, then serves until it is killed.
 */
import { startHttpServer } from '../helpers/httpServer'
import { testPayload } from '../helpers/payload'

await testPayload()
const server = await startHttpServer()
process.stdout.write(`LISTENING ${server.url}\n`)
