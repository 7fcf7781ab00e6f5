/**
 * Thirty-sixth review round (a fresh reviewer, an hour), aimed at money end to end (webhooks
 * replayed, reordered and delivered twice at once, verify, desk payments, refunds partial and full,
 * call-offs, points), seats under bursts, sessions and refresh-token families under random and
 * simultaneous sign-outs and password changes, federated sign-in races, every role's writes against
 * the contract's table, and deeply nested input. Each finding was an `it.failing` that asserted the
 * right behaviour (each was also run as a plain `it` and failed on the asserted line); all are
 * fixed on main and are plain tests now (finding 4 through the Next route, where the depth is
 * checked; finding 7's cancellation waits for the open order, then follows the policy). Run
 * in-process through tests/helpers/api.ts, the Razorpay fake (tests/payments/world.ts), the Google
 * and Apple fakes (tests/users/helpers) and tests/emergency/trip.ts; one race is held in place with
 * a second connection holding the account row (tests/helpers/lockWaits.ts).
 *
 * Findings: (1) a payment a super admin creates as a payments row (REST, or the admin's Payments
 * form, which the collection's access allows) never reaches its booking: the booking stays unpaid,
 * its hold expires and frees the seat, and the cash stays recorded as received with nothing owed
 * back (low-medium); (2) a super admin's edit of an open order's payment to `success` is taken as
 * money received: the trekker's real capture that follows is refunded as a "second payment" and the
 * booking stays unpaid until its hold lapses (low-medium); (3) a super admin may delete a payment
 * row that paid for a live booking, after which a call-off owes the trekker nothing back (refundDue
 * ₹0 on a booking paid ₹4,000) since the refund is read from the payment rows (medium); (4) lists
 * nested 10,000 deep in a trek's `faqs` (content, ops, super admin) or any value nested so in a
 * field of the admin's preferences (any staff member) (REST, and GraphQL with the value as a
 * variable) answer 500 (Payload's deep copy of the data overflows the stack); a super admin's
 * `nextBatch` too (low); (5) a trek's FAQ list with a row that is not an object (`[1]`, `[null]`,
 * `["x"]`, `[[]]`) is answered 200 and stored as an empty list, every FAQ gone (low); (6) anyone,
 * signed in or not, gets an empty 500 from POST /api/graphql (the Next route) for an invalid query
 * that a check run before GraphQL's validation cannot read: fragments that spread each other, and
 * `@skip`/`@include` on a variable never declared or nullable and unsent (low-medium); (7) a
 * trekker who pays and cancels before Razorpay's report reaches OBS gets the whole payment back
 * whatever the policy says: the capture, made while the booking was live, is judged "received for a
 * cancelled booking" and refunded in full (₹5,000 back on a cancellation three days out, where the
 * policy gives ₹0; the same steps with the report first give ₹0; a cs cancellation 40 days out
 * likewise gave ₹5,000 back where the policy's 90 % is ₹4,500, run) (low). The comment in
 * Payments.ts says payments are "never written through the REST API", and offlinePayment passes a
 * `bookingBalanceApplied` context to a payments hook that does not exist: findings 1 to 3 share
 * that root.
 *
 * Tried and held (run): six seeds of 14 steps of sign-ins, refreshes, sign-outs, sign-outs
 * everywhere and password changes: every refreshed access token died with its rotation, nothing
 * issued before a sign-out everywhere or a password change worked after it; six rounds of two
 * refreshes, a third sign-in's refresh and a sign-out everywhere or password change all at once: no
 * refreshed session outlived the sign-out. GraphQL `loginUser` then `logoutUser`: the token dead. A
 * sign-in with the old password at the moment of a password change (16 rounds, and once with the
 * account row held until both queued): the new password stands, the old one 401, and any session
 * the racing sign-in got is dead (me 401, refresh 401); a profile edit racing two sign-ins keeps
 * the edit; cs's sign-out everywhere racing a sign-in leaves the earlier token dead. Five
 * simultaneous Google sign-ins of one new account (four rounds): one account, one `isNewUser`;
 * Google and Apple with one new verified address at once, and a password sign-up racing a Google
 * sign-in of its address: one account, no 5xx. Money walk, 40 seeds of 40 steps on one booking
 * (checkouts; captures and failures at the fake; `payment.captured` and `order.paid` for each
 * capture, delivered in random order, a third of them twice at once, half left for later; verify
 * with the checkout signature; cs desk payments of ₹1,000 and the whole price; finance refunds of
 * ₹700 or the rest; refund jobs with Razorpay answering `processed` or `pending`;
 * `refund.processed`/`refund.failed` delivered twice at once; trekker and cs cancellations; holds
 * expired and the expiry job run), a quarter of the steps two at once, and again with Razorpay
 * answering 500/503 to one or two calls before a fifth of the steps: after every step the money
 * Razorpay and the desk took less automatic refunds equalled `amountPaid`, no payment's refunds
 * exceeded it, balances matched, no confirmed booking owed and no pending one was paid, no
 * cancelled one owed, points equalled the ledger and were 100 exactly for a confirmed booking; once
 * Razorpay answered again every leftover event applied cleanly and no order captured at Razorpay
 * stayed pending here; no 5xx beyond checkout's 502 during an outage. A call-off after mixed desk
 * and online part-payments and goodwill refunds (processed, pending, refused by Razorpay, desk ones
 * paid by hand or not), 16 seeds: everything still held was given back once (refunds given or owed
 * equal to `amountPaid`), no payment over-refunded. Seats: ten seeds of 12 bursts of 3 to 8
 * simultaneous operations on a three-seat departure (trekker and desk bookings, trekker and cs
 * cancellations, desk payments of the balance, ops resizes to 1–4 seats, holds expired): never more
 * live bookings than seats, `bookedSeats`/`availableSeats` true, no `full` with a seat free nor
 * `open` with none, never two live bookings of one trekker, no 5xx. Contract writes: REST `PATCH`
 * and GraphQL `update<Collection>` by super admin, ops, cs, finance, content, the trip's guide, the
 * owner and another trekker on a region, trek, itinerary day, batch, guide card (bio, and
 * certifications), the trekker's profile, a booking's source, a payment, a points row, an emergency
 * contact and a post: stored exactly for the roles the contract's table gives (192 writes); REST
 * creates of regions, itinerary days, batches, guides, payments, points rows, emergency contacts (a
 * trekker's filed under themselves), posts and badges, and deletes of posts, contacts and points
 * rows by each role: as the table says. Bodies with values nested 10,000 and 100,000 deep (lists
 * and objects) to a profile, a booking, a post, an emergency contact, token refresh, login, OTP
 * request, a desk payment, verify, a batch's guide and a GraphQL `where` variable: 4xx each
 * (finding 4 is the trek's); a sweep of every field of every collection with such values as a super
 * admin and a trekker: 500 only for finding 4's fields (and KNOWN's migrations 501); JSON `where`,
 * `select`, `populate`, `joins`, `sort`, `depth` and `limit` nested 1,000 to 20,000 deep,
 * `where[and][0]…` 2,000 deep in the query string, GraphQL selections 3,000 deep, 20,000 root
 * fields, `AND` 1,500 deep and list literals 5,000 deep: never a 5xx; GraphQL
 * `createPayloadPreference` and `updateTrek` with list literals up to 30,000 deep: 400 (its message
 * is "Maximum call stack size exceeded", but no 500). Points by super admin adjustments across
 * every threshold (999, 1,000, 2,999, 3,000, 6,999, 7,000, 14,999, 15,000, back to 0): the
 * contract's tiers, never lowered, a take below zero 400, and twelve awards at once summed exactly.
 * Ten seeds of one booking paid at the desk and online, then at once two finance refunds (online
 * and desk), a cs or trekker cancellation, an ops call-off and the refund jobs, then two
 * simultaneous payouts by hand of each desk refund (one 200, one 409) and every Razorpay refund
 * event delivered twice: no 5xx, nothing given back beyond what was paid, everything given back
 * when the call-off took the booking, the money invariants above kept. Through the GraphQL route:
 * 42 odd but parseable queries (unknown fragment types, directives, `limit: -1` and 99,999,999,999,
 * `page: 0`, empty `sort`, `draft`, `locale`, ids 0, -1 and 2^31-1, duplicate aliases, root-level
 * inline fragments, `mutation { __typename }`, two operations without a name, bad variable
 * defaults, `docAccessTrek`, `versionsTreks`) anonymous, as a trekker and a super admin: no 5xx but
 * finding 6's; an array of 50 operations: 400 "Missing query"; `subscription`: 400; GET
 * /api/graphql: 404 (no route). Two call-offs of one departure at once with a trekker's and cs's
 * cancellations and a new booking (six rounds): one call-off 200, each booking refunded once and
 * never beyond its price, no live booking left, no 5xx. cs copying a signed, paid booking for
 * another trekker (REST `POST /api/bookings/:id/duplicate` with `user`): the copy pending with that
 * trekker's own name and emergency contact, ₹0 paid, the full balance due and its documents
 * unsigned; GraphQL `duplicateBooking` back onto the first trekker: "This trekker already holds a
 * seat". Three hold expiries and two lifecycle runs at once over six holds (four lapsed): four
 * expired in all, each once, two still pending, the seat count 2 and the departure `open`. Google
 * ID tokens carrying an existing password account's address with `email_verified` false, "false",
 * missing, in upper case, or with a leading space: never that account's session, no Google link on
 * it, its password sign-in intact. Read in the code and found sound: the refresh-token family
 * revocation (newest 100 rows, sorted `-createdAt`), Payload's logout `allSessions` parsing
 * matching the hook's, the webhook's event claim and the refund events' matching by our note, the
 * refund job's give-up path, the checkout's in-process order sharing, desk refunds paid by hand
 * under the payment lock, the payments export's neutralised cells and bounds, badge awards claimed
 * by a unique insert, the public cache's key and generation, the jobs' run access.
 *
 * Not written up, for the lead to weigh: (1) A super admin may also move a payment to another
 * booking, change its amount, or set a successful one `failed` by an edit (the fields are not
 * server-written), with the effects of findings 1 to 3 (a payment set `failed` drops out of what a
 * call-off or cancellation refunds; read, not run). (2) A trekker with live bookings may be made
 * staff by a super admin, though a booking for a staff account is refused ("Bookings are for
 * trekker accounts"): the guide's roster then lists a staff account (read). (3) GraphQL answers a
 * literal nested a few thousand deep with 400 "Maximum call stack size exceeded", an internal
 * message (run; harmless). (4) Tiers only go up (contract), so bookings paid and then cancelled far
 * ahead (90 % back) still count toward a tier: ten such bookings reach trail_blazer for about 10 %
 * of their price (read; the contract's rule, noted). (5) Finding 5's rows are dropped by Payload's
 * own array handling, so other array fields written by clients may do the same (only `faqs` is such
 * a field today besides server-written ones; read).
 *
 * The lead's answers: (1) mended with findings 1-3: a payment's booking, amount, currency and
 * status are the server's once written. (2) Mended (round 35's finding 10): a trekker holding a
 * live booking cannot be made staff. (3) and (4) stay as they are (harmless; the contract's
 * rule). (5) Mended: the guard judges every list-of-rows field, not only `faqs`. Finding 7's cs
 * case is left to the desk: a desk cancellation while a payment is in flight refunds it in full
 * when it arrives (a known shortcoming; the desk can wait for the payment first).
 */
import { describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api, graphql } from '../helpers/api'
import { viaRoute as viaRouteHere } from '../hardening/route'
import { createUser, TEST_PASSWORD } from '../helpers/fixtures'
import { webhookEvent, type FakeRazorpay } from '../fakes/razorpay'
import { useFakeIdentityProviders } from '../users/helpers/fakeIdentityProviders'
import { createTrip } from '../emergency/trip'
import { paragraph, textOf } from '../community/lexical'
import { connected, untilLockWaiters } from '../helpers/lockWaits'
import {
  createPendingBooking,
  createTrekBatch,
  deliver,
  expireHold,
  type RoleUsers,
  runJobs,
  usePaymentsWorld,
} from '../payments/world'

let payload: Payload
let roles: RoleUsers
let fake: FakeRazorpay
const providers = useFakeIdentityProviders()

usePaymentsWorld((world) => {
  payload = world.payload
  roles = world.roles
  fake = world.fake
})

/** A small seeded random generator, so a failing walk can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

type Held = { token: string; refreshToken: string; at: number }

describe('sessions under random interleavings', () => {
  it('no token issued before a sign-out everywhere or a password change works after it', async () => {
    const problems: string[] = []
    for (let seed = 1; seed <= 6; seed++) {
      const random = rng(seed)
      const user = await createUser(payload, null)
      let password = TEST_PASSWORD
      const live: Held[] = []
      let clock = 0
      const login = async () => {
        const res = await api('POST', '/users/login', {
          body: { email: user.email, password },
        })
        if (res.status !== 200) {
          problems.push(`seed ${seed}: login ${res.status} ${JSON.stringify(res.body)}`)
          return
        }
        live.push({ token: res.body.token, refreshToken: res.body.refreshToken, at: ++clock })
      }
      await login()
      await login()
      for (let step = 0; step < 14; step++) {
        const pick = random()
        if (pick < 0.25) {
          await login()
        } else if (pick < 0.55 && live.length) {
          const held = live[Math.floor(random() * live.length)]
          const res = await api('POST', '/users/token/refresh', {
            body: { refreshToken: held.refreshToken },
          })
          if (res.status === 200) {
            // The old access token is replaced by the new one.
            const old = await api('GET', '/users/me', { token: held.token })
            if (old.status === 200 && old.body.user) {
              problems.push(`seed ${seed}: access token still works after its refresh`)
            }
            held.token = res.body.token
            held.refreshToken = res.body.refreshToken
          } else {
            live.splice(live.indexOf(held), 1)
          }
        } else if (pick < 0.7 && live.length) {
          const held = live[Math.floor(random() * live.length)]
          const res = await api('POST', '/users/logout', { token: held.token })
          if (res.status !== 200) {
            problems.push(`seed ${seed}: logout ${res.status}`)
          }
          const again = await api('POST', '/users/token/refresh', {
            body: { refreshToken: held.refreshToken },
          })
          if (again.status !== 401) {
            problems.push(`seed ${seed}: refresh after logout ${again.status}`)
          }
          live.splice(live.indexOf(held), 1)
        } else if (pick < 0.85 && live.length) {
          const held = live[Math.floor(random() * live.length)]
          const res = await api('POST', '/users/logout?allSessions=true', { token: held.token })
          if (res.status !== 200) {
            problems.push(`seed ${seed}: logout all ${res.status}`)
          }
          for (const other of live) {
            const me = await api('GET', '/users/me', { token: other.token })
            if (me.body?.user) {
              problems.push(`seed ${seed}: access token alive after logout everywhere`)
            }
            const r = await api('POST', '/users/token/refresh', {
              body: { refreshToken: other.refreshToken },
            })
            if (r.status !== 401) {
              problems.push(`seed ${seed}: refresh ${r.status} after logout everywhere`)
            }
          }
          live.length = 0
          await login()
        } else if (live.length) {
          const held = live[Math.floor(random() * live.length)]
          const next = `New-pass-${seed}-${step}-x`
          const res = await api('PATCH', `/users/${user.id}`, {
            token: held.token,
            body: { password: next, currentPassword: password },
          })
          if (res.status !== 200) {
            problems.push(`seed ${seed}: password change ${res.status} ${JSON.stringify(res.body)}`)
            continue
          }
          password = next
          for (const other of live) {
            const me = await api('GET', '/users/me', { token: other.token })
            if (me.body?.user) {
              problems.push(`seed ${seed}: access token alive after password change`)
            }
            const r = await api('POST', '/users/token/refresh', {
              body: { refreshToken: other.refreshToken },
            })
            if (r.status !== 401) {
              problems.push(`seed ${seed}: refresh ${r.status} after password change`)
            }
          }
          live.length = 0
          await login()
        }
      }
    }
    expect(problems).toEqual([])
  })

  it('concurrent refreshes, logouts and password changes leave no live token behind', async () => {
    const problems: string[] = []
    for (let round = 0; round < 6; round++) {
      const user = await createUser(payload, null)
      const sessions: Held[] = []
      for (let i = 0; i < 4; i++) {
        const res = await api('POST', '/users/login', {
          body: { email: user.email, password: TEST_PASSWORD },
        })
        sessions.push({ token: res.body.token, refreshToken: res.body.refreshToken, at: i })
      }
      const results = await Promise.all([
        api('POST', '/users/token/refresh', { body: { refreshToken: sessions[0].refreshToken } }),
        api('POST', '/users/token/refresh', { body: { refreshToken: sessions[1].refreshToken } }),
        round % 2
          ? api('POST', '/users/logout?allSessions=true', { token: sessions[2].token })
          : api('PATCH', `/users/${user.id}`, {
              token: sessions[2].token,
              body: { password: 'Another-pass-99', currentPassword: TEST_PASSWORD },
            }),
        api('POST', '/users/token/refresh', { body: { refreshToken: sessions[3].refreshToken } }),
      ])
      const ended = results[2]
      if (ended.status !== 200) {
        problems.push(`round ${round}: end ${ended.status} ${JSON.stringify(ended.body)}`)
        continue
      }
      for (const [i, res] of results.entries()) {
        if (i === 2 || res.status !== 200) {
          if (i !== 2 && res.status >= 500) {
            problems.push(`round ${round}: ${i} ${res.status}`)
          }
          continue
        }
        const me = await api('GET', '/users/me', { token: res.body.token })
        if (me.body?.user) {
          problems.push(`round ${round}: refreshed session ${i} alive after the sign-out`)
        }
        const r = await api('POST', '/users/token/refresh', {
          body: { refreshToken: res.body.refreshToken },
        })
        if (r.status === 200) {
          problems.push(`round ${round}: refreshed token ${i} rotates after the sign-out`)
        }
      }
    }
    expect(problems).toEqual([])
  })

  it('GraphQL loginUser and logoutUser', async () => {
    const user = await createUser(payload, null)
    const res = await graphql<any>(
      `mutation { loginUser(email: "${user.email}", password: "${TEST_PASSWORD}") { token exp user { id email } } }`,
    )
    expect(res.body.errors).toBeUndefined()
    const token = res.body.data.loginUser.token as string
    const out = await graphql<any>(
      `
        mutation {
          logoutUser
        }
      `,
      undefined,
      token,
    )
    expect(out.body.errors).toBeUndefined()
    const me = await api('GET', '/users/me', { token })
    expect(me.body.user).toBeFalsy()
    void roles
  })
})

type Ev = { eventId: string; body: string }

/** Every money invariant of one booking and its payments, as text for each breach. */
async function moneyBreaches(bookingId: number, userId: number, tag: string) {
  const out: string[] = []
  const b = await payload.findByID({
    collection: 'bookings',
    id: bookingId,
    depth: 0,
    overrideAccess: true,
  })
  const pays = (
    await payload.find({
      collection: 'payments',
      where: { booking: { equals: bookingId } },
      depth: 0,
      pagination: false,
      overrideAccess: true,
    })
  ).docs
  const r2 = (n: number) => Math.round(n * 100) / 100
  const received = r2(
    pays
      .filter((p) => p.status === 'success' || p.status === 'refunded')
      .reduce((a, p) => a + p.amount, 0),
  )
  const automatic = r2(
    pays
      .flatMap((p) => p.refunds ?? [])
      .filter((r) => r.source === 'automatic')
      .reduce((a, r) => a + r.amount, 0),
  )
  if (r2(received - automatic) !== r2(b.amountPaid ?? 0)) {
    out.push(
      `${tag}: received ${received} less automatic ${automatic} != amountPaid ${b.amountPaid}`,
    )
  }
  for (const p of pays) {
    const held = r2(
      (p.refunds ?? []).filter((r) => r.status !== 'failed').reduce((a, r) => a + r.amount, 0),
    )
    if (held > p.amount) {
      out.push(`${tag}: payment ${p.id} refunds ${held} > ${p.amount}`)
    }
    const rzp = p.razorpayPaymentId ? fake.payments.get(p.razorpayPaymentId) : undefined
    if (rzp && rzp.amount_refunded > rzp.amount) {
      out.push(`${tag}: razorpay over-refunded`)
    }
    if (rzp && p.status === 'success' && rzp.status === 'failed') {
      out.push(`${tag}: payment ${p.id} success but Razorpay failed`)
    }
  }
  if (b.status === 'pending' || b.status === 'confirmed') {
    if (r2((b.finalAmount ?? 0) - (b.amountPaid ?? 0)) !== r2(b.balanceDue ?? 0)) {
      out.push(`${tag}: balance ${b.balanceDue} != ${b.finalAmount} - ${b.amountPaid}`)
    }
    if (b.status === 'confirmed' && (b.balanceDue ?? 0) > 0) {
      out.push(`${tag}: confirmed owing`)
    }
    if (b.status === 'pending' && (b.balanceDue ?? 0) <= 0) {
      out.push(`${tag}: pending paid`)
    }
  }
  if (b.status === 'cancelled' && (b.balanceDue ?? 0) !== 0) {
    out.push(`${tag}: cancelled owes`)
  }
  const ledger = (
    await payload.find({
      collection: 'points-transactions',
      where: { user: { equals: userId } },
      pagination: false,
      depth: 0,
      overrideAccess: true,
    })
  ).docs
  const user = await payload.findByID({
    collection: 'users',
    id: userId,
    depth: 0,
    overrideAccess: true,
  })
  const sum = ledger.reduce((a, r) => a + r.amount, 0)
  if (sum !== (user.obsPoints ?? 0)) {
    out.push(`${tag}: points ${user.obsPoints} != ledger ${sum}`)
  }
  const bookingPoints = ledger
    .filter((r) => Number(r.booking) === bookingId)
    .reduce((a, r) => a + r.amount, 0)
  const expected = b.status === 'confirmed' || b.status === 'completed' ? 100 : 0
  if (bookingPoints !== expected) {
    out.push(`${tag}: booking points ${bookingPoints} with status ${b.status}`)
  }
  return out
}

