/**
 * Fortieth review round (a fresh reviewer, one hour: START 14:25:53 UTC, END_TIME 15:25:53 UTC by
 * `date`), aimed at money and seats (bookings, payments, verify and webhook, refunds,
 * cancellations, call-offs, loyalty points and tiers) under forced interleavings and replays, and
 * every role of the contract on every collection through REST and GraphQL. Last run at 15:26 UTC,
 * after END_TIME: all eleven tests fail as asserted (each also run as a plain `it`).
 *
 * Findings:
 * (1) a super admin's delete of a badge award (the one write badge-awards allows) leaves the badge
 *     on the member and its points, and the next evaluation awards it again with its points a
 *     second time (50 + 50), low;
 * (2) a payment a super admin records by hand (POST /api/payments, status success) inserts its row
 *     before it takes the batch and booking locks: a cs cancellation or an ops call-off of that
 *     booking at the same moment deadlocks with it and is refused 409 (ERROR logged; 6 of 8
 *     unaided pairs), and so is Razorpay's report of the trekker's payment (webhook or verify:
 *     2 of 28 held pairs), low;
 * (3) a super admin's manual points adjustment naming a booking locks the account before its row
 *     share-locks the booking: a cancellation of that booking at the same moment deadlocks with
 *     it and is refused 409 (ERROR logged), as may Razorpay's report of the payment that confirms
 *     the booking (the adjustment was the one refused in 5 of 28 held pairs), low;
 * (4) a trekker's cancellation is refused while an order is open only when it is `pending`: after a
 *     declined attempt the order is `failed`, checkout hands it out again and Razorpay takes the
 *     retry, so pay and cancel at once (200) and the capture comes back in full, past the policy
 *     (₹10,000 three days out, policy ₹0; round 36 finding 7 by another door), low;
 * (5) a super admin may delete a `pending` or `failed` payment row (round 36's fix: it "took no
 *     money"), but it is an open Razorpay order the trekker can still pay: the capture is then
 *     `unmatched`, never recorded, applied or refunded, and the hold frees the seat; likewise a
 *     deleted `unmatched` Razorpay event loses a refund reported before its capture, low-medium;
 * (6) a trekker who paid a desk deposit and once opened checkout for the balance without paying
 *     can never cancel their own booking: the order stays `pending` for good and a deposit's seat
 *     never lapses, so the cancel is 409 ("... or let it lapse") hours after the hold's end, and
 *     their own erasure is 409 too ("Cancel it before erasing the account"), low;
 * (7) a super admin's payment by hand on a cancelled booking is taken (201), though README says it
 *     is applied "as a desk payment is" and the desk route refuses it: `refundDue` grows, but no
 *     refund is reserved and nothing is flagged for finance, low.
 *
 * Findings 2 and 3 are one kind: a staff write that takes the money locks out of the order every
 * other writer takes (batch, booking, payment, account); PostgreSQL breaks the cycle after its
 * deadlock timeout and collisionsAre409 answers the loser 409. README keeps that 409 as the net
 * for "two writers that still meet in opposite orders", but promises one lock order in money work
 * ("a batch, then its bookings, then their payments, then the trekker's account"); these two
 * writers break it on their own (the payment by hand in 6 of 8 unaided pairs), and the loser may
 * be a call-off or Razorpay's report, so they are written up, low. Findings 4 and 6 are round 36's
 * open-order rule seen from two sides: it counts for good an order nobody is going to pay (6) and
 * misses one being paid (4). Findings 5 and 7 are round 36's rules for a super admin's own
 * payment rows: what they let be deleted still tracks Razorpay's money (5), and what they let be
 * created skips the desk route's checks (7).
 *
 * Tried and held (run; the probes that ran them are in this file's commit 3cb2c25, taken out of
 * the final file as they assert nothing alone):
 * - Reads, every role on every collection: a crawl of 1,200 requests by ten callers (anonymous,
 *   the trip's trekker, another trekker, the trip's guide, another guide, content, finance, cs,
 *   ops, super admin): 17 collections at `depth` 0 to 3 over REST, every GraphQL list query with
 *   every field selected, nested one and two levels (built from introspection), the slug routes,
 *   the feed, `me` and by-id reads of the booking, both departures and the guide card, on data
 *   holding 15 planted values (the trekker's phone, birth date and e-mail, the booking's phone and
 *   contact copies, a contact's phone, the guide's phone, e-mail and satellite phone, a call-off
 *   reason, a payment's hand-refund flag, a hide reason, an SOS message, a points reason, and the
 *   phone of a trekker who cancelled their hold on the trip): no value reached a caller the
 *   contract does not give it, and every allowed caller saw its own (positive controls). The 14
 *   internal and money collections (deliveries, Razorpay events, jobs, badge awards, edit locks,
 *   preferences, migrations, points, payments, bookings, SOS, contacts, users, media) listed by
 *   seven callers over REST and GraphQL: as the contract and README give (migrations: KNOWN 501).
 * - Oracles: 29 sorts and filters through relations on hidden fields (finance on the booking's
 *   and account's phone, birth date and contact; a guide on money, a call-off reason and a
 *   satellite phone; a trekker on a guide's phone, e-mail and satellite phone and a payment's
 *   flag; content and anonymous on authors' phones, points and tiers; anonymous on guide cards):
 *   400 each. A trekker's 15 REST and 3 GraphQL filters and sorts on a payment's staff-only fields
 *   (flag, flag text, requested-by and its e-mail, event ids): 400; a `select` of them drops them.
 *   A guide's read of a booking on their departure: money absent over REST and GraphQL, and a
 *   `where` or `sort` on it 400.
 * - Interleavings (a request held at its k-th adapter call while another runs, then let go): 220
 *   trials over seven operations on one pending booking (a super admin's payment by hand, a desk
 *   payment, cs's and the trekker's cancellations, an ops call-off, a points adjustment naming the
 *   booking, checkout), every ordered pair at five points; and 154 trials of Razorpay's report of
 *   a captured payment (webhook, verify) against each of the others at seven points. After each,
 *   with the jobs run: no 5xx; each Razorpay payment recorded once; money taken less automatic
 *   refunds equal to `amountPaid`; balances right (price less paid while live, 0 once cancelled);
 *   no refund beyond its payment, nor `refundDue` plus `refundedAmount` beyond what was paid;
 *   seats booked equal to live bookings; `obsPoints` equal to the ledger, and the booking's own
 *   points 100 while confirmed and 0 otherwise. Besides the 400s the state called for (a payment,
 *   checkout or cancellation of a booking already cancelled), the only refusals were findings 2
 *   and 3's 409s and the open-order 409. An ops batch create held at its trek card write while
 *   content edits the trek, and while ops takes it off sale: both 200, the card right (a trek
 *   edit locks its batches first). An ops resize sent with `bookedSeats` (REST and GraphQL) to
 *   below the seats held: 400 (the count is the server's), and up: the status back to `open`.
 * - A badge deleted by content after its award was deleted: the member's `badges` emptied, no
 *   5xx in `me`, a staff read at depth 2 or GraphQL (the points stay: finding 1).
 * - Input: a super admin's payment by hand with 30 odd values (amounts as text, lists, objects,
 *   1e308, 2^53, 0.001; bookings missing, negative, past int4, as lists and objects; statuses
 *   other than success; server-only fields) over REST and one over GraphQL: 4xx or 201, never
 *   5xx.
 * - Controls for the findings: the early refund without the delete applied (₹1,000 refunded);
 *   the cancellation without the declined attempt is 409 (round 36's test).
 *
 * Not written up, for the lead to weigh: (1) Two desk payments without a reference sent at once
 * are both credited; tests/payments/staffMoneyRepeats.test.ts asserts payments without one are
 * taken, so a choice (README's "a retried or double-sent desk payment is recorded once" holds for
 * those with a reference). (2) A super admin's payment by hand takes three decimals (100.005
 * stored, the booking credited ₹100.01) and any currency text ("USD" credited as rupees), which
 * the desk route refuses (run; a super admin's junk, finding 7's root). (3) Ops' document ticks
 * are dropped with a 200 (only cs, a super admin and the owner tick them, REST and GraphQL;
 * finance 403): the contract gives ops "read, write" on bookings (run). (4) The payments export
 * filters on the payment row's `createdAt`, which for Razorpay is when checkout made the order,
 * not when the money came: a payment captured after midnight IST on an order made before falls
 * in the previous day (read). (5) Booking refusals name the state of departures a caller cannot
 * read: a trekker hears "has been cancelled" or "already started" where an unknown id is "does
 * not exist", and a guide hears the status of departures they do not lead before their 403
 * (refuseSoldOutEarly runs before access; read, harmless). (6) Razorpay's event id header is not
 * covered by the signature (Razorpay's design): a replayed body under a new id is handled again,
 * and every handler finds it already applied (read). (7) Finding 3's lock order also meets a cs
 * erasure (bookings, then the account) of a trekker whose booking the adjustment names (read,
 * not run). (8) A trekker's booking refused by the hold cap over GraphQL answers 200 with the
 * error's statusCode 429 and the Retry-After header (Payload's GraphQL shape; REST 429; run).
 */
