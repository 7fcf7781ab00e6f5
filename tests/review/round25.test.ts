import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'
import sharp from 'sharp'

import { kolkataDay, startOfKolkataDay } from '@/shared/time'

import type { FakeRazorpay } from '../fakes/razorpay'
import { api } from '../helpers/api'
import { createRoleUsers, createUser } from '../helpers/fixtures'
import { raceBehindHeldRow } from '../helpers/lockWaits'
import { calledOffOnTheWay, createTrip } from '../emergency/trip'
import {
  bookingOf,
  capturedEvent,
  checkout,
  createPendingBooking,
  createTrekBatch,
  deliver,
  paymentOf,
  runJobs,
  runRefundJobs,
  usePayloadAndRazorpayFake,
} from '../payments/world'
import { upload } from '../catalog/upload'
import { viaRoute } from '../hardening/route'

/**
 * Twenty-fifth review round (a fresh reviewer, an hour), aimed at what changed just before it: the
 * multipart guards, EXIF on cropped uploads, rich-text value depth, finance's re-issue of refused
 * refunds and `refundDue`, the guide role and card guards while a called-off departure is coming
 * down, checkout outside its transaction, job claims and erasure. Each finding is an `it.failing`
 * that asserted the right behaviour and failed on the asserted line while the bug was there; all
 * are fixed and are plain tests now. Run in-process through tests/hardening/route.ts (the Next
 * route handlers and their guards), tests/helpers/api.ts, tests/catalog/upload.ts and the Razorpay
 * fake.
 *
 * Tried and held (run): a member's JSON or GraphQL `createMedia` naming another member's private
 * file by `filename` and `url`, with `uploadEdits[crop]` in the query string (which would make
 * Payload re-read a stored file): 400 "Attach the file itself" (REST and GraphQL). Capitalised
 * `Application/JSON` bodies to login, forgot-password, reset-password, unlock, verify, refresh,
 * logout, first-register, erase, OTP, Google, SOS, bookings, posts, emergency contacts, the webhook
 * and profile PATCHes, anonymous and signed in: no 500 (only sign-up, below). A JSON body typed
 * `application/json; x=multipart/` on a path that takes no uploads (`/api/posts`) is held to the 1
 * MB limit (413). A card link then the demotion of its account, and the reverse, one after the
 * other: 400 each. GraphQL reads `Application/JSON` as JSON (200) and answers other types 415. On
 * local storage the client-upload path below copies no stored file (Media's handler answers nothing
 * for a file on disk, hence the 500, and 404 for one that is not). A multipart `_payload` of 9.9 MB
 * to `/api/media`: 413 (the multipart field limit). Thirty simultaneous emergency-contact creates
 * by one trekker: 10 stored, 20 refused (the cap held); a contact's `user` set to another trekker
 * (REST create, PATCH, bulk PATCH, GraphQL create and update) stays the caller's. Sign-up, login
 * and forgot-password with `email`, `password`, names, `phone` or `username` as objects, lists,
 * numbers, booleans, null, 5,000 characters or a NUL: no 500. Read in the code and found sound:
 * batchesStillLed and findTrekkerBatch agree on a called-off departure's days (start of its first
 * Kolkata day to the end of its last), and the lifecycle completes a batch only the day after its
 * end day; the cropped-upload EXIF strip now decides by the bytes, and an upload without a crop, a
 * crop of a stored file on update and every image size pass through sharp (no metadata); the rich-
 * text value-depth walk uses an explicit stack and runs in the beforeOperation guard before Payload
 * copies the data, and rich text is only on posts; the job claim is a compare-and-set in one
 * statement; erasure takes the trekker's bookings then the account, re-checks the holder under the
 * lock and refuses staff accounts, open SOS and refunds owed by hand; checkout's shared in-process
 * order is keyed by booking and amount, reached only by the booking's owner, and its recording re-
 * checks status, hold and balance under the booking lock; a re-issue on a payment holding none of
 * the booking's money (a duplicate) is never the cancellation's.
 *
 * Not written up, for the lead to weigh: (1) With S3 configured, the storage plugin's handler
 * serves any stored object, so the client-upload path of the 500 finding below (a multipart text
 * field `file` = `{"filename": …}`, which Payload fetches through the collection's handlers while
 * reading the body, before access) would let a signed-in member copy another member's private
 * photo, if they know its stored name, into a new upload of their own; not run (no S3 here), and
 * stored names carry a random 40-bit suffix. (2) An SOS `clientId` is unique across all trekkers,
 * and one that another trekker used first is 409 with nothing stored or alerted (by design, see
 * tests/emergency/sos.test.ts): if an app made its ids guessable (a counter), another trekker could
 * take a victim's next ids first and their real SOS would be refused; per-trekker uniqueness would
 * remove that. (3) Ops may unlink a guide card's account (`PATCH /api/guides/:id {user: null}`) or
 * empty a running batch's `guide`, which leaves its SOS with only the satellite phone, though
 * deleting the card or demoting the account is refused for that very reason; these are explicit
 * staff edits, so noted only; likewise ops may put a card with no account on a batch, and a
 * demotion racing ops assigning the card to a batch is the same unlocked pair of checks as the
 * card-link race below (not run). (4) stripMetadataBeforeCrop looks only at `file.data`: with
 * `upload.useTempFiles` (not configured today; acceptImagesAndGpx already reads `tempFilePath`) or
 * a client upload (bytes in a temporary file), a crop at the picture's own size would keep its EXIF
 * again (read in the code, not run). (5) GraphQL literals nested 3,000 to 100,000 deep (object
 * values, lists, selection sets, `where`) answer 400 "Maximum call stack size exceeded", not 500
 * (round 23's note on the message shape).
 */
