import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { createRoleUsers, createUser, TEST_PASSWORD, unique } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { confirmationTokenFor, useSmtpFake } from '../users/helpers/emailChange'
import { startFakeSms, uniqueMobile } from '../users/helpers/fakeSms'
import { useFreshCodes } from '../users/helpers/freshCodes'

/**
 * Nineteenth review round (a fresh reviewer, about twenty minutes), aimed at round 18's mends:
 * the recent phone a reset, password change or support sign-out takes off (and its
 * "address newer than the phone" exemption), the e-mail undo by mail and by SMS, the batch
 * cancel guard, the password floor, erasure, the export's bounds, a duplicate's document ticks.
 * Each finding is an `it.failing` until the product is fixed. Run in-process through
 * tests/helpers/api.ts.
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

async function movePhone(token: string, number: string) {
  const moved = await api('POST', '/users/phone/change', {
    token,
    body: { phone: number, code: await code(number), currentPassword: TEST_PASSWORD },
  })
  expect(moved.status).toBe(200)
}

/** A password holder signs in twice: one sign-in moves the phone, the other the address. */
async function thiefWithTwoSignIns(ownerEmail: string) {
  const thiefNumber = uniqueMobile()
  const first = await signIn(ownerEmail)
  await movePhone(first.body.token, thiefNumber)
  const second = await signIn(ownerEmail)
  const thiefInbox = `${unique('thief-two')}@mail.test`.toLowerCase()
  const asked = await api('PATCH', `/users/${second.body.user.id}`, {
    token: second.body.token,
    body: { email: thiefInbox, currentPassword: TEST_PASSWORD },
  })
  expect(asked.status).toBe(200)
  const confirmed = await api('POST', '/users/email/confirm', {
    token: second.body.token,
    body: { token: await confirmationTokenFor(payload, mail, thiefInbox) },
  })
  expect(confirmed.status).toBe(200)
  return { thiefNumber, thiefInbox }
}

describe('the "same hand" exemption of a recent phone (round 18 mend)', () => {
  /**
   * FINDING (medium; a password thief keeps OTP access after support's sign-out everywhere
   * and after the owner's own password change). Round 18 made the "address newer than the
   * phone" exemption of takeOffRecentPhone yield when the sign-in that changed the phone also
   * asked for the address (tests/users/phoneTakenOff.test.ts "takes off a phone whose sign-in
   * then also moved the address"). The exemption compares sign-in ids only, so a thief with the
   * password simply uses two sign-ins: log in, move the phone to their own number
   * (`phone/change` with the password), log in again, ask for their own inbox and confirm it.
   * `email_changes.requested_by` (2nd sign-in) is distinct from `users.phone_changed_by` (1st
   * sign-in) and the confirmation is newer than the phone change, so the exemption keeps the
   * thief's number: POST /api/users/:id/sign-out by cs answers 200 but the number stays
   * proven on the account, and the thief's OTP sign-in is 200 straight after. Same for the
   * owner's own password change from a fresh sign-in (keptBy: the owner's sign-in).
   * Expected: as with one sign-in, the phone is taken off (phone null, phoneVerified false)
   * and the thief's OTP sign-in answers 409. The id comparison cannot tell this apart from
   * round 17's case (owner's phone, thief's address) — the lead must pick a rule that does.
   */
  it.failing('support sign-out takes off a phone a thief moved with a second sign-in', async () => {
    const owner = await createUser(payload, null)
    const { thiefNumber } = await thiefWithTwoSignIns(owner.email)

    const out = await api('POST', `/users/${owner.id}/sign-out`, { token: roles.cs.token })
    expect(out.status).toBe(200)
    expect(await rowOf(owner.id)).toMatchObject({ phone: null, phoneVerified: false })
    expect((await otpSignIn(thiefNumber)).status).toBe(409)
  })

  it.failing('the owner’s password change takes it off too', async () => {
    const owner = await createUser(payload, null)
    const { thiefNumber } = await thiefWithTwoSignIns(owner.email)

    // The owner still knows the password; the address is now the thief's, so log in by it.
    const row = await rowOf(owner.id)
    const mine = await signIn(row.email)
    expect(mine.status).toBe(200)
    const changed = await api('PATCH', `/users/${owner.id}`, {
      token: mine.body.token,
      body: { password: 'Owner-new-pass-1', currentPassword: TEST_PASSWORD },
    })
    expect(changed.status).toBe(200)
    expect(await rowOf(owner.id)).toMatchObject({ phone: null, phoneVerified: false })
    expect((await otpSignIn(thiefNumber)).status).toBe(409)
  })
})

describe('the password floor', () => {
  /**
   * FINDING (low; the 8-character floor is 4 characters for non-BMP text). refuseShortPassword
   * measures `password.length`, UTF-16 code units, so a 4-character password of emoji (or of
   * supplementary-plane CJK) counts as 8 and is accepted at sign-up. NIST SP 800-63B, which the
   * hook cites, counts each Unicode code point as one character.
   * Reproduction: POST /api/users {email, password: '😀😀😀😀', firstName, lastName} → 201.
   * Expected: 400 "Use a password of at least 8 characters." on `password` (count code points,
   * e.g. `[...password].length`).
   */
  it.failing('refuses a 4-character emoji password at sign-up', async () => {
    const email = `${unique('emoji')}@obs.test`.toLowerCase()
    const created = await api('POST', '/users', {
      body: { email, password: '😀😀😀😀', firstName: 'E', lastName: 'M' },
    })
    expect(created.status).toBe(400)
  })
})