import { describe, expect, it, jest } from '@jest/globals'
import { sql } from '@payloadcms/db-postgres'
import { createLocalReq, type Payload } from 'payload'

import { expireHolds } from '@/bookings'

import { evaluateBadges } from '@/community/badges/evaluateBadges'

import { api } from '../helpers/api'
import { createUser } from '../helpers/fixtures'
import { createBooking, createTrekBatch as createTrip } from '../helpers/trips'
import { ensureBadges } from '../community/badges'
import {
  book,
  bookableBatch,
  bookingRow,
  payInFull,
  quickTrekker,
  readyTrekker,
} from '../bookings/support'
import { type FakeRazorpay, webhookEvent } from '../fakes/razorpay'
import {
  capturedEvent,
  checkout,
  deliver,
  rawSql,
  type RoleUsers,
  usePaymentsWorld,
} from '../payments/world'

let payload: Payload
let roles: RoleUsers
let fake: FakeRazorpay
usePaymentsWorld((world) => {
  payload = world.payload
  roles = world.roles
  fake = world.fake
})

const evaluate = async (userId: number) => evaluateBadges(userId, await createLocalReq({}, payload))

const badgePointRows = async (userId: number, badgeName: string) =>
  (
    await payload.find({
      collection: 'points-transactions',
      where: { user: { equals: userId }, reason: { equals: `Badge: ${badgeName}` } },
      depth: 0,
      limit: 50,
      overrideAccess: true,
    })
  ).docs