let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>

let fake: FakeRazorpay

usePayloadAndRazorpayFake((world) => {
  payload = world.payload
  fake = world.fake
})

beforeAll(async () => {
  roles = await createRoleUsers(payload)
})

describe('erasing a trekker still on the way down', () => {
  /**
   * FINDING (low; safety: ops lose the name, phone and emergency contacts of a trekker still on
   * the mountain). refuseWhileStillNeeded refuses an erasure "while a trek is booked and not
   * over" so that ops keep the trekker's details, but it looks only at `pending` and `confirmed`
   * bookings. A departure called off once under way cancels its bookings, while its trekkers are
   * still coming down with the guide until its last day (findTrekkerBatch, batchesStillLed, and
   * round 24's guide guards all count that time as under way). Done: a trip two days in, called
   * off by ops (200), then cs erased the trekker on request (`POST /api/users/:id/erase`).
   * Happened: 200, the account and its emergency contacts erased with the group still on the
   * way down. Expected: 409, as for a confirmed trek not yet over.
   */
  it('is refused until the departure’s last day', async () => {
    const trip = await calledOffOnTheWay(payload, roles.ops_manager.token)
    const erased = await api('POST', `/users/${trip.trekker.id}/erase`, {
      token: roles.cs.token,
      body: { reason: 'Asked by phone' },
    })
    expect(erased.status).toBe(409)
  })

  /**
   * Same guard, the last day of a trek (part of the finding above): it compares the batch's
   * `end_date` with the current instant, while the SOS routing counts a departure under way
   * until the end of its last day by the Kolkata calendar (findTrekkerBatch), and a batch made in
   * the admin ends at 12:00 UTC (17:30 IST). Done: a confirmed booking on an `ongoing` batch whose
   * endDate is 00:01 IST today; cs erased the trekker. Happened: 200. Expected: 409 until the end
   * of the last day.
   */
  it('is refused on a trek’s last day, as for the SOS routing', async () => {
    const trip = await createTrip(payload)
    const today = startOfKolkataDay(kolkataDay(new Date()))
    const endDate = new Date(Math.min(today.getTime() + 60_000, Date.now() - 1_000))
    await payload.update({
      collection: 'batches',
      id: trip.batch.id,
      data: {
        startDate: new Date(Date.now() - 3 * 86_400_000).toISOString(),
        endDate: endDate.toISOString(),
        status: 'ongoing',
      },
      overrideAccess: true,
    })
    const erased = await api('POST', `/users/${trip.trekker.id}/erase`, {
      token: roles.cs.token,
      body: { reason: 'Asked by phone' },
    })
    expect(erased.status).toBe(409)
  })
})

