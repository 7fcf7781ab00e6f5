/**
 * A stolen access token and the second refresh mechanism Payload ships next to the contract's
 * POST /api/users/token/refresh. SAFE: an access token lives at most its 60 minutes unless
 * the single-use refresh token is traded for a new one.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { decodeJwt } from 'jose'
import type { Payload } from 'payload'

import { env } from '@/config/env'

import { api, graphql } from '../helpers/api'
import { createUser, TEST_PASSWORD, unique } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

let payload: Payload

beforeAll(async () => {
  payload = await testPayload()
})

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('stolen access token', () => {
  let forRest: string
  let forGraphql: string

  // A token's exp counts whole seconds: a refresh within the second it was issued would carry
  // the same exp even if it extended the session. One wait, after both sign-ins, serves both.
  beforeAll(async () => {
    const signIn = async () => {
      const victim = await createUser(payload, null)
      const res = await api('POST', '/users/login', {
        body: { email: victim.email, password: TEST_PASSWORD },
      })
      return res.body.token as string
    }
    forRest = await signIn()
    forGraphql = await signIn()
    await wait(1100)
  })

  it('cannot be extended past its expiry through Payload’s POST /api/users/refresh-token', async () => {
    const originalExp = decodeJwt(forRest).exp!
    const res = await api('POST', '/users/refresh-token', { token: forRest })
    const extended =
      res.status === 200 && typeof res.body.refreshedToken === 'string'
        ? decodeJwt(res.body.refreshedToken).exp!
        : originalExp
    expect(extended).toBeLessThanOrEqual(originalExp)
  })

  it('cannot be extended through GraphQL refreshTokenUser', async () => {
    const originalExp = decodeJwt(forGraphql).exp!
    const res = await graphql(
      'mutation { refreshTokenUser { refreshedToken exp } }',
      {},
      forGraphql,
    )
    const token = res.body.data?.refreshTokenUser?.refreshedToken
    const extended = typeof token === 'string' ? decodeJwt(token).exp! : originalExp
    expect(extended).toBeLessThanOrEqual(originalExp)
  })
})

// The contract has sign-up return 201 with the created user, which a taken e-mail cannot get;
// what is asserted instead is that GraphQL sign-ups count against the same per-IP cap as REST.
describe('sign-up enumeration over GraphQL', () => {
  it('createUser is capped per IP like REST sign-up', async () => {
    const saved = env.signUp.maxPerIpPerHour
    env.signUp.maxPerIpPerHour = 0
    try {
      const res = await graphql(
        'mutation ($email: String!) { createUser(data: { email: $email, password: "Str0ng-pass-1", firstName: "E", lastName: "P" }) { id } }',
        { email: `${unique('free')}@obs.test`.toLowerCase() },
      )
      expect(res.body.data?.createUser ?? null).toBeNull()
      expect(res.body.errors?.[0]?.message).toBe(
        'Too many sign-ups from this network. Try again later.',
      )
    } finally {
      env.signUp.maxPerIpPerHour = saved
    }
  })
})
