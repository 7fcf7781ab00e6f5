import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

import { GRAPHQL_POST } from '@payloadcms/next/routes'
import { handleEndpoints } from 'payload'

import { config } from './payload'

export type TestHttpServer = { url: string; close: () => Promise<void> }
export type TestServer = TestHttpServer

async function readBody(incoming: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = []
  for await (const chunk of incoming) {
    chunks.push(chunk as Buffer)
  }
  return chunks.length > 0 ? Buffer.concat(chunks) : undefined
}

export async function toRequest(incoming: IncomingMessage, base: string): Promise<Request> {
  const headers = new Headers()
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) {
      headers.set(name, Array.isArray(value) ? value.join(', ') : value)
    }
  }
  const body = ['GET', 'HEAD'].includes(incoming.method ?? 'GET')
    ? undefined
    : await readBody(incoming)
  return new Request(new URL(incoming.url ?? '/', base), {
    method: incoming.method,
    headers,
    body: body ? new Uint8Array(body) : undefined,
  })
}

export async function send(response: Response, outgoing: ServerResponse) {
  outgoing.statusCode = response.status
  response.headers.forEach((value, name) => outgoing.setHeader(name, value))
  outgoing.end(Buffer.from(await response.arrayBuffer()))
}

/**
 * A real HTTP server on 127.0.0.1 (random port) in front of Payload's REST and GraphQL
 * handlers, for tests that need requests to arrive concurrently over sockets.
 */
export async function startHttpServer(): Promise<TestHttpServer> {
  const graphqlHandler = GRAPHQL_POST(config)
  let base = 'http://127.0.0.1'
  const server = createServer((incoming, outgoing) => {
    void (async () => {
      try {
        const request = await toRequest(incoming, base)
        const path = new URL(request.url).pathname
        const response =
          path === '/api/graphql'
            ? await graphqlHandler(request)
            : await handleEndpoints({ config, request, path })
        await send(response, outgoing)
      } catch (err) {
        outgoing.statusCode = 500
        outgoing.end(JSON.stringify({ errors: [{ message: (err as Error).message }] }))
      }
    })()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: base,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((err) => (err ? reject(err) : resolve()))
      }),
  }
}
