import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { authClock, MINUTE } from '@/users/auth/clock'

import { raceBehindHeldRow } from '../helpers/lockWaits'
import { api } from '../helpers/api'
import { createRoleUsers, createUser, TEST_PASSWORD } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { requestOtpCode, startFakeSms, uniqueMobile } from '../users/helpers/fakeSms'

/**
 * Thirteenth review round: what a sign-in that is being ended can still do to its own account
 * (session 6 made writes to one's own account from an ended sign-in answer 401), and the rest.
 * Each finding is an `it.failing` until the product is fixed.
 */
let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>
let sms: Awaited<ReturnType<typeof startFakeSms>>

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

describe('review round 13: an erasure from a sign-in that is being ended', () => {
  // FINDING (medium; irreversible loss of the account, in a race). POST /api/users/me/erase
  // checks the password (confirmAccountHolder, against the hash loadAuthUser read with no
  // lock) and only then, in its transaction, takes the account's row lock
  // (lockAccountAndRead); under the lock it re-checks `erased_at` but neither that the
  // caller's sign-in is still live nor that the password it checked is still the account's.
  // So the owner's remedy against someone who knows the password and holds a session (a
  // password change, which ends every sign-in and is meant to lock the thief out) does not
  // stop an erasure the thief sent just before: it queues on the row lock behind the change
  // and erases the account right after the change commits, with the old password and a
  // sign-in that no longer exists. refuseWritesFromEndedSignIn, which makes the same race
  // answer 401 for an e-mail, phone, password or link change, does not cover the erasure
  // (it is a beforeChange hook of `update`; the erasure writes with raw SQL). Held
  // deterministically: a second connection holds the account's row; the owner's
  // PATCH /api/users/:id {"password": "<new>"} queues on it first, then the thief's
  // POST /api/users/me/erase {"password": "<old>"} (its password check passes against the
  // old hash and it queues second). Expected: the erasure answers 401 ("Your sign-in has
  // ended", or a wrong password) and the account is not erased.
  // Fixed: the erasure re-checks, under the account's lock, that the caller's sign-in is live
  // and the password and phone it confirmed are unchanged.
  it('an erasure queued behind the owner’s password change does not go through', async () => {
    const owner = await createUser(payload, null)
    const thief = await signIn(owner.email)
    expect(thief.status).toBe(200)

    const [changed, erased] = await raceBehindHeldRow({
      table: 'users',
      id: owner.id,
      queued: () =>
        api('PATCH', `/users/${owner.id}`, {
          token: owner.token,
          body: { currentPassword: TEST_PASSWORD, password: 'Owner-new-pass-123' },
        }),
      racing: () =>
        api('POST', '/users/me/erase', {
          token: thief.body.token,
          body: { password: TEST_PASSWORD },
        }),
    })
    expect(changed.status).toBe(200)
    expect(erased.status).toBeLessThan(500)
    expect({ erased: erased.status, erasedAt: (await rowOf(owner.id)).erasedAt ?? null }).toEqual({
      erased: 401,
      erasedAt: null,
    })
  })

  // FINDING (medium; same cause). The same race with a staff sign-out: support signs the
  // member out everywhere (POST /api/users/:id/sign-out, cs) because the phone was stolen;
  // the thief's POST /api/users/me/erase {"password": ...} sent just before waits on the row
  // lock and erases the account right after the sign-out commits, from a sign-in that has
  // ended. Expected: 401 "Your sign-in has ended. Sign in again.", the account kept.
  // Fixed: the erasure re-checks, under the account's lock, that the caller's sign-in is live
  // and the password and phone it confirmed are unchanged.
  it('an erasure queued behind a staff sign-out does not go through', async () => {
    const owner = await createUser(payload, null)
    const thief = await signIn(owner.email)
    expect(thief.status).toBe(200)

    const [signedOut, erased] = await raceBehindHeldRow({
      table: 'users',
      id: owner.id,
      queued: () => api('POST', `/users/${owner.id}/sign-out`, { token: roles.cs.token }),
      racing: () =>
        api('POST', '/users/me/erase', {
          token: thief.body.token,
          body: { password: TEST_PASSWORD },
        }),
    })
    expect(signedOut.status).toBe(200)
    expect(erased.status).toBeLessThan(500)
    expect({ erased: erased.status, erasedAt: (await rowOf(owner.id)).erasedAt ?? null }).toEqual({
      erased: 401,
      erasedAt: null,
    })
  })
})

const requestCode = (national: string) => requestOtpCode(sms, national)

describe('review round 13: a stolen access token moves the phone, then erases', () => {
  // FINDING (high for phone-only accounts; the README's erasure rule "a stolen access token
  // alone must not destroy an account" does not hold). Not round 12's open finding (that is
  // a password set with no current password): here the credential is the phone, and the
  // path needs no password at all. POST /api/users/phone/change {phone, code} asks only for a
  // code sent to the NEW number (src/users/endpoints/phoneChange.ts: consumeCode on the new
  // phone, then moveToPhone); nothing proves the holder still has the current number, and
  // no notice goes to the old number or the account's address (the only notices are
  // email_change_notice and password_changed_notice). So whoever holds an access token of a
  // phone (OTP) account: (1) POST /api/users/otp/request {phone: <thief's number>} and
  // POST /api/users/phone/change {phone: <thief's number>, code} → 200; the account's sign-in
  // phone is now the thief's and every other sign-in, the owner's, ends
  // (revokeSessionsOnPhoneChange); (2) POST /api/users/otp/request for the thief's number
  // again and POST /api/users/me/erase {code} → 200, because confirmAccountHolder sends the
  // erasure's code to the account's phone, which the thief just made their own. Short of
  // erasing, step (1) alone is a permanent takeover of an OTP-only account: its owner is
  // signed out, their number no longer signs in to it, and no remedy is left to them
  // (no password, no mail, no notice). Expected: a phone change from a session proves the
  // current number too (a code sent to it) when the account has a proven phone, or at least
  // an erasure is not confirmable by a number proven minutes earlier by the same session;
  // here, the account is not erased.
  // Fixed (session 7): a phone change proves the holder too (`currentCode`, a code sent to
  // the current number, or `currentPassword`); the old number and the address are told.
  it('a stolen access token of a phone account cannot move its phone and erase it', async () => {
    const ownerNumber = uniqueMobile()
    const owner = await api('POST', '/users/otp/verify', {
      body: { phone: ownerNumber, code: await requestCode(ownerNumber) },
    })
    expect(owner.status).toBe(200)
    const ownerId = owner.body.user.id as number
    // The thief holds a copy of the owner's access token (an unlocked phone, a leaked log).
    const stolenToken = owner.body.token as string

    const thiefNumber = uniqueMobile()
    const moved = await api('POST', '/users/phone/change', {
      token: stolenToken,
      body: { phone: thiefNumber, code: await requestCode(thiefNumber) },
    })
    expect(moved.status).toBe(400)
    expect(moved.body.errors[0].message).toMatch(/"currentPassword" or "currentCode"/)
    expect((await rowOf(ownerId)).phone).toBe(`+91${ownerNumber}`)

    const realNow = authClock.now
    try {
      // Past the one-minute resend cooldown of the thief's number.
      authClock.now = () => new Date(Date.now() + 2 * MINUTE)
      const erased = await api('POST', '/users/me/erase', {
        token: stolenToken,
        body: { code: await requestCode(thiefNumber) },
      })
      expect(erased.status).toBeLessThan(500)
    } finally {
      authClock.now = realNow
    }
    expect((await rowOf(ownerId)).erasedAt ?? null).toBeNull()
  })
})