describe('money walk: webhook replays, reorders and concurrency on one booking', () => {
  it.each([
    ['with Razorpay answering', false],
    ['with Razorpay outages', true],
  ])(
    'keeps the books straight %s',
    async (_name, outages) => {
      const problems: string[] = []
      const statuses: Record<string, number> = {}
      for (let seed = 1; seed <= 40; seed++) {
        const random = rng(seed * 7919)
        const amount = 5000
        const { batch } = await createTrekBatch(payload, {
          price: amount,
          startsInDays: 40 + seed,
        })
        const world = await createPendingBooking(payload, { amount, batch })
        const trekkerLogin = await api('POST', '/users/login', {
          body: { email: world.user.email, password: TEST_PASSWORD },
        })
        const trekker = trekkerLogin.body.token as string
        const bookingId = world.booking.id
        const pending: Ev[] = []
        const captured: Array<{ orderId: string; paymentId: string }> = []
        const note = (what: string, status: number) => {
          const key = `${what} ${status}`
          statuses[key] = (statuses[key] ?? 0) + 1
          if (status >= 500 && !(outages && (status === 502 || status === 503))) {
            problems.push(`seed ${seed}: ${what} ${status}`)
          }
        }
        const step = async (i: number) => {
          if (outages && random() < 0.2) {
            fake.failNext = {
              count: 1 + Math.floor(random() * 2),
              status: random() < 0.5 ? 503 : 500,
            }
          }
          const pick = random()
          if (pick < 0.15) {
            const res = await api('POST', `/bookings/${bookingId}/checkout`, { token: trekker })
            note('checkout', res.status)
            if (res.status === 201 || res.status === 200) {
              const orderId = res.body.orderId as string
              if (random() < 0.25) {
                const p = fake.fail(orderId)
                pending.push(webhookEvent('payment.failed', { payment: p }))
              } else {
                const p = fake.capture(orderId)
                captured.push({ orderId, paymentId: p.id })
                pending.push(webhookEvent('payment.captured', { payment: p }))
                pending.push(
                  webhookEvent('order.paid', { payment: p, order: fake.orders.get(orderId) }),
                )
              }
            }
          } else if (pick < 0.4 && pending.length) {
            const ev = pending[Math.floor(random() * pending.length)]
            const twice = random() < 0.3
            const res = await Promise.all(twice ? [deliver(ev), deliver(ev)] : [deliver(ev)])
            for (const r of res) {
              note('webhook', r.status)
            }
            if (random() < 0.5) {
              pending.splice(pending.indexOf(ev), 1)
            }
          } else if (pick < 0.5 && captured.length) {
            const c = captured[Math.floor(random() * captured.length)]
            const res = await api('POST', '/payments/verify', {
              token: trekker,
              body: {
                razorpayOrderId: c.orderId,
                razorpayPaymentId: c.paymentId,
                razorpaySignature: fake.checkoutSignature(c.orderId, c.paymentId),
              },
            })
            note('verify', res.status)
          } else if (pick < 0.6) {
            const res = await api('POST', `/bookings/${bookingId}/offline-payment`, {
              token: roles.cs.token,
              body: {
                amount: random() < 0.5 ? 1000 : amount,
                method: 'cash',
                reference: `R-${seed}-${i}`,
              },
            })
            note('desk', res.status)
          } else if (pick < 0.72) {
            const pays = (
              await payload.find({
                collection: 'payments',
                where: { booking: { equals: bookingId }, status: { equals: 'success' } },
                depth: 0,
                overrideAccess: true,
              })
            ).docs
            if (pays.length) {
              const p = pays[Math.floor(random() * pays.length)]
              const res = await api('POST', `/payments/${p.id}/refund`, {
                token: roles.finance.token,
                body:
                  random() < 0.5
                    ? { amount: 700, reason: `goodwill ${i}` }
                    : { reason: `all ${i}` },
              })
              note('refund', res.status)
            }
          } else if (pick < 0.8) {
            fake.refundStatus = random() < 0.5 ? 'processed' : 'pending'
            await runJobs(payload)
            fake.refundStatus = 'pending'
          } else if (pick < 0.88) {
            const mine = [...fake.refunds.values()].filter((r) => r.status === 'pending')
            if (mine.length) {
              const r = mine[Math.floor(random() * mine.length)]
              r.status = random() < 0.8 ? 'processed' : 'failed'
              const ev = webhookEvent(`refund.${r.status}`, { refund: r })
              const res = await Promise.all([deliver(ev), deliver(ev)])
              for (const x of res) {
                note('refund event', x.status)
              }
            }
          } else if (pick < 0.92 && random() < 0.4) {
            const res = await api('POST', `/bookings/${bookingId}/cancel`, {
              token: random() < 0.5 ? trekker : roles.cs.token,
              body: { reason: 'plans changed' },
            })
            note('cancel', res.status)
          } else if (random() < 0.3) {
            await expireHold(payload, bookingId)
            await payload.jobs.queue({ task: 'expireBookingHolds' as never, input: {} as never })
            await runJobs(payload)
          }
        }
        for (let i = 0; i < 40; i++) {
          // Now and then two steps at once.
          if (random() < 0.25) {
            await Promise.all([step(i), step(i + 1000)])
          } else {
            await step(i)
          }
          fake.failNext = { count: 0, status: 503 }
          problems.push(
            ...(await moneyBreaches(bookingId, world.user.id, `seed ${seed} step ${i}`)),
          )
          if (problems.length > 20) {
            break
          }
        }
        // Razorpay back: every queued refund goes out and every event is delivered.
        fake.refundStatus = 'processed'
        await runJobs(payload)
        for (const ev of pending) {
          await deliver(ev)
        }
        fake.refundStatus = 'pending'
        problems.push(...(await moneyBreaches(bookingId, world.user.id, `seed ${seed} settled`)))
        const b = await payload.findByID({
          collection: 'bookings',
          id: bookingId,
          depth: 0,
          overrideAccess: true,
        })
        const pays = (
          await payload.find({
            collection: 'payments',
            where: { booking: { equals: bookingId } },
            depth: 0,
            overrideAccess: true,
            pagination: false,
          })
        ).docs
        const queued = pays.flatMap((p) => (p.refunds ?? []).filter((r) => r.status === 'queued'))
        // With outages a refund may wait out its retry's backoff (30 s and more): not counted.
        if (queued.length && !outages) {
          problems.push(
            `seed ${seed}: ${queued.length} refunds still queued after Razorpay came back`,
          )
        }
        // Money Razorpay took for this booking is either on the booking or owed back.
        for (const p of pays) {
          if (p.status === 'pending' && p.razorpayOrderId) {
            const captured = [...fake.payments.values()].filter(
              (x) => x.order_id === p.razorpayOrderId && x.status === 'captured',
            )
            if (captured.length) {
              problems.push(
                `seed ${seed}: order ${p.razorpayOrderId} captured at Razorpay, pending here`,
              )
            }
          }
        }
        void b
      }
      console.log(JSON.stringify(statuses))
      expect(problems).toEqual([])
    },
    600_000,
  )
})

describe('federated sign-in at once', () => {
  const usersWith = async (where: Record<string, unknown>) =>
    (
      await payload.find({
        collection: 'users',
        where: where as never,
        depth: 0,
        overrideAccess: true,
        pagination: false,
      })
    ).docs

  it('one new Google account signing in five times at once makes one account', async () => {
    const problems: string[] = []
    for (let round = 0; round < 4; round++) {
      const sub = `google-r36-${round}-${Date.now()}`
      const email = `r36-${round}-${Date.now()}@gmail.test`
      const tokens = await Promise.all(
        [0, 1, 2, 3, 4].map(() =>
          providers.google.sign(sub, { claims: { email, email_verified: true } }),
        ),
      )
      const answers = await Promise.all(
        tokens.map((idToken) => api('POST', '/users/google', { body: { idToken } })),
      )
      const statuses = answers.map((a) => a.status)
      if (statuses.some((s) => s >= 500)) {
        problems.push(`round ${round}: ${statuses}`)
      }
      const ids = new Set(answers.filter((a) => a.status === 200).map((a) => a.body.user.id))
      if (ids.size > 1) {
        problems.push(`round ${round}: ${ids.size} accounts answered`)
      }
      const rows = await usersWith({ email: { equals: email } })
      if (rows.length !== 1) {
        problems.push(`round ${round}: ${rows.length} rows`)
      }
      const news = answers.filter((a) => a.body?.isNewUser === true).length
      if (news > 1) {
        problems.push(`round ${round}: ${news} answers say isNewUser`)
      }
      if (!statuses.includes(200)) {
        problems.push(`round ${round}: none 200 ${statuses}`)
      }
    }
    expect(problems).toEqual([])
  })

  it('Google and Apple with one new verified address at once', async () => {
    const problems: string[] = []
    for (let round = 0; round < 4; round++) {
      const email = `r36-both-${round}-${Date.now()}@gmail.test`
      const [g, a] = await Promise.all([
        providers.google.sign(`g-${round}-${Date.now()}`, {
          claims: { email, email_verified: true },
        }),
        providers.apple.sign(`a-${round}-${Date.now()}`, {
          claims: { email, email_verified: true },
        }),
      ])
      const answers = await Promise.all([
        api('POST', '/users/google', { body: { idToken: g } }),
        api('POST', '/users/apple', { body: { idToken: a } }),
      ])
      const statuses = answers.map((x) => x.status)
      if (statuses.some((s) => s >= 500)) {
        problems.push(`round ${round}: ${statuses} ${JSON.stringify(answers.map((x) => x.body))}`)
      }
      const rows = await usersWith({ email: { equals: email } })
      if (rows.length !== 1) {
        problems.push(`round ${round}: ${rows.length} rows`)
      }
    }
    expect(problems).toEqual([])
  })

  it('a password sign-up and a Google sign-in of one address at once', async () => {
    const problems: string[] = []
    for (let round = 0; round < 4; round++) {
      const email = `r36-mix-${round}-${Date.now()}@gmail.test`
      const g = await providers.google.sign(`gm-${round}-${Date.now()}`, {
        claims: { email, email_verified: true },
      })
      const answers = await Promise.all([
        api('POST', '/users/google', { body: { idToken: g } }),
        api('POST', '/users', {
          body: { email, password: 'Sign-up-pass-123', firstName: 'A', lastName: 'B' },
        }),
      ])
      const statuses = answers.map((x) => x.status)
      if (statuses.some((s) => s >= 500)) {
        problems.push(`round ${round}: ${statuses} ${JSON.stringify(answers.map((x) => x.body))}`)
      }
      const rows = await usersWith({ email: { equals: email } })
      if (rows.length !== 1) {
        problems.push(`round ${round}: ${rows.length} rows`)
      }
    }
    expect(problems).toEqual([])
  })
})

