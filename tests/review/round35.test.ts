/**
 * Thirty-fifth review round (a fresh reviewer, an hour), aimed at what round 34 did not fuzz:
 * money end to end, the jobs and schedules re-run or caught up, webhooks out of order, erasure
 * and export, uploads, sessions, moderation and badges, SOS routing and throttles. Each finding
 * was an `it.failing` that asserted the right behaviour (each was also run as a plain `it` and
 * failed on the asserted line); all are fixed on main and are plain tests now. Run in-process through tests/helpers/api.ts, the Razorpay fake
 * (tests/payments/world.ts) and tests/emergency/trip.ts; uploads also through the Next route
 * handler (tests/hardening/route.ts). The round ran from 09:16 to 09:50 UTC by its commits (its
 * report said 10:18; it stopped early), so it does not count as a full hour.
 *
 * Findings: (1) a catch-up of the pre-trek reminders after five or more days without a worker
 * sends the week-before and the two-days-before reminder at once, both "starts tomorrow" (low);
 * (2) a "Booking confirmed" mail retried after the trekker cancelled is sent after the
 * cancellation's mail (low); (3) erasure leaves the phone-change notice texted to the
 * trekker's former number with that number and their first name, and a notice to an address a
 * super admin's edit replaced (low-medium); (4) a repeat
 * SOS is kept from the emergency contacts "again" also when the first SOS texted none, so a
 * contact added between the two never hears of either (medium); (5) the daily cap on texting
 * the contacts counts SOS that texted none, so after three false alarms without a contact the
 * first real SOS after adding one texts nobody (medium); (6) a guide card's satellite phone takes
 * any text, and an SOS then texts "callbasecamp" (low-medium); (7) SOS alerts retried after
 * the desk resolved the SOS as a false alarm still text the family (medium-low; finding 2's
 * root); (8) content and ops may replace the file of a member's upload, so a member's published post
 * shows a picture they never uploaded (low-medium); (9) a guide card leading booked departures may
 * be retired (`isActive: false`) and a retired card given to a booked departure, so trekkers on
 * the mountain have a retired guide who gets their SOS and whom they cannot see (low-medium);
 * (10) a trekker holding a confirmed booking may be given a staff role, after which their SOS on
 * that trip is 403 (medium-low); (11) a staff role given to an account signed in by SMS code keeps
 * that sign-in and its refresh tokens, a staff session opened by SMS (low-medium); (12) a refund
 * event that arrives before its payment's capture event is acknowledged and thrown away, so the
 * refund never reaches OBS's books (medium-low).
 *
 * Tried and held (run): a content or cs hide (with its reason) against the author's REST
 * `PATCH` of `{status: published}`, `{hiddenReason: null}`, `{hiddenAt: null, hiddenBy: null,
 * status: published}`, a bulk `PATCH ?where[id][equals]=…`, GraphQL `updatePost(status:
 * published)` and `POST /api/posts/:id/duplicate` (404): the post stays hidden and off the feed
 * (an edit of its text is 200 and leaves it hidden). A trekker's `PATCH` (status, message) and
 * `DELETE` of their own SOS: 403. A cs, ops or trekker cancellation of a completed booking: 400
 * "This booking is already completed". Uploads by a trekker of a PNG, JPEG and WebP cut short,
 * cut to their header, a JPEG magic followed by junk and a PNG with a broken chunk: 400 each,
 * never 500 (two of them logged at error as Payload's FileUploadError, as errorLevels.ts
 * intends); EXIF (GPS, artist) in a PNG and a WebP, XMP with a GPS position in a JPEG, PNG and
 * WebP, and EXIF in a 7,000-pixel JPEG: absent from the stored original and every stored size.
 * Twenty-four filters on hidden fields through relations (a call-off reason by a trekker and a
 * guide, a satellite phone and a guide's account phone by anonymous, trekker and guide, a
 * trekker's phone, birth date, snapshot and emergency contact by finance, an author's phone by
 * content, a guide's e-mail through `batch.guide.user.email` by a trekker): 400 "cannot be
 * queried", or the same answer for a value that matches and one that does not. `POST
 * /api/<collection>/:id/duplicate` of an account (404 for a trekker, cs and a super admin), a
 * booking (400 "already hold a seat"), a guide card (400 or 403). Three rounds each of two
 * phone changes of one account at once (both 200, the last stands), an erasure racing a phone
 * change (one 200, the other 401; the row consistent), and a trekker's and cs's booking of one
 * batch for that trekker at once (one 201, one 400). After a phone change the changing
 * sign-in's refresh token still rotates (200) while the other sign-in's is 401 and its access
 * token reads as nobody; a refresh after an e-mail change request: 200. A guide's roster after
 * the trekker cancels before the start: no contacts, the account 404, the booking without
 * phone or reason (REST and GraphQL). A trekker's, cs's, ops' and a super admin's `PATCH` of
 * a booking's `batch`, `user`, `trekkerName`, `holdExpiresAt`, `cancelledAt`,
 * `cancellationReason`, `emergencyContactPhone` and `status` (REST, bulk, GraphQL
 * `updateBooking`): 200 with the row unchanged. Content's `PATCH` of a trek to `archived` or
 * `active` (REST and GraphQL) and a create as `active`: 403; its duplicate of a live trek is a
 * draft. Journal posts for a booking cancelled before the start, for another guide's departure,
 * by a guide after their card was moved off it, and a feed post naming a departure not one's
 * own: 403. Money end to end: a ₹6,000 cash deposit, the ₹14,000 balance online (webhook), a
 * ₹1,000 goodwill refund, then the trekker's cancellation 30 days out: `refundDue` ₹9,000 (half
 * of ₹20,000 less the goodwill), taken from the online payment; both refund events applied;
 * the booking ends `refundDue` 0, `refundedAmount` ₹9,000; one receipt (the deposit), one
 * confirmation, one cancellation mail naming ₹9,000. Three rounds of two call-offs of one
 * departure and a trekker's cancellation at once: one 200, the others 400, one refund per
 * payment. A NUL in an upload's `alt` (multipart `_payload` and `PATCH`) and in a `where` on
 * media: 400; a GPX holding NUL bytes: 201. A cs erasure of a trekker with a completed trek,
 * then a badge evaluation for them: no badge or points (the award is refused); a desk booking
 * for the erased account: 400. A NUL or control characters in an upload's file name, through
 * the Next route handler (tests/hardening/route.ts): 400 "The multipart body cannot be read…"
 * (in-process, past the route's multipart guard, the NUL reached PostgreSQL as a 500: a harness
 * artefact, not written up); in-process, `filename*` with `%00`, raw 0xFF bytes in the name, a
 * name of `.` or `dir/`: 201 under a safe name; two file parts, `_payload` as a file part: 400.
 * Three GraphQL requests at once by one trekker, each with twenty `createPost` aliases: 30 posts
 * in all, the rest "Too many posts from this account"; three with ten `createEmergencyContact`
 * aliases each: 10 contacts, the rest 400. A guide, ops and finance erasing themselves
 * (`/users/me/erase`): 403. A super admin's and cs's edits of an erased account (name, e-mail,
 * phone, `_verified`, role, a contact for it): 400 "This account has been erased". A booking
 * made before its trekker had an emergency contact, paid in full at the desk after one was
 * added: confirmed with that contact in its snapshot. A refund Razorpay answers `failed` at
 * creation is recorded `pending` and waits for Razorpay's event (run; KNOWN's missing
 * reconciliation). Another member's post picture as one's profile photo (REST, GraphQL, cs's
 * edit) or in one's post text: 400. cs's, a super admin's and the trekker's own erasure at once,
 * with an export: one erasure 200, the others 404, no 500 (three rounds). A super admin's delete
 * of a trekker with bookings (400, "erase the account"), of a trek with batches and of a region
 * with treks: 400. Emergency contacts sent for another trekker, or moved to one (REST and
 * GraphQL): kept on the caller; cs's create and ops' move: 403. On a database holding a departure
 * under way led by a retired guide (finding 9), a resolved SOS, a hidden journal and an erased
 * account: every list of sixteen collections at `depth` 0 to 3, the feed, the trek's slug route,
 * the account export and a GraphQL read of batches' guides and posts' authors, anonymous and as
 * the trip's trekker and guide, cs, ops, finance, content and a super admin: no 5xx. Another
 * trekker's, a guide's (not leading it), content's and finance's calls on a trekker's booking,
 * payment, SOS and account (checkout, cancel, desk payment, verify, refund, SOS notes and
 * resolve, erase, sign-out, a call-off, reads, the payments export): 403 or 404 but for what
 * the contract gives finance (refund 202, reads and export 200). A phone account's session
 * proving a phone change, an e-mail change or an erasure with the code sent to the new number
 * (or to any number but its own): 401; with no proof: 400. An online payment captured after
 * the trekker deleted their only emergency contact (following checkout): confirmed, the
 * booking's snapshot keeping the contact it took at booking. GET, PUT, PATCH, DELETE and POST of
 * 22 custom paths through the Next route handler, anonymous and as a super admin: no 5xx.
 *
 * Not written up, for the lead to weigh: (1) A badge evaluation for an account erased after the
 * job was queued (a post's evaluation queued just before the erasure, or the lifecycle
 * completing a trek in the hour after its last day, when erasure is already allowed) throws
 * "This account has been erased" from the award's account update (run, evaluateBadges called
 * directly): no badge is given, as it should not be, but through a failing job that is retried
 * and logged. (2) Finding 2's root has two more effects: a "Payment received" receipt for a
 * desk deposit, retried after the booking was cancelled, arrives after "Booking cancelled" and
 * says "Balance due: ₹6,000.00" of a booking that owes nothing (run); and a booking mail retried
 * after an e-mail change goes to the address given up (read). (3) Finding 3's root also keeps
 * the OTP codes and per-phone counts under the former number (erasure deletes those of the
 * current proven phone only) and, for a phone-only account, the password notice texted to a
 * number it later left (read); the same notice row is left by a super admin's phone change
 * (run). (4) Finding 4's assumption holds for the guide too (read): a first SOS routed to no
 * departure (the night before its first Kolkata day, the app naming none) and a repeat minutes
 * after midnight routed to it reach on-call only, never the departure's guide. (5) The
 * cancellation mail says the refund "goes back to the original payment method, usually within
 * 5 to 7 working days" also for money paid in cash at the desk, which finance pays back by hand
 * (read, bookingMails.ts). (6) Two phone changes of one account at once both answer 200 with
 * their own number; the last stands, so one app shows a number the account no longer has
 * (run). (7) A truncated PNG or JPEG is 400 but logged at error as Payload's FileUploadError,
 * as errorLevels.ts chooses for file errors (run). (8) The trekker reads finance's refund
 * `reason` on their payment (REST and GraphQL) while the export leaves it out: round 23's note
 * (6), still so (run).
 *
 * The lead's answers: (2) mended for the receipt: a "Payment received" still queued when its
 * booking is cancelled is withdrawn too; a mail retried after an e-mail change still goes to
 * the address it was queued for (it was true when queued; known). (4) Mended with finding 4: a
 * repeat alerts the guide no earlier SOS of the window reached. (1), (3), (5), (6), (7) and (8)
 * are written into the known shortcomings of this session's note: a failing badge job for an
 * erased account awards nothing; OTP state under a former number lapses with its expiry; the
 * cancellation mail's wording for desk payments; the last of two simultaneous phone changes
 * stands; file errors are logged at error by design; finance's refund reason reaches its
 * trekker (round 23's decision).
 */
