import { expect } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../../helpers/api'
import { createUser, TEST_PASSWORD } from '../../helpers/fixtures'

/** Asserts the contract's session shape and returns it. */
export function expectSession(body: any) {
  expect(typeof body.token).toBe('string')
  expect(typeof body.refreshToken).toBe('string')
  expect(body.refreshToken).not.toBe(body.token)
  expect(typeof body.exp).toBe('number')
  expect(body.user?.id).toBeDefined()
  // 60 minutes, give or take the seconds a test takes.
  const lifetime = body.exp - Math.floor(Date.now() / 1000)
  expect(lifetime).toBeGreaterThan(3500)
  expect(lifetime).toBeLessThanOrEqual(3600)
  return body as {
    token: string
    refreshToken: string
    exp: number
    user: any
    isNewUser?: boolean
  }
}

/** The account the token signs in as, or null when the token is refused. */
export async function whoAmI(token: string, scheme: 'JWT' | 'Bearer' = 'JWT') {
  const res = await api('GET', '/users/me', { headers: { Authorization: `${scheme} ${token}` } })
  expect(res.status).toBe(200)
  return res.body.user as { id: number } | null
}

/**
 * A trekker's account and a second password sign-in to it that someone else holds (lifted
 * from a shared device): `stolen` is that sign-in's answer.
 */
export async function accountWithStolenSession(payload: Payload) {
  const owner = await createUser(payload, null)
  const stolen = await api('POST', '/users/login', {
    body: { email: owner.email, password: TEST_PASSWORD },
  })
  expect(stolen.status).toBe(200)
  return { owner, stolen }
}
