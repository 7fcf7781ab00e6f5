/**
 * Thirtieth review round (a fresh reviewer, an hour), aimed at what changed just before it (the
 * guards round 29's fixes added: a trek with bookings kept on sale, a booked departure's trek and
 * start kept, catalog pictures only on treks and badges, the open order's grace, pictures in a
 * post's text, an emptied slug kept) and at the rules around them: what an edit may do to a
 * departure with trekkers on it, and whether each guard holds under another spelling, another
 * moment or another state. Each finding was an `it.failing` that asserted the right behaviour (each
 * was also run as a plain `it` and failed on the asserted line); all are fixed and are plain tests
 * now, asserting the fixed answers: finding 2's edit refused (a booked departure keeps its dates;
 * a postponement is a call-off and a new batch), finding 5's slug kept, finding 7's verify 503
 * and the webhook applying the payment. Run in-process through
 * tests/helpers/api.ts, the Razorpay fake (tests/payments/world.ts) and tests/emergency/trip.ts;
 * finding 1's race is held in place with a second connection holding a row
 * (tests/helpers/lockWaits.ts), and also happens without one.
 *
 * Tried and held (run): ops moving a departure nobody booked to another trek while a trekker's
 * booking of it queues behind the edit: the move 200, the booking 400 "This trek is not open for
 * booking" (no 500, no seat on the moved batch). An SOS from a trekker of a departure called off
 * on the way, its guide left on it: alerts to the guide's phone, satellite phone and e-mail as
 * well as the contacts (five deliveries; finding 4's control). An SOS from a trekker of a
 * departure under way that names no batch: routed to it while it is `ongoing` (finding 3's
 * control, read in findTrekkerBatch). Round 29's open-order grace for an order whose only attempt
 * went through (its own test, on main), and a verify within that grace with Razorpay answering: `applied`, `confirmed`, the webhook after it `ignored` (finding 7's control). A member's own picture in a post's text with its node `value` as a numeric string or `{"id": "<id>"}`: 400 (Payload's node validation); as `{"id": <id>}`: 201, and the picture public (round 29 finding 5's query matches it). Ops moving a batch's start to years past JavaScript's range ('+275760-09-13…', '-271821-04-20…', '+010000-01-01…'), REST and GraphQL `updateBatch`: 400 "startDate must be a date" before the new start rules read it (no 500). A second trek whose slug is sent as `"---"`: 400 "Value
 * must be unique", never 500. Finance reading a member's private profile photo through `GET
 * /api/media?where[uploadedBy][equals]=…`: 200 with the photo, as README ("staff other than
 * guides") and tests/media/visibility.test.ts intend. Read in the code and found sound: capture,
 * failure and verify apply a payment once under the payment lock and judge lateness by Razorpay's
 * `created_at`; the refund ledger, hand refunds and the payments export (keyset pages, bounds
 * checked before the 200); erasure blanks or seals what it says and drops only unsent account
 * mails (completed jobs are deleted by Payload, their inputs sealed); media visibility is
 * recomputed under the media rows' locks and makes public only the author's own uploads; every
 * upload field (treks, badges, guides, profiles, posts) checks whose upload it takes;
 * preventLostUpdates locks by id before Payload reads and re-checks bulk rows; the points ledger
 * refuses a balance below zero under the account lock; signed documents cannot be withdrawn by
 * any value but `true`; the batch lifecycle re-reads each batch under its lock; the GraphQL list
 * budget and the anonymous 401 touch only what their commits say; OTP requests, e-mail changes,
 * posts and uploads are counted per account or client in the shared store; the custom server's
 * cache files only anonymous GETs of catalog paths and keys them by origin and raw target.
 *
 * Not written up, for the lead to weigh: (1) The first run of this file (finding 1's race, a
 * minute into the round) was started while /tmp/ci-running existed: the brief says to wait, and
 * the check in that command only listed the file instead of waiting; every later run waited for it
 * to be gone (about 28 minutes, the full suite and then the e2e run). (2) Ops may shorten a booked
 * departure to an hour (`PATCH /api/batches/:id {"endDate": <start + 1 h>}` on a six-day trek
 * with a pending booking: 200, run): the trekkers paid for the trek's days, and like finding 2 it
 * is a change of what they bought with no word to them; an ops edit, so a note. (3) A guide card's account may still be unlinked (`PATCH /api/guides/:id {"user": null}` by ops) while the card leads a departure under way: 200, and the trekkers' SOS then reaches the satellite phone only, not the guide's phone or e-mail (run); round 25's note (3), still open, finding 4's consequence for any departure. (4) Finding 1's read also lets a desk booking land on a trek ops archive at
 * that moment (KNOWN covers an archived trek's booked trekkers; the booking after the archive is
 * this race, not run). (5) Checkout's recording transaction locks the booking row only; an
 * expiry run waiting on that row judges "no open order" from its statement's snapshot, so an order
 * recorded in the hold's last second can still be expired at once (read; the payment would come
 * after the hold and be refunded as late anyway, so no money is at stake). (6) Finding 3's
 * end moved into the past on a departure called off on the way (no live bookings, so no rule at
 * all) takes an SOS that names no batch off the guide the same way (read). (7) Round 29 finding 8 keeps a booked departure on its trek because "its trekkers booked and paid for that trek, not another region, altitude or price", but content may rewrite the trek itself under them: a booked six-day Kedarkantha (3,810 m, moderate) edited by content to "Stok Kangri", 6,100 m, `very_difficult`, 14 days, in another region: 200 (run). Round 29 counted a content edit of a booked trek's altitude as held (typo fixes on live pages), so this is for the lead: the same harm as finding 8 by another door, by a role that may not take the trek off sale.
 *
 * The lead's answer to those notes: (2) a booked departure's end no longer moves to another day
 * before it is under way (finding 2's fix covers the end too); (3) a guide card's account cannot
 * be unlinked while the card leads a departure still led (400 on `user`); (5) the hold expiry
 * locks the booking by a statement of its own and judges it by the next, so an order recorded
 * while it waited is seen; (6) a departure called off on the way keeps its end as well as its
 * guide until its last day (tests/catalog/batchValidation.test.ts has each). (7) is left as it
 * is, and written in the note: content corrects a live trek's facts (typos in altitude or
 * name on a public page), and no booking keeps a copy of the trek it was made for.
 */