import { describe, expect, it, jest } from '@jest/globals'
import { sql } from '@payloadcms/db-postgres'
import { createLocalReq, type Payload } from 'payload'
import sharp from 'sharp'

import { env } from '@/config/env'
import { sendPreTrekReminders } from '@/notifications/reminders/sendPreTrekReminders'
import { withTransaction } from '@/shared/transaction'

import { upload } from '../catalog/upload'
import { paragraph } from '../community/lexical'
import { createTrip } from '../emergency/trip'
import { viaRoute } from '../hardening/route'
import { api } from '../helpers/api'

import { createUser, TEST_PASSWORD } from '../helpers/fixtures'
import { createBooking, createTrekBatch } from '../helpers/trips'
import { startFakeSms, uniqueIp, uniqueMobile } from '../users/helpers/fakeSms'
import {
  capturedEvent,
  createPendingBooking,
  deliver,
  paidAtRazorpay,
  paymentOf,
  rawSql,
  runJobs,
  type RoleUsers,
  usePaymentsWorld,
} from '../payments/world'
import { type FakeRazorpay, webhookEvent } from '../fakes/razorpay'

let payload: Payload
let roles: RoleUsers
let fakeRazorpay: FakeRazorpay

usePaymentsWorld((w) => {
  payload = w.payload
  roles = w.roles
  fakeRazorpay = w.fake
})

