import net from 'node:net'

import { describe, expect, it } from '@jest/globals'
import { createLocalReq, type Payload } from 'payload'

import { env } from '@/config/env'
import { sendPreTrekReminders } from '@/notifications/reminders/sendPreTrekReminders'
import { kolkataDay } from '@/shared/time'

import { api } from '../helpers/api'
import { uniquePhone } from '../helpers/jobs'
import { createUser, TEST_PASSWORD, unique } from '../helpers/fixtures'
import { captureLogOutput } from '../helpers/logOutput'
import { refusingSmtp } from '../fakes/refusingSmtp'
import { addEmergencyContact, book } from '../bookings/support'
import { createTrip, laterToday, underWay } from '../emergency/trip'
import { paragraph } from '../community/lexical'
import {
  createPendingBooking,
  createTrekBatch,
  runJobs,
  usePayloadAndRazorpayFake,
} from '../payments/world'

/**
 * Twenty-seventh review round (a fresh reviewer, an hour), aimed at what changed just before it
 * (deposits and the hold, the sign-up body guard, refund re-issue refusal, notification error
 * masking, staff export, the guide roster and cancelled-booking field access, batch duplication,
 * journals on called-off trips, job claims and backoff) and at whatever else would break. Each
 * finding was an `it.failing` that asserted the right behaviour (each was also run as a plain
 * `it` and failed on the asserted line); all are fixed and are plain tests now. Run in-process through tests/helpers/api.ts,
 * tests/hardening/route.ts and the Razorpay fake.
 *
 * Tried and held (run): a guide reading a booking of their batch that its trekker cancelled before
 * the trek, over REST (by id) and GraphQL (`Bookings` where status is cancelled, asking for
 * `trekkerPhone`, `trekkerEmail`, `trekkerAge`, `cancellationReason`, `emergencyContactPhone` and
 * `user { phone email }`): all absent or null. A trekker duplicating their own pending booking:
 * 400 "You already hold a seat on this batch"; their cancelled one: a fresh hold with server-set
 * money, no cancellation fields. Ops duplicating a called-off batch: `open`, no booked seats,
 * `calledOffReason` null, the trek card's `nextBatch` and the slug batches list show the copy;
 * GraphQL has no `duplicatePost`. Uploads of a PNG with garbage or truncated image data, without
 * IDAT, of 11,000 × 10,000 pixels in a few bytes, a JPEG cut in half or to its header and a
 * WebP header alone, by a member and by content: 400 each, never 500. A member's private photo
 * read by its owner (200) and anonymously (404, HEAD 404 too). Three rounds of a burst on one
 * departure after every hold had lapsed: six bookings, three with ₹3,000 desk deposits and four
 * with open orders, then at once the hold expiry, desk deposits on a lapsed unpaid hold and on a
 * deposit booking (completing it), three Razorpay captures (one of a booking the desk completed
 * meanwhile), a trekker's cancel and three checkouts: no 500; deposits kept their seats and the
 * lapsed unpaid hold without one was cancelled; the online payment of a completed booking was
 * refunded whole, a capture racing a deposit was applied with its excess refunded; every
 * booking's `amountPaid` and `balanceDue` agree with the money kept, the seats recounted right
 * (4 live, 4 booked). Read in the code and found sound: the job claim's new `wait_until` test uses
 * the job system's clock as Payload's queue read does, and a job run by id keeps no readiness
 * test; refuseAmbiguousReissue only refuses staff refunds whose amount is neither refused
 * refund's; the export's `noneIfForbidden` catches only Forbidden; the guide's search box drops
 * the fields hidden without a document; mail templates escape every value; the payments CSV
 * neutralises formula cells; a `BOUNDARY=` rewrite inside a quoted parameter changes nothing
 * busboy reads, as the guard and Payload read the same rewritten header; Payload runs each job
 * with no transaction around its task (runJobs isolates `transactionID`), so a stalled mail relay
 * holds no transaction slot of the worker ahead of SOS texts; the OTP request's first send and a
 * Google or Apple token check run outside any transaction (an SMS provider that never answers
 * left the database connections idle, not in transaction). GET, POST, PATCH, PUT and
 * DELETE with `{}` on 44 custom and auth paths (every custom endpoint, Payload's auth operations,
 * duplicates), anonymous, as a member and as a super admin: no 500. Duplicates of a badge (its
 * unique rule), a region, a trek, a batch, a guide card (its unique account), an itinerary day
 * and a booking by a super admin, content and ops: 200, 400 or 403, never 500. A member's post,
 * `me` and sign-out with Redis down: see the Redis finding. GraphQL `createUser` with the mail
 * server down: see the sign-up finding. A member's profile photo, post picture and a guide's
 * card photo set to another member's upload, private or made public by that member's post: 400
 * each (REST and GraphQL); the photo goes private again once its post is deleted, and the guide
 * card shows none. Staff exports for a guide (with a post, leading a batch whose trekker raised
 * an SOS), finance, content, cs, ops and a super admin: 200, only their own rows, nothing of the
 * trekker's. Finance re-issuing a payment's two refused refunds (an excess payment's automatic
 * refund and the cancellation's) each for its own amount, in four settings (₹10,000 to ₹20,000,
 * deposits of ₹5,000 to ₹10,000, and one where both refused refunds are ₹9,000): each labelled
 * as the one it re-issues (the equal pair: the cancellation's first, then the automatic one),
 * `refundDue` 0 and `refundedAmount` the policy's 90% once the desk part is paid by hand; the same
 * amount and reason twice within minutes is 409 (the repeat guard). A super admin's points
 * adjustments of 2^31 − 1, ±1e20, 1.5 and 2^53 + 1: 400 (at most 1,000,000 either way). A desk
 * deposit's balance paid online after the trek (the batch completed, the hold long past):
 * checkout 201 for the ₹5,000 due, the capture applied, the booking `completed` with its 100
 * points. Relation-path filters and sorts on a guide card's satellite phone, a guide account's
 * phone and e-mail, bookings' and payments' phone snapshots and users' phones (through batches,
 * guides, bookings, posts, incidents and payments), anonymous, as a trekker, finance and
 * content: 400 or 401/403 where the field is not the caller's to read, 200 only on their own
 * rows (and content, staff, on satellite phones). Multipart sign-ups read by the guard as Payload
 * reads them: a `_payload` whose e-mail is an object (400 "email must be text"), a list, a JSON
 * string, `{}`, a null e-mail, no password, a leading byte-order mark: 400 each; with one or two
 * file parts beside it, or carrying `staffRole: super_admin` and `_verified: true`: 201, a plain
 * unverified trekker (nothing of the extras stored). Twelve odd Content-Type values (two types
 * joined by a comma either way, a doubled, quoted, empty or missing boundary, no space after the
 * semicolon, `multipart/mixed`, a charset before the boundary, a boundary on JSON) with a
 * multipart and a JSON body, on sign-up, SOS, posts, login, media, bookings and GraphQL: no 500
 * (288 requests). Fifteen malformed Authorization values (empty, a tampered signature or
 * payload, `alg: none`, 100,000 characters, two tokens, a tab, other cases and schemes, an API
 * key) on `me`, SOS and bookings: no 500 and no one signed in; cookie sign-in without an allowed
 * Origin, duplicated `payload-token` cookies and an 8 KB cookie: anonymous. An SOS whose mail to
 * the guide the SMTP server refuses: "notification failed" logged, the guide's address masked.
 * Two GraphQL requests of twenty `createPost` aliases each from one member, at once: 30 posts
 * stored (the hourly cap), the rest refused; forty aliases in one request: refused whole (20 root
 * fields at most). Existing suites re-run on this commit (rounds 25 and 26, holds, cancel,
 * duplicate, unpaid holds, booking concurrency, paid after trek, checkout, refunds, desk and
 * booking-own refunds, refund give-up, webhook, SOS, SOS abuse, incident handling, posts, feed,
 * mail, e-mail change, taken-address sign-up, OTP on Redis, pool under limits, password reset,
 * payments export, body limits, hostile bodies, federated sign-in, erasure, erasure race, data
 * export, log redaction, job claims, guide accounts, public cache, media visibility, refused
 * uploads, trek duplicates, query guards, sessions, OTP, user and guide field access, edit locks,
 * catalog access, payments access, call-off, verify, points, confirmation, badge awards, SOS lost
 * updates, withdrawn reminders, booking access and creation, trek endpoints, crop metadata, rounds
 * 20 to 24, phone sign-up, credentials, unknown fields, batch validation, e-mail undo, phone
 * change, error log levels, erasure while a refund is owed, staff account controls, no secrets in
 * logs, incident actions, phone taken off, provider links, upload limit, trek cards, address-link
 * takeover, ended sign-in writes, documents, batch seats, collisions, staff money repeats, checkout
 * outside its transaction, cancel answers, hidden post pictures, sort paths, list safety,
 * statement timeout, account copies, password-changed notice, same-name uploads, reset proving
 * the address, provider-link proof, erasure of free text, logout without sign-in, e-mail length,
 * batch labels, itinerary validation, password length, emergency-contact phones, media storage):
 * all pass.
 *
 * Not written up, for the lead to weigh: (1) The same split between the Kolkata day and
 * `startDate` elsewhere: the lifecycle marks a departure `ongoing` from 00:00 IST of its first
 * day, yet its trekkers may still cancel their own bookings until `startDate` (cancel.ts; run: a
 * departure starting later today, marked `ongoing` by the lifecycle, its confirmed booking
 * cancelled by the trekker: 200, refund 0, the batch `ongoing` with 0 booked); the finding on a
 * seat dropped on a departure's first morning rests on it. (2) A sign-up's verification mail is
 * sent before Payload's create commits, so a create whose commit then fails has mailed a link for
 * an account that does not exist (read in the code). (3) GraphQL `forgotPasswordUser` demands a
 * `username` argument (String!, Payload's shape with username sign-in enabled), so a GraphQL
 * client cannot ask for a reset by e-mail alone (run: a validation error); the contract names only
 * REST's. (4) Ops and cs read every notification delivery (run; finance, content and guides 403),
 * SOS alerts' messages and recipients' phones included (by their desk role, it seems; noted
 * because the SOS message is health data the logs are kept free of). (5) With Redis down, an
 * erasure's Redis leftovers (OTP codes and counts of the erased phones) stay until their TTL
 * (logged, by design; read in the code). (6) An SMS provider that accepts the connection and never
 * answers holds every OTP request for the adapter's 10-second timeout (the first send runs inside
 * the request), then 202 (run: three at once, 10.1 s each, no database transaction held
 * meanwhile); an app with a short timeout reports a failure although the code is on its way by the
 * retries. (7) Round 26 hid a trekker's own reason for cancelling from the guide as one of "the
 * trekker's personal copies", but finance, which the contract lets read only a trekker's name and
 * e-mail and from which the phone, age and emergency-contact copies are hidden, still reads it
 * (`cancellationReason` has only the guide rule; run: a trekker's "Knee surgery next month" read
 * by finance, 200): free text a trekker may fill with a health reason.
 */
