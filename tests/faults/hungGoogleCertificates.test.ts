import type { Server, Socket } from 'node:net'
import { createServer } from 'node:net'

import { afterAll, beforeAll, expect, it } from '@jest/globals'

import { env } from '@/config/env'

import { api } from '../helpers/api'
import { testPayload } from '../helpers/payload'
import { GOOGLE_CLIENT, startFakeGoogle } from '../users/helpers/fakeIdentityProviders'

/**
 * Google's certificate endpoint accepts the connection and never answers. Google's library
 * would wait for it without end (and retry); the sign-in must give up and answer 503, so that a
 * hung Google holds no trekker's request, and no server connection, open for good. Jest's own
 * timeout is the bound: without one on the certificate fetch, this test never ends.
 */

let silent: Server
const sockets = new Set<Socket>()
let previous: typeof env.google

beforeAll(async () => {
  await testPayload()
  silent = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  previous = { ...env.google }
  const { port } = silent.address() as { port: number }
  Object.assign(env.google, {
    certsUrl: `http://127.0.0.1:${port}/oauth2/v1/certs`,
    clientIds: [GOOGLE_CLIENT],
  })
})

afterAll(async () => {
  Object.assign(env.google, previous)
  for (const socket of sockets) {
    socket.destroy()
  }
  await new Promise<void>((resolve) => silent.close(() => resolve()))
})

it('answers 503 when Google never sends its certificates', async () => {
  // A well-formed token from our fake Google's key: the library must reach the certificates.
  const google = await startFakeGoogle()
  const idToken = await google.sign('google-hung-certs', {
    claims: { email: 'hung@gmail.test', email_verified: true },
  })
  // Closing the fake puts back the silent endpoint set before it started.
  await google.close()
  expect(env.google.certsUrl).toContain(`:${(silent.address() as { port: number }).port}/`)

  const answer = await api('POST', '/users/google', { body: { idToken } })

  expect(answer.status).toBe(503)
  expect(answer.body.errors[0].message).toBe(
    'Google sign-in is not available right now. Try again.',
  )
}, 30_000)