const remindersOf = async (bookingId: number) =>
  (
    await payload.find({
      collection: 'notification-deliveries',
      where: { booking: { equals: bookingId }, template: { equals: 'pre_trek_reminder' } },
      pagination: false,
      overrideAccess: true,
    })
  ).docs

describe('pre-trek reminders caught up after a pause of the worker', () => {
  // FINDING 1: a catch-up after five or more days without a worker queues both the week-before and the two-days-before reminder for the same trek at once, each saying it "starts tomorrow": every trekker of that departure gets the same mail twice, low
  /**
   * FINDING 1 (low; duplicate mail to every trekker of a departure). The `pre-trek-reminders`
   * schedule catches up to seven missed days (src/jobs/schedules/definitions.ts), and each
   * missed day's run queues the reminders of the treks starting 7 and 2 days after that day,
   * counting `daysLeft` from when it runs and keyed by the reminder it is
   * (`pre_trek_reminder:<booking>:<start day>:<7|2>`). When the runs of the day a week before a
   * start and of the day two days before it are both caught up late, on the eve of the start
   * (a worker stopped from the 3rd to the 9th for a trek starting on the 10th), both are queued
   * for each booking in the same minute, each with `daysLeft` "1" ("…starts tomorrow"): run,
   * two deliveries (keys `…:7` and `…:2`), both `daysLeft: "1"`. A late run already skips
   * treks under way; it does not skip a reminder another caught-up day sends as well.
   * Expected: one reminder for a booking from one catch-up (the later, which says the same).
   */
  it('sends one reminder, not two identical ones at once', async () => {
    const { batch } = await createTrekBatch(payload, {
      startDate: '2034-03-10T03:00:00.000Z',
      endDate: '2034-03-15T03:00:00.000Z',
    })
    const booking = await createBooking(payload, roles.trekker, batch, 'confirmed')
    const req = await createLocalReq({}, payload)
    // The worker comes back at 10:30 IST on the 9th; the missed runs are caught up in order.
    const now = new Date('2034-03-09T05:00:00.000Z')
    for (const period of ['2034-03-03T03:30:00.000Z', '2034-03-08T03:30:00.000Z']) {
      await withTransaction(req, () => sendPreTrekReminders(req, new Date(period), now))
    }
    const reminders = await remindersOf(booking.id)
    expect(reminders.map((reminder: any) => reminder.params.daysLeft)).toEqual(['1'])
  })
})

/**
 * Runs the jobs with the relay refusing every first try (451), then the trekker cancels and the
 * retries run with the relay back: the subjects of the mails the trekker then receives.
 */
async function mailsAfterCancellingWhileRelayDown(world: {
  booking: { id: number }
  user: { email?: string | null; token: string }
}): Promise<string[]> {
  const subjects: string[] = []
  let relayDown = true
  const relay = jest.spyOn(payload, 'sendEmail').mockImplementation(async (message: any) => {
    if (relayDown) {
      throw new Error('451 4.3.0 Try again later')
    }
    // Only this trekker's mail: other files' queued jobs may run in the same rounds.
    if (message.to === world.user.email) {
      subjects.push(String(message.subject).split(':')[0])
    }
    return {} as never
  })
  try {
    await runJobs(payload)
    relayDown = false
    const cancel = await api('POST', `/bookings/${world.booking.id}/cancel`, {
      token: world.user.token,
      body: { reason: 'Change of plans' },
    })
    expect(cancel.status).toBe(200)
    await runJobs(payload)
    // The retry's backoff has passed.
    await rawSql(
      payload,
      sql`update payload_jobs set wait_until = now() - interval '1 minute'
          where wait_until is not null and completed_at is null`,
    )
    await runJobs(payload)
  } finally {
    relay.mockRestore()
  }
  return subjects
}

