import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { createRoleUsers, createUser, TEST_PASSWORD } from '../helpers/fixtures'
import { runJobs } from '../helpers/jobs'
import { noticesTo } from '../helpers/notices'
import { testPayload } from '../helpers/payload'
import { createTrekBatch } from '../helpers/trips'
import { newGoogleAccount, useFakeIdentityProviders } from '../users/helpers/fakeIdentityProviders'
import { startFakeSms, uniqueMobile } from '../users/helpers/fakeSms'
import { useFreshCodes } from '../users/helpers/freshCodes'

/**
 * Sixteenth review round (a fresh reviewer, about 50 minutes): re-authentication for
 * credential changes, phone change notices, the reset that takes a recent phone off, e-mail
 * changes kept for the sign-in that asked, unpaid hold limits, sorts through relationships,
 * batch cancellation mails and provider link notices. Each finding is an `it.failing` until
 * the product is fixed.
 *
 * Tried and held (run against the server, not written up): hostile bodies on the new routes
 * answer 400/401, never 500 (phone/change with a number for `phone`, or a list or `null` for the whole body, a list
 * or object for the proof, a 900 KB `currentPassword`; a list `idToken` or one over 4096
 * characters on the link routes; a list or number `currentPassword`/`currentCode` or a list or
 * object `email` in a PATCH of one's own account);
 * `phoneChangedAt`, `googleLinkedBy`, `googleSub` and `googleSubDropped` sent by the holder over
 * REST or GraphQL are dropped, so a thief cannot un-stamp a phone change or make a link look
 * the owner's; sorts on hidden or unreadable fields (`hash`, `resetPasswordToken`,
 * `phoneChangedAt`, `googleLinkedBy`, `pendingEmail`, `currentPassword`), directly or through
 * `bookings.user`, are 400 over REST and GraphQL, and sorts through hasMany relations, arrays
 * and select lists (`users.badges.name`, `guides.regions.name`, `treks.faqs.question`) answer
 * without a 500; forgot-password by `username` (a phone account's) answers "Success" and sends
 * nothing. Read in the code and found sound: the proof hook runs first for REST, GraphQL and
 * bulk edits, and a non-string `password` it lets through unproven is never stored (Payload
 * hashes strings only); phone/change spends the proof before the new number's code and a number held by
 * a proven account is 409; the link routes verify the ID token before the proof; Payload's
 * reset runs beforeLogin after writing the row, so takeOffRecentPhone finds the reset's token
 * on it, and the stamp is written in the change's transaction (moveToPhone and a super admin's
 * edit both pass revokeSessionsOnPhoneChange); an e-mail change kept for the sign-in that asked
 * is spent by any other sign-in's sign-out everywhere, a reset, or a newer request, and a
 * confirm re-checks `pendingEmail` under the account's lock; the e-mail confirmation and reset
 * links travel only in sealed job inputs, never in `notification-deliveries` (which cs and ops
 * read); the unpaid-hold cap counts expiries and the trekker's own cancellations under the
 * batch lock; mail bodies escape every value. Not written up, for the lead to weigh: a password
 * change (rather than a reset) after an unwanted phone change leaves the thief's number on the
 * account, although the e-mail change notice's advice is "change your password now"; whoever
 * has the password can confirm an e-mail change to their own inbox at once, after which the old
 * address's notice offers no remedy that works (round 15 noted it); in the embedded database
 * (local development only, documented) the throttle and OTP tries join the request's
 * transaction, so a rolled-back failed proof gives its try back.
 *
 * Session 8 took up both notes: a password change now takes off a phone another sign-in changed
 * lately (tests/users/phoneTakenOff.test.ts), and a confirmed e-mail change mails the old
 * address a one-use undo link (tests/users/emailUndo.test.ts).
 */
let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>
let sms: Awaited<ReturnType<typeof startFakeSms>>
const { google } = useFakeIdentityProviders()
const code = useFreshCodes(() => sms)

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
  sms = await startFakeSms()
})

afterAll(async () => {
  await sms.close()
})