let payload: Payload

usePayloadAndRazorpayFake((world) => {
  payload = world.payload
})

describe('a seat held and dropped on the morning of a departure, before it set out', () => {
  /**
   * FINDING (medium; any trekker texts and mails a departure's guide, satellite phone included, a
   * message of their own under OBS's SOS alert during that trek and, naming it, at any time after
   * (run: the trek moved into the past and completed, an SOS naming it still texted its guide), and
   * reads as on its roster; round 23's "stranger's hold" finding back by another door). Round 26's
   * "cancelled on the way" reading (findTrekkerBatch's cancelledOnTheWay, the guide roster's
   * cancelledOnTheWayAndStillOut, the journal check) counts any booking cancelled on or after the
   * departure's first Kolkata day as its trekker having set out, and findTrekkerBatch then counts
   * it as paid for. But the first day begins at 00:00 IST, while a departure starts at its
   * `startDate` (12:00 UTC for a batch made in the admin, 17:30 IST): until then the trekker's own
   * cancel is allowed (cancel.ts: `startDate <= now`) and, until the hourly lifecycle marks it
   * `ongoing`, anyone may hold a seat (holdSeat); a hold made the evening before and cancelled or
   * expired after midnight does the same without any window. Nothing is paid. Done: a departure
   * whose first day has begun and whose `startDate` is later today, led by a guide with a phone and
   * a satellite phone; a stranger held a seat (201, `amountPaid` 0) and cancelled it (200), then
   * raised an SOS naming it. Happened: 201, and the guide's phone, satellite phone and e-mail are
   * among the alert's recipients; the incident keeps the batch (the guide reads it, message
   * included, among their batch's incidents); the guide may read the stranger's profile and phone
   * (200), and the stranger may post a journal of that trip (201). Expected: an unpaid hold dropped
   * before the departure set out counts for nothing (only money paid, or a cancel after
   * `startDate`, makes a trekker one of its party). The same reading makes a departure called off
   * on the morning of its first day, before it set out (weather, say), "called off on the way" for
   * every trekker booked on it: their SOS go to its guide, they stay on the guide's roster and may
   * not erase their accounts until its last day (read in the code, not run).
   */
  it('does not make its holder one of the party', async () => {
    const trip = await createTrip(payload)
    const start = laterToday()
    expect(kolkataDay(start)).toBe(kolkataDay(new Date()))
    await payload.update({
      collection: 'batches',
      id: trip.batch.id,
      data: {
        startDate: start.toISOString(),
        endDate: new Date(start.getTime() + 5 * 86_400_000).toISOString(),
      },
      overrideAccess: true,
    })
    const stranger = await createUser(payload, null, {
      phone: `+9198${Math.floor(10000000 + Math.random() * 89999999)}`,
      dateOfBirth: '1990-01-01T00:00:00.000Z',
    })
    await addEmergencyContact(stranger.token)
    const held = await book(stranger.token, trip.batch.id)
    expect(held.status).toBe(201)
    expect(held.body.doc.amountPaid).toBe(0)
    const dropped = await api('POST', `/bookings/${held.body.doc.id}/cancel`, {
      token: stranger.token,
      body: {},
    })
    expect(dropped.status).toBe(200)
    const sos = await api('POST', '/incidents', {
      token: stranger.token,
      body: {
        clientId: unique('r27-dropped'),
        batch: trip.batch.id,
        message: 'Your OBS payout is on hold, call +1 900 555 0100',
      },
    })
    expect(sos.status).toBe(201)
    const { docs } = await payload.find({
      collection: 'notification-deliveries',
      where: { incident: { equals: sos.body.doc.id } },
      overrideAccess: true,
      pagination: false,
    })
    const recipients = docs.map((delivery) => delivery.to)
    const profile = await api('GET', `/users/${stranger.id}?depth=0`, {
      token: trip.guideUser.token,
    })
    const incident = await api('GET', `/incidents/${sos.body.doc.id}?depth=0`, {
      token: trip.guideUser.token,
    })
    const journal = await api('POST', '/posts', {
      token: stranger.token,
      body: { kind: 'journal', batch: trip.batch.id, body: paragraph('What a trek it was') },
    })
    expect({
      guidePhone: recipients.includes(trip.guidePhone),
      satellitePhone: recipients.includes(trip.satellitePhone),
      guideReadsProfile: profile.status,
      incidentBatch: incident.body.batch ?? null,
      journal: journal.status,
    }).toEqual({
      guidePhone: false,
      satellitePhone: false,
      guideReadsProfile: 404,
      incidentBatch: null,
      journal: 403,
    })
  })
})