describe('linking a guide card while its new account loses the guide role', () => {
  /**
   * FINDING (low; safety: a departure's SOS reaches no guide account). guideCardNeedsGuideAccount
   * reads the account's role with no lock, and leaveGuideRole looks for the account's card with
   * no lock either, so a link and a demotion made at the same moment each pass the other's check.
   * Done: a card leading an upcoming departure, linked to guide A; ops re-link it to guide B
   * while a super admin takes the role `guide` from B (B had no card yet). The race is held in
   * place: a second connection holds the card's row, so the link has passed its check and waits
   * to write while the demotion runs. Happened: both 200; the card is linked to B, who is no
   * guide, so alertRecipients (which alerts only a guide's account) sends that departure's SOS to
   * no guide account, only the satellite phone: the state round 23/24's guards refuse
   * (leaveGuideRole answers 400 to the same demotion once the link has committed). Expected: one
   * of the two refused, never a card linked to a non-guide account.
   */
  it('never leaves the card linked to an account without the role', async () => {
    const trip = await createTrip(payload)
    const next = await createUser(payload, 'guide')
    const [linked, demoted] = await raceBehindHeldRow({
      table: 'guides',
      id: trip.guide.id,
      queued: () =>
        api('PATCH', `/guides/${trip.guide.id}`, {
          token: roles.ops_manager.token,
          body: { user: next.id },
        }),
      racing: () =>
        api('PATCH', `/users/${next.id}`, {
          token: roles.super_admin.token,
          body: { staffRole: 'ops_manager' },
        }),
    })
    const card = await payload.findByID({
      collection: 'guides',
      id: trip.guide.id,
      depth: 0,
      overrideAccess: true,
    })
    const account = await payload.findByID({
      collection: 'users',
      id: next.id,
      depth: 0,
      overrideAccess: true,
    })
    const statuses = [linked.status, demoted.status]
    expect({
      statuses,
      linkedToNonGuide: card.user === next.id && account.staffRole !== 'guide',
    }).toEqual({ statuses: expect.arrayContaining([400]), linkedToNonGuide: false })
  })
})

describe('a multipart upload whose `file` part is text naming a stored file', () => {
  /**
   * FINDING (medium; a 500 and an error line with a stack for anyone, signed in or not, at will).
   * When a multipart body has no file part but a text field `file`, Payload reads it as a
   * "client upload" (a JSON `{filename}` of a file already in storage) and fetches that file
   * through the collection's upload handlers, while it reads the body, before any access check.
   * The multipart guard (withReadableMultipart) probes the body without route parameters, so
   * its probe never reaches that fetch ("Invalid upload collection", a 400 it lets through),
   * and Media's only handler (answerMissingFileWithNotFound) answers nothing for a file that is
   * on disk, so Payload throws "Expected response from the upload handler." as a 500. Done: a
   * trekker's picture uploaded (201); then, with no credentials, `POST /api/media` through the
   * route handlers with form fields `file` = `{"filename":"<that name>"}` and `_payload` = `{}`,
   * and again with `../x.png`. Happened: 500 "Something went wrong." and an ERROR log line with
   * the stack, for each (a name not on disk answers 401). Expected: 4xx, as a client upload is
   * not something this server takes (no client uploads are configured).
   */
  it('is refused with a 4xx, never a 500', async () => {
    const owner = await createUser(payload, null)
    const png = await sharp({
      create: { width: 40, height: 30, channels: 3, background: '#a33' },
    })
      .png()
      .toBuffer()
    const stored = await upload(
      'media',
      { data: png, name: 'summit.png', type: 'image/png' },
      { token: owner.token },
    )
    expect(stored.status).toBe(201)
    const statuses: number[] = []
    for (const filename of [stored.body.doc.filename, '../x.png']) {
      const form = new FormData()
      form.append('file', JSON.stringify({ filename, mimeType: 'image/png', size: 100 }))
      form.append('_payload', '{}')
      statuses.push((await viaRoute('POST', '/api/media', { body: form })).status)
    }
    expect(statuses.filter((status) => status >= 500)).toEqual([])
  })
})

