/**
 * The service as a separate process for fault tests that kill it: Payload's REST handlers
 * behind a plain HTTP server on 127.0.0.1, run with `payload run`. Prints its address once
 * it is ready.
 */
import { startHttpServer } from '../helpers/httpServer'
import { testPayload } from '../helpers/payload'

await testPayload()
const server = await startHttpServer()
process.stdout.write(`LISTENING ${server.url}\n`)