import { describe, expect, it } from '@jest/globals'
import { sql } from '@payloadcms/db-postgres'
import { createLocalReq, type Payload } from 'payload'

import { expireHolds } from '@/bookings'

import { advanceBatchLifecycle } from '@/jobs'

import { api } from '../helpers/api'
import { raceBehindHeldRow } from '../helpers/lockWaits'
import { makeImage } from '../catalog/images'
import { alertedFor, calledOffOnTheWay, createTrip, underWay } from '../emergency/trip'
import { unique } from '../helpers/fixtures'
import { activeBookingsOn, book, payInFull, readyTrekker } from '../bookings/support'
import { webhookEvent, type FakeRazorpay } from '../fakes/razorpay'
import {
  bookingOf,
  capturedEvent,
  checkout,
  createPendingBooking,
  createTrekBatch,
  deliver,
  rawSql,
  type RoleUsers,
  usePaymentsWorld,
} from '../payments/world'

const MINUTE = 60 * 1000
const DAY = 24 * 60 * MINUTE

let payload: Payload
let roles: RoleUsers
let fake: FakeRazorpay

usePaymentsWorld((world) => {
  payload = world.payload
  roles = world.roles
  fake = world.fake
})

/** An active trek with one open departure and a catalog hero picture. */
async function trekWithHero() {
  const { trek, batch } = await createTrekBatch(payload, { startsInDays: 30 })
  const hero = await makeImage(payload)
  await payload.update({
    collection: 'treks',
    id: trek.id,
    data: { heroImage: hero.id },
    overrideAccess: true,
  })
  return { trek, batch, heroId: hero.id as number }
}

