/**
 * One OBS instance for the two-instance tests: its own process, its own Payload, its own
 * caches, sharing only PostgreSQL (and Redis when REDIS_URL is set) with the others. Run by
 * tests/scale/instances.ts through `payload run`; prints `{"port": n}` once it listens.
 *
 * It answers REST and GraphQL as the Next route handlers do (anonymous catalog reads
 * through the public cache), plus `POST /__scale/schedules {now}`, which runs the
 * schedule claimer once, as each instance's cron tick would.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

import config from '@payload-config'
import { GRAPHQL_POST } from '@payloadcms/next/routes'
import { getPayload, handleEndpoints } from 'payload'

import { servePublicRead } from '@/catalog'
import { runDueSchedules } from '@/jobs'

import { send, toRequest } from '../helpers/httpServer'

const payload = await getPayload({ config })
const graphql = GRAPHQL_POST(config)

async function route(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname
  if (path === '/__scale/schedules') {
    const { now } = (await request.json()) as { now: string }
    return Response.json(await runDueSchedules(payload, new Date(now)))
  }
  if (path === '/api/graphql') {
    return graphql(request)
  }
  return servePublicRead(payload, request, () => handleEndpoints({ config, request, path }))
}

let base = 'http://127.0.0.1'
const server = createServer((incoming, outgoing) => {
  void toRequest(incoming, base)
    .then(route)
    .then((response) => send(response, outgoing))
    .catch((err: Error) => {
      payload.logger.error({ err, msg: 'scale instance: request failed' })
      outgoing.statusCode = 500
      outgoing.end(JSON.stringify({ errors: [{ message: err.message }] }))
    })
})
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo
  base = `http://127.0.0.1:${port}`
  process.stdout.write(`${JSON.stringify({ port })}\n`)
})

// `payload run` exits when the script's module settles: stay until SIGTERM closes the server.
await new Promise<void>((resolve) => {
  process.once('SIGTERM', () => {
    server.closeAllConnections()
    server.close(() => resolve())
  })
})
await payload.destroy()
process.exit(0)