describe('a booking mail retried after the booking changed', () => {
  // FINDING 2: a "Booking confirmed" mail whose first try failed (a mail relay's 451) is retried and sent after the trekker has cancelled, so their inbox ends with "confirmed" after "cancelled"; only the pre-trek reminder is withdrawn when its booking changes, low
  /**
   * FINDING 2 (low; a trekker told a cancelled booking is confirmed). Done: a booking paid in
   * full at the desk (`POST /api/bookings/:id/offline-payment` 201, `confirmed`) queues its
   * "Booking confirmed" mail; the relay refuses its first try (451; the delivery `failed`, the
   * job retried with backoff, up to six times over about half an hour); the trekker then cancels
   * (`POST /api/bookings/:id/cancel` 200) and the "Booking cancelled" mail goes out; the retry
   * then sends "Booking confirmed: … Your place on … is confirmed" (run: mails sent in that
   * order, both deliveries `sent`). deliverNotification re-checks only pre-trek reminders
   * (preTrekReminderWithdrawn); the confirmation, the payment receipt and the cancellation are
   * sent whatever became of the booking since. Expected: a booking's confirmation is withdrawn
   * (left `failed` with why, as a reminder is) once the booking is no longer confirmed.
   */
  it('does not send "confirmed" after the cancellation', async () => {
    const world = await createPendingBooking(payload, { amount: 9000 })
    const paid = await api('POST', `/bookings/${world.booking.id}/offline-payment`, {
      token: roles.finance.token,
      body: { amount: 9000, method: 'cash', reference: `Desk receipt ${world.booking.id}` },
    })
    expect(paid.body.doc.status).toBe('confirmed')
    expect(await mailsAfterCancellingWhileRelayDown(world)).toEqual(['Booking cancelled'])
  })

  // Note 2, mended: a deposit's receipt retried after the cancellation said "Balance due".
  it('does not send a deposit receipt after the cancellation', async () => {
    const world = await createPendingBooking(payload, { amount: 9000 })
    const deposit = await api('POST', `/bookings/${world.booking.id}/offline-payment`, {
      token: roles.finance.token,
      body: { amount: 3000, method: 'cash', reference: `Desk deposit ${world.booking.id}` },
    })
    expect(deposit.status).toBe(201)
    expect(await mailsAfterCancellingWhileRelayDown(world)).toEqual(['Booking cancelled'])
  })
})

describe('an erased account that had changed its phone', () => {
  // FINDING 3: erasure leaves the phone-change notice texted to the trekker's former number with that number, their first name and the last four digits of their new one (`phone_changed_notice:<id>:…:sms`, readable by ops and cs): erasure clears messages to the current addresses and to e-mail addresses given up, not to a phone given up, low-medium
  /**
   * FINDING 3 (low-medium; privacy, erasure). A trekker whose proven phone was A moves to B
   * (`POST /api/users/phone/change` with a code and the password, 200); the old number is told
   * by SMS (noticePhoneChange: a delivery keyed `phone_changed_notice:<user id>:<at>:sms`, to A,
   * params `{name, phoneEnding}`). The trekker then erases the account (`POST
   * /api/users/me/erase {password}`, 200). Run: the delivery still reads `to: "+91…<A>"` and
   * `params: {"name": "Zarina", "phoneEnding": "<last four of B>"}`; the e-mail copy of the
   * same notice (and, in a run with a password change after the phone change, the password
   * notice) are `[erased]`. eraseAccount blanks deliveries
   * to the account's current e-mail and phone, to e-mail addresses it gave up (formerAddresses,
   * from e-mail changes) and those about its bookings, incidents and e-mail changes; a phone
   * given up (and the notices keyed by the account's id) is not among them. Nor is an address
   * given up by a super admin's edit, which applies at once with no e-mail change row (run: a
   * password notice to the old address kept `to: <old address>`, `params: {"name": "Gulnaz"}`
   * after the erasure). The rows are ops' and cs's to read (`GET /api/notification-deliveries`).
   * Expected: no delivery about the erased account keeps a phone or address it had, or its
   * name.
   */
  it('forgets the former phone and the name in the notice sent to it', async () => {
    const sms = await startFakeSms()
    try {
      const oldPhone = `+91${uniqueMobile()}`
      const user = await createUser(payload, null, {
        phone: oldPhone,
        phoneVerified: true,
        firstName: 'Zarina',
      })
      const newPhone = uniqueMobile()
      const asked = await api('POST', '/users/otp/request', {
        body: { phone: newPhone },
        headers: { 'X-Forwarded-For': uniqueIp() },
      })
      expect(asked.status).toBe(202)
      const moved = await api('POST', '/users/phone/change', {
        token: user.token,
        body: {
          currentPassword: TEST_PASSWORD,
          phone: newPhone,
          code: sms.lastCodeFor(`+91${newPhone}`),
        },
      })
      expect(moved.status).toBe(200)
      const erased = await api('POST', '/users/me/erase', {
        token: user.token,
        body: { password: TEST_PASSWORD },
      })
      expect(erased.status).toBe(200)
      const { rows } = await rawSql(
        payload,
        sql`select key, "to", params from notification_deliveries
            where key like ${`phone_changed_notice:${user.id}:%`}`,
      )
      expect(rows.length).toBeGreaterThan(0)
      for (const row of rows) {
        expect(row.to).not.toBe(oldPhone)
        expect(JSON.stringify(row.params ?? {})).not.toContain('Zarina')
      }
    } finally {
      await sms.close()
    }
  })
})

