import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api, graphql } from '../helpers/api'
import { createUser, TEST_PASSWORD } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

let payload: Payload

const LOGOUT = 'mutation { logoutUser }'

async function signIn() {
  const user = await createUser(payload, null)
  const res = await api('POST', '/users/login', {
    body: { email: user.email, password: TEST_PASSWORD },
  })
  expect(res.status).toBe(200)
  return res.body.token as string
}

beforeAll(async () => {
  payload = await testPayload()
})

// The contract answers missing or bad credentials with 401 everywhere; Payload's logout said
// 400 "No User", which an app cannot tell from a malformed request.
describe('logout without a valid sign-in is 401', () => {
  it('answers 401 over REST when no token is sent', async () => {
    const res = await api('POST', '/users/logout')

    expect(res.status).toBe(401)
    expect(res.body.errors[0].message).toMatch(/sign in/i)
  })

  it('answers 401 over REST for a token whose sign-in has already ended', async () => {
    const token = await signIn()
    expect((await api('POST', '/users/logout', { token })).status).toBe(200)

    const again = await api('POST', '/users/logout', { token })

    expect(again.status).toBe(401)
    expect(again.body.errors[0].message).toMatch(/sign in/i)
  })

  it('answers 401 over REST for a token that is not ours', async () => {
    const res = await api('POST', '/users/logout', { token: 'not.a.token' })

    expect(res.status).toBe(401)
  })

  it('answers 401 over GraphQL when no token is sent', async () => {
    const res = await graphql(LOGOUT)

    expect(res.body.errors?.[0].extensions?.statusCode).toBe(401)
    expect(res.body.errors?.[0].message).toMatch(/sign in/i)
  })

  it('answers 401 over GraphQL for a token whose sign-in has already ended', async () => {
    const token = await signIn()
    const first = await graphql(LOGOUT, undefined, token)
    expect(first.body.errors).toBeUndefined()

    const again = await graphql(LOGOUT, undefined, token)

    expect(again.body.errors?.[0].extensions?.statusCode).toBe(401)
  })
})
