import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api, graphql } from '../helpers/api'
import { createRoleUsers, createUser, TEST_PASSWORD, unique } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { newGoogleAccount, useFakeIdentityProviders } from './helpers/fakeIdentityProviders'

/**
 * A Google or Apple account linked from a signed-in session is a way in a stolen session could
 * have added: ending sign-ins because a credential changed ends the links those sign-ins made,
 * and keeps the links the owner made while changing the password or that need no session.
 */
let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>
const { google, apple } = useFakeIdentityProviders()

const rowOf = async (id: number) =>
  (await payload.db.findOne({ collection: 'users', where: { id: { equals: id } } })) as any

const signIn = (email: string, password = TEST_PASSWORD) =>
  api('POST', '/users/login', { body: { email, password } })

const googleAccount = () => newGoogleAccount(google)

/** The holder links, proving the account with its password. */
async function linkGoogle(
  sessionToken: string,
  account: ReturnType<typeof googleAccount>,
  currentPassword = TEST_PASSWORD,
) {
  const res = await api('POST', '/users/google/link', {
    token: sessionToken,
    body: { idToken: await account.token(), currentPassword },
  })
  expect(res.status).toBe(200)
}

const googleSignIn = async (account: ReturnType<typeof googleAccount>) =>
  api('POST', '/users/google', { body: { idToken: await account.token() } })

async function resetPassword(email: string, userId: number, password: string) {
  expect((await api('POST', '/users/forgot-password', { body: { email } })).status).toBe(200)
  const token = (await rowOf(userId)).resetPasswordToken as string
  const reset = await api('POST', '/users/reset-password', { body: { token, password } })
  expect(reset.status).toBe(200)
}

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
})