describe('who may write what, by the contract', () => {
  it('REST and GraphQL updates store only what the role may write', async () => {
    const trip = await createTrip(payload)
    const day = await payload.create({
      collection: 'itinerary-days',
      data: { trek: trip.trek.id, dayNumber: 1, title: 'Day one' } as never,
      overrideAccess: true,
    })
    const payment = await payload.create({
      collection: 'payments',
      data: { booking: trip.booking.id, amount: 100, status: 'success', method: 'cash' } as never,
      overrideAccess: true,
    })
    const points = await payload.create({
      collection: 'points-transactions',
      data: { user: trip.trekker.id, amount: 5, reason: 'seed' },
      overrideAccess: true,
    })
    const contact = (
      await payload.find({
        collection: 'emergency-contacts',
        where: { user: { equals: trip.trekker.id } },
        overrideAccess: true,
        depth: 0,
      })
    ).docs[0]
    const post = await payload.create({
      collection: 'posts',
      data: {
        author: trip.trekker.id,
        kind: 'feed',
        body: paragraph('hello'),
        status: 'published',
      } as never,
      overrideAccess: true,
    })
    const callers: Record<string, string> = {
      super_admin: roles.super_admin.token,
      ops_manager: roles.ops_manager.token,
      cs: roles.cs.token,
      finance: roles.finance.token,
      content: roles.content.token,
      guide: trip.guideUser.token,
      owner: trip.trekker.token,
      otherTrekker: roles.trekker.token,
    }
    type Case = {
      slug: string
      gql: string
      id: number
      data: (v: string) => Record<string, unknown>
      read: (doc: any) => unknown
      allowed: string[]
    }
    const cases: Case[] = [
      {
        slug: 'regions',
        gql: 'updateRegion',
        id: trip.region.id,
        data: (v) => ({ description: v }),
        read: (d) => d.description,
        allowed: ['super_admin', 'ops_manager', 'content'],
      },
      {
        slug: 'treks',
        gql: 'updateTrek',
        id: trip.trek.id,
        data: (v) => ({ fitnessPrep: v }),
        read: (d) => d.fitnessPrep,
        allowed: ['super_admin', 'ops_manager', 'content'],
      },
      {
        slug: 'itinerary-days',
        gql: 'updateItineraryDay',
        id: day.id as number,
        data: (v) => ({ campName: v }),
        read: (d) => d.campName,
        allowed: ['super_admin', 'ops_manager', 'content'],
      },
      {
        slug: 'batches',
        gql: 'updateBatch',
        id: trip.batch.id,
        data: (v) => ({ totalSeats: 20 + (v.length % 7) + Number(v.slice(-1)) }),
        read: (d) => d.totalSeats,
        allowed: ['super_admin', 'ops_manager'],
      },
      {
        slug: 'guides',
        gql: 'updateGuide',
        id: trip.guide.id,
        data: (v) => ({ bio: v }),
        read: (d) => d.bio,
        allowed: ['super_admin', 'ops_manager', 'content', 'guide'],
      },
      {
        slug: 'guides',
        gql: 'updateGuide',
        id: trip.guide.id,
        data: (v) => ({ certifications: [v] }),
        read: (d) => d.certifications?.[0],
        allowed: ['super_admin', 'ops_manager'],
      },
      {
        slug: 'users',
        gql: 'updateUser',
        id: trip.trekker.id,
        data: (v) => ({ bio: v }),
        read: (d) => d.bio,
        allowed: ['super_admin', 'cs', 'owner'],
      },
      {
        slug: 'bookings',
        gql: 'updateBooking',
        id: trip.booking.id as number,
        data: (v) => ({ source: Number(v.slice(-1)) % 2 ? 'referral' : 'web' }),
        read: (d) => d.source,
        allowed: ['super_admin', 'ops_manager', 'cs'],
      },
      {
        slug: 'payments',
        gql: 'updatePayment',
        id: payment.id as number,
        data: (v) => ({ method: v }),
        read: (d) => d.method,
        allowed: ['super_admin'],
      },
      {
        slug: 'points-transactions',
        gql: 'updatePointsTransaction',
        id: points.id as number,
        data: (v) => ({ reason: v }),
        read: (d) => d.reason,
        allowed: [],
      },
      {
        slug: 'emergency-contacts',
        gql: 'updateEmergencyContact',
        id: contact.id as number,
        data: (v) => ({ relationship: v }),
        read: (d) => d.relationship,
        allowed: ['super_admin', 'owner'],
      },
      {
        slug: 'posts',
        gql: 'updatePost',
        id: post.id as number,
        data: (v) => ({ body: paragraph(v) }),
        read: (d) => textOf(d.body),
        allowed: ['super_admin', 'owner'],
      },
    ]
    const wrong: string[] = []
    let n = 0
    for (const c of cases) {
      for (const [who, token] of Object.entries(callers)) {
        for (const via of ['rest', 'graphql'] as const) {
          const value = `v${++n}x${n % 10}`
          const data = c.data(value)
          const before = c.read(
            await payload.findByID({
              collection: c.slug as never,
              id: c.id,
              depth: 0,
              overrideAccess: true,
            }),
          )
          let status: number
          if (via === 'rest') {
            status = (await api('PATCH', `/${c.slug}/${c.id}`, { token, body: data })).status
          } else {
            const res = await graphql(
              `mutation($id: Int!, $data: mutation${c.gql.slice(6)}UpdateInput!) { ${c.gql}(id: $id, data: $data) { id } }`,
              { id: c.id, data },
              token,
            )
            status = res.body.errors?.length ? 400 : 200
            if (res.body.errors?.some((e: any) => /Unknown type|Cannot query/.test(e.message))) {
              wrong.push(`${c.gql}: ${res.body.errors[0].message}`)
            }
          }
          const after = c.read(
            await payload.findByID({
              collection: c.slug as never,
              id: c.id,
              depth: 0,
              overrideAccess: true,
            }),
          )
          const stored = after !== before
          const may = c.allowed.includes(who)
          if (stored !== may) {
            wrong.push(
              `${via} ${who} ${c.slug} ${JSON.stringify(data).slice(0, 60)}: status ${status}, stored ${stored}, contract ${may}`,
            )
          }
          if (status >= 500) {
            wrong.push(`${via} ${who} ${c.slug}: ${status}`)
          }
        }
      }
    }
    expect(wrong).toEqual([])
  }, 300_000)
})

describe('who may create and delete what, by the contract', () => {
  it('REST creates and deletes', async () => {
    const trip = await createTrip(payload)
    const other = await createTrip(payload)
    // A payment by hand is applied to its booking (findings 1-3's fix): one that still owes.
    const owing = await createPendingBooking(payload, { amount: 5000 })
    const callers: Record<string, string> = {
      super_admin: roles.super_admin.token,
      ops_manager: roles.ops_manager.token,
      cs: roles.cs.token,
      finance: roles.finance.token,
      content: roles.content.token,
      guide: trip.guideUser.token,
      owner: trip.trekker.token,
    }
    let n = 0
    type Case = { slug: string; body: () => Record<string, unknown>; allowed: string[] }
    const cases: Case[] = [
      {
        slug: 'regions',
        body: () => ({ name: `R36 region ${++n}` }),
        allowed: ['super_admin', 'ops_manager', 'content'],
      },
      {
        slug: 'itinerary-days',
        body: () => ({ trek: trip.trek.id, dayNumber: 2 + (++n % 5), title: 'x' }),
        allowed: ['super_admin', 'ops_manager', 'content'],
      },
      {
        slug: 'batches',
        body: () => ({
          trek: trip.trek.id,
          startDate: new Date(Date.now() + (50 + ++n) * 86400000).toISOString(),
          endDate: new Date(Date.now() + (55 + n) * 86400000).toISOString(),
          totalSeats: 5,
          price: 1000,
          status: 'open',
        }),
        allowed: ['super_admin', 'ops_manager'],
      },
      {
        slug: 'guides',
        body: () => ({ name: `R36 guide ${++n}` }),
        allowed: ['super_admin', 'ops_manager'],
      },
      {
        slug: 'payments',
        body: () => ({ booking: owing.booking.id, amount: 1, status: 'success' }),
        allowed: ['super_admin'],
      },
      {
        slug: 'points-transactions',
        body: () => ({ user: trip.trekker.id, amount: 1, reason: 'x' }),
        allowed: ['super_admin'],
      },
      {
        slug: 'emergency-contacts',
        body: () => ({
          user: other.trekker.id,
          name: 'N',
          relationship: 'x',
          phone: '+919812345672',
        }),
        allowed: ['super_admin', 'owner'],
      },
      {
        slug: 'posts',
        body: () => ({ kind: 'feed', body: paragraph(`p ${++n}`) }),
        allowed: ['super_admin', 'guide', 'owner'],
      },
      {
        slug: 'badges',
        body: () => ({ name: `R36 badge ${++n}`, rule: 'above_5000m' }),
        allowed: ['super_admin', 'content'],
      },
    ]
    const wrong: string[] = []
    for (const c of cases) {
      for (const [who, token] of Object.entries(callers)) {
        const res = await api('POST', `/${c.slug}`, { token, body: c.body() })
        // Another test file may hold the rule's one badge (its awards are kept for good, so it
        // stays): a 400 "Value must be unique" on `rule` was let past access, as a 201 is.
        const ruleTaken =
          c.slug === 'badges' &&
          res.status === 400 &&
          res.body?.errors?.[0]?.data?.errors?.[0]?.path === 'rule'
        const made = res.status === 201 || ruleTaken
        if (res.status === 201) {
          // A badge rule is unique: drop it again for the next caller.
          if (c.slug === 'badges') {
            await payload.delete({
              collection: 'badges',
              id: res.body.doc.id,
              overrideAccess: true,
            })
          }
        }
        const may = c.allowed.includes(who)
        if (made !== may) {
          wrong.push(
            `create ${who} ${c.slug}: ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`,
          )
        }
        if (res.status >= 500) {
          wrong.push(`create ${who} ${c.slug}: ${res.status}`)
        }
        if (c.slug === 'emergency-contacts' && made && who === 'owner') {
          // A trekker's contact is filed under the trekker, whoever they name.
          const filed = res.body.doc.user?.id ?? res.body.doc.user
          if (filed !== trip.trekker.id) {
            wrong.push(`owner's contact filed under ${filed}`)
          }
        }
      }
    }
    // Deletes: bookings only by a super admin, posts by their author and a super admin.
    const del: Array<{ slug: string; make: () => Promise<number>; allowed: string[] }> = [
      {
        slug: 'posts',
        make: async () =>
          (
            await payload.create({
              collection: 'posts',
              data: {
                author: trip.trekker.id,
                kind: 'feed',
                body: paragraph('d'),
                status: 'published',
              } as never,
              overrideAccess: true,
            })
          ).id as number,
        allowed: ['super_admin', 'owner'],
      },
      {
        slug: 'emergency-contacts',
        make: async () =>
          (
            await payload.create({
              collection: 'emergency-contacts',
              data: {
                user: trip.trekker.id,
                name: 'D',
                relationship: 'x',
                phone: '+919812345673',
              } as never,
              overrideAccess: true,
            })
          ).id as number,
        allowed: ['super_admin', 'owner'],
      },
      {
        slug: 'points-transactions',
        make: async () =>
          (
            await payload.create({
              collection: 'points-transactions',
              data: { user: trip.trekker.id, amount: 1, reason: 'd' },
              overrideAccess: true,
            })
          ).id as number,
        allowed: [],
      },
    ]
    for (const d of del) {
      for (const [who, token] of Object.entries(callers)) {
        const id = await d.make()
        const res = await api('DELETE', `/${d.slug}/${id}`, { token })
        const gone = !(await payload.findByID({
          collection: d.slug as never,
          id,
          depth: 0,
          overrideAccess: true,
          disableErrors: true,
        }))
        const may = d.allowed.includes(who)
        if (gone !== may) {
          wrong.push(`delete ${who} ${d.slug}: ${res.status} gone ${gone}`)
        }
        if (res.status >= 500) {
          wrong.push(`delete ${who} ${d.slug}: ${res.status}`)
        }
      }
    }
    expect(wrong).toEqual([])
  }, 300_000)
})