describe('a password reset mail the SMTP server refuses', () => {
  /**
   * FINDING (low; privacy: a member's e-mail address written to the logs in full, round 26's
   * finding left open on the account mails). Round 26's mend masks the recipient in a refused
   * delivery's error only in deliverNotification (booking and SOS mails). The account mails are
   * their own jobs, which call `payload.sendEmail` directly and let nodemailer's error go to
   * Payload's job runner: the password reset link (passwordResetMailTask), the e-mail change's
   * confirmation to the new address (confirmationMailTask) and the undo mail (emailUndoMailTask;
   * read in the code, not run), whose inputs are sealed precisely to keep the address and token out
   * of the job table and logs; the sign-up's verification mail (see the sign-up finding) logs the
   * refused address the same way (run). Done: `POST /api/users/forgot-password` for a trekker's
   * address, the jobs run against a local SMTP server answering every RCPT with Postfix's 550; the
   * log captured. Happened: the job runner's error line ("Error running task … sendPasswordReset")
   * carries "550 5.1.1 <trekker-…@obs.test>: Recipient address rejected" in `err.message`,
   * `err.stack` and `args.message`. An e-mail change (a trekker's PATCH to a new address) against
   * the same server logs the new address the same way (run). Expected: only the masked recipient in
   * the log, as for a refused delivery.
   */
  it('logs the recipient masked only', async () => {
    const trekker = await createUser(payload, null)
    const smtp = await refusingSmtp()
    const saved = env.smtpUrl
    env.smtpUrl = smtp.url
    const log = captureLogOutput()
    try {
      const asked = await api('POST', '/users/forgot-password', { body: { email: trekker.email } })
      expect(asked.status).toBe(200)
      await runJobs(payload)
    } finally {
      log.stop()
      env.smtpUrl = saved
      await smtp.close()
    }
    expect(log.text()).toContain('sendPasswordReset')
    expect(log.text()).not.toContain(trekker.email)
  })
})

