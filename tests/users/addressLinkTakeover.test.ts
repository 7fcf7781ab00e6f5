import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { createUser, TEST_PASSWORD, unique } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { useFakeIdentityProviders } from './helpers/fakeIdentityProviders'

/**
 * A Google or Apple sign-in that links to an existing account by its verified address is the
 * inbox's proof: the password and the sign-ins that may be someone else's (whoever opened the
 * account with that address) end, as after a reset. A link made from a signed-in session,
 * proved by the password, ends nothing.
 */
let payload: Payload
const { google } = useFakeIdentityProviders()

beforeAll(async () => {
  payload = await testPayload()
})

const rowOf = async (id: number) =>
  (await payload.db.findOne({ collection: 'users', where: { id: { equals: id } } })) as any

const signIn = (email: string, password: string) =>
  api('POST', '/users/login', { body: { email, password } })

const googleSignIn = async (sub: string, email: string) =>
  api('POST', '/users/google', {
    body: { idToken: await google.sign(sub, { claims: { email, email_verified: true } }) },
  })

describe('an account opened with someone else’s address', () => {
  it('keeps nothing of the opener once the owner signs in with Google, even a sign-in made after the click', async () => {
    const address = `${unique('squat-victim')}@gmail.test`.toLowerCase()
    const squat = await api('POST', '/users', {
      body: { email: address, password: 'Squatter-pass-1', firstName: 'Sq', lastName: 'Uatter' },
    })
    expect(squat.status).toBe(201)
    const row = await payload.db.findOne<{ id: number; _verificationToken?: string }>({
      collection: 'users',
      where: { email: { equals: address } },
    })
    expect((await api('POST', `/users/verify/${row!._verificationToken}`)).status).toBe(200)
    // The squatter kept trying the password and got in the moment the address was verified.
    const squatterSession = await signIn(address, 'Squatter-pass-1')
    expect(squatterSession.status).toBe(200)

    const sub = unique('owner-google')
    const owner = await googleSignIn(sub, address)
    expect(owner.status).toBe(200)
    expect(owner.body.user.id).toBe(row!.id)

    expect((await signIn(address, 'Squatter-pass-1')).status).toBe(401)
    const squatterMe = await api('GET', '/users/me', { token: squatterSession.body.token })
    expect(squatterMe.body.user).toBeNull()
    const squatterRefresh = await api('POST', '/users/token/refresh', {
      body: { refreshToken: squatterSession.body.refreshToken },
    })
    expect(squatterRefresh.status).toBe(401)
    // The owner's own Google sign-in goes on.
    const ownerMe = await api('GET', '/users/me', { token: owner.body.token })
    expect(ownerMe.body.user?.id).toBe(row!.id)

    // The owner sets a password from the inbox, and Google stays linked.
    expect((await api('POST', '/users/forgot-password', { body: { email: address } })).status).toBe(
      200,
    )
    const reset = await api('POST', '/users/reset-password', {
      body: { token: (await rowOf(row!.id)).resetPasswordToken, password: 'Owner-pass-123' },
    })
    expect(reset.status).toBe(200)
    expect((await signIn(address, 'Owner-pass-123')).status).toBe(200)
    const again = await googleSignIn(sub, address)
    expect({ status: again.status, id: again.body.user?.id }).toEqual({ status: 200, id: row!.id })
  })
})

describe('a member who adds Google from their profile', () => {
  it('keeps their password and their sign-ins, then and at every Google sign-in', async () => {
    const member = await createUser(payload, null)
    const sub = unique('member-google')
    const idToken = await google.sign(sub, {
      claims: { email: member.email, email_verified: true },
    })
    const linked = await api('POST', '/users/google/link', {
      token: member.token,
      body: { idToken, currentPassword: TEST_PASSWORD },
    })
    expect(linked.status).toBe(200)

    const viaGoogle = await googleSignIn(sub, member.email)
    expect({ status: viaGoogle.status, id: viaGoogle.body.user?.id }).toEqual({
      status: 200,
      id: member.id,
    })
    expect((await signIn(member.email, TEST_PASSWORD)).status).toBe(200)
    const me = await api('GET', '/users/me', { token: member.token })
    expect(me.body.user?.id).toBe(member.id)
  })
})