describe('an SOS repeated after the trekker added an emergency contact', () => {
  // FINDING 4: a repeat SOS within the window is not sent to the emergency contacts "again", also when the first SOS texted nobody (the trekker had no contact then and added one): the new contact never hears of either SOS, medium
  /**
   * FINDING 4 (medium; safety). The repeat throttle (src/emergency/sos/repeatThrottle.ts) sends
   * a further SOS within `SOS_REPEAT_WINDOW_MINUTES` of an unresolved one to on-call only,
   * because "the people who act on an SOS are already alerted by the first one". That is not so
   * when the first SOS alerted no contact: a trekker with no emergency contact raises an SOS
   * (201; its log "Nobody was alerted: the trekker has no emergency contact, no guide…" when
   * OPS_ONCALL is empty, on-call only otherwise), adds their brother (`POST
   * /api/emergency-contacts` 201), as an app would prompt, and raises another within minutes
   * (201): its log says "Emergency contacts and guide not alerted again: this trekker raised SOS
   * #… less than 10 minutes earlier", and no delivery goes to the brother (run, with an on-call
   * phone set: the on-call phone is paged twice, the contact never). The same holds for a contact
   * added after an SOS that texted the others (read). Expected: a repeat still texts the emergency
   * contacts (and guide) that no earlier SOS of the window reached; only those already alerted
   * are spared.
   */
  it('texts the contact no earlier SOS reached', async () => {
    const savedOnCall = env.opsOncall
    env.opsOncall = ['+919800000135']
    try {
      const trekker = await createUser(payload, null)
      const first = await api('POST', '/incidents', {
        token: trekker.token,
        body: { clientId: `first-${trekker.id}`, message: 'Lost the trail above camp' },
      })
      expect(first.status).toBe(201)
      const brother = '+919812300001'
      const added = await api('POST', '/emergency-contacts', {
        token: trekker.token,
        body: { name: 'Imran Shaikh', relationship: 'Brother', phone: brother },
      })
      expect(added.status).toBe(201)
      const second = await api('POST', '/incidents', {
        token: trekker.token,
        body: { clientId: `second-${trekker.id}`, message: 'Still lost, twisted ankle' },
      })
      expect(second.status).toBe(201)
      const { docs } = await payload.find({
        collection: 'notification-deliveries',
        where: { incident: { in: [first.body.doc.id, second.body.doc.id] } },
        depth: 0,
        pagination: false,
        overrideAccess: true,
      })
      expect(docs.map((delivery) => delivery.to)).toContain(brother)
    } finally {
      env.opsOncall = savedOnCall
    }
  })
})

describe("the emergency contacts' daily cap, counting SOS that texted no contact", () => {
  // FINDING 5: the daily cap on texting emergency contacts counts every SOS of the last 24 hours that was not a repeat, also those sent while the trekker had no contact: after three false alarms with none, the first real SOS after adding a contact is logged "texted them 3 times" and texts nobody, medium
  /**
   * FINDING 5 (medium; safety; finding 4's assumption in the other throttle). contactsTextedToday
   * counts the trekker's SOS of the last 24 hours less those noted as repeats or as sparing the
   * contacts, as if each had texted them. Done: a trekker with no emergency contact raises three
   * SOS that cs resolves as false alarms (201 and 200 each; a stuck button, or a child with the
   * phone); they add a contact (201) and raise an SOS (201): its log reads "Emergency contacts
   * not texted: this trekker's SOS texted them 3 times in the last 24 hours…", and no SMS goes to
   * the contact (run), though none ever did. Not KNOWN's "SOS repeat caps count by notes" (how
   * the SOS are counted): here the notes are read as written, and no note exists for an SOS
   * that had no contact to text, so it counts as one that texted them (what is counted).
   * Expected: the cap counts SOS that texted the contacts; this one texts the contact.
   */
  it('texts a contact that no SOS has texted yet', async () => {
    const trekker = await createUser(payload, null)
    for (let alarm = 0; alarm < 3; alarm++) {
      const sos = await api('POST', '/incidents', {
        token: trekker.token,
        body: { clientId: `alarm-${trekker.id}-${alarm}`, message: 'SOS' },
      })
      expect(sos.status).toBe(201)
      const resolved = await api('POST', `/incidents/${sos.body.doc.id}/resolve`, {
        token: roles.cs.token,
        body: { note: 'False alarm, spoke to the trekker' },
      })
      expect(resolved.status).toBe(200)
    }
    const sister = '+919812300002'
    const added = await api('POST', '/emergency-contacts', {
      token: trekker.token,
      body: { name: 'Noor Shaikh', relationship: 'Sister', phone: sister },
    })
    expect(added.status).toBe(201)
    const real = await api('POST', '/incidents', {
      token: trekker.token,
      body: { clientId: `real-${trekker.id}`, message: 'Fell on the scree, cannot walk' },
    })
    expect(real.status).toBe(201)
    const { docs } = await payload.find({
      collection: 'notification-deliveries',
      where: { incident: { equals: real.body.doc.id } },
      depth: 0,
      pagination: false,
      overrideAccess: true,
    })
    expect(docs.map((delivery) => delivery.to)).toContain(sister)
  })
})