describe('a call-off after mixed payments and goodwill refunds', () => {
  it('gives back everything still held, once', async () => {
    const problems: string[] = []
    for (let seed = 1; seed <= 16; seed++) {
      const random = rng(seed * 104729)
      const amount = 6000
      const { batch } = await createTrekBatch(payload, { price: amount, startsInDays: 35 })
      const world = await createPendingBooking(payload, { amount, batch })
      const login = await api('POST', '/users/login', {
        body: { email: world.user.email, password: TEST_PASSWORD },
      })
      const trekker = login.body.token as string
      const bookingId = world.booking.id
      // Pay in parts: desk cash and online, in a random order, until paid in full.
      for (let part = 0; part < 4; part++) {
        const b = await payload.findByID({
          collection: 'bookings',
          id: bookingId,
          depth: 0,
          overrideAccess: true,
        })
        if ((b.balanceDue ?? 0) <= 0) {
          break
        }
        if (random() < 0.5 || part === 3) {
          const co = await api('POST', `/bookings/${bookingId}/checkout`, { token: trekker })
          if (co.status === 201 || co.status === 200) {
            const p = fake.capture(co.body.orderId)
            await deliver(webhookEvent('payment.captured', { payment: p }))
          }
        } else {
          await api('POST', `/bookings/${bookingId}/offline-payment`, {
            token: roles.cs.token,
            body: {
              amount: Math.min(1500, b.balanceDue ?? 0),
              method: 'cash',
              reference: `C-${seed}-${part}`,
            },
          })
        }
      }
      // Goodwill refunds, some processed, some failed, some still under way.
      const pays = (
        await payload.find({
          collection: 'payments',
          where: { booking: { equals: bookingId }, status: { equals: 'success' } },
          depth: 0,
          overrideAccess: true,
        })
      ).docs
      for (const p of pays) {
        if (random() < 0.6) {
          await api('POST', `/payments/${p.id}/refund`, {
            token: roles.finance.token,
            body: { amount: 300, reason: `goodwill ${p.id}` },
          })
        }
      }
      const outcome = random()
      fake.refundStatus = outcome < 0.4 ? 'processed' : 'pending'
      if (outcome > 0.8) {
        fake.failNext = { count: 1, status: 400 }
      }
      await runJobs(payload)
      fake.failNext = { count: 0, status: 503 }
      // Desk refunds paid by hand, sometimes.
      for (const p of (
        await payload.find({
          collection: 'payments',
          where: { booking: { equals: bookingId } },
          depth: 0,
          overrideAccess: true,
        })
      ).docs) {
        for (const r of p.refunds ?? []) {
          if (!p.razorpayPaymentId && r.status === 'pending' && random() < 0.5) {
            await api('POST', `/payments/${p.id}/refunds/${r.id}/paid`, {
              token: roles.finance.token,
              body: { reference: `UTR${seed}${r.id!.slice(0, 4)}` },
            })
          }
        }
      }
      const before = await payload.findByID({
        collection: 'bookings',
        id: bookingId,
        depth: 0,
        overrideAccess: true,
      })
      const off = await api('POST', `/batches/${batch.id}/cancel`, {
        token: roles.ops_manager.token,
        body: { reason: 'weather' },
      })
      if (off.status !== 200) {
        problems.push(`seed ${seed}: call-off ${off.status} ${JSON.stringify(off.body)}`)
        continue
      }
      fake.refundStatus = 'processed'
      await runJobs(payload)
      fake.refundStatus = 'pending'
      const after = (
        await payload.find({
          collection: 'payments',
          where: { booking: { equals: bookingId } },
          depth: 0,
          overrideAccess: true,
          pagination: false,
        })
      ).docs
      const r2 = (n: number) => Math.round(n * 100) / 100
      const given = r2(
        after
          .flatMap((p) => p.refunds ?? [])
          .filter((r) => r.status !== 'failed' && r.source !== 'automatic')
          .reduce((a, r) => a + r.amount, 0),
      )
      const paid = r2(before.amountPaid ?? 0)
      if (given !== paid) {
        problems.push(
          `seed ${seed}: paid ${paid}, refunds given or owed ${given}: ${JSON.stringify(
            after.map((p) => ({
              id: p.id,
              amount: p.amount,
              rzp: Boolean(p.razorpayPaymentId),
              refunds: (p.refunds ?? []).map((r) => `${r.source}:${r.status}:${r.amount}`),
            })),
          )}`,
        )
      }
      for (const p of after) {
        const held = r2(
          (p.refunds ?? []).filter((r) => r.status !== 'failed').reduce((a, r) => a + r.amount, 0),
        )
        if (held > p.amount) {
          problems.push(`seed ${seed}: payment ${p.id} refunds ${held} > ${p.amount}`)
        }
      }
      problems.push(
        ...(await moneyBreaches(bookingId, world.user.id, `seed ${seed} after call-off`)),
      )
    }
    expect(problems).toEqual([])
  }, 600_000)
})

describe('payments written in the admin', () => {
  // FINDING 1: a payment a super admin creates through the API or the admin's Payments form (the collection allows it) never reaches its booking: the booking stays unpaid, its hold expires and frees the seat, and the money stays recorded as received with nothing owed back (low-medium).
  it('a super admin cash payment made as a payments row is applied to its booking or refused', async () => {
    const amount = 4000
    const { batch } = await createTrekBatch(payload, { price: amount, startsInDays: 45 })
    const world = await createPendingBooking(payload, { amount, batch })
    const made = await api('POST', '/payments', {
      token: roles.super_admin.token,
      body: { booking: world.booking.id, amount, status: 'success', method: 'cash' },
    })
    const booking = await payload.findByID({
      collection: 'bookings',
      id: world.booking.id,
      depth: 0,
      overrideAccess: true,
    })
    // Either the desk's route is required (refused here) or the money counts on the booking.
    if (made.status === 201) {
      expect({ status: booking.status, amountPaid: booking.amountPaid }).toEqual({
        status: 'confirmed',
        amountPaid: amount,
      })
    } else {
      expect(made.status).toBeGreaterThanOrEqual(400)
      expect(made.status).toBeLessThan(500)
    }
  })

  // FINDING 2: a super admin's edit of an open order's payment to `success` (the admin's Payments form, or PATCH /api/payments/:id) is taken as money received: the trekker's real capture that follows is refunded as a "second payment", and the booking stays unpaid until its hold expires (low-medium).
  it('a super admin marking an open order paid does not turn the real capture into a refunded duplicate', async () => {
    const amount = 4000
    const { batch } = await createTrekBatch(payload, { price: amount, startsInDays: 45 })
    const world = await createPendingBooking(payload, { amount, batch })
    const login = await api('POST', '/users/login', {
      body: { email: world.user.email, password: TEST_PASSWORD },
    })
    const order = await api('POST', `/bookings/${world.booking.id}/checkout`, {
      token: login.body.token,
    })
    expect(order.status).toBe(201)
    const edit = await api('PATCH', `/payments/${order.body.paymentId}`, {
      token: roles.super_admin.token,
      body: { status: 'success' },
    })
    const captured = fake.capture(order.body.orderId)
    const delivered = await deliver(webhookEvent('payment.captured', { payment: captured }))
    const booking = await payload.findByID({
      collection: 'bookings',
      id: world.booking.id,
      depth: 0,
      overrideAccess: true,
    })
    // The edit refused, or the real payment still confirms the booking: never money taken
    // and sent back while the booking stays unpaid.
    expect({
      edit: edit.status < 300 ? 'taken' : 'refused',
      outcome: delivered.body.outcome,
      booking: booking.status,
    }).toEqual(
      edit.status < 300
        ? { edit: 'taken', outcome: 'applied', booking: 'confirmed' }
        : { edit: 'refused', outcome: 'applied', booking: 'confirmed' },
    )
  })

  // FINDING 3: a super admin may delete a payment row that paid for a live booking (DELETE /api/payments/:id, 200): the booking stays confirmed and paid, but a call-off then owes the trekker nothing back, since what is refunded is read from the payment rows (medium).
  it('a payment that paid for a live booking cannot be deleted, or a call-off still refunds it', async () => {
    const amount = 4000
    const { batch } = await createTrekBatch(payload, { price: amount, startsInDays: 45 })
    const world = await createPendingBooking(payload, { amount, batch })
    const login = await api('POST', '/users/login', {
      body: { email: world.user.email, password: TEST_PASSWORD },
    })
    const order = await api('POST', `/bookings/${world.booking.id}/checkout`, {
      token: login.body.token,
    })
    const captured = fake.capture(order.body.orderId)
    expect(
      (await deliver(webhookEvent('payment.captured', { payment: captured }))).body.outcome,
    ).toBe('applied')
    const removed = await api('DELETE', `/payments/${order.body.paymentId}`, {
      token: roles.super_admin.token,
    })
    const off = await api('POST', `/batches/${batch.id}/cancel`, {
      token: roles.ops_manager.token,
      body: { reason: 'landslide on the approach road' },
    })
    expect(off.status).toBe(200)
    const booking = await payload.findByID({
      collection: 'bookings',
      id: world.booking.id,
      depth: 0,
      overrideAccess: true,
    })
    expect({ removed: removed.status < 300, refundDue: booking.refundDue }).toEqual(
      removed.status < 300
        ? { removed: true, refundDue: amount }
        : { removed: false, refundDue: amount },
    )
  })
})

describe('a sign-in racing a password change', () => {
  it('a sign-in with the old password at the moment of a change keeps no session, and the new password stands', async () => {
    const outcomes: string[] = []
    for (let round = 0; round < 16; round++) {
      const user = await createUser(payload, null)
      const next = `Changed-pass-${round}-zz`
      const [change, login] = await Promise.all([
        api('PATCH', `/users/${user.id}`, {
          token: user.token,
          body: { password: next, currentPassword: TEST_PASSWORD },
        }),
        api('POST', '/users/login', { body: { email: user.email, password: TEST_PASSWORD } }),
      ])
      const oldWorks = await api('POST', '/users/login', {
        body: { email: user.email, password: TEST_PASSWORD },
      })
      const newWorks = await api('POST', '/users/login', {
        body: { email: user.email, password: next },
      })
      let me = 0
      let refresh = 0
      if (login.status === 200) {
        me = (await api('GET', '/users/me', { token: login.body.token })).body?.user ? 200 : 401
        refresh = (
          await api('POST', '/users/token/refresh', {
            body: { refreshToken: login.body.refreshToken },
          })
        ).status
      }
      outcomes.push(
        `change ${change.status} login ${login.status} me ${me} refresh ${refresh} | old ${oldWorks.status} new ${newWorks.status}`,
      )
    }
    expect(
      outcomes.filter((o) => !/me (0|401) refresh (0|401) \| old 401 new 200$/.test(o)),
    ).toEqual([])
  })

  it('the same with the account row held until both queue', async () => {
    const user = await createUser(payload, null)
    const next = 'Changed-pass-held-zz'
    const holder = await connected()
    const monitor = await connected()
    try {
      await holder.query('begin')
      await holder.query('select id from users where id = $1 for update', [user.id])
      const change = api('PATCH', `/users/${user.id}`, {
        token: user.token,
        body: { password: next, currentPassword: TEST_PASSWORD },
      })
      await untilLockWaiters(monitor, 1)
      const login = api('POST', '/users/login', {
        body: { email: user.email, password: TEST_PASSWORD },
      })
      await untilLockWaiters(monitor, 2)
      await holder.query('commit')
      const [c, l] = await Promise.all([change, login])
      const oldWorks = await api('POST', '/users/login', {
        body: { email: user.email, password: TEST_PASSWORD },
      })
      const newWorks = await api('POST', '/users/login', {
        body: { email: user.email, password: next },
      })
      let refresh = 0
      if (l.status === 200) {
        refresh = (
          await api('POST', '/users/token/refresh', { body: { refreshToken: l.body.refreshToken } })
        ).status
      }
      expect({
        refresh: refresh === 200,
        old: oldWorks.status,
        next: newWorks.status,
        c: c.status,
      }).toEqual({
        refresh: false,
        old: 401,
        next: 200,
        c: 200,
      })
      void l
    } finally {
      await holder.end()
      await monitor.end()
    }
  })

  it('a profile edit and a sign-out everywhere at the moment of a sign-in are kept', async () => {
    const outcomes: string[] = []
    for (let round = 0; round < 12; round++) {
      const user = await createUser(payload, null)
      const bio = `bio ${round} ${Date.now()}`
      const [edit, login, login2] = await Promise.all([
        api('PATCH', `/users/${user.id}`, { token: user.token, body: { bio } }),
        api('POST', '/users/login', { body: { email: user.email, password: TEST_PASSWORD } }),
        api('POST', '/users/login', { body: { email: user.email, password: TEST_PASSWORD } }),
      ])
      const row = await payload.findByID({
        collection: 'users',
        id: user.id,
        depth: 0,
        overrideAccess: true,
      })
      if (row.bio !== bio) {
        outcomes.push(
          `round ${round}: bio lost (edit ${edit.status}, logins ${login.status} ${login2.status})`,
        )
      }
      // Sign-out everywhere by cs racing a sign-in: the earlier token must stay dead.
      const [out] = await Promise.all([
        api('POST', `/users/${user.id}/sign-out`, { token: roles.cs.token }),
        api('POST', '/users/login', { body: { email: user.email, password: TEST_PASSWORD } }),
      ])
      const me = await api('GET', '/users/me', { token: user.token })
      if (out.status === 200 && me.body?.user) {
        outcomes.push(`round ${round}: old token alive after sign-out`)
      }
      const me2 = await api('GET', '/users/me', { token: login.body.token })
      if (out.status === 200 && me2.body?.user) {
        outcomes.push(`round ${round}: earlier login alive after sign-out`)
      }
    }
    expect(outcomes).toEqual([])
  })
})

