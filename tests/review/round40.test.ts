/**
 * Fortieth review round (a fresh reviewer, one hour: START 14:25:53 UTC, END_TIME 15:25:53 UTC by
 * `date`), aimed at money and seats (bookings, payments, verify and webhook, refunds,
 * cancellations, call-offs, loyalty points and tiers) under forced interleavings and replays, and
 * every role of the contract on every collection through REST and GraphQL.
 *
 * Findings:
 * (1) a super admin's delete of a badge award (the one write badge-awards allows) leaves the badge
 *     on the member and its points, and the next evaluation awards it again with its points a
 *     second time (50 + 50), low;
 * (2) a payment a super admin records by hand (POST /api/payments, status success) inserts its row
 *     before it takes the batch and booking locks: a cs cancellation or an ops call-off of that
 *     booking at the same moment deadlocks with it and is refused 409 (ERROR logged; 6 of 8
 *     unaided pairs), and so is Razorpay's report of the trekker's payment (webhook or verify:
 *     2 of 14 held pairs), low;
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
 *     never lapses, so the cancel is 409 ("... or let it lapse") hours after the hold's end, low.
 *
 * Findings 2 and 3 are one kind: a staff write that takes the money locks out of the order every
 * other writer takes (batch, booking, payment, account); PostgreSQL breaks the cycle after its
 * deadlock timeout and collisionsAre409 answers the loser 409. Findings 4 and 6 are round 36's
 * open-order rule seen from two sides: it counts an order the trekker can no longer be asked to
 * pay (6) and misses one they still can (4). Finding 5: what round 36 let a super admin delete
 * still tracks Razorpay's money.
 *
 * Tried and held (run; the probes that ran them are in this file's commit 0424c39, taken out of
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
 *   points 100 while confirmed and 0 otherwise. The only refusals were findings 2 and 3's 409s
 *   and the open-order 409. An ops batch create held at its trek card write while content edits
 *   the trek, and while ops takes it off sale: both 200, the card right (a trek edit locks its
 *   batches first).
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
 * the desk route refuses (run; a super admin's junk). (3) A super admin's payment by hand on a
 * cancelled booking is 201: `amountPaid` and `refundDue` grow, but no refund is reserved and
 * nothing is flagged for finance, and the erasure guard does not see that money owed (the desk
 * route refuses a cancelled booking; run in the walk). (4) Ops' document ticks are dropped with
 * a 200 (only cs, a super admin and the owner tick them, REST and GraphQL; finance 403): the
 * contract gives ops "read, write" on bookings (run). (5) The payments export filters on the
 * payment row's `createdAt`, which for Razorpay is when checkout made the order, not when the
 * money came: a payment captured after midnight IST on an order made before falls in the previous
 * day (read). (6) Finding 6 also keeps that trekker from erasing their account: the erasure asks
 * them to cancel the deposit booking first (read). (7) Booking refusals name the state of
 * departures a caller cannot read: a trekker hears "has been cancelled" or "already started"
 * where an unknown id is "does not exist", and a guide hears the status of departures they do
 * not lead before their 403 (refuseSoldOutEarly runs before access; read, harmless). (8)
 * Razorpay's event id header is not covered by the signature (Razorpay's design): a replayed body
 * under a new id is handled again, and every handler finds it already applied (read).
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
    expect(removed.status).toBe(200)
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
  // FINDING 5: round 36's fix lets a super admin delete a payment row that "took no money" (`pending` or `failed`), but such a row is an open Razorpay order: checkout handed it to the trekker, who can still pay it (the hold expiry and checkout count it as open). Deleted (DELETE /api/payments/:id, 200), the trekker's payment on that order is captured at Razorpay and then answered `unmatched` by the webhook (verify: 404 "Order not found"): nothing records it, the booking stays unpaid until its hold frees the seat, and the money is neither applied nor refunded (no reconciliation job), low-medium
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

describe('probe: guide and finance booking keys', () => {
  it('probe', async () => {
    const { viaRoute, graphqlPost } = await import('../hardening/route')
    const { createTrip } = await import('../emergency/trip')
    const trip = await createTrip(payload)
    for (const [who, token] of [
      ['guide', trip.guideUser.token],
      ['finance', roles.finance.token],
      ['owner', trip.trekker.token],
    ] as const) {
      const r = await viaRoute('GET', `/api/bookings/${trip.booking.id}?depth=0`, { token })
      const g = await viaRoute(
        'POST',
        '/api/graphql',
        {
          token,
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            query: `{ Booking(id: ${trip.booking.id}) { id amountPaid balanceDue refundDue finalAmount trekkerPhone emergencyContactPhone trekkerAge cancelledBy { id email } } }`,
          }),
        },
        graphqlPost,
      )
      const s2 = await viaRoute('GET', `/api/bookings?where[amountPaid][greater_than]=0&depth=0`, {
        token,
      })
      const s3 = await viaRoute('GET', `/api/bookings?sort=-amountPaid&depth=0`, { token })
      const s4 = await viaRoute('GET', `/api/bookings?select[amountPaid]=true&depth=0`, { token })
      console.log(
        who,
        Object.keys(r.body).sort().join(','),
        JSON.stringify(g.body).slice(0, 300),
        s2.status,
        s2.body?.totalDocs,
        JSON.stringify(s2.body?.errors ?? ''),
        s3.status,
        s4.status,
        JSON.stringify(s4.body?.docs?.[0] ?? s4.body).slice(0, 100),
      )
    }
  })
})

describe('probe: trekker filters on staff-only payment fields', () => {
  it('probe', async () => {
    const { viaRoute, graphqlPost } = await import('../hardening/route')
    const { batch } = await bookableBatch(payload, { price: 10000 })
    const trekker = await readyTrekker(payload)
    const bookingId = (await book(trekker.token, batch.id)).body.doc.id
    const dp = await api('POST', `/bookings/${bookingId}/offline-payment`, {
      token: roles.cs.token,
      body: { amount: 1000, method: 'cash', reference: 'R1' },
    })
    await api('POST', `/payments/${dp.body.payment.id}/refund`, {
      token: roles.finance.token,
      body: { amount: 300, reason: 'goodwill' },
    })
    const qs = [
      'where[needsAttention][equals]=true',
      'where[needsAttention][equals]=false',
      'where[attentionReason][like]=hand',
      'where[attentionReason][like]=zzzz',
      'where[attentionReason][exists]=true',
      `where[refunds.requestedBy][equals]=${roles.finance.id}`,
      'where[refunds.requestedBy][equals]=999999',
      `where[refunds.requestedBy.email][like]=finance`,
      'where[refunds.requestedBy][exists]=true',
      'where[razorpayEventIds][exists]=true',
      'sort=attentionReason',
      'sort=-needsAttention',
      'sort=refunds.requestedBy',
      'select[attentionReason]=true',
      'where[or][0][needsAttention][equals]=true&where[or][1][id][equals]=0',
    ]
    for (const q of qs) {
      const r = await viaRoute('GET', `/api/payments?${q}&depth=0`, { token: trekker.token })
      console.log(
        q,
        r.status,
        r.body?.totalDocs,
        JSON.stringify(r.body?.errors ?? r.body?.docs?.[0]).slice(0, 120),
      )
    }
    for (const where of [
      '{ needsAttention: { equals: true } }',
      '{ attentionReason: { like: "hand" } }',
      '{ needsAttention: { equals: false } }',
    ]) {
      const g = await viaRoute(
        'POST',
        '/api/graphql',
        {
          token: trekker.token,
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ query: `{ Payments(where: ${where}) { totalDocs } }` }),
        },
        graphqlPost,
      )
      console.log(where, JSON.stringify(g.body).slice(0, 200))
    }
  })
})

describe('probe: by-hand payment odd input', () => {
  it('probe', async () => {
    const { viaRoute, graphqlPost } = await import('../hardening/route')
    const { batch } = await bookableBatch(payload, { price: 10000 })
    const trekker = await readyTrekker(payload)
    const bookingId = (await book(trekker.token, batch.id)).body.doc.id
    const base = { booking: bookingId, amount: 100, status: 'success', method: 'cash' }
    const variants: Array<[string, unknown]> = [
      ['amount', 'abc'],
      ['amount', '100'],
      ['amount', 1e308],
      ['amount', -0],
      ['amount', 0.001],
      ['amount', 100.005],
      ['amount', null],
      ['amount', [100]],
      ['amount', { a: 1 }],
      ['amount', 2 ** 53],
      ['booking', 999999999],
      ['booking', 'abc'],
      ['booking', 2 ** 31],
      ['booking', -1],
      ['booking', { id: bookingId }],
      ['booking', [bookingId]],
      ['booking', null],
      ['status', 'refunded'],
      ['status', 'SUCCESS'],
      ['status', ['success']],
      ['currency', 'USD'],
      ['currency', { x: 1 }],
      ['currency', 'x'.repeat(5000)],
      ['method', 'x'.repeat(100000)],
      ['method', { x: 1 }],
      ['razorpayPaymentId', 'pay_x'],
      ['refunds', [{ amount: 1, status: 'processed', source: 'staff' }]],
      ['needsAttention', 'yes'],
      ['attentionReason', 'x'.repeat(100000)],
      ['capturedAt', 'not a date'],
    ]
    const out: string[] = []
    for (const [field, value] of variants) {
      const r = await viaRoute('POST', '/api/payments', {
        token: roles.super_admin.token,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...base, [field]: value }),
      })
      out.push(
        `${field}=${JSON.stringify(value)?.slice(0, 20)} ${r.status} ${JSON.stringify(r.body?.errors?.[0]?.message ?? r.body?.doc?.amount ?? '').slice(0, 80)}`,
      )
    }
    const g = await viaRoute(
      'POST',
      '/api/graphql',
      {
        token: roles.super_admin.token,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          query: `mutation { createPayment(data: { booking: ${bookingId}, amount: 1e308, status: success }) { id amount } }`,
        }),
      },
      graphqlPost,
    )
    out.push(`gql ${g.status} ${JSON.stringify(g.body).slice(0, 200)}`)
    const row = await bookingRow(payload, bookingId)
    out.push(`booking ${row.status} ${row.amountPaid} ${row.balanceDue}`)
    console.log(out.join('\n'))
  })
})

describe('a trekker with a desk deposit who once opened checkout for the balance', () => {
  // FINDING 6: round 36's rule answers a trekker's cancellation 409 while an order of the booking is `pending`, saying "pay it and then cancel ..., or let it lapse: an unpaid booking is released when its hold ends". A booking with a desk deposit never lapses (the hold binds only bookings with nothing paid), and a Razorpay order, once made, stays `pending` here for good. So a trekker who paid a deposit at the desk and once tapped "Pay balance" without paying can never cancel their own booking (409 hours later, after the hold's end and an expiry run), though the contract gives the owner the cancel and README's 409 row promises "or let it lapse"; only the desk can, low
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

describe('probe: unaided pairs for findings 2 and 3', () => {
  it('probe', async () => {
    const counts: Record<string, number> = {}
    for (let round = 0; round < 8; round++) {
      for (const kind of ['hand', 'points']) {
        const { batch } = await bookableBatch(payload, { price: 10000 })
        const trekker = await readyTrekker(payload)
        const bookingId = (await book(trekker.token, batch.id)).body.doc.id
        if (kind === 'points') {
          await payInFull(payload, roles.cs.token, bookingId)
        }
        const first =
          kind === 'hand'
            ? api('POST', '/payments', {
                token: roles.super_admin.token,
                body: { booking: bookingId, amount: 4000, status: 'success', method: 'cash' },
              })
            : api('POST', '/points-transactions', {
                token: roles.super_admin.token,
                body: { user: trekker.id, amount: 25, reason: 'x', booking: bookingId },
              })
        const second = api('POST', `/bookings/${bookingId}/cancel`, {
          token: roles.cs.token,
          body: { reason: 'phone' },
        })
        const [a, b] = await Promise.all([first, second])
        const key = `${kind}:${a.status}/${b.status}`
        counts[key] = (counts[key] ?? 0) + 1
      }
    }
    console.log(JSON.stringify(counts))
  })
})

describe('probe: ops resize with bookedSeats in the body', () => {
  it('probe', async () => {
    const { graphqlPost, viaRoute } = await import('../hardening/route')
    for (const variant of ['rest', 'gql', 'restStatus']) {
      const { batch } = await bookableBatch(payload, { price: 10000, seats: 3 })
      for (let i = 0; i < 3; i++) {
        const t = await quickTrekker(payload)
        const r = await book(t.token, batch.id)
        if (r.status !== 201) {
          console.log('book', r.status)
        }
      }
      let res: any
      if (variant === 'gql') {
        res = await viaRoute(
          'POST',
          '/api/graphql',
          {
            token: roles.ops_manager.token,
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({
              query: `mutation { updateBatch(id: ${batch.id}, data: { totalSeats: 1, bookedSeats: 1 }) { id totalSeats bookedSeats availableSeats status } }`,
            }),
          },
          graphqlPost,
        )
      } else {
        res = await api('PATCH', `/batches/${batch.id}`, {
          token: roles.ops_manager.token,
          body:
            variant === 'rest'
              ? { totalSeats: 1, bookedSeats: 1 }
              : { totalSeats: 5, bookedSeats: 0 },
        })
      }
      const row = await payload.findByID({
        collection: 'batches',
        id: batch.id,
        depth: 0,
        overrideAccess: true,
      })
      console.log(
        variant,
        res.status,
        JSON.stringify(res.body?.errors ?? res.body?.data ?? '').slice(0, 200),
        row.totalSeats,
        row.bookedSeats,
        row.availableSeats,
        row.status,
      )
    }
  })
})

describe('probe: badge deleted after its award', () => {
  it('probe', async () => {
    const { viaRoute, graphqlPost } = await import('../hardening/route')
    const { trekker, badge, award } = await trekkerWithFirstTrekBadge()
    const d1 = await api('DELETE', `/badge-awards/${award.id}`, { token: roles.super_admin.token })
    const d2 = await api('DELETE', `/badges/${badge.id}`, { token: roles.content.token })
    const me = await viaRoute('GET', '/api/users/me?depth=1', { token: trekker.token })
    const list = await viaRoute('GET', `/api/users/${trekker.id}?depth=2`, {
      token: roles.cs.token,
    })
    const g = await viaRoute(
      'POST',
      '/api/graphql',
      {
        token: trekker.token,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ query: '{ meUser { user { id badges { id name } obsPoints } } }' }),
      },
      graphqlPost,
    )
    const feed = await viaRoute('GET', '/api/posts/feed', {})
    const row = await account(trekker.id)
    console.log(
      d1.status,
      d2.status,
      me.status,
      JSON.stringify(me.body?.user?.badges),
      list.status,
      JSON.stringify(list.body?.badges),
      JSON.stringify(g.body).slice(0, 200),
      feed.status,
      JSON.stringify(row.badges),
    )
  })
})

describe('probe: document ticks by role', () => {
  it('probe', async () => {
    const { graphqlPost, viaRoute } = await import('../hardening/route')
    for (const [who, token] of [
      ['ops', roles.ops_manager.token],
      ['cs', roles.cs.token],
      ['super', roles.super_admin.token],
      ['finance', roles.finance.token],
    ] as const) {
      const { batch } = await bookableBatch(payload, { price: 10000 })
      const trekker = await readyTrekker(payload)
      const bookingId = (await book(trekker.token, batch.id)).body.doc.id
      const r = await api('PATCH', `/bookings/${bookingId}`, {
        token,
        body: { waiverSigned: true, source: 'web' },
      })
      const g = await viaRoute(
        'POST',
        '/api/graphql',
        {
          token,
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            query: `mutation { updateBooking(id: ${bookingId}, data: { healthDeclarationSigned: true }) { id healthDeclarationSigned } }`,
          }),
        },
        graphqlPost,
      )
      const row = await bookingRow(payload, bookingId)
      console.log(
        who,
        r.status,
        row.waiverSigned,
        row.source,
        row.healthDeclarationSigned,
        JSON.stringify(g.body).slice(0, 150),
      )
    }
  })
})

describe('probe: relation sort and filter oracles', () => {
  it('probe', async () => {
    const { viaRoute } = await import('../hardening/route')
    const { createTrip } = await import('../emergency/trip')
    const trip = await createTrip(payload)
    const cases: Array<[string, string, string]> = [
      ['finance', '/api/payments', 'sort=booking.trekkerPhone'],
      ['finance', '/api/payments', 'sort=booking.emergencyContactPhone'],
      ['finance', '/api/payments', 'sort=booking.user.phone'],
      ['finance', '/api/payments', 'sort=-booking.user.dateOfBirth'],
      ['finance', '/api/bookings', 'sort=user.phone'],
      ['finance', '/api/bookings', 'sort=trekkerAge'],
      ['finance', '/api/points-transactions', 'sort=user.phone'],
      ['finance', '/api/points-transactions', 'where[user.obsPoints][greater_than]=0'],
      ['finance', '/api/points-transactions', 'sort=booking.emergencyContactName'],
      ['guide', '/api/bookings', 'sort=amountPaid'],
      ['guide', '/api/bookings', 'sort=batch.calledOffReason'],
      ['guide', '/api/bookings', 'where[batch.calledOffReason][exists]=true'],
      ['guide', '/api/bookings', 'sort=batch.guide.satellitePhone'],
      ['guide', '/api/incidents', 'sort=trekker.obsPoints'],
      ['trekker', '/api/bookings', 'sort=batch.calledOffReason'],
      ['trekker', '/api/bookings', 'sort=batch.guide.satellitePhone'],
      ['trekker', '/api/bookings', 'where[batch.guide.user.phone][exists]=true'],
      ['trekker', '/api/bookings', 'sort=batch.guide.user.email'],
      ['trekker', '/api/payments', 'sort=attentionReason'],
      ['trekker', '/api/points-transactions', 'sort=booking.batch.guide.satellitePhone'],
      ['content', '/api/posts', 'sort=author.phone'],
      ['content', '/api/posts', 'sort=author.obsPoints'],
      ['content', '/api/posts', 'where[author.obsPoints][greater_than]=0'],
      ['anon', '/api/posts', 'sort=author.obsPoints'],
      ['anon', '/api/posts', 'sort=author.tribeTier'],
      ['anon', '/api/batches', 'sort=guide.satellitePhone'],
      ['anon', '/api/batches', 'sort=calledOffReason'],
      ['anon', '/api/guides', 'sort=user.phone'],
      ['anon', '/api/guides', 'sort=satellitePhone'],
    ]
    const tokens: Record<string, string | undefined> = {
      finance: roles.finance.token,
      guide: trip.guideUser.token,
      trekker: trip.trekker.token,
      content: roles.content.token,
      anon: undefined,
    }
    for (const [who, path, q] of cases) {
      const r = await viaRoute('GET', `${path}?${q}&depth=0`, { token: tokens[who] })
      console.log(
        who,
        path,
        q,
        r.status,
        r.body?.totalDocs ?? JSON.stringify(r.body?.errors?.[0]?.message).slice(0, 60),
      )
    }
  })
})

describe('probe: batch create vs trek edit', () => {
  it('probe', async () => {
    const { holdAtAdapter } = await import('../helpers/adapterHold')
    for (let i = 0; i < 2; i++) {
      const { trek } = await bookableBatch(payload, { price: 10000 })
      const start = new Date(Date.now() + 50 * 86_400_000)
      const create = () =>
        api('POST', '/batches', {
          token: roles.ops_manager.token,
          body: {
            trek: trek.id,
            startDate: start.toISOString(),
            endDate: new Date(start.getTime() + 5 * 86_400_000).toISOString(),
            totalSeats: 10,
            price: 9000,
            status: 'open',
          },
        })
      const edit = () =>
        api('PATCH', `/treks/${trek.id}`, {
          token: i ? roles.ops_manager.token : roles.content.token,
          body: i ? { status: 'draft' } : { description: 'Updated' },
        })
      const answers = await holdAtAdapter(payload, 'updateOne', 'treks', create, edit)
      const t = await payload.findByID({
        collection: 'treks',
        id: trek.id,
        depth: 0,
        overrideAccess: true,
      })
      console.log(
        answers.map((a) => [a.status, JSON.stringify(a.body).slice(0, 160)]),
        t.nextBatch,
        t.seatsLeft,
        t.status,
      )
    }
  })
})

describe('probe: interleaving walk', () => {
  it('probe', async () => {
    const { runJobs } = await import('../payments/world')
    const ADAPTER = ['create', 'find', 'findOne', 'updateOne', 'updateMany', 'deleteOne', 'count']
    const holdAt = async (
      k: number,
      held: () => Promise<Answer>,
      other: () => Promise<Answer>,
    ): Promise<[Answer, Answer]> => {
      const db = payload.db as any
      const originals: Record<string, any> = {}
      let calls = 0
      let release!: () => void
      const gate = new Promise<void>((r) => (release = r))
      let reached!: () => void
      const at = new Promise<void>((r) => (reached = r))
      let armed = true
      const spies = ADAPTER.map((method) => {
        originals[method] = db[method].bind(payload.db)
        return jest.spyOn(db, method).mockImplementation(async (args: any) => {
          if (armed && calls++ === k) {
            armed = false
            reached()
            await gate
          }
          return originals[method](args)
        })
      })
      try {
        const first = held()
        await Promise.race([at, first])
        armed = false
        const second = other()
        await Promise.race([second, new Promise((r) => setTimeout(r, 600))])
        release()
        return [await first, await second]
      } finally {
        spies.forEach((spy) => spy.mockRestore())
      }
    }
    type World = { bookingId: number; batchId: number; trekker: any }
    const ops: Record<string, (w: World) => () => Promise<Answer>> = {
      hand: (w) => () =>
        api('POST', '/payments', {
          token: roles.super_admin.token,
          body: { booking: w.bookingId, amount: 4000, status: 'success', method: 'cash' },
        }),
      desk: (w) => () =>
        api('POST', `/bookings/${w.bookingId}/offline-payment`, {
          token: roles.cs.token,
          body: { amount: 3000, method: 'cash', reference: `R-${Math.random()}` },
        }),
      csCancel: (w) => () =>
        api('POST', `/bookings/${w.bookingId}/cancel`, {
          token: roles.cs.token,
          body: { reason: 'phone' },
        }),
      ownCancel: (w) => () =>
        api('POST', `/bookings/${w.bookingId}/cancel`, { token: w.trekker.token, body: {} }),
      callOff: (w) => () =>
        api('POST', `/batches/${w.batchId}/cancel`, {
          token: roles.ops_manager.token,
          body: { reason: 'snow' },
        }),
      points: (w) => () =>
        api('POST', '/points-transactions', {
          token: roles.super_admin.token,
          body: { user: w.trekker.id, amount: 25, reason: 'x', booking: w.bookingId },
        }),
      checkout: (w) => () =>
        api('POST', `/bookings/${w.bookingId}/checkout`, { token: w.trekker.token }),
    }
    const problems: string[] = []
    const statuses: Record<string, number> = {}
    let trials = 0
    const names = Object.keys(ops)
    for (const a of names) {
      for (const b of names) {
        if (a === b && a !== 'hand' && a !== 'desk') {
          continue
        }
        for (const k of [0, 4, 8, 14, 22]) {
          const { batch } = await bookableBatch(payload, { price: 10000 })
          const trekker = await readyTrekker(payload)
          const bookingId = (await book(trekker.token, batch.id)).body.doc.id
          const w = { bookingId, batchId: batch.id, trekker }
          const [ra, rb] = await holdAt(k, ops[a](w), ops[b](w))
          trials++
          for (const [n, r] of [
            [a, ra],
            [b, rb],
          ] as const) {
            const key = `${n}:${r.status}`
            statuses[key] = (statuses[key] ?? 0) + 1
            if (r.status >= 500) {
              problems.push(
                `${a}/${b}@${k} ${n} ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`,
              )
            }
          }
          await runJobs(payload)
          const row = await bookingRow(payload, bookingId)
          const pays = (
            await payload.find({
              collection: 'payments',
              where: { booking: { equals: bookingId } },
              depth: 0,
              pagination: false,
              overrideAccess: true,
            })
          ).docs
          const took = pays
            .filter((p) => p.status === 'success' || p.status === 'refunded')
            .reduce((t, p) => t + p.amount, 0)
          const user = await account(trekker.id)
          const ledger = (
            await payload.find({
              collection: 'points-transactions',
              where: { user: { equals: trekker.id } },
              depth: 0,
              pagination: false,
              overrideAccess: true,
            })
          ).docs.reduce((t, r) => t + r.amount, 0)
          const b2 = await payload.findByID({
            collection: 'batches',
            id: batch.id,
            depth: 0,
            overrideAccess: true,
          })
          const live = row.status === 'pending' || row.status === 'confirmed' ? 1 : 0
          const bad: string[] = []
          if (took !== row.amountPaid) {
            bad.push(`took ${took} paid ${row.amountPaid}`)
          }
          if (live && row.balanceDue !== (row.finalAmount ?? 0) - (row.amountPaid ?? 0)) {
            bad.push('balance')
          }
          if (!live && row.balanceDue !== 0) {
            bad.push('cancelled balance')
          }
          if ((row.refundDue ?? 0) + (row.refundedAmount ?? 0) > (row.amountPaid ?? 0)) {
            bad.push('refund>paid')
          }
          if (user.obsPoints !== ledger) {
            bad.push(`points ${user.obsPoints} ledger ${ledger}`)
          }
          if (b2.bookedSeats !== live) {
            bad.push(`seats ${b2.bookedSeats} live ${live}`)
          }
          if (row.status === 'confirmed' && row.balanceDue !== 0) {
            bad.push('confirmed owes')
          }
          if (row.status === 'pending' && row.balanceDue === 0) {
            bad.push('pending paid')
          }
          const own =
            ledger -
            (ra.status === 201 && a === 'points' ? 25 : 0) -
            (rb.status === 201 && b === 'points' ? 25 : 0)
          if (own !== (row.status === 'confirmed' ? 100 : 0)) {
            bad.push(`booking points ${own} ${row.status}`)
          }
          for (const p of pays) {
            const r = (p.refunds ?? [])
              .filter((x: any) => x.status !== 'failed')
              .reduce((t: number, x: any) => t + x.amount, 0)
            if (r > p.amount) {
              bad.push(`over-refund ${p.id}`)
            }
          }
          if (bad.length) {
            problems.push(
              `${a}/${b}@${k} [${ra.status},${rb.status}] ${row.status}: ${bad.join('; ')}`,
            )
          }
        }
      }
    }
    console.log(trials, JSON.stringify(statuses), '\n' + problems.join('\n'))
  }, 900_000)
})

describe('probe: interleaving walk with Razorpay', () => {
  it('probe', async () => {
    const { runJobs } = await import('../payments/world')
    const ADAPTER = ['create', 'find', 'findOne', 'updateOne', 'updateMany', 'deleteOne', 'count']
    const holdAt = async (
      k: number,
      held: () => Promise<Answer>,
      other: () => Promise<Answer>,
    ): Promise<[Answer, Answer]> => {
      const db = payload.db as any
      const originals: Record<string, any> = {}
      let calls = 0
      let release!: () => void
      const gate = new Promise<void>((r) => (release = r))
      let reached!: () => void
      const at = new Promise<void>((r) => (reached = r))
      let armed = true
      const spies = ADAPTER.map((method) => {
        originals[method] = db[method].bind(payload.db)
        return jest.spyOn(db, method).mockImplementation(async (args: any) => {
          if (armed && calls++ === k) {
            armed = false
            reached()
            await gate
          }
          return originals[method](args)
        })
      })
      try {
        const first = held()
        await Promise.race([at, first])
        armed = false
        const second = other()
        await Promise.race([second, new Promise((r) => setTimeout(r, 600))])
        release()
        return [await first, await second]
      } finally {
        spies.forEach((spy) => spy.mockRestore())
      }
    }
    type World = { bookingId: number; batchId: number; trekker: any; orderId: string; paid: any }
    const ops: Record<string, (w: World) => () => Promise<Answer>> = {
      hand: (w) => () =>
        api('POST', '/payments', {
          token: roles.super_admin.token,
          body: { booking: w.bookingId, amount: 4000, status: 'success', method: 'cash' },
        }),
      desk: (w) => () =>
        api('POST', `/bookings/${w.bookingId}/offline-payment`, {
          token: roles.cs.token,
          body: { amount: 3000, method: 'cash', reference: `R-${Math.random()}` },
        }),
      csCancel: (w) => () =>
        api('POST', `/bookings/${w.bookingId}/cancel`, {
          token: roles.cs.token,
          body: { reason: 'phone' },
        }),
      ownCancel: (w) => () =>
        api('POST', `/bookings/${w.bookingId}/cancel`, { token: w.trekker.token, body: {} }),
      callOff: (w) => () =>
        api('POST', `/batches/${w.batchId}/cancel`, {
          token: roles.ops_manager.token,
          body: { reason: 'snow' },
        }),
      points: (w) => () =>
        api('POST', '/points-transactions', {
          token: roles.super_admin.token,
          body: { user: w.trekker.id, amount: 25, reason: 'x', booking: w.bookingId },
        }),
      checkout: (w) => () =>
        api('POST', `/bookings/${w.bookingId}/checkout`, { token: w.trekker.token }),
      webhook: (w) => () => deliver(capturedEvent(w.paid)),
      verify: (w) => () =>
        api('POST', '/payments/verify', {
          token: w.trekker.token,
          body: {
            razorpayOrderId: w.orderId,
            razorpayPaymentId: w.paid.id,
            razorpaySignature: fake.checkoutSignature(w.orderId, w.paid.id),
          },
        }),
    }
    const problems: string[] = []
    const statuses: Record<string, number> = {}
    let trials = 0
    const names = ['webhook', 'verify', 'hand', 'desk', 'csCancel', 'callOff', 'points']
    for (const a of names) {
      for (const b of names) {
        if (a === b || (!['webhook', 'verify'].includes(a) && !['webhook', 'verify'].includes(b))) {
          continue
        }
        for (const k of [0, 3, 6, 10, 15, 21, 28]) {
          const { batch } = await bookableBatch(payload, { price: 10000 })
          const trekker = await readyTrekker(payload)
          const bookingId = (await book(trekker.token, batch.id)).body.doc.id
          const order = await checkout(trekker, bookingId)
          const w = {
            bookingId,
            batchId: batch.id,
            trekker,
            orderId: order.body.orderId,
            paid: fake.capture(order.body.orderId),
          }
          const [ra, rb] = await holdAt(k, ops[a](w), ops[b](w))
          trials++
          for (const [n, r] of [
            [a, ra],
            [b, rb],
          ] as const) {
            const key = `${n}:${r.status}`
            statuses[key] = (statuses[key] ?? 0) + 1
            if (r.status >= 500) {
              problems.push(
                `${a}/${b}@${k} ${n} ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`,
              )
            }
          }
          await runJobs(payload)
          const row = await bookingRow(payload, bookingId)
          const pays = (
            await payload.find({
              collection: 'payments',
              where: { booking: { equals: bookingId } },
              depth: 0,
              pagination: false,
              overrideAccess: true,
            })
          ).docs
          const took = pays
            .filter((p) => p.status === 'success' || p.status === 'refunded')
            .reduce(
              (t, p) =>
                t +
                p.amount -
                (p.refunds ?? [])
                  .filter((x: any) => x.source === 'automatic' && x.status !== 'failed')
                  .reduce((u: number, x: any) => u + x.amount, 0),
              0,
            )
          const recorded = pays.filter((p) => p.razorpayPaymentId === w.paid.id).length
          const user = await account(trekker.id)
          const ledger = (
            await payload.find({
              collection: 'points-transactions',
              where: { user: { equals: trekker.id } },
              depth: 0,
              pagination: false,
              overrideAccess: true,
            })
          ).docs.reduce((t, r) => t + r.amount, 0)
          const b2 = await payload.findByID({
            collection: 'batches',
            id: batch.id,
            depth: 0,
            overrideAccess: true,
          })
          const live = row.status === 'pending' || row.status === 'confirmed' ? 1 : 0
          const bad: string[] = []
          if (recorded !== 1) {
            bad.push(`recorded ${recorded}`)
          }
          if (took !== row.amountPaid) {
            bad.push(`took ${took} paid ${row.amountPaid}`)
          }
          if (live && row.balanceDue !== (row.finalAmount ?? 0) - (row.amountPaid ?? 0)) {
            bad.push('balance')
          }
          if (!live && row.balanceDue !== 0) {
            bad.push('cancelled balance')
          }
          if ((row.refundDue ?? 0) + (row.refundedAmount ?? 0) > (row.amountPaid ?? 0)) {
            bad.push('refund>paid')
          }
          if (user.obsPoints !== ledger) {
            bad.push(`points ${user.obsPoints} ledger ${ledger}`)
          }
          if (b2.bookedSeats !== live) {
            bad.push(`seats ${b2.bookedSeats} live ${live}`)
          }
          if (row.status === 'confirmed' && row.balanceDue !== 0) {
            bad.push('confirmed owes')
          }
          if (row.status === 'pending' && row.balanceDue === 0) {
            bad.push('pending paid')
          }
          const own =
            ledger -
            (ra.status === 201 && a === 'points' ? 25 : 0) -
            (rb.status === 201 && b === 'points' ? 25 : 0)
          if (own !== (row.status === 'confirmed' ? 100 : 0)) {
            bad.push(`booking points ${own} ${row.status}`)
          }
          for (const p of pays) {
            const r = (p.refunds ?? [])
              .filter((x: any) => x.status !== 'failed')
              .reduce((t: number, x: any) => t + x.amount, 0)
            if (r > p.amount) {
              bad.push(`over-refund ${p.id}`)
            }
          }
          if (bad.length) {
            problems.push(
              `${a}/${b}@${k} [${ra.status},${rb.status}] ${row.status}: ${bad.join('; ')}`,
            )
          }
        }
      }
    }
    console.log(trials, JSON.stringify(statuses), '\n' + problems.join('\n'))
  }, 900_000)
})

describe('probe: marker crawl', () => {
  it('probe', async () => {
    const { viaRoute, graphqlPost } = await import('../hardening/route')
    const { createTrip } = await import('../emergency/trip')
    const { paragraph } = await import('../community/lexical')
    const { runJobs } = await import('../payments/world')
    const trip = await createTrip(payload)
    const other = await readyTrekker(payload)
    const tag = Math.random().toString(36).slice(2, 8).toUpperCase()
    const M: Record<string, string> = {
      phone: trip.trekker.email ? '' : '',
    }
    const trekkerRow = await account(trip.trekker.id)
    M.phone = trekkerRow.phone!
    M.dob = '1987-03-17'
    await payload.db.updateOne({
      collection: 'users',
      id: trip.trekker.id,
      data: { dateOfBirth: '1987-03-17T00:00:00.000Z' },
    })
    M.email = trip.trekker.email
    M.snapPhone = `+9190${Math.floor(10000000 + Math.random() * 89999999)}`
    M.snapContact = `+9191${Math.floor(10000000 + Math.random() * 89999999)}`
    await payload.db.updateOne({
      collection: 'bookings',
      id: trip.booking.id,
      data: { trekkerPhone: M.snapPhone, emergencyContactPhone: M.snapContact, trekkerAge: 39 },
    })
    M.contact = trip.contactPhones[0]
    M.satellite = trip.satellitePhone
    M.guidePhone = trip.guidePhone
    M.guideEmail = trip.guideEmail
    // a second departure the trekker booked, paid at the desk, refunded in part, called off
    const second = await bookableBatch(payload, { price: 10000 })
    const b2 = (await book(trip.trekker.token, second.batch.id)).body.doc
    const dp = await api('POST', `/bookings/${b2.id}/offline-payment`, {
      token: roles.cs.token,
      body: { amount: 1000, method: 'cash', reference: `REF${tag}` },
    })
    const rf = await api('POST', `/payments/${dp.body.payment.id}/refund`, {
      token: roles.finance.token,
      body: { amount: 300, reason: `RFD${tag}` },
    })
    M.calledOff = `CALLOFF${tag}`
    const co = await api('POST', `/batches/${second.batch.id}/cancel`, {
      token: roles.ops_manager.token,
      body: { reason: M.calledOff },
    })
    M.attention = 'must be paid back by hand'
    const post = await api('POST', '/posts', {
      token: trip.trekker.token,
      body: { kind: 'feed', body: paragraph(`Hello ${tag}`) },
    })
    // a hidden post, an SOS, a points row, a cancelled booking on the trip by another trekker
    M.hidden = `HIDE${tag}`
    const hide = await api('PATCH', `/posts/${post.body.doc.id}`, {
      token: roles.content.token,
      body: { status: 'hidden', hiddenReason: M.hidden },
    })
    M.sos = `SOS${tag}`
    const sos = await api('POST', '/incidents', {
      token: trip.trekker.token,
      body: {
        clientId: `c-${tag}`,
        latitude: 30.1,
        longitude: 78.2,
        occurredAt: new Date().toISOString(),
        message: M.sos,
        batch: trip.batch.id,
      },
    })
    M.points = `PTS${tag}`
    const pts = await api('POST', '/points-transactions', {
      token: roles.super_admin.token,
      body: { user: trip.trekker.id, amount: 10, reason: M.points },
    })
    const leaver = await readyTrekker(payload)
    M.leaverPhone = leaver.phone
    const lb = (await book(leaver.token, trip.batch.id)).body.doc
    const lc = await api('POST', `/bookings/${lb.id}/cancel`, { token: leaver.token, body: {} })
    await runJobs(payload)
    console.log(
      'setup',
      dp.status,
      rf.status,
      co.status,
      post.status,
      hide.status,
      sos.status,
      pts.status,
      lc.status,
    )
    const trekSlug = (
      await payload.findByID({
        collection: 'treks',
        id: trip.trek.id,
        depth: 0,
        overrideAccess: true,
      })
    ).slug
    const allowed: Record<string, string[]> = {
      phone: ['owner', 'super', 'ops', 'cs', 'tripGuide'],
      dob: ['owner', 'super', 'ops', 'cs', 'tripGuide'],
      email: ['owner', 'super', 'ops', 'cs', 'tripGuide', 'finance'],
      snapPhone: ['owner', 'super', 'ops', 'cs', 'tripGuide'],
      snapContact: ['owner', 'super', 'ops', 'cs', 'tripGuide'],
      contact: ['owner', 'super', 'ops', 'cs', 'tripGuide'],
      satellite: ['super', 'ops', 'cs', 'content', 'tripGuide'],
      guidePhone: ['super', 'ops', 'cs', 'tripGuide'],
      guideEmail: ['super', 'ops', 'cs', 'tripGuide', 'finance'],
      calledOff: ['super', 'ops', 'cs', 'finance', 'content'],
      attention: ['super', 'ops', 'cs', 'finance'],
      hidden: ['owner', 'super', 'cs', 'content'],
      sos: ['owner', 'super', 'ops', 'cs', 'tripGuide'],
      points: ['owner', 'super', 'ops', 'cs', 'finance'],
      leaverPhone: ['super', 'ops', 'cs'],
    }
    const tokens: Record<string, string | undefined> = {
      anon: undefined,
      owner: trip.trekker.token,
      other: other.token,
      tripGuide: trip.guideUser.token,
      otherGuide: roles.guide.token,
      content: roles.content.token,
      finance: roles.finance.token,
      cs: roles.cs.token,
      ops: roles.ops_manager.token,
      super: roles.super_admin.token,
    }
    const slugs = [
      'users',
      'bookings',
      'payments',
      'points-transactions',
      'emergency-contacts',
      'regions',
      'treks',
      'itinerary-days',
      'guides',
      'batches',
      'posts',
      'badges',
      'badge-awards',
      'incidents',
      'media',
      'notification-deliveries',
      'razorpay-events',
    ]
    const leaks = new Set<string>()
    const seen: Record<string, Set<string>> = {}
    const gqlErrors: Record<string, number> = {}
    const check = (who: string, where: string, text: string) => {
      for (const [name, value] of Object.entries(M)) {
        if (value && text.includes(value)) {
          ;(seen[who] ??= new Set()).add(name)
        }
        if (value && text.includes(value) && !allowed[name]?.includes(who)) {
          leaks.add(`${who} ${name} via ${where}`)
        }
      }
    }
    // GraphQL schema for selections
    const intro = await viaRoute(
      'POST',
      '/api/graphql',
      {
        token: roles.super_admin.token,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          query:
            '{ __schema { queryType { fields { name args { name } type { name kind ofType { name } } } } types { name kind fields { name args { name type { kind } } type { name kind ofType { name kind ofType { name kind ofType { name } } } } } } } }',
        }),
      },
      graphqlPost,
    )
    const types = new Map<string, any>(intro.body.data.__schema.types.map((t: any) => [t.name, t]))
    const named = (t: any): any => (t.name ? t : named(t.ofType))
    const selection = (typeName: string, depth: number): string => {
      const type = types.get(typeName)
      if (!type?.fields) {
        return ''
      }
      const parts: string[] = []
      for (const f of type.fields) {
        if (f.args?.some((a: any) => a.type.kind === 'NON_NULL')) {
          continue
        }
        const t = named(f.type)
        const kind = types.get(t.name)?.kind
        if (kind === 'OBJECT' || kind === 'UNION' || kind === 'INTERFACE') {
          if (depth > 0 && kind === 'OBJECT') {
            const inner = selection(t.name, depth - 1)
            if (inner) {
              parts.push(`${f.name} { ${inner} }`)
            }
          }
        } else {
          parts.push(f.name)
        }
      }
      return parts.join(' ')
    }
    const listFields = intro.body.data.__schema.queryType.fields.filter(
      (f: any) =>
        f.args.some((a: any) => a.name === 'where') && f.args.some((a: any) => a.name === 'limit'),
    )
    let requests = 0
    for (const [who, token] of Object.entries(tokens)) {
      for (const slug of slugs) {
        for (const depth of [0, 1, 2, 3]) {
          const r = await viaRoute('GET', `/api/${slug}?depth=${depth}&limit=100`, { token })
          requests++
          check(who, `REST ${slug} d${depth}`, JSON.stringify(r.body))
        }
      }
      for (const path of [
        '/api/users/me?depth=3',
        `/api/treks/slug/${trekSlug}`,
        `/api/treks/slug/${trekSlug}/batches`,
        '/api/posts/feed',
        `/api/bookings/${trip.booking.id}?depth=3`,
        `/api/batches/${second.batch.id}?depth=3`,
        `/api/batches/${trip.batch.id}?depth=3`,
        `/api/guides/${trip.guide.id}?depth=3`,
      ]) {
        const r = await viaRoute('GET', path, { token })
        requests++
        check(who, `REST ${path}`, JSON.stringify(r.body))
      }
      for (const f of listFields) {
        const docType = named(
          types.get(named(f.type).name).fields.find((x: any) => x.name === 'docs').type,
        ).name
        for (const depth of [1, 2]) {
          const query = `{ ${f.name}(limit: 50) { docs { ${selection(docType, depth)} } } }`
          const r = await viaRoute(
            'POST',
            '/api/graphql',
            {
              token,
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ query }),
            },
            graphqlPost,
          )
          requests++
          if (r.status >= 500) {
            leaks.add(`${who} 5xx GraphQL ${f.name} d${depth}`)
          }
          if (r.body?.errors?.length) {
            const key = `${r.body.errors[0].message}`.slice(0, 60)
            gqlErrors[key] = (gqlErrors[key] ?? 0) + 1
          }
          check(who, `GQL ${f.name} d${depth}`, JSON.stringify(r.body))
        }
      }
    }
    console.log(
      requests,
      [...leaks].join('\n'),
      JSON.stringify(Object.fromEntries(Object.entries(seen).map(([k, v]) => [k, [...v]]))),
      JSON.stringify(gqlErrors),
    )
  }, 600_000)
})

describe('probe: internal collections by role', () => {
  it('probe', async () => {
    const { viaRoute, graphqlPost } = await import('../hardening/route')
    const slugs = [
      'notification-deliveries',
      'razorpay-events',
      'payload-jobs',
      'badge-awards',
      'payload-locked-documents',
      'payload-preferences',
      'payload-migrations',
      'points-transactions',
      'payments',
      'bookings',
      'incidents',
      'emergency-contacts',
      'users',
      'media',
    ]
    const gqlNames: Record<string, string> = {
      'notification-deliveries': 'NotificationDeliveries',
      'razorpay-events': 'RazorpayEvents',
      'payload-jobs': 'PayloadJobs',
      'badge-awards': 'BadgeAwards',
      'payload-locked-documents': 'PayloadLockedDocuments',
      'payload-preferences': 'PayloadPreferences',
      'payload-migrations': 'PayloadMigrations',
      'points-transactions': 'PointsTransactions',
      payments: 'Payments',
      bookings: 'Bookings',
      incidents: 'Incidents',
      'emergency-contacts': 'EmergencyContacts',
      users: 'Users',
      media: 'allMedia',
    }
    const who: Record<string, string | undefined> = {
      anon: undefined,
      trekker: roles.trekker.token,
      guide: roles.guide.token,
      content: roles.content.token,
      finance: roles.finance.token,
      cs: roles.cs.token,
      ops: roles.ops_manager.token,
    }
    const out: string[] = []
    for (const slug of slugs) {
      const row: string[] = [slug.padEnd(26)]
      for (const [name, token] of Object.entries(who)) {
        const rest = await viaRoute('GET', `/api/${slug}?limit=1&depth=0`, { token })
        const gql = await viaRoute(
          'POST',
          '/api/graphql',
          {
            token,
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ query: `{ ${gqlNames[slug]}(limit: 1) { totalDocs } }` }),
          },
          graphqlPost,
        )
        const g =
          gql.body?.data?.[gqlNames[slug]]?.totalDocs ??
          gql.body?.errors?.[0]?.message?.slice(0, 20)
        row.push(`${name}:${rest.status}/${rest.body?.totalDocs ?? '-'}|${g}`)
      }
      out.push(row.join(' '))
    }
    console.log(out.join('\n'))
  })
})