describe("a guide card's satellite phone", () => {
  // FINDING 6: a guide card's `satellitePhone` takes any text ("call base camp", "12", two numbers on two lines; 200 each), and an SOS then queues its satellite alert to "callbasecamp": the one channel that reaches a guide above the mobile network is the only SOS number never checked, low-medium
  /**
   * FINDING 6 (low-medium; safety, input). Every other number an SOS texts is checked where it
   * is written: an account's phone (400 on `phone`, run: a super admin's `"call base camp"`),
   * an emergency contact's phone (400 naming `phone`, stored in E.164). The guide card's `satellitePhone` (src/catalog/collections/Guides.ts) is a plain
   * text field: ops' `PATCH /api/guides/:id` with `"call base camp"`, `"12"`, `"8816 3100
   * 0101"` or two numbers separated by a new line answers 200 and stores it as sent (run). An SOS
   * of a trekker on that guide's departure under way then queues an SMS to `callbasecamp` (run,
   * the alert normaliser's fallback strips spaces), which no provider can deliver; nobody learns
   * it until an emergency. OPS_ONCALL is likewise never checked (read: env.ts lists it as text,
   * production's start-up check names missing variables but not an entry that is no phone or
   * address; alertRecipients sends to it as it is). Expected: 400 naming `satellitePhone` for
   * what is not a phone number (a real one stored in E.164, as contacts are).
   */
  it('refuses a satellite phone that is not a phone number', async () => {
    const trip = await createTrip(payload)
    const typo = await api('PATCH', `/guides/${trip.guide.id}`, {
      token: roles.ops_manager.token,
      body: { satellitePhone: 'call base camp' },
    })
    const short = await api('PATCH', `/guides/${trip.guide.id}`, {
      token: roles.ops_manager.token,
      body: { satellitePhone: '12' },
    })
    expect([typo.status, short.status]).toEqual([400, 400])
    const card = await payload.findByID({
      collection: 'guides',
      id: trip.guide.id,
      depth: 0,
      overrideAccess: true,
    })
    expect(card.satellitePhone).toBe(trip.satellitePhone)
  })
})

describe('an SOS alert retried after the desk resolved the SOS', () => {
  // FINDING 7: SOS alerts whose first tries failed (the SMS provider down) are still texted to the emergency contacts after cs resolved the SOS as a false alarm: the family learns of an emergency the desk has already closed, with nothing after it saying so; finding 2's root (only reminders are re-checked before sending), medium-low
  /**
   * FINDING 7 (medium-low; safety communication; finding 2's root on the SOS path). Done: a
   * trekker on a trip raises an SOS (201) while the SMS provider answers 503, so each alert
   * delivery fails and its job waits to retry (backoff up to about half an hour); cs resolves
   * the SOS as a false alarm (`POST /api/incidents/:id/resolve {note}` 200); the provider
   * recovers and the retries run: both emergency contacts are texted the `sos_alert` (run),
   * with no later message saying it is over (resolving texts nobody). deliverNotification
   * re-checks only pre-trek reminders before sending. Expected: an SOS alert not yet sent when
   * its incident is resolved is withdrawn (left `failed` with why, as a reminder is), or the
   * people it reaches are told the SOS was resolved.
   */
  it('does not text the family an SOS the desk has resolved', async () => {
    const sms = await startFakeSms()
    try {
      const trip = await createTrip(payload)
      sms.failNext(10)
      const sos = await api('POST', '/incidents', {
        token: trip.trekker.token,
        body: { clientId: `pocket-${trip.trekker.id}`, message: 'SOS' },
      })
      expect(sos.status).toBe(201)
      await runJobs(payload)
      const resolved = await api('POST', `/incidents/${sos.body.doc.id}/resolve`, {
        token: roles.cs.token,
        body: { note: 'False alarm: pressed in a pocket, spoke to the trekker' },
      })
      expect(resolved.status).toBe(200)
      sms.failNext(0)
      await rawSql(
        payload,
        sql`update payload_jobs set wait_until = now() - interval '1 minute'
            where wait_until is not null and completed_at is null`,
      )
      await runJobs(payload)
      // Only this SOS's family: jobs queued by earlier SOS may run in the same rounds.
      const toFamily = sms.received.filter(
        (text) => text.templateId === 'sos_alert' && trip.contactPhones.includes(text.to),
      )
      expect(toFamily.map((text) => text.to)).toEqual([])
    } finally {
      await sms.close()
    }
  })
})