describe('review round 16: a phone account’s holder hears nothing of new ways in', () => {
  // FINDING (low-medium; lasting access to a phone account, unnoticed). A phone account (made
  // by OTP, no e-mail) may set a password with `currentCode`, and then signs in with its
  // `username` (readable by the holder) and that password: Payload's login takes a username
  // (loginWithUsername). Whoever learns that password (phished, reused) signs in, proves the
  // holder with `currentPassword` and links their own Google account
  // (POST /api/users/google/link): from then on "Sign in with Google" opens the account. The
  // notices that exist for exactly this (round 15: "a link the holder did not make (a phished
  // password) does not go unnoticed") are e-mail only: noticeProviderLink and
  // noticePasswordChange return early without an address, so the account's proven phone gets
  // no SMS, although a phone change does SMS the old number. Nor can the holder see the link:
  // `googleSub` and `appleSub` are read by cs and ops only. So the holder never learns to sign
  // out everywhere, and a password change by the thief's own sign-in keeps its link too. Expected: an account without an address is told on its proven phone (as a phone
  // change is), so that a link or password change the holder did not make is noticed.
  // Fixed: account and booking notices reach a phone account by SMS (noticeToHolder).
  it('a Google link made with a phone account’s password texts its phone', async () => {
    const number = uniqueMobile()
    const owner = await api('POST', '/users/otp/verify', {
      body: { phone: number, code: await code(number) },
    })
    expect(owner.status).toBe(200)
    const id = owner.body.user.id as number
    const set = await api('PATCH', `/users/${id}`, {
      token: owner.body.token,
      body: { password: 'Owner-chosen-pass-1', currentCode: await code(number) },
    })
    expect(set.status).toBe(200)
    const username = set.body.doc.username as string
    expect(typeof username).toBe('string')

    // Someone who has the password (not the phone) signs in by username.
    const thief = await api('POST', '/users/login', {
      body: { username, password: 'Owner-chosen-pass-1' },
    })
    expect(thief.status).toBe(200)
    const before = (await noticesTo(payload, `+91${number}`)).length
    const googleAccount = newGoogleAccount(google)
    const linked = await api('POST', '/users/google/link', {
      token: thief.body.token,
      body: { idToken: await googleAccount.token(), currentPassword: 'Owner-chosen-pass-1' },
    })
    expect(linked.status).toBe(200)
    const viaGoogle = await api('POST', '/users/google', {
      body: { idToken: await googleAccount.token() },
    })
    expect(viaGoogle.body.user?.id).toBe(id)

    expect((await noticesTo(payload, `+91${number}`)).length).toBeGreaterThan(before)
  })
})

describe('review round 16: a reset after one’s own phone change', () => {
  // FINDING (low-medium; an honest holder's bookings and points split off into an empty
  // account, with no way back but support). Round 15's remedy: a password reset takes off a
  // phone changed in the last 30 days (takeOffRecentPhone), so a thief's number cannot outlive
  // the owner's reset. It cannot tell the thief's number from the owner's own: a holder who
  // moved to a new SIM with phone/change and, a week later, forgets the password and resets it
  // loses the phone silently (no mail or SMS says so, only a log line; the reset's answer just
  // shows `phone: null`). The next time they open the app and sign in by OTP, as they always
  // did, POST /api/users/otp/verify opens a new, empty trekker account for the number
  // (isNewUser: true): their bookings, points and posts seem gone. And the number cannot be put back: once that empty account holds it as proven,
  // phone/change on the real account answers 409 "That number belongs to another account.".
  // Expected: the owner is told their phone was taken off and how to prove it again, and their
  // own number can be proved back onto the account they reset (here: phone/change from the
  // reset account with the number's code and the new password answers 200), for instance by
  // keeping a number taken off by a reset from opening a new account, or by letting phone/change
  // move it off an account that number itself just opened.
  // Fixed: the address is told (phone_taken_off_notice), the number's OTP sign-in opens no
  // account of its own (409 saying how to prove it back), and phone/change proves it back.
  it('the owner’s own new number, taken off by a reset, can be proved back', async () => {
    const owner = await createUser(payload, null)
    const number = uniqueMobile()
    const moved = await api('POST', '/users/phone/change', {
      token: owner.token,
      body: { phone: number, code: await code(number), currentPassword: TEST_PASSWORD },
    })
    expect(moved.status).toBe(200)

    // A week later: a forgotten password, reset from the inbox.
    const forgot = await api('POST', '/users/forgot-password', { body: { email: owner.email } })
    expect(forgot.status).toBe(200)
    const row = (await payload.db.findOne({
      collection: 'users',
      where: { id: { equals: owner.id } },
    })) as any
    const reset = await api('POST', '/users/reset-password', {
      body: { token: row.resetPasswordToken, password: 'Owner-reset-pass-1' },
    })
    expect(reset.status).toBe(200)
    expect(await noticesTo(payload, owner.email)).toContain('phone_taken_off_notice')

    // The usual sign-in by phone opens no empty account; it says what to do.
    const byPhone = await api('POST', '/users/otp/verify', {
      body: { phone: number, code: await code(number) },
    })
    expect(byPhone.status).toBe(409)
    expect(byPhone.body.errors[0].message).toMatch(/prove the number again/)

    // Signing in by e-mail and proving the number again.
    const again = await api('POST', '/users/login', {
      body: { email: owner.email, password: 'Owner-reset-pass-1' },
    })
    expect(again.status).toBe(200)
    const back = await api('POST', '/users/phone/change', {
      token: again.body.token,
      body: { phone: number, code: await code(number), currentPassword: 'Owner-reset-pass-1' },
    })
    expect(back.status).toBe(200)
    const byPhoneAgain = await api('POST', '/users/otp/verify', {
      body: { phone: number, code: await code(number) },
    })
    expect(byPhoneAgain.body.user?.id).toBe(owner.id)
  })
})