/** A trekker with a completed trek who has just earned the first-trek badge and its points. */
async function trekkerWithFirstTrekBadge() {
  const badges = await ensureBadges(payload)
  const badge = badges.first_trek_completed
  const trekker = await createUser(payload, null)
  const { batch } = await createTrip(payload)
  await createBooking(payload, trekker, batch, 'completed')
  expect(await evaluate(trekker.id)).toContain('first_trek_completed')
  const { docs } = await payload.find({
    collection: 'badge-awards',
    where: { user: { equals: trekker.id }, badge: { equals: badge.id } },
    depth: 0,
    overrideAccess: true,
  })
  return { trekker, badge, award: docs[0] }
}

const account = (id: number) =>
  payload.findByID({ collection: 'users', id, depth: 0, overrideAccess: true })

describe('a badge award deleted by a super admin', () => {
  // FINDING 1: a super admin's DELETE /api/badge-awards/:id (the only write the collection allows) leaves the badge on the member's `badges` and its points in `obsPoints`, and the next evaluation (any post, any completed trek) awards the same badge again with its points a second time (50 + 50 for first_trek_completed; README: "award each badge once, with its points"), low
  it.failing('awards the badge and its points once, however the award row is handled', async () => {
    const { trekker, badge, award } = await trekkerWithFirstTrekBadge()
    expect((await account(trekker.id)).obsPoints).toBe(50)
    const removed = await api('DELETE', `/badge-awards/${award.id}`, {
      token: roles.super_admin.token,
    })
    expect([200, 400]).toContain(removed.status)
    await evaluate(trekker.id)
    // The badge's points are the member's once: 50 in all, however a fix goes (refusing the
    // delete, taking the points back with it, or not awarding the badge again).
    expect((await account(trekker.id)).obsPoints).toBe(50)
    expect((await badgePointRows(trekker.id, badge.name)).length).toBeGreaterThan(0)
  })

  it.failing("keeps the member's badges the badges they hold an award for", async () => {
    const { trekker, badge, award } = await trekkerWithFirstTrekBadge()
    expect((await account(trekker.id)).badges).toEqual([badge.id])
    await api('DELETE', `/badge-awards/${award.id}`, { token: roles.super_admin.token })
    const { docs: awards } = await payload.find({
      collection: 'badge-awards',
      where: { user: { equals: trekker.id } },
      depth: 0,
      overrideAccess: true,
    })
    expect((await account(trekker.id)).badges).toEqual(awards.map((each) => each.badge))
  })
})