describe('a trek content returns to draft while a trekker books it', () => {
  // FINDING 1: content's draft and a booking at the same moment leave a draft trek with a live booking, medium
  /**
   * FINDING 1 (medium; round 29 finding 10's guard is lost to an easy race, with the harm that
   * finding named: the trekker's trek unreadable to them, its departures off sale under a paying
   * trekker). guardTrekStatus refuses content's return of a trek to draft when a booking is live,
   * counting them inside the trek edit's transaction, and the edit first locks the trek's batches
   * (noLostTrekUpdates). A booking takes the same batch lock (lockBatch), but reads the trek's
   * status in that very statement (`SELECT … FROM batches b LEFT JOIN treks t … FOR NO KEY UPDATE
   * OF b`): when it has to wait for the trek edit, PostgreSQL (read committed) hands it the batch
   * row once the edit commits but keeps the trek row of the statement's own snapshot, from before
   * the edit, so the booking reads `active` and takes the seat on a trek that is now a draft. The
   * plain read before it (refuseIfVisiblyUnbookable) saw the edit uncommitted. The window is the
   * edit's transaction: held here by holding the trek's (catalog) hero picture, whose visibility
   * refresh is the edit's last step, so nothing of the product is changed. Done: an active trek
   * with an open departure and a hero picture; content sends `PATCH /api/treks/:id {"status":
   * "draft"}` and, while that edit is under way, a trekker `POST /api/bookings` on the departure.
   * Happened: the edit 200, the booking 201 (pending, a seat held), the trek `draft` (run). Nothing
   * needs holding in practice: twelve pairs of the two requests sent at once, no row held, ended
   * twelve times so (the booking queues on the batch lock the edit takes first, its trek row
   * already read). After such a pair the trekker's checkout still answers 201 (they pay for a trek off sale), their booking reads the trek as a bare id, and content cannot put the trek back (`"active"`: 403) (run). The same read lets a booking land on a trek ops archive at that moment. Expected: one of the two
   * refused: the draft 403 (a booking is live) or the booking 400 "This trek is not open for
   * booking"; never a draft trek with a live booking. (Reading the trek's status under a lock of
   * its own, `FOR KEY SHARE OF t` or a re-read after the batch lock, would close it.)
   */
  it('never leaves a draft trek holding a live booking', async () => {
    const { trek, batch, heroId } = await trekWithHero()
    const trekker = await readyTrekker(payload)
    const [draft, booked] = await raceBehindHeldRow({
      table: 'media',
      id: heroId,
      queued: () =>
        api('PATCH', `/treks/${trek.id}`, {
          token: roles.content.token,
          body: { status: 'draft' },
        }),
      racing: () => book(trekker.token, batch.id),
    })
    const after = await payload.findByID({
      collection: 'treks',
      id: trek.id,
      depth: 0,
      overrideAccess: true,
    })
    const live = await activeBookingsOn(payload, batch.id)
    const outcome = { draft: draft.status, booked: booked.status, trek: after.status, live }
    expect([
      { draft: 403, booked: 201, trek: 'active', live: 1 },
      { draft: 200, booked: 400, trek: 'draft', live: 0 },
    ]).toContainEqual(outcome)
  })
})

describe('a departure with paid bookings whose start ops moves later', () => {
  // FINDING 2: a start moved later costs a trekker who cannot make the new date their refund, low-medium
  /**
   * FINDING 2 (low-medium; money, and round 29 finding 9's own reason, half applied). README,
   * Batches: ops may not move a booked start to an earlier day "since refunds are reckoned from
   * the start and a trekker who cannot make the new date would lose what a call-off refunds in
   * full"; "A later start is fine" (cancelOnlyByEndpoint: "Later is allowed: it only moves them
   * into a better band"). But a later date is a new date too, and the better band is still a
   * share: a trekker who booked a departure four days out and paid in full, and who cannot make
   * the date ops moves it to, cancels and gets the policy's 25% (12 days out) instead of the
   * call-off's 100% (moved two days, to six days out, nothing at all: still under 7). Nothing
   * tells them of the move either (only a call-off mails). The same edit moves the end, so "a
   * week later" can as well be "a month later" (still allowed). Done: a batch four days out, a
   * trekker books and cs records the full ₹12,500 (`confirmed`); ops sends `PATCH
   * /api/batches/:id` with a start 12 days out (and the end five days after it); the trekker
   * cancels with "Cannot make the new date". Happened: the edit 200, the cancellation 200 with
   * `refundDue` 3,125 (run). Expected, by the README's own reasoning: a booked departure's date is
   * moved by a call-off (full refund) and a new batch, or a trekker cancelling a moved departure
   * gets back what a call-off would refund (₹12,500 here).
   */
  it('does not cost a trekker who cannot make the new date their refund', async () => {
    const departure = await createTrekBatch(payload, { startsInDays: 4 })
    const trekker = await readyTrekker(payload)
    const booked = await book(trekker.token, departure.batch.id)
    expect((await payInFull(payload, roles.cs.token, booked.body.doc.id)).status).toBe(201)

    const start = new Date(Date.now() + 12 * DAY)
    const edit = await api('PATCH', `/batches/${departure.batch.id}`, {
      token: roles.ops_manager.token,
      body: {
        startDate: start.toISOString(),
        endDate: new Date(start.getTime() + 5 * DAY).toISOString(),
      },
    })
    const cancelled = await api('POST', `/bookings/${booked.body.doc.id}/cancel`, {
      token: trekker.token,
      body: { reason: 'Cannot make the new date' },
    })
    // Fixed: the dates stay as booked (a postponement is a call-off and a new batch), so the
    // trekker cancels a departure four days out, as they booked it.
    expect(edit.status).toBe(400)
    expect(edit.body.errors[0].data.errors[0].path).toBe('startDate')
    expect(cancelled.status).toBe(200)
  })
})

