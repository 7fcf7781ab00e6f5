import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { env } from '@/config/env'

import { api } from '../helpers/api'
import { createUser, TEST_PASSWORD, unique } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

let payload: Payload

beforeAll(async () => {
  payload = await testPayload()
})

/**
 * The per-client and per-account counts (auth_throttles) are written outside the caller's
 * transaction, so that a rollback never gives a try back. Taken from the same pool as the
 * transactions, more simultaneous requests than the pool has connections each held one in a
 * transaction and waited for a second: every request hung for good (found by the full suite
 * after the sign-in budget: eleven simultaneous sign-ins of the seed test).
 */
describe('more simultaneous counted requests than the pool has connections', () => {
  const burst = env.databasePoolMax + 5

  it(`signs in ${burst} accounts at once`, async () => {
    const accounts = await Promise.all(
      Array.from({ length: burst }, () => createUser(payload, null)),
    )
    const logins = await Promise.all(
      accounts.map((account) =>
        api('POST', '/users/login', { body: { email: account.email, password: TEST_PASSWORD } }),
      ),
    )
    expect(logins.map((login) => login.status)).toEqual(accounts.map(() => 200))
  }, 60_000)

  it(`asks for ${burst} e-mail changes at once`, async () => {
    const accounts = await Promise.all(
      Array.from({ length: burst }, () => createUser(payload, null)),
    )
    const asked = await Promise.all(
      accounts.map((account) =>
        api('PATCH', `/users/${account.id}`, {
          token: account.token,
          body: { email: `${unique('moved')}@mail.test`, currentPassword: TEST_PASSWORD },
        }),
      ),
    )
    expect(asked.map((answer) => answer.status)).toEqual(accounts.map(() => 200))
  }, 60_000)
})
