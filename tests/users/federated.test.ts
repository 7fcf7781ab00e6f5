import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { env } from '@/config/env'

import { startSmtpFake } from '../fakes/smtp'
import { api } from '../helpers/api'
import { createUser, TEST_PASSWORD, unique } from '../helpers/fixtures'
import { runJobs } from '../helpers/jobs'
import { testPayload } from '../helpers/payload'
import { startFakeApple, startFakeGoogle } from './helpers/fakeIdentityProviders'
import { expectSession } from './helpers/session'

let payload: Payload
let google: Awaited<ReturnType<typeof startFakeGoogle>>
let apple: Awaited<ReturnType<typeof startFakeApple>>

const googleSignIn = (idToken: string) => api('POST', '/users/google', { body: { idToken } })
const appleSignIn = (idToken: string) => api('POST', '/users/apple', { body: { idToken } })
const rowOf = async (id: number) =>
  (await payload.db.findOne({ collection: 'users', where: { id: { equals: id } } })) as any

beforeAll(async () => {
  payload = await testPayload()
  google = await startFakeGoogle()
  apple = await startFakeApple()
})

afterAll(async () => {
  await google.close()
  await apple.close()
})

describe('POST /api/users/google', () => {
  it('creates a trekker for a new Google account, then signs the same one in', async () => {
    const sub = unique('g')
    const email = `${unique('gmail')}@gmail.test`
    const token = await google.sign(sub, {
      claims: { email, email_verified: true, given_name: 'Tenzing', family_name: 'Norgay' },
    })

    const first = await googleSignIn(token)
    expect(first.status).toBe(200)
    const session = expectSession(first.body)
    expect(session.isNewUser).toBe(true)
    expect(session.user).toMatchObject({ email, firstName: 'Tenzing', lastName: 'Norgay' })
    expect(session.user).not.toHaveProperty('googleSub')
    expect((await rowOf(session.user.id)).googleSub).toBe(sub)

    const again = await googleSignIn(
      await google.sign(sub, { claims: { email, email_verified: true } }),
    )
    expect(again.status).toBe(200)
    expect(again.body.isNewUser).toBe(false)
    expect(again.body.user.id).toBe(session.user.id)
  })

  it.each([
    ['another audience', { audience: 'someone-else.apps.googleusercontent.com' }],
    ['another issuer', { issuer: 'https://accounts.example.test' }],
    ['an expired token', { expiresIn: -600 }],
    ['a key Google never published', { foreignKey: true }],
  ])('refuses %s with 401', async (_label, options) => {
    const res = await googleSignIn(
      await google.sign(unique('g'), { claims: { email_verified: true }, ...options }),
    )
    expect(res.status).toBe(401)
    expect(res.body.errors[0].message).toBe(
      'Google sign-in failed: the token is invalid or expired.',
    )
  })

  it('refuses garbage and a missing token', async () => {
    expect((await googleSignIn('not.a.jwt')).status).toBe(401)
    expect((await api('POST', '/users/google', { body: {} })).status).toBe(400)
  })

  it('links an existing account when both sides verified the e-mail', async () => {
    const user = await createUser(payload, null)
    const sub = unique('g')
    const res = await googleSignIn(
      await google.sign(sub, { claims: { email: user.email, email_verified: true } }),
    )

    expect(res.status).toBe(200)
    expect(res.body.isNewUser).toBe(false)
    expect(res.body.user.id).toBe(user.id)
    expect((await rowOf(user.id)).googleSub).toBe(sub)
  })

  it('does not link when Google has not verified the e-mail: a separate account without it', async () => {
    const user = await createUser(payload, null)
    const res = await googleSignIn(
      await google.sign(unique('g'), { claims: { email: user.email, email_verified: false } }),
    )

    expect(res.status).toBe(200)
    expect(res.body.isNewUser).toBe(true)
    expect(res.body.user.id).not.toBe(user.id)
    expect(res.body.user.email ?? null).toBeNull()
    expect((await rowOf(user.id)).googleSub ?? null).toBeNull()
  })

  it('answers 409 with the way to link when our copy of the e-mail is unverified', async () => {
    const email = `${unique('unverified')}@obs.test`
    const signup = await api('POST', '/users', {
      body: { email, password: TEST_PASSWORD, firstName: 'Not', lastName: 'Verified' },
    })
    expect(signup.status).toBe(201)

    const res = await googleSignIn(
      await google.sign(unique('g'), { claims: { email, email_verified: true } }),
    )
    expect(res.status).toBe(409)
    expect(res.body.errors[0].message).toMatch(/POST \/api\/users\/google\/link/)
    expect((await rowOf(signup.body.doc.id)).googleSub ?? null).toBeNull()
  })

  it('links nothing to an e-mail change still waiting for confirmation, and links once confirmed', async () => {
    const smtp = await startSmtpFake()
    const savedSmtp = env.smtpUrl
    env.smtpUrl = smtp.url
    try {
      const user = await createUser(payload, null)
      const newEmail = `${unique('changed')}@obs.test`
      const patch = await api('PATCH', `/users/${user.id}`, {
        token: user.token,
        body: { currentPassword: TEST_PASSWORD, email: newEmail },
      })
      expect(patch.status).toBe(200)
      expect((await rowOf(user.id)).email).toBe(user.email)
      expect((await rowOf(user.id)).pendingEmail).toBe(newEmail)

      // Google vouches for the new address, but our account has not proved it: no link.
      const early = await googleSignIn(
        await google.sign(unique('g'), { claims: { email: newEmail, email_verified: true } }),
      )
      expect(early.status).toBe(200)
      expect(early.body.isNewUser).toBe(true)
      expect(early.body.user.id).not.toBe(user.id)
      expect((await rowOf(user.id)).googleSub ?? null).toBeNull()

      // With the address proved from its inbox, a Google account for it links to the user.
      const other = await createUser(payload, null)
      const otherEmail = `${unique('confirmed')}@obs.test`
      await api('PATCH', `/users/${other.id}`, {
        token: other.token,
        body: { currentPassword: TEST_PASSWORD, email: otherEmail },
      })
      await runJobs(payload)
      const link = /token=([A-Za-z0-9_-]+)/.exec(smtp.to(otherEmail)[0].body)![1]
      expect((await api('POST', '/users/email/confirm', { body: { token: link } })).status).toBe(
        200,
      )
      const sub = unique('g')
      const linked = await googleSignIn(
        await google.sign(sub, { claims: { email: otherEmail, email_verified: true } }),
      )
      expect(linked.status).toBe(200)
      expect(linked.body.isNewUser).toBe(false)
      expect(linked.body.user.id).toBe(other.id)
      expect((await rowOf(other.id)).googleSub).toBe(sub)
    } finally {
      env.smtpUrl = savedSmtp
      await smtp.close()
    }
  })

  it('answers 409 when the account is already linked to another Google account', async () => {
    const user = await createUser(payload, null)
    await googleSignIn(
      await google.sign(unique('g'), { claims: { email: user.email, email_verified: true } }),
    )
    const res = await googleSignIn(
      await google.sign(unique('g'), { claims: { email: user.email, email_verified: true } }),
    )
    expect(res.status).toBe(409)
  })
})