describe('a departure under way whose end ops moves to a day already past', () => {
  // FINDING 3: an edit of the end completes a departure under way and takes its SOS off its guide, low-medium
  /**
   * FINDING 3 (low-medium; safety and the edit rules round 19 to 21 set). cancelOnlyByEndpoint
   * refuses, for a batch with live bookings, a person's edit to `completed` ("the schedule
   * completes it, and its bookings, the day after it ends"), an edit taking the guide off a
   * departure not ended ("or an SOS from it would reach no guide") and a start moved to a day
   * already past. The end has no rule: ops may move the end of a departure under way (start two
   * days ago, three days to go, trekkers on the mountain) to yesterday, which is after the start
   * so `endsAfterStart` takes it. The next hourly lifecycle run then completes the batch and its
   * confirmed bookings as a trek that is over, and an SOS from one of its trekkers that names no
   * batch (findTrekkerBatch: a completed departure is no longer under way) is stored with `batch`
   * null, so its guide is not alerted (only contacts and on-call). A one-digit slip in the end
   * date does it. Done: a trip under way (createTrip: a guide with a phone and a satellite phone,
   * a confirmed booking), ops sends `PATCH /api/batches/:id {"endDate": <yesterday>}`, the
   * lifecycle runs for that batch, and the trekker sends `POST /api/incidents {clientId,
   * message}`. Happened: the edit 200, the lifecycle `completed: [batch]`, the booking
   * `completed`, the SOS 201 with `batch: null` (run). Expected: a booked departure's end cannot
   * be moved to a day already past by an edit (400 naming `endDate`, as for the start), so the
   * trekkers' SOS keeps reaching the guide until the trek's real last day.
   */
  it('cannot be ended early by an edit of its end date', async () => {
    const trip = await createTrip(payload)
    await underWay(payload, trip.batch.id)
    const edit = await api('PATCH', `/batches/${trip.batch.id}`, {
      token: roles.ops_manager.token,
      body: { endDate: new Date(Date.now() - DAY).toISOString() },
    })
    await advanceBatchLifecycle(await createLocalReq({}, payload), { batchIds: [trip.batch.id] })
    const sos = await api('POST', '/incidents', {
      token: trip.trekker.token,
      body: { clientId: unique('sos'), message: 'Fell on the descent' },
    })
    expect({ edit: edit.status, sosBatch: sos.body.doc?.batch }).toEqual({
      edit: 400,
      sosBatch: trip.batch.id,
    })
  })
})

