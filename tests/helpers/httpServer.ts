import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

import { handleEndpoints } from 'payload'

import { config } from './payload'

export type TestServer = { url: string; close: () => Promise<void> }

function toHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(incoming)) {
    if (Array.isArray(value)) {
      value.forEach((item) => headers.append(name, item))
    } else if (value !== undefined) {
      headers.set(name, value)
    }
  }
  return headers
}

/**
 * A real HTTP server on 127.0.0.1 (random port) that hands every request to Payload's
 * REST handler, for tests that need real sockets and real concurrency.
 */
export async function startHttpServer(): Promise<TestServer> {
  const server: Server = createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = []
      for await (const chunk of req) {
        chunks.push(chunk as Buffer)
      }
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined
      const url = `http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`
      const request = new Request(url, {
        method: req.method,
        headers: toHeaders(req.headers),
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
      })
      const response = await handleEndpoints({ config, request, path: new URL(url).pathname })
      res.writeHead(response.status, Object.fromEntries(response.headers.entries()))
      res.end(Buffer.from(await response.arrayBuffer()))
    } catch (err) {
      res.writeHead(500, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ errors: [{ message: String(err) }] }))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