describe('POST /api/users/google/link', () => {
  it('links Google to the signed-in account, after which Google signs into it', async () => {
    const user = await createUser(payload, null)
    const sub = unique('g')
    const token = await google.sign(sub, {
      claims: { email: 'other@gmail.test', email_verified: true },
    })

    const link = await api('POST', '/users/google/link', {
      token: user.token,
      body: { idToken: token, currentPassword: TEST_PASSWORD },
    })
    expect(link.status).toBe(200)
    const res = await googleSignIn(await google.sign(sub))
    expect(res.body.user.id).toBe(user.id)
  })

  it('needs a signed-in user and refuses a Google account linked elsewhere', async () => {
    const sub = unique('g')
    const token = await google.sign(sub)
    expect((await api('POST', '/users/google/link', { body: { idToken: token } })).status).toBe(401)

    const owner = await createUser(payload, null)
    const other = await createUser(payload, null)
    expect(
      (
        await api('POST', '/users/google/link', {
          token: owner.token,
          body: { idToken: token, currentPassword: TEST_PASSWORD },
        })
      ).status,
    ).toBe(200)
    // A fresh token of the same Google account: the first one is spent (one use per token).
    const res = await api('POST', '/users/google/link', {
      token: other.token,
      body: { idToken: await google.sign(sub), currentPassword: TEST_PASSWORD },
    })
    expect(res.status).toBe(409)
    expect(res.body.errors[0].message).toMatch(/another OBS account/)
  })

  it('refuses an invalid token', async () => {
    const user = await createUser(payload, null)
    const token = await google.sign(unique('g'), { audience: 'elsewhere' })
    expect(
      (
        await api('POST', '/users/google/link', {
          token: user.token,
          body: { idToken: token, currentPassword: TEST_PASSWORD },
        })
      ).status,
    ).toBe(401)
  })
})