describe('links made from a session end with the sign-ins that end', () => {
  it('a password change keeps the link its own sign-in made, also after that sign-in refreshed', async () => {
    const owner = await createUser(payload, null)
    const session = await signIn(owner.email)
    const account = googleAccount()
    await linkGoogle(session.body.token, account)
    const refreshed = await api('POST', '/users/token/refresh', {
      body: { refreshToken: session.body.refreshToken },
    })
    expect(refreshed.status).toBe(200)

    const changed = await api('PATCH', `/users/${owner.id}`, {
      token: refreshed.body.token,
      body: { currentPassword: TEST_PASSWORD, password: 'Owner-new-pass-123' },
    })
    expect(changed.status).toBe(200)

    const again = await googleSignIn(account)
    expect({ status: again.status, id: again.body.user?.id }).toEqual({
      status: 200,
      id: owner.id,
    })
  })

  it('a password change from another sign-in ends the link; the Google sign-in is told to link again, and can', async () => {
    const owner = await createUser(payload, null)
    const other = await signIn(owner.email)
    const account = googleAccount()
    await linkGoogle(other.body.token, account)

    const changed = await api('PATCH', `/users/${owner.id}`, {
      token: owner.token,
      body: { currentPassword: TEST_PASSWORD, password: 'Owner-new-pass-123' },
    })
    expect(changed.status).toBe(200)
    expect(await rowOf(owner.id)).toMatchObject({ googleSub: null, googleSubDropped: account.sub })

    const refused = await googleSignIn(account)
    expect(refused.status).toBe(409)
    expect(refused.body.errors[0].message).toMatch(/unlinked.*POST \/api\/users\/google\/link/s)
    const accounts = await payload.db.count({
      collection: 'users',
      where: { email: { equals: account.email } },
    })
    expect(accounts.totalDocs).toBe(0)

    const back = await signIn(owner.email, 'Owner-new-pass-123')
    await linkGoogle(back.body.token, account, 'Owner-new-pass-123')
    expect(await rowOf(owner.id)).toMatchObject({ googleSub: account.sub, googleSubDropped: null })
    const reached = await googleSignIn(account)
    expect({ status: reached.status, id: reached.body.user?.id }).toEqual({
      status: 200,
      id: owner.id,
    })
  })

  it('a password reset ends every link made from a session', async () => {
    const owner = await createUser(payload, null)
    const account = googleAccount()
    await linkGoogle(owner.token, account)

    await resetPassword(owner.email, owner.id, 'Reset-pass-12345')

    expect((await rowOf(owner.id)).googleSub).toBeNull()
    expect((await googleSignIn(account)).status).toBe(409)
  })

  it('a staff sign-out ends a session’s Apple link and keeps a Google account that linked itself by e-mail', async () => {
    const owner = await createUser(payload, null)
    // Google vouches for the owner's own verified address: linked by the sign-in itself.
    const sameAddress = {
      sub: unique('google'),
      token: () =>
        google.sign(sameAddress.sub, { claims: { email: owner.email, email_verified: true } }),
    }
    const linkedByEmail = await api('POST', '/users/google', {
      body: { idToken: await sameAddress.token() },
    })
    expect(linkedByEmail.body.user?.id).toBe(owner.id)
    // A link by address ends the sign-up's password (addressLinkTakeover.ts): the owner sets
    // one from the inbox, then links Apple from a signed-in session.
    await resetPassword(owner.email, owner.id, 'Owner-reset-pass-1')
    const session = await signIn(owner.email, 'Owner-reset-pass-1')
    expect(session.status).toBe(200)
    const appleSub = unique('apple')
    const appleToken = () =>
      apple.sign(appleSub, {
        claims: { email: `${unique('a')}@icloud.test`, email_verified: 'true' },
      })
    const linked = await api('POST', '/users/apple/link', {
      token: session.body.token,
      body: { idToken: await appleToken(), currentPassword: 'Owner-reset-pass-1' },
    })
    expect(linked.status).toBe(200)

    const signedOut = await api('POST', `/users/${owner.id}/sign-out`, { token: roles.cs.token })
    expect(signedOut.status).toBe(200)

    expect(await rowOf(owner.id)).toMatchObject({
      googleSub: sameAddress.sub,
      appleSub: null,
      appleSubDropped: appleSub,
    })
    const googleAgain = await api('POST', '/users/google', {
      body: { idToken: await sameAddress.token() },
    })
    expect(googleAgain.body.user?.id).toBe(owner.id)
    expect(
      (await api('POST', '/users/apple', { body: { idToken: await appleToken() } })).status,
    ).toBe(409)
  })

  it('linking again what is already linked keeps the link’s origin', async () => {
    const owner = await createUser(payload, null)
    const sameAddress = {
      sub: unique('google'),
      token: () =>
        google.sign(sameAddress.sub, { claims: { email: owner.email, email_verified: true } }),
    }
    await api('POST', '/users/google', { body: { idToken: await sameAddress.token() } })
    // The link by address ended the sign-up's password; the owner sets one from the inbox.
    await resetPassword(owner.email, owner.id, 'Owner-reset-pass-1')
    const other = await signIn(owner.email, 'Owner-reset-pass-1')
    const relinked = await api('POST', '/users/google/link', {
      token: other.body.token,
      body: { idToken: await sameAddress.token(), currentPassword: 'Owner-reset-pass-1' },
    })
    expect(relinked.status).toBe(200)

    await api('POST', `/users/${owner.id}/sign-out`, { token: roles.cs.token })
    expect((await rowOf(owner.id)).googleSub).toBe(sameAddress.sub)
  })

  it('who linked a provider is never shown, over REST or GraphQL', async () => {
    const owner = await createUser(payload, null)
    await linkGoogle(owner.token, googleAccount())
    for (const token of [owner.token, roles.cs.token, roles.super_admin.token]) {
      const me = await api('GET', `/users/${owner.id}`, { token })
      expect(me.status).toBe(200)
      expect(Object.keys(me.body)).not.toEqual(
        expect.arrayContaining([expect.stringMatching(/LinkedBy|SubDropped/)]),
      )
    }
    const res = await graphql(
      `{ User(id: ${owner.id}) { id googleLinkedBy } }`,
      undefined,
      roles.super_admin.token,
    )
    expect((await rowOf(owner.id)).googleLinkedBy).toEqual(expect.any(String))
    expect(res.body).toEqual({ data: { User: { id: owner.id, googleLinkedBy: null } } })
  })

  it('erasure clears who linked and dropped links', async () => {
    const owner = await createUser(payload, null)
    const other = await signIn(owner.email)
    await linkGoogle(other.body.token, googleAccount())
    await api('PATCH', `/users/${owner.id}`, {
      token: owner.token,
      body: { currentPassword: TEST_PASSWORD, password: 'Owner-new-pass-123' },
    })
    const back = await signIn(owner.email, 'Owner-new-pass-123')
    await linkGoogle(back.body.token, googleAccount(), 'Owner-new-pass-123')
    const erased = await api('POST', '/users/me/erase', {
      token: back.body.token,
      body: { password: 'Owner-new-pass-123' },
    })
    expect(erased.status).toBe(200)
    expect(await rowOf(owner.id)).toMatchObject({
      googleSub: null,
      googleLinkedBy: null,
      googleSubDropped: null,
    })
  })
})

describe('links decided under the account’s lock', () => {
  it('two different Google accounts linked at once from two sign-ins: one link, one 409', async () => {
    const owner = await createUser(payload, null)
    const other = await signIn(owner.email)
    const [first, second] = [googleAccount(), googleAccount()]
    const answers = await Promise.all([
      api('POST', '/users/google/link', {
        token: owner.token,
        body: { idToken: await first.token(), currentPassword: TEST_PASSWORD },
      }),
      api('POST', '/users/google/link', {
        token: other.body.token,
        body: { idToken: await second.token(), currentPassword: TEST_PASSWORD },
      }),
    ])

    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409])
    const winner = answers[0].status === 200 ? first : second
    expect((await rowOf(owner.id)).googleSub).toBe(winner.sub)
  })
})