type Answer = { status: number; body: any }

/**
 * Runs `held` until it has inserted a row of `inserted` and then asks Payload's adapter for a row
 * of `nextRead` (findOne), holds it there, starts `other`, gives it 0.8 s, then lets `held` go.
 */
async function holdAfterInsert(
  inserted: string,
  nextRead: string,
  held: () => Promise<Answer>,
  other: () => Promise<Answer>,
): Promise<[Answer, Answer]> {
  const db = payload.db as unknown as Record<string, (args: any) => Promise<unknown>>
  const create = db.create.bind(payload.db)
  const findOne = db.findOne.bind(payload.db)
  let insertedRow = false
  let holding = false
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  let reached!: () => void
  const atRead = new Promise<void>((resolve) => (reached = resolve))
  const creates = jest.spyOn(db, 'create').mockImplementation(async (args: any) => {
    const row = await create(args)
    insertedRow ||= args?.collection === inserted
    return row
  })
  const reads = jest.spyOn(db, 'findOne').mockImplementation(async (args: any) => {
    if (insertedRow && !holding && args?.collection === nextRead) {
      holding = true
      reached()
      await gate
    }
    return findOne(args)
  })
  try {
    const first = held()
    await Promise.race([atRead, first])
    const second = other()
    await Promise.race([second, new Promise((resolve) => setTimeout(resolve, 800))])
    release()
    return [await first, await second]
  } finally {
    creates.mockRestore()
    reads.mockRestore()
  }
}

describe('a payment a super admin records by hand, at the moment of another money write', () => {
  const handPayment = (bookingId: number) => () =>
    api('POST', '/payments', {
      token: roles.super_admin.token,
      body: { booking: bookingId, amount: 4000, status: 'success', method: 'cash' },
    })

  // FINDING 2: a super admin's payment recorded by hand (POST /api/payments, status success, the way round 36's fix allows) inserts the payment row, which share-locks its booking, and only then takes the batch and booking locks to apply it: the reverse of the order every other money writer takes (batch, booking, payment). A cs cancellation (or an ops call-off, or the webhook reporting the trekker's Razorpay payment, below) of that booking at the same moment deadlocks with it: PostgreSQL aborts the cancellation after a second, it answers 409 "collided ... try again", and the failed query is logged at ERROR (6 of 8 unaided pairs with a cs cancellation, in one of them the payment was the one refused; every held pair), low
  it.failing('lets a cs cancellation wait for it and then cancel', async () => {
    const { batch } = await bookableBatch(payload, { price: 10000 })
    const trekker = await quickTrekker(payload)
    const bookingId = (await book(trekker.token, batch.id)).body.doc.id
    const cancel = () =>
      api('POST', `/bookings/${bookingId}/cancel`, {
        token: roles.cs.token,
        body: { reason: 'Asked by phone' },
      })
    const [paid, cancelled] = await holdAfterInsert(
      'payments',
      'bookings',
      handPayment(bookingId),
      cancel,
    )
    expect(paid.status).toBe(201)
    expect(cancelled.status).toBe(200)
    expect((await bookingRow(payload, bookingId)).status).toBe('cancelled')
  })

  it.failing(
    "lets Razorpay's report of the trekker's payment wait for it and then apply",
    async () => {
      const { batch } = await bookableBatch(payload, { price: 10000 })
      const trekker = await readyTrekker(payload)
      const bookingId = (await book(trekker.token, batch.id)).body.doc.id
      const order = await checkout(trekker, bookingId)
      const paid = fake.capture(order.body.orderId)
      const [byHand, reported] = await holdAfterInsert(
        'payments',
        'bookings',
        handPayment(bookingId),
        () => deliver(capturedEvent(paid)),
      )
      expect(byHand.status).toBe(201)
      expect(reported.status).toBe(200)
    },
  )

  it.failing('lets an ops call-off wait for it and then call the departure off', async () => {
    const { batch } = await bookableBatch(payload, { price: 10000 })
    const trekker = await quickTrekker(payload)
    const bookingId = (await book(trekker.token, batch.id)).body.doc.id
    const callOff = () =>
      api('POST', `/batches/${batch.id}/cancel`, {
        token: roles.ops_manager.token,
        body: { reason: 'Heavy snow' },
      })
    const [paid, calledOff] = await holdAfterInsert(
      'payments',
      'bookings',
      handPayment(bookingId),
      callOff,
    )
    expect(paid.status).toBe(201)
    expect(calledOff.status).toBe(200)
    expect((await bookingRow(payload, bookingId)).status).toBe('cancelled')
  })
})