describe("a member's published picture replaced by staff", () => {
  // FINDING 8: content (and ops) may replace the file of a member's upload (`PATCH /api/media/:id` with a new file, 200), so a member's published post shows a picture the author never uploaded, under their name: the rule that a post shows only its author's own uploads "whoever writes the post" is passed by editing the upload instead of the post, low-medium
  /**
   * FINDING 8 (low-medium; community integrity, role boundary). A post's pictures must be the
   * author's own uploads or catalog pictures, whoever writes the post (README, "Who sees
   * media"), and moderators "cannot rewrite a post's text". But `media` update access
   * (canEditMedia: super admin, ops, content) covers every upload, members' included. Done: a
   * trekker uploads a photo (201) and publishes it in a post (201); content sends `PATCH
   * /api/media/<that id>` as multipart with another file and `alt` (200, run): the member's
   * upload now holds content's 90 × 90 picture and alt text, still `public`, still shown by the
   * post under the member's name; the member's own `PATCH` of the alt is 403. Other members'
   * records hold against staff edits (run: content's and cs's `PATCH` of a post's `media`,
   * `trek`, `kind`, `author`, text and `createdAt`, and cs's, ops' and a super admin's of an
   * SOS's message, position, batch, trekker, clientId, time and log, all 200 with the row
   * kept); a member's upload is the exception. Expected: staff
   * may delete or hide a member's upload (moderation), not replace its file or text (403), as
   * a post's text cannot be rewritten.
   */
  it("refuses content's replacement of a member's post picture", async () => {
    const member = await createUser(payload, null)
    const photo = await sharp({
      create: { width: 50, height: 40, channels: 3, background: '#4a7' },
    })
      .png()
      .toBuffer()
    const uploaded = await upload(
      'media',
      { data: photo, name: 'summit.png', type: 'image/png' },
      { token: member.token, data: { alt: 'Summit at dawn' } },
    )
    expect(uploaded.status).toBe(201)
    const post = await api('POST', '/posts', {
      token: member.token,
      body: { kind: 'feed', media: [uploaded.body.doc.id], body: paragraph('Summit day!') },
    })
    expect(post.status).toBe(201)
    const other = await sharp({
      create: { width: 90, height: 90, channels: 3, background: '#a33' },
    })
      .png()
      .toBuffer()
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(other)], { type: 'image/png' }), 'other.png')
    form.append('_payload', JSON.stringify({ alt: 'Not what the member posted' }))
    // Through the Next route handler, as `next start` serves it (multipart guard included).
    const replaced = await viaRoute('PATCH', `/api/media/${uploaded.body.doc.id}`, {
      token: roles.content.token,
      body: form,
    })
    expect(replaced.status).toBe(403)
  })
})

describe('a guide retired while leading booked departures', () => {
  // FINDING 9: ops may retire a guide card (`isActive: false`, 200) that leads a booked departure, as the card's delete refusal suggests, and give a retired card to another booked departure (200): the departures keep a retired guide who still receives their trekkers' SOS, and those trekkers no longer see who leads them (the guide a bare id), low-medium
  /**
   * FINDING 9 (low-medium; safety and trekkers' view; the delete and demotion guards passed by
   * the card's `isActive`). Deleting a card that leads departures not yet over is refused
   * ("This guide leads upcoming batches: assign another guide first, or set isActive to false to
   * retire them"), and so is taking the guide role off its account ("assign another guide
   * first", 400, run), so that an SOS always reaches a guide who leads the trip. The message's
   * "or" is taken: ops' `PATCH /api/guides/:id {"isActive": false}` on a card leading a booked
   * departure a month ahead is 200, and `PATCH /api/batches/<another booked departure>
   * {"guide": <that retired card>}` is 200 (run). The departures keep the retired guide: once
   * under way their trekkers' SOS alerts still go to the retired guide's phone, satellite phone
   * and e-mail (run), while the booked trekker reading their departure (`GET
   * /api/batches/:id?depth=1`) gets the guide as a bare id, since the public and trekkers read
   * active guides only (run). Round 20's finding named `isActive: false` as the way to retire a
   * guide instead of deleting the card; retiring one who still leads booked trips is the gap.
   * The same holds before anyone books (run): a retired card given to an unbooked departure
   * (200) or copied with it (`POST /api/batches/:id/duplicate` 200, the copy's guide retired),
   * then booked by a trekker (201). Expected: a card that leads departures with bookings not yet over
   * cannot be retired (400 naming `isActive`, as delete and demotion are refused), and a
   * retired card cannot be given to a booked departure (400 on `guide`), nor a departure
   * open for booking take one.
   */
  it('keeps a leading guide active, and a retired one off booked departures', async () => {
    const trip = await createTrip(payload)
    const retired = await api('PATCH', `/guides/${trip.guide.id}`, {
      token: roles.ops_manager.token,
      body: { isActive: false },
    })
    expect(retired.status).toBe(400)
    expect(retired.body.errors[0].data.errors[0].path).toBe('isActive')
    // A card retired while it led nothing, linked to a guide's account all the same.
    const retiredCard = await payload.create({
      collection: 'guides',
      data: {
        name: 'Retired guide',
        user: (await createUser(payload, 'guide')).id,
        isActive: false,
      },
      overrideAccess: true,
    })
    const other = await createTrip(payload)
    const given = await api('PATCH', `/batches/${other.batch.id}`, {
      token: roles.ops_manager.token,
      body: { guide: retiredCard.id },
    })
    expect(given.status).toBe(400)
    expect(given.body.errors[0].data.errors[0].path).toBe('guide')
  })
})

describe('a trekker with a booked trip made staff', () => {
  // FINDING 10: a super admin may give a staff role to a trekker who holds a confirmed booking (200), though staff accounts cannot be booked for; on that trip their SOS is then 403 "Only a trekker can raise an SOS", medium-low
  /**
   * FINDING 10 (medium-low; safety; the booking rule passed by the order of events). A booking
   * for a staff account is refused ("Bookings are for trekker accounts; this is a staff account:
   * staff who trek book from a trekker account", README), and an SOS is for trekkers only (403
   * otherwise). Taking the guide role off an account that leads departures is refused; giving a
   * role to an account that holds bookings is not: a super admin's `PATCH /api/users/:id
   * {"staffRole": "cs"}` (or `"guide"`) of a trekker with a confirmed booking is 200 (run). Once
   * the trip is under way, that person's SOS (`POST /api/incidents`) answers 403 "Only a trekker
   * can raise an SOS" (run), so someone on the mountain with OBS cannot call for help through
   * the app. Expected: a staff role is refused (400 naming `staffRole`) while the account holds
   * a pending or confirmed booking, as a desk booking for a staff account is; or an SOS is taken
   * from anyone on a departure's party.
   */
  it('keeps a trekker with a booked trip a trekker', async () => {
    const trip = await createTrip(payload)
    const promoted = await api('PATCH', `/users/${trip.trekker.id}`, {
      token: roles.super_admin.token,
      body: { staffRole: 'cs' },
    })
    expect(promoted.status).toBe(400)
  })
})

