import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { runJobs } from '../helpers/jobs'
import { testPayload } from '../helpers/payload'
import { confirmationTokenFor, useSmtpFake } from '../users/helpers/emailChange'
import { startFakeSms, uniqueIp, uniqueMobile } from '../users/helpers/fakeSms'
import { useFreshCodes } from '../users/helpers/freshCodes'

/**
 * Eighteenth review round (a fresh reviewer, about an hour). Each finding is an `it.failing`
 * until the product is fixed.
 *
 * HEADER-PLACEHOLDER
 */
let payload: Payload
let sms: Awaited<ReturnType<typeof startFakeSms>>
const code = useFreshCodes(() => sms)
const mail = useSmtpFake()

beforeAll(async () => {
  payload = await testPayload()
  sms = await startFakeSms()
})

afterAll(async () => {
  await sms.close()
})

const rowOf = async (id: number) =>
  (await payload.db.findOne({ collection: 'users', where: { id: { equals: id } } })) as any

/** The token in the newest undo link texted to `phone`, once the queue ran. */
async function undoTokenTextedTo(phone: string) {
  await runJobs(payload)
  const texts = sms.received.filter(
    (message) => message.to === phone && message.templateId === 'email_added_undo',
  )
  expect(texts.length).toBeGreaterThan(0)
  const match = /undo-email-change\?token=([A-Za-z0-9_-]{43})$/.exec(
    texts[texts.length - 1].params.link,
  )
  expect(match).not.toBeNull()
  return match![1]
}

describe('review round 18: a sign-up with a number that does not parse as a password', () => {
  // FINDING (low; an anonymous 500 with an error line, from one request). `POST /api/users`
  // (sign-up, anyone may call it) with a valid new address and `"password": 12345678` (a JSON
  // number, as a form library or a typed client may send a digits-only password), or `true`,
  // or an object, answers 500 "Something went wrong." and logs an error
  // (ERR_INVALID_ARG_TYPE from Node's pbkdf2). refuseShortPassword looks only at strings, the
  // unknown-field and hostile-input guards do not type `password` (it is not a collection
  // field), and Payload's own minLength check passes a number (no `.length`), so the value
  // reaches Payload's salt-and-hash step. The hardening suite's hostile bodies fill every
  // field, `email` included, with the same bad value, so the e-mail's validation stops them
  // first and this path was never reached. Nothing is written. Expected (README, Hostile
  // input: "a create or update body must be an object whose text fields hold text ... never
  // 500"): 400 naming `password`, as a list already gets.
  it.failing('answers 400 on `password`, not 500, for a number or an object', async () => {
    for (const password of [12345678, true, { length: 12 }]) {
      const res = await api('POST', '/users', {
        body: {
          email: `numeric-password-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@mail.test`,
          password,
          firstName: 'Asha',
          lastName: 'Rawat',
        },
        headers: { 'X-Forwarded-For': uniqueIp() },
      })
      expect(res.status).toBe(400)
      expect(JSON.stringify(res.body)).toContain('password')
    }
  })
})

describe('review round 18: a phone account’s owner signs in by phone before the undo', () => {
  // FINDING (low-medium; the texted undo link, the phone account's only remedy, is spent by
  // the owner's most natural move, and the answer sends them to support). Someone with a phone
  // account's password adds their own inbox and confirms it: the account's phone gets the undo
  // link by SMS (round 17's fix). The thief then moves the account to their own SIM
  // (`phone/change` with `currentPassword`); the owner's phone gets "Your OBS phone number was
  // changed". The owner opens the app and signs in with their number by OTP, as they always
  // do: the number is on no account now, so otp/verify opens a new, empty account for it
  // (isNewUser), and the owner's bookings and points seem gone. When they then follow the
  // texted link, POST /api/users/email/undo answers 409 "The phone number this link was texted
  // to now belongs to another account ... Contact OBS support", and nothing is put back; the
  // thief keeps the account. The same trap was closed for addresses (a sign-up with an address
  // a live undo link may take back is refused, so the undo cannot be blocked) and for a number
  // a reset took off (refuseTakenOffNumber: 409 instead of an empty account, round 16), but not
  // for the number a live texted undo link gives back (the existing test "is 409 and changes
  // nothing when the texted phone has opened another account since" records the outcome, not
  // a remedy). Expected: while such a link lives, an OTP sign-in with its number opens no
  // account of its own (409 pointing to the texted link), so the owner's undo still works.
  it.failing('the owner’s own OTP sign-in does not turn their undo into a 409', async () => {
    const national = uniqueMobile()
    const owner = await api('POST', '/users/otp/verify', {
      body: { phone: national, code: await code(national) },
    })
    expect(owner.status).toBe(200)
    const id = owner.body.user.id as number
    const set = await api('PATCH', `/users/${id}`, {
      token: owner.body.token,
      body: { password: 'Owner-chosen-pass-1', currentCode: await code(national) },
    })
    expect(set.status).toBe(200)
    const username = set.body.doc.username as string

    // Someone with the password adds their inbox, confirms it, and moves to their own SIM.
    const thief = await api('POST', '/users/login', {
      body: { username, password: 'Owner-chosen-pass-1' },
    })
    expect(thief.status).toBe(200)
    const thiefInbox = `thief-sim-${Date.now()}@mail.test`
    const asked = await api('PATCH', `/users/${id}`, {
      token: thief.body.token,
      body: { email: thiefInbox, currentPassword: 'Owner-chosen-pass-1' },
    })
    expect(asked.status).toBe(200)
    const confirmed = await api('POST', '/users/email/confirm', {
      token: thief.body.token,
      body: { token: await confirmationTokenFor(payload, mail, thiefInbox) },
    })
    expect(confirmed.status).toBe(200)
    const undoToken = await undoTokenTextedTo(`+91${national}`)
    const thiefSim = uniqueMobile()
    const moved = await api('POST', '/users/phone/change', {
      token: thief.body.token,
      body: { phone: thiefSim, code: await code(thiefSim), currentPassword: 'Owner-chosen-pass-1' },
    })
    expect(moved.status).toBe(200)

    // The owner signs in with their number, as always, then follows the texted link.
    await api('POST', '/users/otp/verify', {
      body: { phone: national, code: await code(national) },
    })
    const undone = await api('POST', '/users/email/undo', {
      body: { token: undoToken, password: 'Owner-takes-it-back-1' },
      headers: { 'X-Forwarded-For': uniqueIp() },
    })
    expect(undone.status).toBe(200)
    const row = await rowOf(id)
    expect(row.email ?? null).toBeNull()
    expect(row.phone).toBe(`+91${national}`)
  })
})