/**
 * Runs `held` until Payload's adapter is asked to create a row of `collection`, holds it there,
 * starts `other`, gives it 0.8 s, then lets `held` go.
 */
async function holdAtCreate(
  collection: string,
  held: () => Promise<Answer>,
  other: () => Promise<Answer>,
): Promise<[Answer, Answer]> {
  const db = payload.db as unknown as Record<string, (args: any) => Promise<unknown>>
  const create = db.create.bind(payload.db)
  let holding = false
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  let reached!: () => void
  const atCreate = new Promise<void>((resolve) => (reached = resolve))
  const creates = jest.spyOn(db, 'create').mockImplementation(async (args: any) => {
    if (!holding && args?.collection === collection) {
      holding = true
      reached()
      await gate
    }
    return create(args)
  })
  try {
    const first = held()
    await Promise.race([atCreate, first])
    const second = other()
    await Promise.race([second, new Promise((resolve) => setTimeout(resolve, 800))])
    release()
    return [await first, await second]
  } finally {
    creates.mockRestore()
  }
}

describe("a super admin's points adjustment naming a booking, at the moment of its cancellation", () => {
  // FINDING 3: a super admin's manual points adjustment that names the booking it is about (POST /api/points-transactions {user, amount, reason, booking}) locks the trekker's account first (lockBalanceBeforeInsert) and then inserts a row whose foreign key share-locks the booking: the reverse of a cancellation's order (batch, booking, then the account for its points). A cs cancellation of that booking at the same moment deadlocks with it and is refused 409 "collided ... try again" after a second, with the failed query logged at ERROR (every held pair, a pending booking too; 0 of 8 unaided pairs: the window is the adjustment's own insert), low
  it.failing('lets the cancellation wait for the adjustment and then cancel', async () => {
    const { batch } = await bookableBatch(payload, { price: 10000 })
    const trekker = await readyTrekker(payload)
    const bookingId = (await book(trekker.token, batch.id)).body.doc.id
    const paid = await payInFull(payload, roles.cs.token, bookingId)
    expect(paid.status).toBe(201)
    expect((await account(trekker.id)).obsPoints).toBe(100)
    const adjust = () =>
      api('POST', '/points-transactions', {
        token: roles.super_admin.token,
        body: {
          user: trekker.id,
          amount: 25,
          reason: 'Goodwill for the delay',
          booking: bookingId,
        },
      })
    const cancel = () =>
      api('POST', `/bookings/${bookingId}/cancel`, {
        token: roles.cs.token,
        body: { reason: 'Asked by phone' },
      })
    const [adjusted, cancelled] = await holdAtCreate('points-transactions', adjust, cancel)
    expect(adjusted.status).toBe(201)
    expect(cancelled.status).toBe(200)
    expect((await bookingRow(payload, bookingId)).status).toBe('cancelled')
    expect((await account(trekker.id)).obsPoints).toBe(25)
  })
})

