import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { createRoleUsers, createUser, TEST_PASSWORD } from '../helpers/fixtures'
import { noticesTo } from '../helpers/notices'
import { testPayload } from '../helpers/payload'
import { confirmationTokenFor, useSmtpFake } from './helpers/emailChange'
import { startFakeSms, uniqueMobile } from './helpers/fakeSms'
import { useFreshCodes } from './helpers/freshCodes'

/**
 * A reset or a password change takes back an account whose phone someone else changed lately
 * (src/users/auth/recentPhone.ts). The number taken off is told to the address and kept from
 * opening an empty account of its own, so an owner whose own new number it was can prove it
 * back onto their account.
 */
let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>
let sms: Awaited<ReturnType<typeof startFakeSms>>
const code = useFreshCodes(() => sms)
const mail = useSmtpFake()

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
  sms = await startFakeSms()
})

afterAll(async () => {
  await sms.close()
})

const rowOf = async (id: number) =>
  (await payload.db.findOne({ collection: 'users', where: { id: { equals: id } } })) as any

const signIn = (email: string, password = TEST_PASSWORD) =>
  api('POST', '/users/login', { body: { email, password } })

const otpSignIn = async (number: string) =>
  api('POST', '/users/otp/verify', { body: { phone: number, code: await code(number) } })

/** `token`'s sign-in moves the account to `number`, proved with the password. */
async function movePhone(token: string, number: string, password = TEST_PASSWORD) {
  const moved = await api('POST', '/users/phone/change', {
    token,
    body: { phone: number, code: await code(number), currentPassword: password },
  })
  expect(moved.status).toBe(200)
}

const TAKEN_OFF =
  'This number was taken off its account when the password was reset or changed. Sign in with the account’s e-mail and password, then prove the number again with POST /api/users/phone/change.'

describe('a password change after someone else’s phone change', () => {
  it('takes the other sign-in’s number off, tells the address, and the number opens nothing', async () => {
    const owner = await createUser(payload, null)
    const thiefNumber = uniqueMobile()
    const thief = await signIn(owner.email)
    await movePhone(thief.body.token, thiefNumber)

    const mine = await signIn(owner.email)
    const changed = await api('PATCH', `/users/${owner.id}`, {
      token: mine.body.token,
      body: { password: 'Owner-new-pass-1', currentPassword: TEST_PASSWORD },
    })
    expect(changed.status).toBe(200)
    expect(changed.body.doc).toMatchObject({ phone: null, phoneVerified: false })
    expect(await rowOf(owner.id)).toMatchObject({ phone: null, phoneVerified: false })
    expect(await noticesTo(payload, owner.email)).toEqual(
      expect.arrayContaining(['password_changed_notice', 'phone_taken_off_notice']),
    )

    const byThief = await otpSignIn(thiefNumber)
    expect(byThief.status).toBe(409)
    expect(byThief.body.errors[0].message).toBe(TAKEN_OFF)
    const { totalDocs } = await payload.count({
      collection: 'users',
      where: { phone: { equals: `+91${thiefNumber}` } },
      overrideAccess: true,
    })
    expect(totalDocs).toBe(0)
  })

  it('keeps a number the same sign-in put on', async () => {
    const owner = await createUser(payload, null)
    const number = uniqueMobile()
    await movePhone(owner.token, number)
    const changed = await api('PATCH', `/users/${owner.id}`, {
      token: owner.token,
      body: { password: 'Owner-new-pass-2', currentPassword: TEST_PASSWORD },
    })
    expect(changed.status).toBe(200)
    expect(await rowOf(owner.id)).toMatchObject({ phone: `+91${number}`, phoneVerified: true })
    expect(await noticesTo(payload, owner.email)).not.toContain('phone_taken_off_notice')
    expect((await otpSignIn(number)).body.user?.id).toBe(owner.id)
  })

  it('keeps a phone set by staff or at sign-up', async () => {
    const owner = await createUser(payload, null)
    const number = uniqueMobile()
    const set = await api('PATCH', `/users/${owner.id}`, {
      token: roles.super_admin.token,
      body: { phone: `+91${number}` },
    })
    expect(set.status).toBe(200)
    const mine = await signIn(owner.email)
    const changed = await api('PATCH', `/users/${owner.id}`, {
      token: mine.body.token,
      body: { password: 'Owner-new-pass-3', currentPassword: TEST_PASSWORD },
    })
    expect(changed.status).toBe(200)
    expect((await rowOf(owner.id)).phone).toBe(`+91${number}`)
  })

  it('keeps the phone of an account without an address: it is its only way in', async () => {
    const first = uniqueMobile()
    const account = await otpSignIn(first)
    expect(account.status).toBe(200)
    const id = account.body.user.id as number
    const set = await api('PATCH', `/users/${id}`, {
      token: account.body.token,
      body: { password: 'Phone-owner-pass-1', currentCode: await code(first) },
    })
    expect(set.status).toBe(200)
    const second = uniqueMobile()
    const moved = await api('POST', '/users/phone/change', {
      token: (await otpSignIn(first)).body.token,
      body: { phone: second, code: await code(second), currentPassword: 'Phone-owner-pass-1' },
    })
    expect(moved.status).toBe(200)
    const changed = await api('PATCH', `/users/${id}`, {
      token: (await otpSignIn(second)).body.token,
      body: { password: 'Phone-owner-pass-2', currentCode: await code(second) },
    })
    expect(changed.status).toBe(200)
    expect(await rowOf(id)).toMatchObject({ phone: `+91${second}`, phoneVerified: true })
  })
})