describe('POST /api/users/apple', () => {
  it('creates an account for a relay address, then signs it in by sub', async () => {
    const sub = unique('a')
    const email = `${unique('relay')}@privaterelay.appleid.com`
    const claims = { email, email_verified: 'true', is_private_email: 'true' }

    const first = await api('POST', '/users/apple', {
      body: { idToken: await apple.sign(sub, { claims }), firstName: 'Bachendri', lastName: 'Pal' },
    })
    expect(first.status).toBe(200)
    expect(first.body.isNewUser).toBe(true)
    expect(first.body.user).toMatchObject({ email, firstName: 'Bachendri', lastName: 'Pal' })
    expect((await rowOf(first.body.user.id)).appleSub).toBe(sub)

    const again = await appleSignIn(await apple.sign(sub))
    expect(again.body.isNewUser).toBe(false)
    expect(again.body.user.id).toBe(first.body.user.id)
  })

  it('links by a verified, non-relay e-mail', async () => {
    const user = await createUser(payload, null)
    const res = await appleSignIn(
      await apple.sign(unique('a'), { claims: { email: user.email, email_verified: true } }),
    )
    expect(res.status).toBe(200)
    expect(res.body.user.id).toBe(user.id)
  })

  it('never links by a relay address', async () => {
    const email = `${unique('r')}@privaterelay.appleid.com`
    await payload.create({
      collection: 'users',
      data: { email, password: TEST_PASSWORD, _verified: true } as any,
      disableVerificationEmail: true,
    })
    const res = await appleSignIn(
      await apple.sign(unique('a'), {
        claims: { email, email_verified: true, is_private_email: true },
      }),
    )
    expect(res.status).toBe(409)
  })

  it.each([
    ['another audience', { audience: 'com.example.other' }],
    ['another issuer', { issuer: 'https://accounts.google.com' }],
    ['an expired token', { expiresIn: -600 }],
    ['a key Apple never published', { foreignKey: true }],
  ])('refuses %s with 401', async (_label, options) => {
    const res = await appleSignIn(await apple.sign(unique('a'), options))
    expect(res.status).toBe(401)
    expect(res.body.errors[0].message).toBe(
      'Sign in with Apple failed: the token is invalid or expired.',
    )
  })

  it('links Apple to a signed-in account', async () => {
    const user = await createUser(payload, null)
    const sub = unique('a')
    const link = await api('POST', '/users/apple/link', {
      token: user.token,
      body: { idToken: await apple.sign(sub), currentPassword: TEST_PASSWORD },
    })
    expect(link.status).toBe(200)
    expect((await rowOf(user.id)).appleSub).toBe(sub)
  })
})
