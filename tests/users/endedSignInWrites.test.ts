import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { createRoleUsers, TEST_PASSWORD, unique } from '../helpers/fixtures'
import { raceBehindHeldRow } from '../helpers/lockWaits'
import { testPayload } from '../helpers/payload'
import { useFakeIdentityProviders } from './helpers/fakeIdentityProviders'
import { accountWithStolenSession } from './helpers/session'

/**
 * A request signed in when it started, whose sign-in a staff sign-out ends while the request
 * waits for the account's row: what it would write to the account must not outlive the
 * sign-out. Held deterministically: a second connection holds the account row, the sign-out
 * queues on it first, the stolen session's write second.
 */
let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>
const { google } = useFakeIdentityProviders()

const rowOf = async (id: number) =>
  (await payload.db.findOne({ collection: 'users', where: { id: { equals: id } } })) as any

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
})

/** Runs `write` with the stolen session while cs's sign-out of the owner goes first. */
async function racingStaffSignOut(ownerId: number, write: () => Promise<any>) {
  const [signedOut, answer] = await raceBehindHeldRow({
    table: 'users',
    id: ownerId,
    queued: () => api('POST', `/users/${ownerId}/sign-out`, { token: roles.cs.token }),
    racing: write,
  })
  expect(signedOut.status).toBe(200)
  return answer
}

describe('a write from a sign-in that a staff sign-out ended while it waited', () => {
  it('an e-mail change is refused with 401 and leaves no pending change', async () => {
    const { owner, stolen: signIn } = await accountWithStolenSession(payload)
    const stolen = signIn.body.token as string
    const answer = await racingStaffSignOut(owner.id, () =>
      api('PATCH', `/users/${owner.id}`, {
        token: stolen,
        body: { currentPassword: TEST_PASSWORD, email: `${unique('thief')}@example.test` },
      }),
    )
    expect(answer.status).toBe(401)
    expect(answer.body.errors[0].message).toBe('Your sign-in has ended. Sign in again.')
    expect((await rowOf(owner.id)).pendingEmail ?? null).toBeNull()
    const changes = await payload.db.count({
      collection: 'email-changes',
      where: { user: { equals: owner.id } },
    })
    expect(changes.totalDocs).toBe(0)
  })

  it('a Google link is refused with 401 and links nothing', async () => {
    const { owner, stolen: signIn } = await accountWithStolenSession(payload)
    const stolen = signIn.body.token as string
    const idToken = await google.sign(unique('thief-google'), {
      claims: { email: `${unique('thief')}@gmail.test`, email_verified: true },
    })
    // The thief has the password too (phished): the sign-out is what stops the link.
    const answer = await racingStaffSignOut(owner.id, () =>
      api('POST', '/users/google/link', {
        token: stolen,
        body: { idToken, currentPassword: TEST_PASSWORD },
      }),
    )
    expect(answer.status).toBe(401)
    expect((await rowOf(owner.id)).googleSub ?? null).toBeNull()
  })

  it('the owner’s own edit from a live sign-in still works', async () => {
    const { owner } = await accountWithStolenSession(payload)
    const edited = await api('PATCH', `/users/${owner.id}`, {
      token: owner.token,
      body: { bio: 'Back from Kedarkantha' },
    })
    expect(edited.status).toBe(200)
    expect(edited.body.doc.bio).toBe('Back from Kedarkantha')
  })
})