describe('seats under bursts of mixed work', () => {
  it('never oversells, never double-books, keeps counts and status true', async () => {
    const problems: string[] = []
    const statuses: Record<string, number> = {}
    for (let seed = 1; seed <= 10; seed++) {
      const random = rng(seed * 31337)
      const { batch } = await createTrekBatch(payload, { price: 3000, startsInDays: 50 })
      await payload.update({
        collection: 'batches',
        id: batch.id,
        data: { totalSeats: 3 },
        overrideAccess: true,
      })
      const trekkers = await Promise.all(
        [0, 1, 2, 3, 4, 5].map(async () => {
          const u = await createUser(payload, null)
          await payload.create({
            collection: 'emergency-contacts',
            data: { user: u.id, name: 'K', relationship: 'x', phone: '+919812345674' },
            overrideAccess: true,
          })
          return u
        }),
      )
      const liveOf = async () =>
        (
          await payload.find({
            collection: 'bookings',
            where: { batch: { equals: batch.id }, status: { in: ['pending', 'confirmed'] } },
            depth: 0,
            pagination: false,
            overrideAccess: true,
          })
        ).docs
      const note = (what: string, status: number) => {
        statuses[`${what} ${status}`] = (statuses[`${what} ${status}`] ?? 0) + 1
        if (status >= 500) {
          problems.push(`seed ${seed}: ${what} ${status}`)
        }
      }
      const op = async () => {
        const pick = random()
        const t = trekkers[Math.floor(random() * trekkers.length)]
        if (pick < 0.3) {
          note(
            'book',
            (await api('POST', '/bookings', { token: t.token, body: { batch: batch.id } })).status,
          )
        } else if (pick < 0.45) {
          note(
            'desk book',
            (
              await api('POST', '/bookings', {
                token: roles.cs.token,
                body: { batch: batch.id, user: t.id },
              })
            ).status,
          )
        } else if (pick < 0.6) {
          const live = await liveOf()
          const b = live[Math.floor(random() * Math.max(1, live.length))]
          if (b) {
            const desk = random() < 0.5
            note(
              'cancel',
              (
                await api('POST', `/bookings/${b.id}/cancel`, {
                  token: desk
                    ? roles.cs.token
                    : trekkers.find((x) => x.id === Number(b.user))?.token,
                  body: { reason: 'r' },
                })
              ).status,
            )
          }
        } else if (pick < 0.72) {
          const live = await liveOf()
          const b = live.find((x) => x.status === 'pending')
          if (b) {
            note(
              'desk pay',
              (
                await api('POST', `/bookings/${b.id}/offline-payment`, {
                  token: roles.cs.token,
                  body: { amount: b.balanceDue, method: 'cash' },
                })
              ).status,
            )
          }
        } else if (pick < 0.85) {
          note(
            'resize',
            (
              await api('PATCH', `/batches/${batch.id}`, {
                token: roles.ops_manager.token,
                body: { totalSeats: 1 + Math.floor(random() * 4) },
              })
            ).status,
          )
        } else {
          const live = await liveOf()
          const b = live.find((x) => x.status === 'pending')
          if (b) {
            await expireHold(payload, b.id)
          }
          await payload.jobs.queue({ task: 'expireBookingHolds' as never, input: {} as never })
          await runJobs(payload)
        }
      }
      for (let step = 0; step < 12; step++) {
        const width = 3 + Math.floor(random() * 6)
        await Promise.all(Array.from({ length: width }, () => op()))
        const live = await liveOf()
        const row = await payload.findByID({
          collection: 'batches',
          id: batch.id,
          depth: 0,
          overrideAccess: true,
        })
        if (live.length > row.totalSeats) {
          problems.push(`seed ${seed} step ${step}: ${live.length} live on ${row.totalSeats}`)
        }
        if (row.bookedSeats !== live.length) {
          problems.push(
            `seed ${seed} step ${step}: bookedSeats ${row.bookedSeats} vs ${live.length}`,
          )
        }
        if (row.availableSeats !== row.totalSeats - live.length) {
          problems.push(`seed ${seed} step ${step}: availableSeats ${row.availableSeats}`)
        }
        if (row.status === 'full' && live.length < row.totalSeats) {
          problems.push(`seed ${seed} step ${step}: full with a seat free`)
        }
        if (row.status === 'open' && live.length >= row.totalSeats) {
          problems.push(`seed ${seed} step ${step}: open with no seat`)
        }
        const perUser = new Map<number, number>()
        for (const b of live) {
          perUser.set(Number(b.user), (perUser.get(Number(b.user)) ?? 0) + 1)
        }
        for (const [u, n] of perUser) {
          if (n > 1) {
            problems.push(`seed ${seed} step ${step}: user ${u} holds ${n}`)
          }
        }
      }
    }
    console.log(JSON.stringify(statuses))
    expect(problems).toEqual([])
  }, 600_000)
})

describe('deeply nested input', () => {
  it('answers 4xx, never 5xx, to values nested 10,000 and 100,000 deep', async () => {
    const trip = await createTrip(payload)
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n)
    const deepObj = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)
    const bad: string[] = []
    const targets: Array<[string, string, string, (v: string) => string]> = [
      ['PATCH', `/users/${trip.trekker.id}`, trip.trekker.token, (v) => `{"bio":${v}}`],
      [
        'PATCH',
        `/users/${trip.trekker.id}`,
        trip.trekker.token,
        (v) => `{"firstName":"x","extra":${v}}`,
      ],
      ['POST', '/bookings', trip.trekker.token, (v) => `{"batch":${v}}`],
      ['POST', '/posts', trip.trekker.token, (v) => `{"kind":"feed","body":${v}}`],
      [
        'POST',
        '/emergency-contacts',
        trip.trekker.token,
        (v) => `{"name":"a","relationship":"b","phone":${v}}`,
      ],
      ['POST', '/users/token/refresh', '', (v) => `{"refreshToken":${v}}`],
      ['POST', '/users/login', '', (v) => `{"email":${v},"password":"x"}`],
      ['POST', '/users/otp/request', '', (v) => `{"phone":${v}}`],
      [
        'POST',
        `/bookings/${trip.booking.id}/offline-payment`,
        roles.cs.token,
        (v) => `{"amount":${v},"method":"cash"}`,
      ],
      ['POST', '/payments/verify', trip.trekker.token, (v) => `{"razorpayOrderId":${v}}`],
      ['PATCH', `/batches/${trip.batch.id}`, roles.ops_manager.token, (v) => `{"guide":${v}}`],
      [
        'POST',
        '/graphql',
        trip.trekker.token,
        (v) =>
          `{"query":"query($w: Post_where){ Posts(where: $w){ docs { id } } }","variables":{"w":${v}}}`,
      ],
    ]
    for (const n of [10_000, 100_000]) {
      for (const value of [deep(n), deepObj(n)]) {
        for (const [method, path, token, body] of targets) {
          const res = await api(method, path, {
            token: token || undefined,
            rawBody: body(value),
            headers: { 'Content-Type': 'application/json' },
          })
          if (res.status >= 500) {
            bad.push(`${method} ${path} depth ${n}: ${res.status}`)
          }
        }
      }
    }
    // A where nested through the query string.
    for (const n of [200, 2000]) {
      const key = 'where' + '[and][0]'.repeat(n) + '[id][equals]'
      const res = await api('GET', `/treks?${encodeURIComponent(key)}=1`)
      if (res.status >= 500) {
        bad.push(`where nested ${n}: ${res.status}`)
      }
      const res2 = await api('GET', `/posts/feed?${encodeURIComponent(key)}=1`)
      if (res2.status >= 500) {
        bad.push(`feed where nested ${n}: ${res2.status}`)
      }
    }
    expect(bad).toEqual([])
  }, 300_000)
})

describe('values nested thousands deep in staff writes', () => {
  // FINDING 4: lists nested 10,000 deep in a trek's `faqs` (content, ops, super admin; `nextBatch` too for a super admin) or any value nested so in a field of the admin's preferences (any staff member) answer 500: Payload's deep copy of the request data overflows the stack before the input guard that answers 400 for every other field sees it (low).
  it('a trek FAQ list or an admin preference nested 10,000 deep is 400, not 500', async () => {
    const trip = await createTrip(payload)
    const deep = '['.repeat(10_000) + ']'.repeat(10_000)
    const deepRow = '[' + '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000) + ']'
    const answers: Record<string, number> = {}
    for (const [name, v] of [
      ['nested lists', deep],
      ['nested objects', deepRow],
    ] as const) {
      // Fixed at the route (src/security/bodyLimit.ts): sent as `next start` serves it.
      answers[`content faqs, ${name}`] = (
        await viaRouteHere('PATCH', `/api/treks/${trip.trek.id}`, {
          token: roles.content.token,
          body: `{"faqs":${v}}`,
          headers: { 'Content-Type': 'application/json' },
        })
      ).status
      answers[`cs preference, ${name}`] = (
        await viaRouteHere('POST', '/api/payload-preferences', {
          token: roles.cs.token,
          body: `{"key":"r36-${name.length}","value":${v}}`,
          headers: { 'Content-Type': 'application/json' },
        })
      ).status
    }
    // GraphQL, the preference's value as a variable: an error marked 500.
    // Through the Next route, where the body's depth is checked.
    const { graphqlPost } = await import('../hardening/route')
    const gqlAnswer = await graphqlPost(
      new Request('http://localhost:3000/api/graphql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `JWT ${roles.cs.token}` },
        body:
          '{"query":"mutation($v: JSON) { createPayloadPreference(data: { key: \\"r36v\\", value: $v }) { id } }",' +
          `"variables":{"v":${deep}}}`,
      }),
      { params: Promise.resolve({ slug: ['graphql'] }) },
    )
    const gqlBody = JSON.parse(await gqlAnswer.text())
    answers['cs GraphQL preference, nested lists'] = Math.max(
      gqlAnswer.status,
      ...(gqlBody.errors ?? []).map((e: any) => Number(e.extensions?.statusCode ?? 400)),
    )
    const seen = Object.fromEntries(
      Object.entries(answers).map(([what, status]) => [what, status >= 500 ? status : 'answered']),
    )
    expect(seen).toEqual(Object.fromEntries(Object.keys(answers).map((what) => [what, 'answered'])))
  })

  // FINDING 5: a trek's FAQ list with a row that is not an object (`{"faqs": [1]}`, `[null]`, `["x"]`, `[[]]`) is answered 200 and stored as an empty list: every FAQ of the trek is gone from its public page, with no error to the editor (low).
  it('a FAQ row that is not a question and answer is refused, and the FAQs are kept', async () => {
    const trip = await createTrip(payload)
    const kept = [{ question: 'Is there snow in May?', answer: 'Above 3,500 m, yes.' }]
    await payload.update({
      collection: 'treks',
      id: trip.trek.id,
      data: { faqs: kept },
      overrideAccess: true,
    })
    const answers: Record<string, string> = {}
    for (const raw of ['[1]', '[null]', '["x"]', '[[]]']) {
      const res = await api('PATCH', `/treks/${trip.trek.id}`, {
        token: roles.content.token,
        rawBody: `{"faqs":${raw}}`,
        headers: { 'Content-Type': 'application/json' },
      })
      const row = await payload.findByID({
        collection: 'treks',
        id: trip.trek.id,
        depth: 0,
        overrideAccess: true,
      })
      answers[raw] = `${res.status} ${row.faqs?.length ?? 0} kept`
    }
    expect(answers).toEqual({
      '[1]': '400 1 kept',
      '[null]': '400 1 kept',
      '["x"]': '400 1 kept',
      '[[]]': '400 1 kept',
    })
  })
})