describe('a phone account signed in by SMS code, then given a staff role', () => {
  // FINDING 11: a staff role given to an account signed in by an SMS code keeps that sign-in: its access token works as staff and its refresh token rotates (200, `staffRole: guide`), so a staff session opened by SMS lives on, refreshed, though "an SMS code never opens a staff account", low-medium
  /**
   * FINDING 11 (low-medium; sign-in strength for staff; finding 10's root, a role change that
   * re-checks nothing). README: "An SMS code never opens a staff account (any staffRole, guides
   * included: they read their trekkers' phones and birth dates)": `otp/verify` for a staff
   * phone is 403, the code spent, no session made (run: after the promotion a new `otp/verify`
   * for that phone opens nothing). Done: a new phone signs up by OTP (`otp/verify` 200, a session); a super admin
   * gives the account `staffRole: "guide"` (200); the OTP-born access token now reads as a guide
   * (`GET /api/users/me`) and its refresh token rotates into a new guide session (`POST
   * /api/users/token/refresh` 200, `user.staffRole` "guide"; run), and so on for as long as it
   * is refreshed. The account has no e-mail or password, so this SMS-opened session is the only
   * way it signs in. Expected: giving a staff role ends the account's sign-ins opened by SMS
   * code (the refresh 401), as a password change or staff sign-out ends sign-ins; the new staff
   * member signs in with an e-mail and password.
   */
  it('ends the SMS-opened sign-in when the account becomes staff', async () => {
    const sms = await startFakeSms()
    try {
      const phone = uniqueMobile()
      await api('POST', '/users/otp/request', {
        body: { phone },
        headers: { 'X-Forwarded-For': uniqueIp() },
      })
      const session = await api('POST', '/users/otp/verify', {
        body: { phone, code: sms.lastCodeFor(`+91${phone}`) },
      })
      expect(session.status).toBe(200)
      const promoted = await api('PATCH', `/users/${session.body.user.id}`, {
        token: roles.super_admin.token,
        body: { staffRole: 'guide' },
      })
      expect(promoted.status).toBe(200)
      const refreshed = await api('POST', '/users/token/refresh', {
        body: { refreshToken: session.body.refreshToken },
      })
      expect(refreshed.status).toBe(401)
    } finally {
      await sms.close()
    }
  })
})

describe('a refund event that arrives before its payment is known', () => {
  // FINDING 12: a `refund.processed` event for a payment whose capture OBS has not yet learnt of is claimed and answered 200 `unmatched`, so Razorpay never sends it again; when the delayed `payment.captured` then arrives the booking is confirmed and the payment shows nothing refunded, though Razorpay gave all the money back, medium-low
  /**
   * FINDING 12 (medium-low; money; webhooks out of order). The webhook claims each event id in
   * the transaction that applies it, so an event is applied once; an event it cannot apply yet
   * is claimed all the same. Done: a trekker pays at Razorpay (captured) and the app never
   * calls verify; the `payment.captured` delivery is delayed (Razorpay retries a failed
   * delivery for hours, e.g. across an outage); meanwhile finance refunds the payment in
   * Razorpay's dashboard, and its `refund.processed` arrives first: 200 `{"outcome":
   * "unmatched"}` (no payment of ours has that id yet), recorded as settled. The capture then
   * arrives: `applied`, the booking `confirmed` (run), the payment `success` with
   * `amountRefunded` 0 and no refund entry; Razorpay's redelivery of the refund event (same
   * event id) is a `duplicate` (run). OBS now holds a paid, confirmed seat for ₹8,000 that went
   * back to the trekker, and nothing flags it (only if the trekker later cancels does Razorpay
   * refuse the policy's refund, which is then flagged, run). This is not KNOWN's missing reconciliation (an
   * event Razorpay never delivers): the event was delivered and thrown away. The same befalls a
   * refund of a payment OBS flagged as not matching its order (wrong amount or currency): the
   * flag records no `razorpayPaymentId`, so that refund's events never match (read, capture.ts).
   * Expected: an event
   * whose payment is not known yet is not settled as done (answered so that Razorpay sends it
   * again, or kept and applied once the payment is recorded), so the refund lands on the
   * payment.
   */
  it('records a dashboard refund whose event came before the capture', async () => {
    const paid = await paidAtRazorpay(payload, fakeRazorpay, 8000)
    const refund = {
      id: `rfnd_dash${paid.booking.id}`,
      entity: 'refund',
      amount: 800000,
      currency: 'INR',
      payment_id: paid.payment.id,
      notes: [],
      status: 'processed',
      created_at: Math.floor(Date.now() / 1000),
    }
    const refundEventSent = webhookEvent('refund.processed', { refund })
    await deliver(refundEventSent)
    const captured = await deliver(capturedEvent(paid.payment))
    expect(captured.body.outcome).toBe('applied')
    // Razorpay redelivers an event until it is acknowledged as done.
    await deliver(refundEventSent)
    const [payment] = await paymentOf(payload, paid.booking.id)
    expect(payment.amountRefunded).toBe(8000)
  })
})