describe("a trekker's cancellation while a retry of a failed attempt is on its way", () => {
  // FINDING 4: round 36's rule (a trekker's cancellation is 409 while a Razorpay order of the booking is open, or a payment made at Razorpay whose report has not reached OBS comes back in full, past the policy) counts only orders still `pending`; an order whose first attempt failed is `failed`, yet checkout hands it out again and Razorpay takes the retry on it (the hold expiry counts it as open for that reason). So: checkout, a declined attempt (payment.failed), checkout again (the same order), pay it, cancel at once (200), and the capture that follows is refunded in full: ₹10,000 back on a cancellation three days out, where the policy gives ₹0 (and the same steps without the declined attempt answer 409), low
  it.failing('refuses the cancellation (409) while the retried order may be paid', async () => {
    const { batch } = await bookableBatch(payload, { price: 10000, startsInDays: 3 })
    const trekker = await readyTrekker(payload)
    const bookingId = (await book(trekker.token, batch.id)).body.doc.id
    const order = await checkout(trekker, bookingId)
    expect(order.status).toBe(201)
    const declined = await deliver(
      webhookEvent('payment.failed', { payment: fake.fail(order.body.orderId) }),
    )
    expect(declined.body.outcome).toBe('applied')
    const retry = await checkout(trekker, bookingId)
    expect(retry.body.orderId).toBe(order.body.orderId)
    const paid = fake.capture(retry.body.orderId)

    const cancelled = await api('POST', `/bookings/${bookingId}/cancel`, {
      token: trekker.token,
      body: {},
    })
    const reported = await deliver(capturedEvent(paid))
    expect({ cancel: cancelled.status, capture: reported.body.outcome }).toEqual({
      cancel: 409,
      capture: 'applied',
    })
  })
})

describe("a super admin's delete of an open order's payment row", () => {
  // FINDING 5: round 36's fix lets a super admin delete a payment row that "took no money" (`pending` or `failed`), but such a row is an open Razorpay order: checkout handed it to the trekker, who can still pay it (the hold expiry and checkout count it as open). Deleted (DELETE /api/payments/:id, or GraphQL deletePayment: 200 each), the trekker's payment on that order is captured at Razorpay and then answered `unmatched` by the webhook (verify: 404 "Order not found"): nothing records it, the booking stays unpaid until its hold frees the seat, and the money is neither applied nor refunded (no reconciliation job), low-medium
  it.failing('still records (and applies or refunds) a payment made on that order', async () => {
    const { batch } = await bookableBatch(payload, { price: 10000 })
    const trekker = await readyTrekker(payload)
    const bookingId = (await book(trekker.token, batch.id)).body.doc.id
    const order = await checkout(trekker, bookingId)
    expect(order.status).toBe(201)
    const removed = await api('DELETE', `/payments/${order.body.paymentId}`, {
      token: roles.super_admin.token,
    })
    const paid = fake.capture(order.body.orderId)
    const reported = await deliver(capturedEvent(paid))
    const { docs } = await payload.find({
      collection: 'payments',
      where: { razorpayPaymentId: { equals: paid.id } },
      depth: 0,
      overrideAccess: true,
    })
    // Either the delete is refused or the payment is still recorded; today the delete is 200.
    expect([200, 400]).toContain(removed.status)
    expect({ outcome: reported.body.outcome, recorded: docs.length }).toEqual({
      outcome: 'applied',
      recorded: 1,
    })
  })

  // FINDING 5 (another door): the same cleanup of Razorpay's `unmatched` events (DELETE /api/razorpay-events/:id, super admin) throws away a refund Razorpay reported before the payment's capture was recorded, which the capture would have applied (round 35's finding 12 keeps it on that event row): the payment then shows the ₹1,000 as never refunded
  it.failing(
    'still applies a refund reported before the capture, its event row deleted',
    async () => {
      const { batch } = await bookableBatch(payload, { price: 10000 })
      const trekker = await readyTrekker(payload)
      const bookingId = (await book(trekker.token, batch.id)).body.doc.id
      const order = await checkout(trekker, bookingId)
      const paid = fake.capture(order.body.orderId)
      const early = webhookEvent('refund.processed', {
        refund: {
          id: `rfnd_${bookingId}x${Date.now()}`,
          entity: 'refund',
          amount: 100000,
          currency: 'INR',
          payment_id: paid.id,
          notes: {},
          status: 'processed',
          created_at: Math.floor(Date.now() / 1000),
        },
      })
      expect((await deliver(early)).body.outcome).toBe('unmatched')
      const { docs } = await payload.find({
        collection: 'razorpay-events',
        where: { eventId: { equals: early.eventId } },
        depth: 0,
        overrideAccess: true,
      })
      const removed = await api('DELETE', `/razorpay-events/${docs[0].id}`, {
        token: roles.super_admin.token,
      })
      expect([200, 400]).toContain(removed.status)
      expect((await deliver(capturedEvent(paid))).body.outcome).toBe('applied')
      const [payment] = await payload
        .find({
          collection: 'payments',
          where: { razorpayPaymentId: { equals: paid.id } },
          depth: 0,
          overrideAccess: true,
        })
        .then((found) => found.docs)
      expect(payment.amountRefunded).toBe(1000)
    },
  )
})