describe('deeply nested queries', () => {
  it('where, select, populate, joins and GraphQL nested thousands deep are never a 500', async () => {
    const out: string[] = []
    const trip = await createTrip(payload)
    for (const n of [1000, 5000, 20000]) {
      const jsonWhere = '{"and":['.repeat(n) + '{"id":{"equals":1}}' + ']}'.repeat(n)
      for (const path of ['/treks', '/batches', '/posts', '/payload-preferences', '/bookings']) {
        for (const token of [undefined, roles.super_admin.token, trip.trekker.token]) {
          const res = await api('GET', `${path}?where=${encodeURIComponent(jsonWhere)}`, { token })
          if (res.status >= 500) {
            out.push(`${path} json where ${n}: ${res.status}`)
          }
        }
      }
      const sel = '{"a":'.repeat(n) + 'true' + '}'.repeat(n)
      for (const param of ['select', 'populate', 'joins', 'sort', 'depth', 'limit']) {
        const res = await api('GET', `/treks?${param}=${encodeURIComponent(sel)}`, {
          token: roles.super_admin.token,
        })
        if (res.status >= 500) {
          out.push(`treks ${param} json ${n}: ${res.status}`)
        }
      }
      const q =
        'query { Treks { docs { ' +
        'region { '.repeat(Math.min(n, 3000)) +
        'id' +
        ' }'.repeat(Math.min(n, 3000)) +
        ' } } }'
      const g = await graphql(q, undefined, trip.trekker.token)
      if (g.status >= 500) {
        out.push(`graphql nested selection ${n}: ${g.status}`)
      }
      const g2 = await graphql(
        'query { ' + '__typename '.repeat(n) + '}',
        undefined,
        trip.trekker.token,
      )
      if (g2.status >= 500) {
        out.push(`graphql wide ${n}: ${g2.status}`)
      }
      const g3 = await graphql(
        'query($w: Trek_where) { Treks(where: $w) { docs { id } } }',
        {
          w: JSON.parse(
            '{"AND":['.repeat(Math.min(n, 1500)) +
              '{"id":{"equals":1}}' +
              ']}'.repeat(Math.min(n, 1500)),
          ),
        },
        trip.trekker.token,
      )
      if (g3.status >= 500) {
        out.push(`graphql nested where ${n}: ${g3.status}`)
      }
      const lst = '['.repeat(Math.min(n, 5000)) + '1' + ']'.repeat(Math.min(n, 5000))
      const g4 = await graphql(
        `query { Treks(where: { id: { in: ${lst} } }) { docs { id } } }`,
        undefined,
        trip.trekker.token,
      )
      if (g4.status >= 500) {
        out.push(`graphql nested literal ${n}: ${g4.status}`)
      }
    }
    expect(out).toEqual([])
  }, 600_000)
})

describe('points and tiers by the ledger', () => {
  it('tiers follow the contract thresholds and only go up; the balance never goes below zero', async () => {
    const user = await createUser(payload, null)
    const add = (amount: number) =>
      api('POST', '/points-transactions', {
        token: roles.super_admin.token,
        body: { user: user.id, amount, reason: 'r36' },
      })
    const row = () =>
      payload.findByID({ collection: 'users', id: user.id, depth: 0, overrideAccess: true })
    const seen: string[] = []
    for (const amount of [999, 1, 1999, 1, 3999, 1, 7999, 1, -15000, 5, -6]) {
      const res = await add(amount)
      const u = await row()
      seen.push(`${amount}:${res.status}:${u.obsPoints}:${u.tribeTier}`)
    }
    expect(seen).toEqual([
      '999:201:999:basecamp',
      '1:201:1000:trail_blazer',
      '1999:201:2999:trail_blazer',
      '1:201:3000:summit_seeker',
      '3999:201:6999:summit_seeker',
      '1:201:7000:peak_bagger',
      '7999:201:14999:peak_bagger',
      '1:201:15000:obs_legend',
      '-15000:201:0:obs_legend',
      '5:201:5:obs_legend',
      '-6:400:5:obs_legend',
    ])
    // Many awards at once for one trekker: the balance is their sum.
    const burst = await Promise.all(Array.from({ length: 12 }, () => add(10)))
    expect(burst.every((r) => r.status === 201)).toBe(true)
    expect((await row()).obsPoints).toBe(125)
  })
})

describe('money on one booking from every desk at once', () => {
  it('refunds, a cancellation, a call-off, payouts by hand and refund events together', async () => {
    const problems: string[] = []
    for (let seed = 1; seed <= 10; seed++) {
      const random = rng(seed * 65537)
      const amount = 6000
      const { batch } = await createTrekBatch(payload, { price: amount, startsInDays: 40 })
      const world = await createPendingBooking(payload, { amount, batch })
      const login = await api('POST', '/users/login', {
        body: { email: world.user.email, password: TEST_PASSWORD },
      })
      const bookingId = world.booking.id
      await api('POST', `/bookings/${bookingId}/offline-payment`, {
        token: roles.cs.token,
        body: { amount: 2000, method: 'cash', reference: `D-${seed}` },
      })
      const co = await api('POST', `/bookings/${bookingId}/checkout`, { token: login.body.token })
      const p = fake.capture(co.body.orderId)
      await deliver(webhookEvent('payment.captured', { payment: p }))
      const pays = (
        await payload.find({
          collection: 'payments',
          where: { booking: { equals: bookingId }, status: { equals: 'success' } },
          depth: 0,
          overrideAccess: true,
        })
      ).docs
      const desk = pays.find((x) => !x.razorpayPaymentId)!
      const online = pays.find((x) => x.razorpayPaymentId)!
      fake.refundStatus = 'processed'
      const work: Array<Promise<{ status: number }>> = [
        api('POST', `/payments/${online.id}/refund`, {
          token: roles.finance.token,
          body: { amount: 500, reason: 'goodwill online' },
        }),
        api('POST', `/payments/${desk.id}/refund`, {
          token: roles.finance.token,
          body: { amount: 300, reason: 'goodwill desk' },
        }),
        random() < 0.5
          ? api('POST', `/bookings/${bookingId}/cancel`, {
              token: roles.cs.token,
              body: { reason: 'asked' },
            })
          : api('POST', `/bookings/${bookingId}/cancel`, {
              token: login.body.token,
              body: {},
            }),
        api('POST', `/batches/${batch.id}/cancel`, {
          token: roles.ops_manager.token,
          body: { reason: 'snow' },
        }),
        runJobs(payload).then(() => ({ status: 200 })),
      ]
      const answers = await Promise.all(work)
      for (const a of answers) {
        if (a.status >= 500) {
          problems.push(`seed ${seed}: ${a.status}`)
        }
      }
      await runJobs(payload)
      // Pay out by hand whatever desk refunds are owed, twice at once.
      const deskNow = await payload.findByID({
        collection: 'payments',
        id: desk.id,
        depth: 0,
        overrideAccess: true,
      })
      for (const r of deskNow.refunds ?? []) {
        if (r.status === 'pending') {
          const both = await Promise.all([
            api('POST', `/payments/${desk.id}/refunds/${r.id}/paid`, {
              token: roles.finance.token,
              body: { reference: `UTR-${seed}-a` },
            }),
            api('POST', `/payments/${desk.id}/refunds/${r.id}/paid`, {
              token: roles.finance.token,
              body: { reference: `UTR-${seed}-b` },
            }),
          ])
          const codes = both.map((b) => b.status).sort()
          if (codes.join() !== '200,409') {
            problems.push(`seed ${seed}: payout answers ${codes}`)
          }
        }
      }
      // Razorpay's events for every refund it made, delivered twice.
      for (const r of fake.refunds.values()) {
        if (r.payment_id === online.razorpayPaymentId) {
          const ev = webhookEvent('refund.processed', { refund: r })
          await Promise.all([deliver(ev), deliver(ev)])
        }
      }
      fake.refundStatus = 'pending'
      problems.push(...(await moneyBreaches(bookingId, world.user.id, `seed ${seed}`)))
      const b = await payload.findByID({
        collection: 'bookings',
        id: bookingId,
        depth: 0,
        overrideAccess: true,
      })
      const after = (
        await payload.find({
          collection: 'payments',
          where: { booking: { equals: bookingId } },
          depth: 0,
          overrideAccess: true,
          pagination: false,
        })
      ).docs
      const r2 = (n: number) => Math.round(n * 100) / 100
      const given = r2(
        after
          .flatMap((x) => x.refunds ?? [])
          .filter((r) => r.status !== 'failed' && r.source !== 'automatic')
          .reduce((a, r) => a + r.amount, 0),
      )
      const settled = r2((b.refundDue ?? 0) + (b.refundedAmount ?? 0))
      if (given > r2(b.amountPaid ?? 0)) {
        problems.push(`seed ${seed}: given ${given} > paid`)
      }
      const calledOff = answers[3].status === 200
      const cancelledFirst = answers[2].status === 200
      if (calledOff && !cancelledFirst && given !== r2(b.amountPaid ?? 0)) {
        problems.push(`seed ${seed}: called off, given ${given} of ${b.amountPaid}`)
      }
      if (b.status !== 'cancelled') {
        problems.push(`seed ${seed}: booking ${b.status}`)
      }
      void settled
    }
    expect(problems).toEqual([])
  }, 600_000)
})