describe('a JSON body to an upload path whose type mentions multipart/', () => {
  /**
   * FINDING (high; anyone, with no sign-in, holds the server's only thread for seconds and its
   * memory by the gigabyte per request). Round 24 made the multipart guards match any
   * Content-Type *containing* `multipart/`, and withBodyLimit gives such a body on an upload
   * path (`/api/media`, `/api/media/:id`) the upload limit (10 MB + 256 KB) instead of the 1 MB
   * API limit. But the same withBodyLimit, and Payload, read a body as JSON by the media type
   * before the `;`, so `application/json; x=multipart/` is JSON with the upload limit: it is read
   * and parsed whole by withBodyLimit, again by the multipart guard's probe (isMultipart is true,
   * so it runs Payload's reader on a copy) and a third time by Payload, all before any access
   * check. Done: with no credentials, `POST /api/media` through the route handlers with a 9.9 MB
   * JSON object (`{"alt":"x","junk":[{},{},…]}`) typed `application/json; x=multipart/`.
   * Happened: 401 after 2 to 6 s (across runs) of synchronous parsing (the event loop, and
   * every SOS, booking and webhook with it, stalls) and in one run the process's resident memory
   * grew from 335 MB to about 1 GB; the same body typed `application/json` is 413 in 10 ms. A
   * few such requests at once stall or exhaust the server. Expected: 413, as for any JSON body over the API limit.
   */
  it('is held to the API limit (413)', async () => {
    const body = `{"alt":"x","junk":[${'{},'.repeat(3_300_000)}{}]}`
    const answer = await viaRoute('POST', '/api/media', {
      body,
      headers: {
        'Content-Type': 'application/json; x=multipart/',
        'Content-Length': String(body.length),
      },
    })
    expect(answer.status).toBe(413)
  })
})

const refundJobs = (refused: number) => runRefundJobs(payload, fake, refused)

describe('finance re-issuing a refused cancellation refund before a refused excess refund', () => {
  /**
   * FINDING (medium; money: a booking whose refunds were all paid still shows ₹1,250 owed, and
   * finance, following it, refunds ₹1,250 that nobody is owed). Round 24's mend decides which of a
   * payment's failed refunds a staff refund re-issues by order alone: while a failed automatic
   * refund on the payment has not been issued again, the next staff refund is that one
   * (reissuesCancellationRefund), whatever its amount. Razorpay's refusals come together (a
   * merchant balance too low refuses them all), so a payment can hold a refused excess refund and
   * a refused cancellation refund, and finance may issue them again in either order. Done with
   * the Razorpay fake: a ₹12,500 booking 60 days out; the desk took ₹5,000 cash while the
   * trekker's ₹12,500 order was open; the online payment landed, its ₹5,000 excess refund was
   * refused; the trekker cancelled (`refundDue` ₹11,250: ₹6,250 online, refused too, and ₹5,000
   * by hand); finance issued the refused ₹6,250 again (202, `source: staff`), then the refused
   * ₹5,000 (202, `source: cancellation`); Razorpay processed both, and finance recorded the desk
   * ₹5,000 paid. Happened: every refund paid (₹16,250: the policy's ₹11,250 and the ₹5,000
   * excess), yet the booking reads `refundDue` 1250 and `refundedAmount` 10000, and the online
   * payment still has ₹1,250 refundable, which the next staff refund would take as the
   * cancellation's. Expected: `refundDue` 0 and `refundedAmount` 11250 (a staff refund of exactly
   * a failed cancellation refund's amount, ₹6,250 here, is that refund; or the labels are settled
   * by what each re-issue returns, not by their order).
   */
  it('settles refundDue once every refused refund has been issued again', async () => {
    const { batch } = await createTrekBatch(payload, { price: 12500, startsInDays: 60 })
    const world = await createPendingBooking(payload, { amount: 12500, batch })
    const order = await checkout(world.user, world.booking.id)
    expect(order.status).toBe(201)
    const desk = await api('POST', `/bookings/${world.booking.id}/offline-payment`, {
      token: roles.finance.token,
      body: { amount: 5000, method: 'cash', reference: 'R25-CASH-1' },
    })
    expect(desk.status).toBe(201)
    // Work other files left queued runs first, so the refusals below meet this booking's calls.
    await runJobs(payload)
    const online = fake.capture(order.body.orderId)
    expect((await deliver(capturedEvent(online))).body.outcome).toBe('applied')
    await refundJobs(1)
    const cancelled = await api('POST', `/bookings/${world.booking.id}/cancel`, {
      token: world.user.token,
      body: {},
    })
    expect(cancelled.body.doc.refundDue).toBe(11250)
    await refundJobs(1)

    const onlineRow = (await paymentOf(payload, world.booking.id)).find(
      (payment) => payment.razorpayPaymentId,
    )!
    expect(
      onlineRow.refunds?.map((refund) => [refund.amount, refund.source, refund.status]),
    ).toEqual([
      [5000, 'automatic', 'failed'],
      [6250, 'cancellation', 'failed'],
    ])
    for (const [amount, reason] of [
      [6250, 'Cancellation refund refused at Razorpay, issued again'],
      [5000, 'Excess refund refused at Razorpay, issued again'],
    ] as const) {
      const reissued = await api('POST', `/payments/${onlineRow.id}/refund`, {
        token: roles.finance.token,
        body: { amount, reason },
      })
      expect(reissued.status).toBe(202)
      await refundJobs(0)
    }
    const deskRow = (await paymentOf(payload, world.booking.id)).find(
      (payment) => !payment.razorpayPaymentId,
    )!
    const owedByHand = deskRow.refunds!.find((refund) => refund.status === 'pending')!
    const paidOut = await api('POST', `/payments/${deskRow.id}/refunds/${owedByHand.id}/paid`, {
      token: roles.finance.token,
      body: { reference: 'NEFT R25-1' },
    })
    expect(paidOut.status).toBe(200)

    const booking = await bookingOf(payload, world.booking.id)
    expect({ refundDue: booking.refundDue, refundedAmount: booking.refundedAmount }).toEqual({
      refundDue: 0,
      refundedAmount: 11250,
    })
  })
})