describe('a departure called off on the way, its trekkers still coming down', () => {
  // FINDING 4: ops may take the guide off a departure called off on the way, so its SOS reach no guide, low-medium
  /**
   * FINDING 4 (low-medium; safety: the case rounds 21, 24 and 25 closed everywhere else). A
   * departure called off once under way is still under way for its trekkers until its last day
   * (findTrekkerBatch, round 21), and the guide role and the card keep that guide for them
   * (batchesStillLed, round 25). But the batch's own `guide` may be emptied: cancelOnlyByEndpoint
   * keeps a guide only on a batch with live bookings that is not `completed` or `cancelled`, and
   * a call-off has just cancelled every booking and the batch. Done: a trip two days under way,
   * called off by ops (calledOffOnTheWay: the guide has a phone and a satellite phone); ops sends
   * `PATCH /api/batches/:id {"guide": null}`; a trekker coming down sends an SOS naming the
   * batch. Happened: the edit 200; the SOS 201 on that batch, its alerts only the trekker's two
   * emergency contacts: no SMS to the guide's phone or satellite phone, no mail (run). Expected:
   * the guide kept on such a departure until its last day (400 naming `guide`, as for one with
   * live bookings), or the SOS reaching them. (Round 25's note (3) listed emptying a running
   * batch's guide among explicit staff edits; the rule for live bookings came with round 21's
   * note, and this is the one case of "still led" that rule leaves out. Unlinking the card's
   * account, `PATCH /api/guides/:id {"user": null}`, is still open for any departure: that note.)
   */
  it('keeps its guide for their SOS', async () => {
    const trip = await calledOffOnTheWay(payload, roles.ops_manager.token)
    const edit = await api('PATCH', `/batches/${trip.batch.id}`, {
      token: roles.ops_manager.token,
      body: { guide: null },
    })
    const sos = await api('POST', '/incidents', {
      token: trip.trekker.token,
      body: { clientId: unique('sos'), message: 'Slipped coming down', batch: trip.batch.id },
    })
    const alerted = await alertedFor(payload, sos.body.doc.id)
    expect({ edit: edit.status, guideAlerted: alerted.includes(trip.satellitePhone) }).toEqual({
      edit: 400,
      guideAlerted: true,
    })
  })
})

describe('a live trek’s slug sent as punctuation', () => {
  // FINDING 5: a slug of punctuation is stored empty, taking a live trek's page off its route (5c99a33 by another spelling), low
  /**
   * FINDING 5 (low; 5c99a33 "an emptied slug keeps the slug it had", undone by another spelling).
   * slugField's beforeValidate keeps the old slug only for `null`, `""` or blanks; any other text
   * is slugified, and text with no letter or digit (`"---"`, `"!!!"`, `" - "`, a lone combining
   * accent) slugifies to `""`. The validator then lets `""` through whenever the name slugifies to
   * something ("The admin form validates before hooks run: an empty slug is filled on save"), but
   * nothing fills it any more: the empty slug is stored. Done: content sends `PATCH
   * /api/treks/:id {"slug": "---"}` on a live trek. Happened: 200, `slug` `""`, and `GET
   * /api/treks/slug/<the old slug>` 404 (run; `"!!!"`, `"  -  "` and `"\u0301"` the same). The
   * page leaves its route as round 28's note described, and a second trek sent `"---"` is then 400 "Value must
   * be unique" (`""` counts in the unique index; run). A region's `"!!!"` is stored `""` too (run);
   * badges share the field.
   * Expected: the slug it had is kept (or the edit refused with 400), as for `""`.
   */
  it('keeps the slug it had', async () => {
    const { trek } = await createTrekBatch(payload, { startsInDays: 30 })
    const edit = await api('PATCH', `/treks/${trek.id}`, {
      token: roles.content.token,
      body: { slug: '---' },
    })
    const page = await api('GET', `/treks/slug/${trek.slug}`)
    expect({ edit: edit.status, slug: edit.body.doc?.slug, page: page.status }).toEqual({
      edit: 200,
      slug: trek.slug,
      page: 200,
    })
  })
})

describe('a payment retried after a failed attempt in the hold’s last minutes', () => {
  // FINDING 6: the open order's grace ignores an order whose first attempt failed, so a retry paid in time is refunded, low-medium
  /**
   * FINDING 6 (low-medium; round 29 finding 6 again, for the commonest way to pay late: a UPI or
   * card attempt declined, then retried). 4d17e9b gives a hold with an open Razorpay order 15
   * minutes' grace before expireHolds cancels it, so that a payment made within the hold and
   * reported late is applied. "Open" is read as a payment row `pending` with an order id; but
   * Razorpay reports a declined attempt (`payment.failed`) on the same order, which marks our row
   * `failed` (applyFailedPayment), while the order stays open and payable: checkout even hands it
   * out again (openPaymentFor takes `pending` or `failed`). So a trekker whose first attempt was
   * declined and whose retry went through a minute before the hold ended gets no grace: the next
   * expiry run cancels the booking and the retry's late report is refunded, the seat freed.
   * Done: a ₹12,500 booking with a checkout order; a signed `payment.failed` for a first attempt
   * on it; a second attempt captured at Razorpay (the fake) three minutes ago; the hold moved to a
   * minute ago; `expireHolds` runs, then the signed `payment.captured` arrives. Happened: the
   * expiry cancelled the booking and the capture answered `refunded_automatically`, the booking
   * `cancelled` with nothing paid (run). Expected: `applied` and `confirmed`, as for an order
   * whose first attempt went through (round 29's test of the grace).
   */
  it('is applied when its report comes after the expiry run', async () => {
    const world = await createPendingBooking(payload)
    const order = await checkout(world.user, world.booking.id)
    expect(order.status).toBe(201)
    const declined = fake.fail(order.body.orderId, 'UPI request declined')
    expect((await deliver(webhookEvent('payment.failed', { payment: declined }))).status).toBe(200)
    const now = Date.now()
    const retry = fake.capture(order.body.orderId, {
      created_at: Math.floor((now - 3 * MINUTE) / 1000),
    } as never)
    await rawSql(
      payload,
      sql`update bookings set hold_expires_at = ${new Date(now - MINUTE).toISOString()} where id = ${world.booking.id}`,
    )
    await expireHolds(payload)
    const reported = await deliver(capturedEvent(retry))
    const booking = await bookingOf(payload, world.booking.id)
    expect({
      outcome: reported.body.outcome,
      status: booking.status,
      amountPaid: booking.amountPaid,
    }).toEqual({ outcome: 'applied', status: 'confirmed', amountPaid: 12500 })
  })
})