describe("a super admin's payment by hand on a cancelled booking", () => {
  // FINDING 7: README says a payment row a super admin creates "is applied to its booking in the same transaction, as a desk payment is", but the desk route refuses a cancelled booking (400 "This booking is cancelled; it cannot take a payment") while the by-hand row is taken (201): the booking's `amountPaid` and `refundDue` grow by ₹4,000, and nothing reserves that refund or flags the payment for finance (a late Razorpay payment on a cancelled booking is refunded automatically and flagged), so the money owed back shows only as a number on the booking, which the erasure guard does not read either, low
  it.failing(
    'is refused as the desk route refuses it, or reserved and flagged for finance',
    async () => {
      const { batch } = await bookableBatch(payload, { price: 10000 })
      const trekker = await readyTrekker(payload)
      const bookingId = (await book(trekker.token, batch.id)).body.doc.id
      const cancelled = await api('POST', `/bookings/${bookingId}/cancel`, {
        token: trekker.token,
        body: {},
      })
      expect(cancelled.status).toBe(200)
      const desk = await api('POST', `/bookings/${bookingId}/offline-payment`, {
        token: roles.cs.token,
        body: { amount: 4000, method: 'cash', reference: `C-${bookingId}` },
      })
      expect(desk.status).toBe(400)

      const created = await api('POST', '/payments', {
        token: roles.super_admin.token,
        body: { booking: bookingId, amount: 4000, status: 'success', method: 'cash' },
      })
      const row =
        created.status === 201
          ? await payload.findByID({
              collection: 'payments',
              id: created.body.doc.id,
              depth: 0,
              overrideAccess: true,
            })
          : undefined
      const outcome = row
        ? {
            status: 201,
            flagged: row.needsAttention === true,
            reserved: (row.refunds ?? []).length,
          }
        : { status: created.status }
      expect([{ status: 400 }, { status: 201, flagged: true, reserved: 1 }]).toContainEqual(outcome)
    },
  )
})

describe('a trekker with a desk deposit who once opened checkout for the balance', () => {
  // FINDING 6: round 36's rule answers a trekker's cancellation 409 while an order of the booking is `pending`, saying "pay it and then cancel ..., or let it lapse: an unpaid booking is released when its hold ends". A booking with a desk deposit never lapses (the hold binds only bookings with nothing paid), and a Razorpay order, once made, stays `pending` here for good. So a trekker who paid a deposit at the desk and once tapped "Pay balance" without paying can never cancel their own booking (409 hours later, after the hold's end and an expiry run), though the contract gives the owner the cancel and README's 409 row promises "or let it lapse"; only the desk can. Nor can they erase their account: the erasure answers 409 "Booking … holds its seat by a deposit … Cancel it before erasing the account" (run), low
  it.failing(
    "lets the owner cancel once the unpaid balance order is left unpaid past the hold's end",
    async () => {
      const { batch } = await bookableBatch(payload, { price: 10000, startsInDays: 40 })
      const trekker = await readyTrekker(payload)
      const bookingId = (await book(trekker.token, batch.id)).body.doc.id
      const deposit = await api('POST', `/bookings/${bookingId}/offline-payment`, {
        token: roles.cs.token,
        body: { amount: 3000, method: 'cash', reference: `D-${bookingId}` },
      })
      expect(deposit.status).toBe(201)
      const order = await checkout(trekker, bookingId)
      expect(order.status).toBe(201)
      // Hours later: the hold's end long past, the expiry run has been (and kept the deposit's seat).
      const past = new Date(Date.now() - 6 * 60 * 60 * 1000).toISOString()
      await rawSql(
        payload,
        sql`update bookings set hold_expires_at = ${past} where id = ${bookingId}`,
      )
      await expireHolds(payload)
      expect((await bookingRow(payload, bookingId)).status).toBe('pending')

      const cancelled = await api('POST', `/bookings/${bookingId}/cancel`, {
        token: trekker.token,
        body: { reason: 'Cannot travel' },
      })
      expect(cancelled.status).toBe(200)
    },
  )
})