describe('support’s sign-out everywhere', () => {
  it('takes off a phone an ended sign-in changed lately, and says so', async () => {
    const owner = await createUser(payload, null)
    const thiefNumber = uniqueMobile()
    const thief = await signIn(owner.email)
    await movePhone(thief.body.token, thiefNumber)

    const out = await api('POST', `/users/${owner.id}/sign-out`, { token: roles.cs.token })
    expect(out.status).toBe(200)
    expect(out.body.message).toBe(
      'Every sign-in of this account has ended, and the phone number one of them added in the last 30 days was taken off.',
    )
    expect(await rowOf(owner.id)).toMatchObject({ phone: null, phoneVerified: false })
    expect(await noticesTo(payload, owner.email)).toContain('phone_taken_off_notice')
    expect((await otpSignIn(thiefNumber)).status).toBe(409)
  })

  it('takes off a phone whose sign-in then also moved the address to its own inbox', async () => {
    const owner = await createUser(payload, null)
    const thiefNumber = uniqueMobile()
    const thief = await signIn(owner.email)
    await movePhone(thief.body.token, thiefNumber)
    const thiefInbox = `thief-both-${Date.now()}@mail.test`
    const asked = await api('PATCH', `/users/${owner.id}`, {
      token: thief.body.token,
      body: { email: thiefInbox, currentPassword: TEST_PASSWORD },
    })
    expect(asked.status).toBe(200)
    const confirmed = await api('POST', '/users/email/confirm', {
      token: thief.body.token,
      body: { token: await confirmationTokenFor(payload, mail, thiefInbox) },
    })
    expect(confirmed.status).toBe(200)

    // The address is newer than the phone, but the same hand put both on: the phone goes.
    const out = await api('POST', `/users/${owner.id}/sign-out`, { token: roles.cs.token })
    expect(out.status).toBe(200)
    expect(await rowOf(owner.id)).toMatchObject({ phone: null, phoneVerified: false })
    expect((await otpSignIn(thiefNumber)).status).toBe(409)
  })

  it('keeps a phone set by staff', async () => {
    const owner = await createUser(payload, null)
    const number = uniqueMobile()
    await api('PATCH', `/users/${owner.id}`, {
      token: roles.super_admin.token,
      body: { phone: `+91${number}` },
    })
    const out = await api('POST', `/users/${owner.id}/sign-out`, { token: roles.cs.token })
    expect(out.body.message).toBe('Every sign-in of this account has ended.')
    expect((await rowOf(owner.id)).phone).toBe(`+91${number}`)
  })
})

describe('a number taken off', () => {
  /** The owner moves to `number`, then resets a forgotten password from the inbox. */
  async function resetAfterOwnMove() {
    const owner = await createUser(payload, null)
    const number = uniqueMobile()
    await movePhone(owner.token, number)
    await api('POST', '/users/forgot-password', { body: { email: owner.email } })
    const reset = await api('POST', '/users/reset-password', {
      body: { token: (await rowOf(owner.id)).resetPasswordToken, password: 'Owner-reset-pass-1' },
    })
    expect(reset.status).toBe(200)
    expect(reset.body.user).toMatchObject({ phone: null, phoneVerified: false })
    return { owner, number }
  }

  it('is proved back by its owner and signs in to their account again', async () => {
    const { owner, number } = await resetAfterOwnMove()
    expect(await noticesTo(payload, owner.email)).toContain('phone_taken_off_notice')
    expect((await otpSignIn(number)).status).toBe(409)

    const again = await signIn(owner.email, 'Owner-reset-pass-1')
    await movePhone(again.body.token, number, 'Owner-reset-pass-1')
    expect(await rowOf(owner.id)).toMatchObject({ phoneTakenOff: null, phoneVerified: true })
    const byPhone = await otpSignIn(number)
    expect(byPhone.status).toBe(200)
    expect(byPhone.body.user.id).toBe(owner.id)
  })

  it('opens an account of its own once another account proves it', async () => {
    const { number } = await resetAfterOwnMove()
    const other = await createUser(payload, null)
    await movePhone(other.token, number)
    expect((await otpSignIn(number)).body.user?.id).toBe(other.id)
  })

  it('is forgotten when its account is erased', async () => {
    const { owner, number } = await resetAfterOwnMove()
    const erased = await api('POST', `/users/${owner.id}/erase`, {
      token: roles.cs.token,
      body: { reason: 'Ticket 7, asked by e-mail' },
    })
    expect(erased.status).toBe(200)
    expect(await rowOf(owner.id)).toMatchObject({ phoneTakenOff: null, phoneTakenOffAt: null })
    const fresh = await otpSignIn(number)
    expect(fresh.status).toBe(200)
    expect(fresh.body.isNewUser).toBe(true)
  })
})