describe('GraphQL queries that a check before validation cannot read', () => {
  // FINDING 6: anyone, signed in or not, gets an empty 500 from POST /api/graphql (the Next route, with its guards) for an invalid query that a check run before GraphQL's own validation cannot read: fragments that spread each other (`fragment F on Trek { id ...F } { Treks { docs { ...F } } }`), and `@skip`/`@include` on a variable never declared (`{ Treks @skip(if: $a) { … } }`) or declared nullable and not sent; GraphQL's own rules answer each with an error, as this API answers every invalid query (200 with `errors`); each 500 takes about 22 ms and logs nothing. An unused fragment cycle is answered correctly (low-medium).
  it('each is answered with a GraphQL error, not an empty 500', async () => {
    const { graphqlPost, viaRoute } = await import('../hardening/route')
    const ask = (query: string) =>
      viaRoute(
        'POST',
        '/api/graphql',
        { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query }) },
        graphqlPost,
      )
    const shape = (res: { status: number; body: any }) =>
      `${res.status} ${res.body?.errors?.length ? 'with errors' : 'no errors'}`
    // The control: GraphQL's own validation error (an unknown fragment), as this API answers it.
    const control = shape(await ask('{ Treks { docs { ...Missing } } }'))
    expect(control).toBe('200 with errors')
    const answers: Record<string, string> = {}
    for (const query of [
      'fragment F on Trek { id ...F } { Treks { docs { ...F } } }',
      'fragment A on Trek { id ...B } fragment B on Trek { name ...A } { Treks { docs { ...A } } }',
      'fragment F on Query { Treks { docs { id } } ...F } { ...F }',
      '{ Treks @skip(if: $a) { docs { id } } }',
      'query($a: Boolean) { Treks @skip(if: $a) { docs { id } } }',
    ]) {
      answers[query] = shape(await ask(query))
    }
    expect(answers).toEqual(Object.fromEntries(Object.keys(answers).map((q) => [q, control])))
  })
})

describe('two call-offs at once', () => {
  it('refund each booking once, whatever else runs', async () => {
    const problems: string[] = []
    for (let round = 0; round < 6; round++) {
      const amount = 3000
      const { batch } = await createTrekBatch(payload, { price: amount, startsInDays: 20 })
      const booked: Array<{ bookingId: number; token: string; userId: number }> = []
      for (let i = 0; i < 3; i++) {
        const world = await createPendingBooking(payload, { amount, batch })
        const login = await api('POST', '/users/login', {
          body: { email: world.user.email, password: TEST_PASSWORD },
        })
        const co = await api('POST', `/bookings/${world.booking.id}/checkout`, {
          token: login.body.token,
        })
        await deliver(webhookEvent('payment.captured', { payment: fake.capture(co.body.orderId) }))
        booked.push({ bookingId: world.booking.id, token: login.body.token, userId: world.user.id })
      }
      const newcomer = await createUser(payload, null)
      const answers = await Promise.all([
        api('POST', `/batches/${batch.id}/cancel`, {
          token: roles.ops_manager.token,
          body: { reason: 'a' },
        }),
        api('POST', `/batches/${batch.id}/cancel`, {
          token: roles.super_admin.token,
          body: { reason: 'b' },
        }),
        api('POST', `/bookings/${booked[0].bookingId}/cancel`, {
          token: booked[0].token,
          body: {},
        }),
        api('POST', `/bookings/${booked[1].bookingId}/cancel`, {
          token: roles.cs.token,
          body: { reason: 'c' },
        }),
        api('POST', '/bookings', { token: newcomer.token, body: { batch: batch.id } }),
      ])
      const codes = answers.map((a) => a.status)
      if (codes.some((c) => c >= 500)) {
        problems.push(`round ${round}: ${codes}`)
      }
      if (codes.slice(0, 2).filter((c) => c === 200).length !== 1) {
        problems.push(`round ${round}: call-offs ${codes.slice(0, 2)}`)
      }
      fake.refundStatus = 'processed'
      await runJobs(payload)
      fake.refundStatus = 'pending'
      for (const b of booked) {
        problems.push(...(await moneyBreaches(b.bookingId, b.userId, `round ${round}`)))
        const pays = (
          await payload.find({
            collection: 'payments',
            where: { booking: { equals: b.bookingId } },
            depth: 0,
            overrideAccess: true,
          })
        ).docs
        const back = pays
          .flatMap((p) => p.refunds ?? [])
          .filter((r) => r.status !== 'failed')
          .reduce((a, r) => a + r.amount, 0)
        if (back > amount) {
          problems.push(`round ${round}: booking ${b.bookingId} refunded ${back}`)
        }
      }
      const live = (
        await payload.find({
          collection: 'bookings',
          where: { batch: { equals: batch.id }, status: { in: ['pending', 'confirmed'] } },
          depth: 0,
          overrideAccess: true,
        })
      ).totalDocs
      if (live !== 0) {
        problems.push(`round ${round}: ${live} live bookings on a called-off batch`)
      }
    }
    expect(problems).toEqual([])
  }, 300_000)
})

describe('the desk copying a booking for another trekker', () => {
  it('the copy is the other trekker’s own: their snapshot, fresh money and documents, a seat of its own', async () => {
    const trip = await createTrip(payload)
    await payload.update({
      collection: 'bookings',
      id: trip.booking.id,
      data: { healthDeclarationSigned: true, waiverSigned: true } as never,
      overrideAccess: true,
    })
    const other = await createUser(payload, null, { firstName: 'Neha', lastName: 'Negi' })
    await payload.create({
      collection: 'emergency-contacts',
      data: { user: other.id, name: 'Sunil Negi', relationship: 'father', phone: '+919812345675' },
      overrideAccess: true,
    })
    const rest = await api('POST', `/bookings/${trip.booking.id}/duplicate`, {
      token: roles.cs.token,
      body: { user: other.id },
    })
    const gql = await graphql<any>(
      `mutation { duplicateBooking(id: ${trip.booking.id}, data: { user: ${trip.trekker.id} }) { id } }`,
      undefined,
      roles.cs.token,
    )
    expect([rest.status, gql.body.errors?.[0]?.message]).toEqual([
      200,
      'This trekker already holds a seat on this batch',
    ])
    const copy = await payload.findByID({
      collection: 'bookings',
      id: rest.body.id ?? rest.body.doc?.id,
      depth: 0,
      overrideAccess: true,
    })
    expect({
      user: copy.user,
      status: copy.status,
      trekkerName: copy.trekkerName,
      emergencyContactName: copy.emergencyContactName,
      amountPaid: copy.amountPaid,
      balanceDue: copy.balanceDue,
      healthDeclarationSigned: copy.healthDeclarationSigned,
      waiverSigned: copy.waiverSigned,
    }).toEqual({
      user: other.id,
      status: 'pending',
      trekkerName: 'Neha Negi',
      emergencyContactName: 'Sunil Negi',
      amountPaid: 0,
      balanceDue: 14500,
      healthDeclarationSigned: false,
      waiverSigned: false,
    })
  })
})

describe('the hold expiry and the lifecycle run several times at once', () => {
  it('each lapsed hold is cancelled once, each departure moved once, the counts stay true', async () => {
    const { expireHolds } = await import('@/bookings')
    const { advanceBatchLifecycle } = await import('@/jobs/lifecycle/advanceBatchLifecycle')
    const { createLocalReq } = await import('payload')
    const { batch } = await createTrekBatch(payload, { price: 2000, startsInDays: 30 })
    const holds: number[] = []
    for (let i = 0; i < 6; i++) {
      const world = await createPendingBooking(payload, { amount: 2000, batch })
      holds.push(world.booking.id)
      if (i < 4) {
        await expireHold(payload, world.booking.id)
      }
    }
    const runs = await Promise.all([
      expireHolds(payload),
      expireHolds(payload),
      expireHolds(payload),
      (async () => {
        const req = await createLocalReq({}, payload)
        return advanceBatchLifecycle(req)
      })(),
      (async () => {
        const req = await createLocalReq({}, payload)
        return advanceBatchLifecycle(req)
      })(),
    ])
    const expired = (runs.slice(0, 3) as Array<{ expired: number }>).reduce(
      (a, r) => a + r.expired,
      0,
    )
    const rows = await payload.find({
      collection: 'bookings',
      where: { id: { in: holds } },
      depth: 0,
      overrideAccess: true,
      pagination: false,
    })
    const row = await payload.findByID({
      collection: 'batches',
      id: batch.id,
      depth: 0,
      overrideAccess: true,
    })
    expect({
      expired,
      cancelled: rows.docs.filter((b) => b.status === 'cancelled').length,
      pending: rows.docs.filter((b) => b.status === 'pending').length,
      bookedSeats: row.bookedSeats,
      status: row.status,
    }).toEqual({ expired: 4, cancelled: 4, pending: 2, bookedSeats: 2, status: 'open' })
  })
})

describe('Google sign-in with an address not verified by Google', () => {
  it('never signs into, or links, the account holding that address', async () => {
    const owner = await createUser(payload, null)
    const answers: string[] = []
    for (const claims of [
      { email: owner.email, email_verified: false },
      { email: owner.email, email_verified: 'false' },
      { email: owner.email.toUpperCase(), email_verified: false },
      { email: ` ${owner.email}`, email_verified: true },
      { email: owner.email },
    ]) {
      const token = await providers.google.sign(`g-unverified-${Date.now()}-${answers.length}`, {
        claims: claims as never,
      })
      const res = await api('POST', '/users/google', { body: { idToken: token } })
      answers.push(
        `${JSON.stringify(claims)}: ${res.status} ${res.body?.user?.id === owner.id ? 'OWNER' : 'other'}`,
      )
    }
    const row = (await payload.db.findOne({
      collection: 'users',
      where: { id: { equals: owner.id } },
    })) as any
    expect(answers.filter((a) => a.includes('OWNER'))).toEqual([])
    expect(row.googleSub ?? null).toBeNull()
    const login = await api('POST', '/users/login', {
      body: { email: owner.email, password: TEST_PASSWORD },
    })
    expect(login.status).toBe(200)
  })
})

describe('a cancellation between the payment and its report', () => {
  // FINDING 7: a trekker who pays and cancels before Razorpay's report reaches OBS gets the whole payment back, whatever the cancellation policy says: the capture, paid while the booking was live (Razorpay's created_at before the cancellation), is judged "received for a cancelled booking" and refunded in full automatically; cancelled three days before the start, the policy refunds nothing (a cs cancellation 40 days out likewise gave all ₹5,000 back, not the policy's ₹4,500) (low).
  it('a payment made before the cancellation is refunded under the policy, not in full', async () => {
    const amount = 5000
    const { batch } = await createTrekBatch(payload, { price: amount, startsInDays: 3 })
    const world = await createPendingBooking(payload, { amount, batch })
    const login = await api('POST', '/users/login', {
      body: { email: world.user.email, password: TEST_PASSWORD },
    })
    const order = await api('POST', `/bookings/${world.booking.id}/checkout`, {
      token: login.body.token,
    })
    // Paid at Razorpay a minute before the cancellation; the report is still on its way.
    const paid = fake.capture(order.body.orderId, {
      created_at: Math.floor(Date.now() / 1000) - 60,
    })
    // Fixed: the trekker's cancellation waits while the order is open (409)...
    const early = await api('POST', `/bookings/${world.booking.id}/cancel`, {
      token: login.body.token,
      body: {},
    })
    expect(early.status).toBe(409)
    const report = await deliver(webhookEvent('payment.captured', { payment: paid }))
    expect(report.body.outcome).toBe('applied')
    // ...and once the payment is in, the policy decides what comes back.
    const cancel = await api('POST', `/bookings/${world.booking.id}/cancel`, {
      token: login.body.token,
      body: {},
    })
    expect(cancel.status).toBe(200)
    const pays = (
      await payload.find({
        collection: 'payments',
        where: { booking: { equals: world.booking.id } },
        depth: 0,
        overrideAccess: true,
      })
    ).docs
    const givenBack = pays
      .flatMap((p) => p.refunds ?? [])
      .filter((r) => r.status !== 'failed')
      .reduce((a, r) => a + r.amount, 0)
    // Three days out the policy gives nothing back; had the report come first, the same
    // cancellation would have refunded ₹0.
    expect({ outcome: report.body.outcome, givenBack }).toEqual({
      outcome: report.body.outcome,
      givenBack: 0,
    })
  })
})