/** A port on 127.0.0.1 with nothing listening: a mail server that is down. */
async function deadPort() {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

describe('a password sign-up while the mail server is down', () => {
  /**
   * FINDING (medium; availability and 500s: while the SMTP relay is down or refuses an address,
   * every e-mail sign-up fails with a 500 and an error line carrying the address; where the relay
   * refuses some addresses at RCPT time (an unknown mailbox of a local domain, a suppression list),
   * anyone can cause one at will). `POST /api/users` is Payload's create with `auth.verify`, which
   * sends the verification mail inside the operation and awaits it: a nodemailer error ends the
   * create (rolled back) as "Something went wrong.". The service moved its own account mails to
   * retried jobs for exactly this reason ("so a mail provider that is down delays the mail …
   * instead of failing POST /api/users/forgot-password", passwordResetMailTask), and
   * tests/faults/providersDown.test.ts rides out a mail outage for deliveries, but the sign-up's
   * verification mail was left in the request. Done: SMTP_URL pointed at a port with nothing
   * listening (and, second, at a local server answering every RCPT with Postfix's 550), then an
   * ordinary sign-up (`email`, `password`, names). Happened: 500 "Something went wrong." both
   * times, logged at error level with nodemailer's message (the 550 one quotes the address); no
   * account is made, so the trekker cannot sign up until mail is back; GraphQL `createUser` answers
   * the same error (`statusCode` 500), and so does a super admin creating a staff account (run;
   * e-mail and password changes, which queue their mails as jobs, answered at once). Each failed
   * sign-up still spends its network's hourly sign-up budget (the count is taken beside the
   * rolled-back transaction): run with the budget at 2, two sign-ups during the outage (500, 500),
   * then one after mail was back: 429 "Too many sign-ups from this network"; at the default 20, a
   * carrier address shared by many phones is shut out of sign-up for up to an hour after the
   * outage. A relay that accepts the connection and says nothing holds each sign-up for
   * nodemailer's 30-second greeting timeout, its database transaction open all along, then 500
   * (run: three at once, 30.1 s each, three connections "idle in transaction" meanwhile in
   * pg_stat_activity; as README's Deployment has each instance keep at most DATABASE_POOL_MAX − 2
   * transactions open, eight such sign-ups take every slot, and bookings, payments and SOS on that
   * instance wait behind them). Expected: 201, the account made and its verification mail sent
   * later (retried as the other account mails are), or at worst a 503 that says so, never a 500.
   */
  it('makes the account and leaves the mail for later', async () => {
    const saved = env.smtpUrl
    const refusing = await refusingSmtp()
    const answers: number[] = []
    const emails: string[] = []
    const log = captureLogOutput()
    try {
      for (const url of [`smtp://127.0.0.1:${await deadPort()}`, refusing.url]) {
        env.smtpUrl = url
        const email = `${unique('r27-signup')}@obs.test`.toLowerCase()
        emails.push(email)
        const made = await api('POST', '/users', {
          body: { email, password: 'Abcdef-12345', firstName: 'Asha', lastName: 'Rawat' },
        })
        answers.push(made.status)
        // The queued mail meets the same relay: it fails and waits for its retry.
        await runJobs(payload)
      }
    } finally {
      log.stop()
      env.smtpUrl = saved
      await refusing.close()
    }
    expect(answers).toEqual([201, 201])
    for (const email of emails) {
      expect(log.text()).not.toContain(email)
    }
    const { docs } = await payload.find({
      collection: 'payload-jobs',
      where: { taskSlug: { equals: 'sendAccountVerification' }, completedAt: { exists: false } },
      overrideAccess: true,
    })
    expect(docs.length).toBeGreaterThanOrEqual(2)
  })
})

describe('an SOS while sign-ups wait on a silent mail server', () => {
  /**
   * FINDING (medium; safety: an SOS waits about half a minute behind anonymous sign-ups, the
   * sign-up finding's consequence). Each sign-up holds its database transaction open while Payload
   * waits on the SMTP relay (nodemailer's 30-second greeting timeout when the relay accepts the
   * connection and says nothing: a stalled or tarpitting relay), and each instance keeps at most
   * DATABASE_POOL_MAX − 2 transactions open at once (src/db/transactionGate.ts), so as many
   * sign-ups as that take every slot: every other write of the instance, an SOS included, queues
   * behind them. Done: SMTP_URL pointed at a local server that accepts and never answers,
   * DATABASE_POOL_MAX (10) anonymous sign-ups from different networks, then, two seconds later, a
   * trekker's SOS. Happened: the SOS answered 201 only after 28.3 s (run once in full; here it is
   * given 5 s, then the relay is closed). One network's hourly sign-up budget
   * (SIGN_UP_MAX_PER_IP_PER_HOUR, 20) pays for two such half-minute stalls, a handful of networks
   * for a continuous one, while the relay is stalled; and GraphQL runs a request's mutations one
   * after another, so one request of twenty `createUser` aliases would hold a slot for some ten
   * minutes (run with two aliases: 500 each, 60.4 s in all, one after the other). The same queue
   * forms behind any work done inside a transaction: ten members each uploading a 119-megapixel
   * JPEG of 726 KB (under the pixel and size limits; Payload resizes inside its create transaction)
   * delayed an SOS by 6.7 s (run). Expected: an SOS answered at once whatever the mail server does
   * (no request holds a transaction while it waits on the network).
   */
  it('is answered within five seconds', async () => {
    const trekker = await createUser(payload, null)
    const sockets: net.Socket[] = []
    const silent = net.createServer((socket) => {
      sockets.push(socket)
      socket.on('error', () => undefined)
    })
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const saved = env.smtpUrl
    env.smtpUrl = `smtp://127.0.0.1:${(silent.address() as net.AddressInfo).port}`
    const log = captureLogOutput()
    let answered: number | 'not yet' = 'not yet'
    try {
      const signUps = Array.from({ length: env.databasePoolMax }, (_, i) =>
        api('POST', '/users', {
          body: {
            email: `${unique(`r27-silent-${i}`)}@obs.test`.toLowerCase(),
            password: 'Abcdef-12345',
            firstName: 'Asha',
            lastName: 'Rawat',
          },
          headers: { 'X-Forwarded-For': `2001:db8:27:${i}::1` },
        }),
      )
      await new Promise((resolve) => setTimeout(resolve, 2000))
      const sos = api('POST', '/incidents', {
        token: trekker.token,
        body: { clientId: unique('r27-silent-sos'), message: 'Fell near the pass' },
      })
      answered = await Promise.race([
        sos.then((res) => res.status),
        new Promise<'not yet'>((resolve) => setTimeout(() => resolve('not yet'), 5000)),
      ])
      for (const socket of sockets) {
        socket.destroy()
      }
      await Promise.all([sos, ...signUps])
    } finally {
      log.stop()
      env.smtpUrl = saved
      await new Promise<void>((resolve) => silent.close(() => resolve()))
    }
    expect(answered).toBe(201)
  }, 60_000)
})

describe('sign-in while the configured Redis is down', () => {
  /**
   * FINDING (low–medium; availability: with `REDIS_URL` set, a Redis outage turns every password
   * sign-in, OTP request, sign-up and password reset into a 500 with an error line, a second or so
   * after each request). The auth state store (OTP codes and every sign-in, sign-up and reset
   * budget) is Redis when `REDIS_URL` is set (src/users/auth/state), with ioredis giving up after
   * two retries; its MaxRetriesPerRequestError is not mapped to anything, so Payload answers
   * "Something went wrong." (a database outage, by contrast, is a 503: withDatabaseOutageAs503).
   * README calls Redis optional ("takes the OTP codes and rate limits off PostgreSQL"); nothing
   * says sign-in stops with it. Done: `REDIS_URL` pointed at a port on 127.0.0.1 with nothing
   * listening, then a password sign-in with the right password, an OTP request, a sign-up and a
   * forgot-password. Happened: 500 each (161 ms to 1.5 s), logged at error level "Reached the max
   * retries per request limit"; a member's post (limitMemberPosts counts there too) and an e-mail
   * change 500 as well; an SOS, `me`, a token refresh and a sign-out still worked (so signed-in
   * members carry on), and `/api/health` (the database only) answers 200 all the while, so no load
   * balancer notices. Expected: not a 500: a 503 saying sign-in is briefly unavailable (with
   * Retry-After), or the budgets kept in PostgreSQL meanwhile.
   */
  it('answers no 500', async () => {
    const member = await createUser(payload, null)
    const saved = env.redisUrl
    env.redisUrl = `redis://127.0.0.1:${await deadPort()}`
    const log = captureLogOutput()
    const answers: Record<string, number> = {}
    try {
      for (const [name, path, body] of [
        ['login', '/users/login', { email: member.email, password: TEST_PASSWORD }],
        ['otp', '/users/otp/request', { phone: '+919812340000' }],
        [
          'signup',
          '/users',
          {
            email: `${unique('r27-redis')}@obs.test`.toLowerCase(),
            password: 'Abcdef-12345',
            firstName: 'Asha',
            lastName: 'Rawat',
          },
        ],
        ['forgot', '/users/forgot-password', { email: member.email }],
      ] as const) {
        answers[name] = (await api('POST', path, { body })).status
      }
    } finally {
      log.stop()
      env.redisUrl = saved
    }
    expect(Object.entries(answers).filter(([, status]) => status === 500)).toEqual([])
  })
})

describe('a trekker holding their seat by a deposit, days before the trek', () => {
  /**
   * FINDING (low; a trekker who paid a deposit, and still owes the balance, is never reminded of
   * the trek: round 26's deposit mend not carried to the reminders). Since round 26 a deposit
   * keeps the seat for good and the balance may be paid at any time: the trekker is one of the
   * party (findTrekkerBatch counts a deposit as paid). But the pre-trek reminders (README: "e-mails
   * trekkers whose batch starts in 7 or 2 days") are queued for `confirmed` bookings only
   * (sendPreTrekReminders), and reminderStillDue withdraws any whose booking is not confirmed.
   * Done: a ₹6,000 departure two days out, a booking with ₹2,500 taken in cash at the desk
   * (`pending`, ₹3,500 due), the reminders run for the day two days before. Happened: nothing
   * queued for it (0). Expected: its reminder queued like a paid booking's (1), the one trekker
   * who most needs telling that the trek is near and a balance is due.
   */
  it('queues its reminder as for a paid booking', async () => {
    const desk = await createUser(payload, 'cs')
    const { batch } = await createTrekBatch(payload, { price: 6000, startsInDays: 2 })
    const world = await createPendingBooking(payload, { amount: 6000, batch })
    const deposit = await api('POST', `/bookings/${world.booking.id}/offline-payment`, {
      token: desk.token,
      body: { amount: 2500, method: 'cash', reference: `R27-DEP-${world.booking.id}` },
    })
    expect(deposit.status).toBe(201)
    const runDay = new Date(new Date(batch.startDate).getTime() - 2 * 86_400_000)
    const run = await sendPreTrekReminders(await createLocalReq({}, payload), runDay)
    expect(run.queued).toBe(1)
  })
})

describe('a trekker on the mountain with a deposit paid', () => {
  /**
   * FINDING (low; a trekker booked by a deposit may not write the journal of the trek they are
   * on: round 26's note (9) again, by the deposit's door). README: "a journal entry needs a batch
   * the author is booked on (a booking cancelled once the trek had begun counts …)"; since round 26
   * a deposit keeps the seat for good and makes its holder one of the party (findTrekkerBatch,
   * the guide roster), but linkJournalToTrip counts only `confirmed` and `completed` bookings
   * (and ones cancelled on the way), so a `pending` booking with money paid is not "booked on".
   * Done: a departure two days under way, a trekker's booking of it with ₹2,500 of ₹6,000 paid
   * at the desk (`pending`), then the trekker's `POST /api/posts` of a journal naming the batch.
   * Happened: 403 "You can post journals only for batches you are booked on". Expected: 201, as
   * for a trekker who paid in full.
   */
  it('lets them post its journal', async () => {
    const desk = await createUser(payload, 'cs')
    const { batch } = await createTrekBatch(payload, { price: 6000, startsInDays: 30 })
    const world = await createPendingBooking(payload, { amount: 6000, batch })
    const deposit = await api('POST', `/bookings/${world.booking.id}/offline-payment`, {
      token: desk.token,
      body: { amount: 2500, method: 'cash', reference: `R27-JDEP-${world.booking.id}` },
    })
    expect(deposit.status).toBe(201)
    await underWay(payload, batch.id)
    const journal = await api('POST', '/posts', {
      token: world.user.token,
      body: { kind: 'journal', batch: batch.id, body: paragraph('Day three, above the tree line') },
    })
    expect(journal.status).toBe(201)
  })
})

describe('an empty tribe handle', () => {
  /**
   * FINDING (low–medium; once any member's handle is the empty string, nobody else can clear
   * theirs, and a sign-up or profile save that sends an empty handle is refused as "Value must be
   * unique"; anyone can bring that about with one PATCH). `tribeHandle` is unique, and its
   * validator accepts `""` as "no handle" (`value == null || value === ''`), but `""` is stored as
   * is and counts in the unique index, while `null` does not. Apps and forms commonly send an
   * emptied optional text field as `""`. Done: trekker A `PATCH /api/users/:id {tribeHandle: ""}`
   * (200, stored `""`), then trekker B the same, and a sign-up carrying `tribeHandle: ""`.
   * Happened: B's PATCH 400 ValidationError "Value must be unique" (path tribeHandle), and the
   * sign-up too. Expected: 200 and 201: an empty handle stored as no handle (null), as the
   * validator means. The same holds for `phone` (unique, its validator accepting `""`): a super
   * admin clearing a trekker's phone with `""` succeeds once (stored `""`), and clearing a second
   * trekker's the same way is 400 "Value must be unique" (run); likewise `email` on phone-only
   * accounts: a super admin's `{email: ""}` on one stores `""` as its e-mail, on a second is 400
   * (run; the account's own `{email: ""}` is stored as null).
   */
  it('is no handle, for as many members as like', async () => {
    const first = await createUser(payload, null)
    const second = await createUser(payload, null)
    const cleared = await api('PATCH', `/users/${first.id}`, {
      token: first.token,
      body: { tribeHandle: '' },
    })
    expect(cleared.status).toBe(200)
    const again = await api('PATCH', `/users/${second.id}`, {
      token: second.token,
      body: { tribeHandle: '' },
    })
    const signUp = await api('POST', '/users', {
      body: {
        email: `${unique('r27-handle')}@obs.test`.toLowerCase(),
        password: 'Abcdef-12345',
        firstName: 'Asha',
        lastName: 'Rawat',
        tribeHandle: '',
      },
    })
    expect({ again: again.status, signUp: signUp.status }).toEqual({ again: 200, signUp: 201 })
  })
})

describe('an emptied e-mail on accounts that sign in by phone', () => {
  it('is no address, for as many accounts as like', async () => {
    const admin = await createUser(payload, 'super_admin')
    const phoneOnly = await Promise.all(
      [1, 2].map((n) =>
        payload.create({
          collection: 'users',
          data: {
            username: `r27phone${n}${Date.now()}`,
            password: 'Abcdef-12345',
            phone: uniquePhone(),
            firstName: 'Asha',
            _verified: true,
          } as never,
          overrideAccess: true,
          disableVerificationEmail: true,
        }),
      ),
    )
    const answers = []
    for (const account of phoneOnly) {
      const cleared = await api('PATCH', `/users/${account.id}`, {
        token: admin.token,
        body: { email: '' },
      })
      answers.push(cleared.status)
    }
    expect(answers).toEqual([200, 200])
  })
})