describe('a sign-up whose media type is spelled in capitals', () => {
  /**
   * FINDING (medium; a 500 and an error line with a stack for anyone, with no sign-in, at will).
   * Media types are case-insensitive, and the sign-up guard (withAccountBody) and withBodyLimit
   * lower-case them, so `Application/JSON` and `Multipart/Form-Data` pass as a JSON body or the
   * admin's form. Payload reads a body as JSON only when the type is exactly `application/json`
   * and as multipart only when it contains `multipart/` in lower case, so it reads neither: the
   * create of an account meets no data and reads `data.email` (ensureUsernameOrEmail) before any
   * hook, the very 500 round 20's guard was made to stop. Done: with no credentials, `POST
   * /api/users` through the route handlers with a valid sign-up body typed `Application/JSON`,
   * `application/JSON`, `APPLICATION/JSON; charset=utf-8`, and as the admin's form typed
   * `Multipart/Form-Data; boundary=…`. Happened: 500 "Something went wrong." and an ERROR line
   * "Cannot read properties of undefined (reading 'email')" with its stack, for each. Expected:
   * 4xx (or the account made), never 500.
   */
  it('is read as the JSON or form it is: the account is made', async () => {
    const account = (n: number) => ({
      email: `r25-caps-${n}-${Date.now()}@obs.test`,
      password: 'Test-password-123',
      firstName: 'Asha',
      lastName: 'Rawat',
    })
    const statuses: number[] = []
    for (const [n, type] of ['Application/JSON', 'APPLICATION/JSON; charset=utf-8'].entries()) {
      const answer = await viaRoute('POST', '/api/users', {
        body: JSON.stringify(account(n)),
        headers: { 'Content-Type': type },
      })
      statuses.push(answer.status)
    }
    const form = new FormData()
    form.append('_payload', JSON.stringify(account(2)))
    const encoded = new Request('http://localhost/', { method: 'POST', body: form })
    const type = encoded.headers.get('content-type')!.replace('multipart/', 'Multipart/')
    const answer = await viaRoute('POST', '/api/users', {
      body: await encoded.arrayBuffer(),
      headers: { 'Content-Type': type },
    })
    statuses.push(answer.status)
    expect(statuses).toEqual([201, 201, 201])
  })
})