describe('a payment verified in the open order’s grace while Razorpay does not answer', () => {
  // FINDING 7: verify dates the payment "now" when Razorpay cannot be asked, refunding one made in time, low-medium
  /**
   * FINDING 7 (low-medium; a trekker who paid in time loses the payment and the seat to a
   * Razorpay hiccup). `POST /api/payments/verify` asks Razorpay for the payment (fetchPayment)
   * "for its method, amount and time"; when that call fails it goes on ("the signature already
   * proves the payment") with `paidAt` undefined, and applyCapturedPayment then takes `paidAt =
   * now`. Lateness is judged by `paidAt` (holdLapsed), so a payment made before the hold ended and
   * verified after it (in the open order's 15-minute grace, which exists for exactly this: "a UPI
   * approval or a webhook may report minutes later") is judged late and refunded whenever
   * Razorpay's fetch fails at that moment, and the webhook that follows, with the true
   * `created_at`, finds the payment recorded and is `ignored`. The booking stays `pending` with
   * nothing paid and the next expiry run cancels it. Done: twice, a ₹12,500 booking with a
   * checkout order, paid at Razorpay (the fake) three minutes ago, its hold moved to a minute ago;
   * the trekker's verify with a valid signature, then the signed `payment.captured`. With Razorpay
   * answering: verify `applied`, the booking `confirmed`. With its next call answering 503 (the
   * fetch): verify 200 `refunded_automatically`, the webhook `ignored`, the booking `pending` with
   * ₹0 paid (run). Expected: the same payment judged the same whether or not the fetch answered
   * (when Razorpay cannot say when it was paid, apply it within the grace, or leave it to the
   * webhook rather than refunding it).
   */
  it('is left to the webhook, which applies it, rather than refunded as late', async () => {
    const world = await createPendingBooking(payload)
    const order = await checkout(world.user, world.booking.id)
    expect(order.status).toBe(201)
    const now = Date.now()
    const paid = fake.capture(order.body.orderId, {
      created_at: Math.floor((now - 3 * MINUTE) / 1000),
    } as never)
    await rawSql(
      payload,
      sql`update bookings set hold_expires_at = ${new Date(now - MINUTE).toISOString()} where id = ${world.booking.id}`,
    )
    fake.failNext = { count: 1, status: 503 }
    const verified = await api('POST', '/payments/verify', {
      token: world.user.token,
      body: {
        razorpayOrderId: order.body.orderId,
        razorpayPaymentId: paid.id,
        razorpaySignature: fake.checkoutSignature(order.body.orderId, paid.id),
      },
    })
    // Fixed: verify cannot tell when it was paid, so it says so (503) and records nothing; the
    // webhook, which carries Razorpay's time, applies it.
    expect(verified.status).toBe(503)
    expect(verified.body.errors[0].message).toMatch(/^Razorpay could not confirm this payment/)
    const reported = await deliver(capturedEvent(paid))
    const booking = await bookingOf(payload, world.booking.id)
    expect({
      outcome: reported.body.outcome,
      status: booking.status,
      amountPaid: booking.amountPaid,
    }).toEqual({ outcome: 'applied', status: 'confirmed', amountPaid: 12500 })
  })
})