describe('review round 16: a departure called off, told to a phone account', () => {
  // FINDING (low-medium; a trekker who paid is never told their departure is off). Since this
  // session, POST /api/batches/:id/cancel "mails every trekker it cancelled" (README, Bookings:
  // "Every trekker whose booking it cancelled, paid or unpaid, is mailed"), so nobody travels
  // to a trailhead for a trek that is not running. A phone account (made by OTP, the sign-up
  // the apps lead with) has no address, and booking mail is e-mail only: queueMail skips the
  // booking with a log line ("booking mail skipped: no booking or no e-mail") and nothing is
  // sent to the account's proven phone, although SMS is wired up (OTP codes, phone notices, SOS
  // alerts). Here a phone trekker books, pays the full price at the desk, and ops calls the
  // departure off: the refund is queued, but no delivery of any kind is queued for that booking
  // or that phone. Expected: a trekker without an address is told on their proven phone (an
  // SMS "booking_cancelled"), or at least the desk is told who could not be reached.
  // Fixed: booking mails reach a phone account by SMS (noticeToHolder).
  it('a phone trekker hears that their paid departure was called off', async () => {
    const { batch } = await createTrekBatch(payload)
    const number = uniqueMobile()
    const trekker = await api('POST', '/users/otp/verify', {
      body: { phone: number, code: await code(number) },
    })
    expect(trekker.status).toBe(200)
    const contact = await api('POST', '/emergency-contacts', {
      token: trekker.body.token,
      body: { name: 'Asha Rao', relationship: 'Sister', phone: '9812345670' },
    })
    expect(contact.status).toBe(201)
    const booked = await api('POST', '/bookings', {
      token: trekker.body.token,
      body: { batch: batch.id },
    })
    expect(booked.status).toBe(201)
    const bookingId = booked.body.doc.id as number
    const paid = await api('POST', `/bookings/${bookingId}/offline-payment`, {
      token: roles.finance.token,
      body: { amount: 14500, method: 'cash', reference: 'Desk receipt 16' },
    })
    expect(paid.status).toBe(201)

    const calledOff = await api('POST', `/batches/${batch.id}/cancel`, {
      token: roles.ops_manager.token,
      body: { reason: 'Heavy snowfall closed the pass' },
    })
    expect(calledOff.status).toBe(200)
    expect(calledOff.body.cancelledBookings).toBe(1)

    await runJobs(payload)
    const { docs } = await payload.find({
      collection: 'notification-deliveries',
      where: { or: [{ booking: { equals: bookingId } }, { to: { equals: `+91${number}` } }] },
      overrideAccess: true,
      limit: 100,
    })
    expect(docs.map((doc) => doc.template)).toContain('booking_cancelled')
  })
})
