/**
 * Thirty-ninth review round (a fresh reviewer, one hour: START 12:30:02 UTC, END_TIME 13:30:02 UTC
 * by `date`), aimed at everything, as the last check before the service is declared hardened:
 * money and seats under interleavings forced at every step of a request, sign-in and account
 * changes under the same, Payload's own routes and the admin's internal collections (edit
 * locks, preferences), and the newest rules (row-locked deletes, no row written back, blank
 * names). Each finding is an `it.failing` asserting the right behaviour; each was also run as
 * a plain `it` and failed on the asserted line. Run in-process through tests/helpers/api.ts and
 * tests/hardening/route.ts; races are held in place with a jest spy on Payload's database
 * adapter that holds one request at its k-th adapter call while the other runs to its answer
 * (or for at most 0.8 s, when it waits for a lock the held one has), then lets it go on.
 *
 * Findings:
 * (1) two deletes of one admin preference by key at once: the later 500 (round 38's fix looks
 *     for the row without a lock), low;
 * (2) two deletes of one edit lock at once (REST and GraphQL), or of one preference by id over
 *     GraphQL: the later 500 (Payload's internal collections lack the row-locked delete), low;
 * (3) an edit lock cleared by a super admin while another staff member takes it over is written
 *     back (the take-over re-inserts the deleted row), low;
 * (4) a staff member's new edit lock keeps the `updatedAt` it was sent (REST and GraphQL): a lock
 *     dated 2099 freezes a trekker's account (their own edits 423) or a trek for decades, low-medium;
 * (5) an emergency contact named only with blank-looking letters (Hangul fillers, the Braille
 *     blank, a combining grapheme joiner) is stored and becomes the booking's person to call, low;
 * (6) a departure's price has no upper bound: ₹10^20 stored, booked, and sent to checkout as
 *     `amountPaise: 1e+22`, low.
 * Findings 1 to 4 share one root: Payload's admin collections (edit locks, preferences) are
 * added after OBS's collections are wrapped, so today's rules (row-locked deletes, no deleted
 * row written back, server-dated timestamps) do not reach them.
 *
 * Tried and held (run): forced interleavings of money operations on one booking, each pair
 * in both orders with one request held at its 0th to 44th adapter call: an unpaid booking with
 * a captured payment not yet reported (verify, webhook, trekker's and cs's cancellation, a desk
 * deposit, ops' call-off, the hold reaper: 42 ordered pairs, 252 trials) and a confirmed paid
 * booking (cancellations, call-off, finance's partial and full refunds, a desk payment, a
 * webhook replay: 42 pairs, 228 trials); after each, the jobs run and checked: no 5xx, seats
 * booked equal to live bookings, points equal to the ledger (100 while confirmed, 0 once
 * cancelled), each Razorpay payment recorded once, refunds never past what was paid, a live
 * booking's balance its price less what was paid. Seats: a one-seat departure held by a pending
 * booking, with another trekker's booking, cancellations, the reaper, ops' resize and call-off,
 * a desk payment and a reopen, 64 pairs (224 trials): never oversold, `bookedSeats` and
 * `availableSeats` always the live count (a full departure set `open` by ops is KNOWN). Accounts:
 * sign-in, token refresh, sign-out, password change, cs erasure, super admin delete, cs sign-out
 * everywhere, own and cs profile edits and the export, 90 ordered pairs (360 trials): no 5xx, no
 * deleted account back, no access or refresh token alive after an erasure, delete or password
 * change, the old password refused after the change. A super admin's delete of a booking beside
 * its trekker's checkout, both orders, held at each of the first 15 adapter calls (18 trials):
 * either the delete is refused (the order exists, the later capture applied) or the checkout is
 * 404; a booking with any payment row cannot be deleted (400). Payload's built-in routes
 * (`/access/:id`, `/:id/duplicate`, `/count`, `/init`, `/unlock`, `/refresh-token`, `/verify`,
 * `/reset-password`, `/first-register`, `/forgot-password`, `/me`, `/logout`) on every collection
 * with 8 odd ids, anonymous, as a trekker, cs and a super admin through the Next route (4,212
 * requests: KNOWN's migrations 501 only); GraphQL by-id queries (`X`, `docAccessX`) on every
 * collection with missing, negative and odd ids as a super admin, trekker and guide (396: none).
 * Feed cursors with ids of 2^31, 1e300 and -2^53 and dates of years ±275760, feed filters past
 * int4, trek slugs with NUL, 5,000 characters and bad UTF-8, export bounds at the ends of the
 * allowed years and offsets: 4xx or 200, never 5xx (75 requests). Catalog numbers out of range
 * (durations, distances, group sizes, seats, altitudes, badge points, years of experience,
 * months): 400 but finding 6's price; points rows past ±1,000,000: 400. Staff preferences: a
 * create naming another owner, or a move to another owner, keeps the caller. Server logs of the
 * walks searched for the trekkers' phones and e-mail addresses: none.
 */
import { describe, expect, it, jest } from '@jest/globals'
import type { Payload } from 'payload'

import { api, graphql } from '../helpers/api'
import { unique } from '../helpers/fixtures'
import { type RoleUsers, usePaymentsWorld } from '../payments/world'
import { AsyncLocalStorage } from 'node:async_hooks'
import { addEmergencyContact, book, quickTrekker, bookableBatch } from '../bookings/support'
import { capturedEvent, deliver, expireHold, runJobs, type PaymentsWorld } from '../payments/world'
import { expireHolds } from '@/bookings/lifecycle/expireHolds'
import { viaRoute } from '../hardening/route'

let payload: Payload
let roles: RoleUsers
usePaymentsWorld((world) => {
  payload = world.payload
  roles = world.roles
})

type Answer = { status: number; body: any }

/**
 * Runs `held` until its first call of the adapter's `method` on `collection` is about to run,
 * holds it there while `other` runs to its answer, then lets it go on.
 */
async function heldAt(
  method: string,
  collection: string,
  held: () => Promise<Answer>,
  other: () => Promise<Answer>,
): Promise<[Answer, Answer]> {
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  let reached!: () => void
  const atCall = new Promise<void>((resolve) => (reached = resolve))
  const db = payload.db as any
  const original = db[method].bind(db)
  let calls = 0
  const spy = jest.spyOn(db, method).mockImplementation(async (args: any) => {
    if (args?.collection === collection && calls++ === 0) {
      reached()
      await gate
    }
    return original(args)
  })
  try {
    const later = held()
    await Promise.race([atCall, later])
    spy.mockRestore()
    const first = await other()
    release()
    return [await later, first]
  } finally {
    spy.mockRestore()
  }
}

describe('two deletes of one admin preference at once', () => {
  // FINDING 1: two deletes of one admin preference at once (`DELETE /api/payload-preferences/<key>` from two admin tabs resetting the same columns): the later answers 500 and logs the failed query at ERROR; round 38's fix looks for the row first, but without a lock, so a delete that passed that look before the other committed reaches Payload's broken not-found path anyway, low
  it.failing('answers the later 404, not 500', async () => {
    const key = unique('columns')
    const token = roles.cs.token
    const stored = await api('POST', `/payload-preferences/${key}`, {
      token,
      body: { value: { columns: ['name'] } },
    })
    expect(stored.status).toBe(200)
    const remove = () => api('DELETE', `/payload-preferences/${key}`, { token })
    const [held, other] = await heldAt('deleteOne', 'payload-preferences', remove, remove)
    expect(other.status).toBe(200)
    expect([held.status, held.body]).toEqual([404, expect.anything()])
  })
})

const lockOn = async (holder: number) => {
  const region = await payload.create({
    collection: 'regions',
    data: { name: unique('LockRegion') },
    overrideAccess: true,
  })
  return payload.create({
    collection: 'payload-locked-documents',
    data: {
      document: { relationTo: 'regions', value: region.id },
      user: { relationTo: 'users', value: holder },
    },
    overrideAccess: true,
  })
}

const lockRows = async (id: number) =>
  (
    await payload.find({
      collection: 'payload-locked-documents',
      where: { id: { equals: id } },
      depth: 0,
      overrideAccess: true,
    })
  ).docs

describe('an admin edit lock or preference deleted twice at once', () => {
  // FINDING 2: two deletes of one edit lock at once (`DELETE /api/payload-locked-documents/:id` by a super admin clearing a lock left behind, twice: a double click, two tabs): the later answers 500 "Something went wrong."; over GraphQL `deletePayloadLockedDocument` and `deletePayloadPreference` (a staff member's own preference) the later answers an error with statusCode 500 (a TypeError). Payload's internal collections are not given the row-locked delete every OBS collection has since round 37, low
  it.failing('answers the later 404, not 500, over REST and GraphQL', async () => {
    const lock = await lockOn(roles.content.id)
    const clear = () =>
      api('DELETE', `/payload-locked-documents/${lock.id}`, { token: roles.super_admin.token })
    const [held, other] = await heldAt('deleteOne', 'payload-locked-documents', clear, clear)
    expect(other.status).toBe(200)
    expect(held.status).toBe(404)

    const viaGraphql = (mutation: string, token: string) => async () => {
      const answer = await graphql(mutation, undefined, token)
      return { status: answer.status, body: answer.body }
    }
    const second = await lockOn(roles.content.id)
    const clearByGraphql = viaGraphql(
      `mutation { deletePayloadLockedDocument(id: ${second.id}) { id } }`,
      roles.super_admin.token,
    )
    const preference = await api('POST', `/payload-preferences/${unique('columns')}`, {
      token: roles.cs.token,
      body: { value: { columns: ['name'] } },
    })
    const dropByGraphql = viaGraphql(
      `mutation { deletePayloadPreference(id: ${preference.body.doc.id}) { id } }`,
      roles.cs.token,
    )
    for (const [collection, remove] of [
      ['payload-locked-documents', clearByGraphql],
      ['payload-preferences', dropByGraphql],
    ] as const) {
      const [later] = await heldAt('deleteOne', collection, remove, remove)
      const codes = (later.body.errors ?? []).map((error: any) => error.extensions?.statusCode)
      expect({ collection, codes }).toEqual({ collection, codes: [404] })
    }
  })
})

describe('an admin edit lock cleared while another staff member takes it over', () => {
  // FINDING 3: a super admin's clearing of an edit lock (`DELETE /api/payload-locked-documents/:id`, 200) is undone by a take-over read just before it (ops' `PATCH` naming themselves, the admin's "take over" button): the PATCH (or GraphQL `updatePayloadLockedDocument`) answers 200 and Payload's write of the missing row inserts it again, so the document stays locked to ops for another five minutes and the cleared lock is back (round 38's "no write brings a deleted row back" not given to the admin's internal collections), low
  it.failing('keeps the cleared lock cleared', async () => {
    const lock = await lockOn(roles.content.id)
    const takeOver = () =>
      api('PATCH', `/payload-locked-documents/${lock.id}`, {
        token: roles.ops_manager.token,
        body: { user: { relationTo: 'users', value: roles.ops_manager.id } },
      })
    const clear = () =>
      api('DELETE', `/payload-locked-documents/${lock.id}`, { token: roles.super_admin.token })
    const [, cleared] = await heldAt('updateOne', 'payload-locked-documents', takeOver, clear)
    expect(cleared.status).toBe(200)
    expect(await lockRows(lock.id)).toEqual([])

    const second = await lockOn(roles.content.id)
    const takeOverByGraphql = async () => {
      const answer = await graphql(
        `mutation {
          updatePayloadLockedDocument(
            id: ${second.id}
            data: { user: { relationTo: users, value: ${roles.ops_manager.id} } }
          ) { id }
        }`,
        undefined,
        roles.ops_manager.token,
      )
      return { status: answer.status, body: answer.body }
    }
    const clearSecond = () =>
      api('DELETE', `/payload-locked-documents/${second.id}`, { token: roles.super_admin.token })
    await heldAt('updateOne', 'payload-locked-documents', takeOverByGraphql, clearSecond)
    expect(await lockRows(second.id)).toEqual([])
  })
})

describe('probe: collections', () => {
  it('lists', async () => {
    const slugs = payload.config.collections.map((c) => c.slug)
    const out: string[] = []
    for (const slug of slugs) {
      for (const role of ['anon', 'trekker', 'guide', 'finance', 'content'] as const) {
        const token = role === 'anon' ? undefined : roles[role].token
        const r = await api('GET', `/${slug}?limit=1&depth=0`, { token })
        out.push(
          `${slug} ${role} ${r.status} ${r.body?.totalDocs ?? ''} ${r.status === 200 && r.body?.docs?.[0] ? Object.keys(r.body.docs[0]).join(',').slice(0, 150) : ''}`,
        )
      }
    }
    console.log(out.join('\n'))
  })
})

const heldCtx = new AsyncLocalStorage<{ held: true }>()

/**
 * Runs `a` inside a context, holds it at its k-th adapter call, runs `b` to its end (or for at
 * most `waitMs`, when `b` waits for a lock `a` holds), then lets `a` go on.
 */
async function interleave(
  k: number,
  a: () => Promise<Answer>,
  b: () => Promise<Answer>,
  waitMs = 800,
): Promise<{ a: Answer; b: Answer; reached: boolean; label: string }> {
  const db = payload.db as any
  const methods = [
    'find',
    'findOne',
    'create',
    'updateOne',
    'updateMany',
    'deleteOne',
    'deleteMany',
    'count',
    'upsert',
  ]
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  let reached!: () => void
  const atCall = new Promise<void>((resolve) => (reached = resolve))
  let calls = 0
  let label = ''
  let wasReached = false
  const spies = methods.map((method) => {
    const original = db[method].bind(db)
    return jest.spyOn(db, method).mockImplementation(async (args: any) => {
      if (heldCtx.getStore() && calls++ === k) {
        label = `${method}:${args?.collection}`
        wasReached = true
        reached()
        await gate
      }
      return original(args)
    })
  })
  try {
    const pa = heldCtx.run({ held: true }, a)
    await Promise.race([
      atCall,
      pa.then(
        () => undefined,
        () => undefined,
      ),
    ])
    const pb = heldCtx.exit(b)
    await Promise.race([
      pb.then(
        () => undefined,
        () => undefined,
      ),
      new Promise((r) => setTimeout(r, waitMs)),
    ])
    release()
    const [ra, rb] = await Promise.all([pa, pb])
    return { a: ra, b: rb, reached: wasReached, label }
  } finally {
    release()
    spies.forEach((spy) => spy.mockRestore())
  }
}

async function moneyState(bookingId: number, userId: number, batchId: number) {
  const booking: any = await payload.findByID({
    collection: 'bookings',
    id: bookingId,
    depth: 0,
    overrideAccess: true,
  })
  const payments: any[] = (
    await payload.find({
      collection: 'payments',
      where: { booking: { equals: bookingId } },
      depth: 0,
      overrideAccess: true,
      limit: 100,
    })
  ).docs
  const batch: any = await payload.findByID({
    collection: 'batches',
    id: batchId,
    depth: 0,
    overrideAccess: true,
  })
  const live = (
    await payload.count({
      collection: 'bookings',
      where: { batch: { equals: batchId }, status: { in: ['pending', 'confirmed'] } },
      overrideAccess: true,
    })
  ).totalDocs
  const user: any = await payload.findByID({
    collection: 'users',
    id: userId,
    depth: 0,
    overrideAccess: true,
  })
  const ledger = (
    await payload.find({
      collection: 'points-transactions',
      where: { user: { equals: userId } },
      depth: 0,
      overrideAccess: true,
      limit: 100,
    })
  ).docs.reduce((sum: number, row: any) => sum + row.amount, 0)
  const taken = payments.filter((p) => p.status === 'success' || p.status === 'refunded')
  const sum = (xs: number[]) => Math.round(xs.reduce((s, x) => s + x, 0) * 100) / 100
  const held = sum([
    ...taken.map((p) => p.amount),
    ...taken.flatMap((p) =>
      (p.refunds ?? []).filter((r: any) => r.status !== 'failed').map((r: any) => -r.amount),
    ),
  ])
  const ids = taken.map((p) => p.razorpayPaymentId).filter(Boolean)
  const problems: string[] = []
  if (batch.bookedSeats !== live) {
    problems.push(`seats ${batch.bookedSeats} vs live ${live}`)
  }
  if (user.obsPoints !== ledger) {
    problems.push(`points ${user.obsPoints} vs ledger ${ledger}`)
  }
  if (booking.status === 'confirmed' && user.obsPoints !== 100) {
    problems.push(`confirmed with ${user.obsPoints} points`)
  }
  if (booking.status === 'cancelled' && user.obsPoints !== 0) {
    problems.push(`cancelled with ${user.obsPoints} points`)
  }
  if (new Set(ids).size !== ids.length) {
    problems.push('a payment recorded twice')
  }
  if (booking.status !== 'cancelled') {
    if (held !== booking.amountPaid) {
      problems.push(`live: held ${held} vs amountPaid ${booking.amountPaid}`)
    }
    if (Math.round((booking.finalAmount - booking.amountPaid) * 100) / 100 !== booking.balanceDue) {
      problems.push(`balance ${booking.balanceDue} vs ${booking.finalAmount}-${booking.amountPaid}`)
    }
    if (booking.status === 'confirmed' && booking.balanceDue !== 0) {
      problems.push('confirmed with balance due')
    }
  } else if (Math.round((booking.amountPaid - (booking.refundDue ?? 0)) * 100) / 100 !== held) {
    problems.push(
      `cancelled: held ${held}, amountPaid ${booking.amountPaid}, refundDue ${booking.refundDue}`,
    )
  }
  return {
    problems,
    summary: `${booking.status} paid ${booking.amountPaid} due ${booking.balanceDue} refundDue ${booking.refundDue} held ${held} seats ${batch.bookedSeats}/${live} batch ${batch.status} payments ${payments.map((p) => `${p.status}:${p.amount}:${(p.refunds ?? []).map((r: any) => `${r.status}/${r.amount}`).join('+')}`).join(' ')}`,
  }
}

let fakeRef: any
usePaymentsWorld((world: PaymentsWorld) => {
  fakeRef = world.fake
})

async function scenario(paid = process.env.PAID === '1') {
  const { batch } = await bookableBatch(payload, { seats: 3, price: 10000 })
  const trekker = await quickTrekker(payload, {
    phone: `+9198${Math.floor(10000000 + Math.random() * 89999999)}`,
    dateOfBirth: '1994-06-15T00:00:00.000Z',
  })
  await addEmergencyContact(trekker.token)
  const booked = await book(trekker.token, batch.id)
  if (booked.status !== 201) {
    throw new Error(`book ${booked.status} ${JSON.stringify(booked.body)}`)
  }
  const bookingId = booked.body.doc.id as number
  const order = await api('POST', `/bookings/${bookingId}/checkout`, { token: trekker.token })
  if (order.status !== 201) {
    throw new Error(`checkout ${order.status} ${JSON.stringify(order.body)}`)
  }
  const orderId = order.body.orderId as string
  const payment = fakeRef.capture(orderId)
  let n = 0
  if (paid) {
    const applied = await deliver(capturedEvent(payment), { eventId: `evt_paid_${bookingId}` })
    if (applied.body.outcome !== 'applied') {
      throw new Error(`not applied ${JSON.stringify(applied.body)}`)
    }
  }
  const paymentRowId = async () =>
    (
      await payload.find({
        collection: 'payments',
        where: { booking: { equals: bookingId } },
        sort: 'id',
        depth: 0,
        overrideAccess: true,
      })
    ).docs[0].id
  const ops: Record<string, () => Promise<Answer>> = {
    verify: () =>
      api('POST', '/payments/verify', {
        token: trekker.token,
        body: {
          razorpayOrderId: orderId,
          razorpayPaymentId: payment.id,
          razorpaySignature: fakeRef.checkoutSignature(orderId, payment.id),
        },
      }),
    webhook: () =>
      deliver(capturedEvent(payment), { eventId: `evt_${bookingId}_${n++}_${Date.now()}` }),
    cancel: () =>
      api('POST', `/bookings/${bookingId}/cancel`, {
        token: trekker.token,
        body: { reason: 'changed plans' },
      }),
    desk: () =>
      api('POST', `/bookings/${bookingId}/offline-payment`, {
        token: roles.finance.token,
        body: { amount: 4000, method: 'cash', reference: unique('R') },
      }),
    calloff: () =>
      api('POST', `/batches/${batch.id}/cancel`, {
        token: roles.ops_manager.token,
        body: { reason: 'weather' },
      }),
    reap: async () => {
      await expireHold(payload, bookingId, 60)
      const r = await expireHolds(payload)
      return { status: 200, body: r }
    },
    refund: async () =>
      api('POST', `/payments/${await paymentRowId()}/refund`, {
        token: roles.finance.token,
        body: { amount: 3000, reason: unique('goodwill') },
      }),
    refundAll: async () =>
      api('POST', `/payments/${await paymentRowId()}/refund`, {
        token: roles.super_admin.token,
        body: { reason: unique('all back') },
      }),
    csCancel: () =>
      api('POST', `/bookings/${bookingId}/cancel`, {
        token: roles.cs.token,
        body: { reason: 'desk' },
      }),
  }
  return { ops, bookingId, userId: trekker.id, batchId: batch.id }
}

describe('probe: interleavings', () => {
  it('explores', async () => {
    const pairs = (process.env.PAIRS ?? 'verify:calloff').split(',')
    const ks = (process.env.KS ?? '0,2,4,6,8,10,12,14,16,20,24,28,32,40').split(',').map(Number)
    const deadline = Date.now() + Number(process.env.BUDGET_MS ?? 240000)
    const out: string[] = []
    let trials = 0
    for (const pair of pairs) {
      const [x, y, z] = pair.split(':')
      for (const k of ks) {
        if (Date.now() > deadline) {
          break
        }
        const s = await scenario()
        const second = z
          ? async () => {
              const both = await Promise.all([s.ops[y](), s.ops[z]()])
              return {
                status: Math.max(both[0].status, both[1].status),
                body: both.map((one) => one.body),
              }
            }
          : s.ops[y]
        const r = await interleave(k, s.ops[x], second)
        await runJobs(payload)
        const st = await moneyState(s.bookingId, s.userId, s.batchId)
        trials++
        const fivexx = [r.a, r.b].some((ans) => ans.status >= 500)
        const line = `${pair} k=${k} ${r.reached ? r.label : 'not reached'} -> ${r.a.status}/${r.b.status} ${st.summary}`
        if (fivexx || st.problems.length) {
          out.push(
            `!! ${line} :: ${st.problems.join('; ')} ${fivexx ? JSON.stringify([r.a.body, r.b.body]).slice(0, 300) : ''}`,
          )
        } else {
          out.push(line)
        }
        if (!r.reached) {
          break
        }
      }
    }
    console.log(`trials ${trials}\n${out.join('\n')}`)
  }, 600000)
})

describe('probe: builtins', () => {
  it('odd builtin routes', async () => {
    const slugs = payload.config.collections.map((c) => c.slug)
    const who: Array<[string, string | undefined]> = [
      ['anon', undefined],
      ['trekker', roles.trekker.token],
      ['cs', roles.cs.token],
      ['super', roles.super_admin.token],
    ]
    const ids = ['1', '999999', 'abc', '2147483648', '-1', '1.5', '%20', '0x1']
    const found: string[] = []
    let n = 0
    const json = (body: unknown) => ({
      body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json' },
    })
    for (const slug of slugs) {
      for (const [name, token] of who) {
        const reqs: Array<[string, string, RequestInit]> = []
        for (const id of ids) {
          reqs.push(['POST', `/api/${slug}/access/${id}`, json({})])
          reqs.push(['GET', `/api/${slug}/access/${id}`, {}])
          reqs.push(['POST', `/api/${slug}/${id}/duplicate`, json({})])
        }
        reqs.push(['GET', `/api/${slug}/count?where[id][equals]=abc`, {}])
        reqs.push(['GET', `/api/${slug}/count?where[createdAt][greater_than]=x`, {}])
        reqs.push(['GET', `/api/${slug}/count?depth=9&limit=-4`, {}])
        reqs.push(['POST', `/api/${slug}/access`, json({ data: { x: 1 } })])
        reqs.push(['GET', `/api/${slug}/init`, {}])
        reqs.push(['POST', `/api/${slug}/unlock`, json({ email: 'nobody@obs.test' })])
        reqs.push(['POST', `/api/${slug}/unlock`, json({ email: { a: 1 } })])
        reqs.push(['POST', `/api/${slug}/refresh-token`, json({})])
        reqs.push(['POST', `/api/${slug}/verify/abc`, json({})])
        reqs.push([
          'POST',
          `/api/${slug}/reset-password`,
          json({ token: 'x', password: 'Abcdefgh12345!' }),
        ])
        reqs.push(['POST', `/api/${slug}/reset-password`, json({ token: { a: 1 }, password: 1 })])
        reqs.push([
          'POST',
          `/api/${slug}/first-register`,
          json({ email: 'a@b.test', password: 'Abcdefgh12345!' }),
        ])
        reqs.push(['POST', `/api/${slug}/forgot-password`, json({ email: ['a'] })])
        reqs.push(['GET', `/api/${slug}/me`, {}])
        reqs.push(['POST', `/api/${slug}/logout`, json({})])
        for (const [method, path, init] of reqs) {
          n++
          const r = await viaRoute(method, path, { ...init, token } as any).catch((e) => ({
            status: 999,
            body: String(e),
          }))
          if (r.status >= 500) {
            found.push(
              `${name} ${method} ${path} ${r.status} ${JSON.stringify(r.body).slice(0, 150)}`,
            )
          }
        }
      }
    }
    console.log(`requests ${n}\n${found.join('\n')}`)
  }, 600000)
})

describe('an edit lock dated by its holder', () => {
  // FINDING 4: a staff member's edit lock keeps the `updatedAt` (and `createdAt`) the request sends: cs's `POST /api/payload-locked-documents` on a trekker's account with `updatedAt: "2099-01-01…"` is stored so, and since a lock holds for five minutes from its `updatedAt`, the account is locked for seventy years: the trekker's own profile edit and ops' edit answer 423 "currently locked by another user" until a super admin finds and deletes the row (the server-dated timestamps rule does not reach the admin's internal collections; content can freeze a trek or region the same way), low-medium
  it.failing('dates a new lock by the server clock, so it lapses after five minutes', async () => {
    const member = await quickTrekker(payload)
    const lock = await api('POST', '/payload-locked-documents', {
      token: roles.cs.token,
      body: {
        document: { relationTo: 'users', value: member.id },
        user: { relationTo: 'users', value: roles.cs.id },
        updatedAt: '2099-01-01T00:00:00.000Z',
        createdAt: '2099-01-01T00:00:00.000Z',
      },
    })
    expect(lock.status).toBe(201)
    const own = await api('PATCH', `/users/${member.id}`, {
      token: member.token,
      body: { bio: 'Back from Kedarkantha' },
    })
    expect(own.status).toBe(423)
    const [row] = (await lockRows(lock.body.doc.id)) as Array<{ updatedAt: string }>
    expect(new Date(row.updatedAt).getTime()).toBeLessThanOrEqual(Date.now() + 60_000)

    const other = await quickTrekker(payload)
    const created = await graphql(
      `
        mutation ($d: mutationPayloadLockedDocumentInput!) {
          createPayloadLockedDocument(data: $d) {
            id
            updatedAt
          }
        }
      `,
      {
        d: {
          document: { relationTo: 'users', value: other.id },
          user: { relationTo: 'users', value: roles.cs.id },
          updatedAt: '2099-01-01T00:00:00.000Z',
        },
      },
      roles.cs.token,
    )
    const stamp = created.body.data?.createPayloadLockedDocument?.updatedAt
    expect(new Date(stamp).getTime()).toBeLessThanOrEqual(Date.now() + 60_000)
  })
})

describe('an emergency contact named with blank-looking letters', () => {
  // FINDING 5: an emergency contact named only with characters that show as nothing but are not spaces or format characters (U+3164 HANGUL FILLER, U+2800 BRAILLE PATTERN BLANK, U+FFA0 HALFWIDTH HANGUL FILLER, U+115F U+1160 the Hangul fillers, U+034F COMBINING GRAPHEME JOINER) is stored, 201, and copied onto the trekker's next booking as the person to call: round 38's blank check strips `\s` and `\p{Cf}` only, low
  it.failing('refuses each with 400', async () => {
    const member = await quickTrekker(payload)
    const names = ['\u3164', '\u2800\u2800', '\uffa0', '\u115f\u1160', '\u034f', '\u3164 \u3164']
    const answers: Array<[string, number]> = []
    for (const name of names) {
      const created = await api('POST', '/emergency-contacts', {
        token: member.token,
        body: { name, relationship: 'Sister', phone: '+919812345670' },
      })
      answers.push([JSON.stringify(name), created.status])
    }
    expect(answers).toEqual(names.map((name) => [JSON.stringify(name), 400]))
  })
})

describe('probe: query params', () => {
  it('feed and export params', async () => {
    const b64 = (x: unknown) => Buffer.from(JSON.stringify(x)).toString('base64url')
    const urls = [
      `/api/posts/feed?cursor=${b64(['2026-01-01T00:00:00Z', 1e300])}`,
      `/api/posts/feed?cursor=${b64(['2026-01-01T00:00:00Z', 2 ** 31])}`,
      `/api/posts/feed?cursor=${b64(['2026-01-01T00:00:00Z', -(2 ** 53)])}`,
      `/api/posts/feed?cursor=${b64(['+275760-09-13T00:00:00.000Z', 1])}`,
      `/api/posts/feed?cursor=${b64(['-271821-04-20T00:00:00.000Z', 1])}`,
      `/api/posts/feed?cursor=${b64(['0001-01-01T00:00:00Z', 1])}`,
      `/api/posts/feed?cursor=${b64(['5000', 1])}`,
      `/api/posts/feed?cursor=${b64(['1', 1])}`,
      `/api/posts/feed?cursor=${b64(['Tue, 01 Jan 10000 00:00:00 GMT', 1])}`,
      '/api/posts/feed?trek=99999999999999999999',
      '/api/posts/feed?author=2147483648',
      '/api/posts/feed?batch=00000000000000000000001',
      '/api/posts/feed?limit=1e1',
      '/api/posts/feed?limit=99999999999999999999999',
      '/api/posts/feed?kind=feed&kind=journal',
      '/api/treks/slug/%00/batches',
      '/api/treks/slug/' + 'a'.repeat(5000),
      '/api/treks/slug/%F0%9F%98%80',
      '/api/treks/slug/%ff',
      '/api/payments/export?from=2100-12-31T23:59:59.999%2B14:00',
      '/api/payments/export?to=2000-01-01T00:00:00-23:59',
      '/api/payments/export?from=2000-01-01&to=2000-01-01T00:00:00Z',
      '/api/payments/export?status=success&status=x',
      '/api/payments/export?from=2024-02-29',
      '/api/payments/export?from=2100-12-31',
    ]
    const out: string[] = []
    for (const url of urls) {
      for (const token of [undefined, roles.trekker.token, roles.finance.token]) {
        const r = await viaRoute('GET', url, { token } as any).catch((e) => ({
          status: 999,
          body: String(e),
        }))
        out.push(`${r.status} ${url.slice(0, 90)} ${JSON.stringify(r.body).slice(0, 140)}`)
      }
    }
    console.log(out.join('\n'))
  })
})

describe('probe: account interleavings', () => {
  it('explores', async () => {
    const { createUser, TEST_PASSWORD } = await import('../helpers/fixtures')
    const pairs = (process.env.APAIRS ?? 'login:erase').split(',')
    const ks = (process.env.KS ?? '0,2,4,6,8,10,14,18,24').split(',').map(Number)
    const deadline = Date.now() + Number(process.env.BUDGET_MS ?? 240000)
    const out: string[] = []
    let trials = 0
    for (const pair of pairs) {
      const [x, y] = pair.split(':')
      for (const k of ks) {
        if (Date.now() > deadline) {
          break
        }
        const member = await createUser(payload, null)
        const first = await api('POST', '/users/login', {
          body: { email: member.email, password: TEST_PASSWORD },
        })
        const tokens: string[] = [first.body.token]
        const refreshTokens: string[] = [first.body.refreshToken]
        const newPassword = 'Another-password-456'
        const loginOld = async () => {
          const r = await api('POST', '/users/login', {
            body: { email: member.email, password: TEST_PASSWORD },
          })
          if (r.status === 200) {
            tokens.push(r.body.token)
            refreshTokens.push(r.body.refreshToken)
          }
          return r
        }
        const ops: Record<string, () => Promise<Answer>> = {
          login: loginOld,
          refresh: async () => {
            const r = await api('POST', '/users/token/refresh', {
              body: { refreshToken: refreshTokens[0] },
            })
            if (r.status === 200) {
              tokens.push(r.body.token)
              refreshTokens.push(r.body.refreshToken)
            }
            return r
          },
          logout: () => api('POST', '/users/logout', { token: first.body.token }),
          password: () =>
            api('PATCH', `/users/${member.id}`, {
              token: first.body.token,
              body: { password: newPassword, currentPassword: TEST_PASSWORD },
            }),
          erase: () =>
            api('POST', `/users/${member.id}/erase`, {
              token: roles.cs.token,
              body: { reason: 'asked by phone' },
            }),
          remove: () => api('DELETE', `/users/${member.id}`, { token: roles.super_admin.token }),
          signout: () =>
            api('POST', `/users/${member.id}/sign-out`, { token: roles.cs.token, body: {} }),
          edit: () =>
            api('PATCH', `/users/${member.id}`, {
              token: first.body.token,
              body: { bio: unique('bio') },
            }),
          csEdit: () =>
            api('PATCH', `/users/${member.id}`, {
              token: roles.cs.token,
              body: { lastName: unique('Rawat') },
            }),
          exportMe: () => api('GET', '/users/me/export', { token: first.body.token }),
        }
        const r = await interleave(k, ops[x], ops[y])
        trials++
        const ended = [
          [x, r.a],
          [y, r.b],
        ]
          .filter(
            ([op, ans]: any) =>
              ['erase', 'remove', 'password', 'signout'].includes(op) && ans.status < 300,
          )
          .map(([op]) => op as string)
        const problems: string[] = []
        if (r.a.status >= 500 || r.b.status >= 500) {
          problems.push(`5xx ${JSON.stringify([r.a.body, r.b.body]).slice(0, 200)}`)
        }
        const row = await payload.db.findOne({
          collection: 'users',
          where: { id: { equals: member.id } },
        })
        if (ended.includes('remove') && row) {
          problems.push('deleted account back')
        }
        if (ended.some((op) => op === 'erase' || op === 'remove' || op === 'password')) {
          for (const t of tokens) {
            const me = await api('GET', '/users/me', { token: t })
            if (me.status === 200 && me.body?.user) {
              problems.push(`token alive after ${ended}`)
            }
          }
          for (const rt of refreshTokens) {
            const again = await api('POST', '/users/token/refresh', { body: { refreshToken: rt } })
            if (again.status === 200) {
              problems.push(`refresh alive after ${ended}`)
            }
          }
          if (ended.includes('password')) {
            const old = await api('POST', '/users/login', {
              body: { email: member.email, password: TEST_PASSWORD },
            })
            if (old.status === 200) {
              problems.push('old password signs in')
            }
          }
        }
        const line = `${pair} k=${k} ${r.reached ? r.label : 'not reached'} -> ${r.a.status}/${r.b.status} ${process.env.SHOW ? JSON.stringify([r.a.body, r.b.body]).slice(0, 400) : ''}`
        out.push(problems.length ? `!! ${line} :: ${problems.join('; ')}` : line)
        if (!r.reached) {
          break
        }
      }
    }
    console.log(`trials ${trials}\n${out.join('\n')}`)
  }, 600000)
})

describe('probe: seat interleavings', () => {
  it('explores', async () => {
    const pairs = (process.env.SPAIRS ?? 'bookY:cancelX').split(',')
    const ks = (process.env.KS ?? '0,3,6,10,15,21,28').split(',').map(Number)
    const deadline = Date.now() + Number(process.env.BUDGET_MS ?? 240000)
    const out: string[] = []
    let trials = 0
    const ready = async () => {
      const t = await quickTrekker(payload, {
        phone: `+9198${Math.floor(10000000 + Math.random() * 89999999)}`,
        dateOfBirth: '1994-06-15T00:00:00.000Z',
      })
      await addEmergencyContact(t.token)
      return t
    }
    for (const pair of pairs) {
      const [x, y] = pair.split(':')
      for (const k of ks) {
        if (Date.now() > deadline) {
          break
        }
        const { batch } = await bookableBatch(payload, { seats: 1, price: 10000 })
        const [tx, ty, tz] = await Promise.all([ready(), ready(), ready()])
        const bx = await book(tx.token, batch.id)
        const xId = bx.body.doc.id
        const ops: Record<string, () => Promise<Answer>> = {
          bookY: () => book(ty.token, batch.id),
          bookZ: () => book(tz.token, batch.id),
          cancelX: () =>
            api('POST', `/bookings/${xId}/cancel`, { token: tx.token, body: { reason: 'plans' } }),
          csCancelX: () =>
            api('POST', `/bookings/${xId}/cancel`, {
              token: roles.cs.token,
              body: { reason: 'desk' },
            }),
          reapX: async () => {
            await expireHold(payload, xId, 60)
            return { status: 200, body: await expireHolds(payload) }
          },
          grow: () =>
            api('PATCH', `/batches/${batch.id}`, {
              token: roles.ops_manager.token,
              body: { totalSeats: 2 },
            }),
          shrink: () =>
            api('PATCH', `/batches/${batch.id}`, {
              token: roles.ops_manager.token,
              body: { totalSeats: 1 },
            }),
          calloff: () =>
            api('POST', `/batches/${batch.id}/cancel`, {
              token: roles.ops_manager.token,
              body: { reason: 'snow' },
            }),
          deskX: () =>
            api('POST', `/bookings/${xId}/offline-payment`, {
              token: roles.finance.token,
              body: { amount: 10000, method: 'cash', reference: unique('S') },
            }),
          reopen: () =>
            api('PATCH', `/batches/${batch.id}`, {
              token: roles.ops_manager.token,
              body: { status: 'open' },
            }),
        }
        if (process.env.GROWN) {
          await ops.grow()
        }
        const r = await interleave(k, ops[x], ops[y])
        trials++
        const b: any = await payload.findByID({
          collection: 'batches',
          id: batch.id,
          depth: 0,
          overrideAccess: true,
        })
        const live = (
          await payload.count({
            collection: 'bookings',
            where: { batch: { equals: batch.id }, status: { in: ['pending', 'confirmed'] } },
            overrideAccess: true,
          })
        ).totalDocs
        const problems: string[] = []
        if (r.a.status >= 500 || r.b.status >= 500) {
          problems.push(`5xx ${JSON.stringify([r.a.body, r.b.body]).slice(0, 300)}`)
        }
        if (b.bookedSeats !== live) {
          problems.push(`bookedSeats ${b.bookedSeats} vs live ${live}`)
        }
        if (live > b.totalSeats) {
          problems.push(`oversold ${live}/${b.totalSeats}`)
        }
        if (b.status === 'open' && live >= b.totalSeats) {
          problems.push(`open but full ${live}/${b.totalSeats}`)
        }
        if (b.status === 'full' && live < b.totalSeats) {
          problems.push(`full with ${live}/${b.totalSeats}`)
        }
        if (b.availableSeats !== b.totalSeats - live) {
          problems.push(`available ${b.availableSeats}`)
        }
        const line = `${pair} k=${k} ${r.reached ? r.label : 'not reached'} -> ${r.a.status}/${r.b.status} ${b.status} ${live}/${b.totalSeats}`
        out.push(problems.length ? `!! ${line} :: ${problems.join('; ')}` : line)
        if (!r.reached) {
          break
        }
      }
    }
    console.log(`trials ${trials}\n${out.join('\n')}`)
  }, 600000)
})

describe('probe: gql doc access', () => {
  it('docAccess and versions', async () => {
    const schema = await graphql(
      `
        {
          __schema {
            queryType {
              fields {
                name
                args {
                  name
                  type {
                    name
                    kind
                    ofType {
                      name
                    }
                  }
                }
              }
            }
          }
        }
      `,
      undefined,
      roles.super_admin.token,
    )
    const fields: any[] = schema.body.data?.__schema?.queryType?.fields ?? []
    console.log(
      'fields',
      fields.length,
      fields
        .map((f) => f.name)
        .join(' ')
        .slice(0, 3000),
    )
    const out: string[] = []
    let n = 0
    for (const f of fields) {
      const idArg = f.args.find((a: any) => a.name === 'id')
      if (!idArg) {
        continue
      }
      const t = idArg.type.ofType?.name ?? idArg.type.name
      for (const id of t === 'String'
        ? ['"abc"', '"999999"', '""']
        : ['999999', '-1', '2147483647']) {
        for (const token of [roles.super_admin.token, roles.trekker.token, roles.guide.token]) {
          n++
          const q = `{ ${f.name}(id: ${id}) { __typename } }`
          const r = await graphql(q, undefined, token)
          const codes = (r.body.errors ?? []).map(
            (e: any) => e.extensions?.statusCode ?? e.extensions?.code ?? e.message.slice(0, 60),
          )
          if (
            r.status >= 500 ||
            codes.some((c: any) => Number(c) >= 500 || String(c).includes('INTERNAL'))
          ) {
            out.push(`${q} ${r.status} ${JSON.stringify(r.body.errors).slice(0, 200)}`)
          }
        }
      }
    }
    console.log(`requests ${n}\n${out.join('\n')}`)
  }, 600000)
})

describe('probe: catalog numbers', () => {
  it('numbers', async () => {
    const { batch, trek } = await bookableBatch(payload, { seats: 5 })
    const region = await payload.create({
      collection: 'regions',
      data: { name: unique('NumRegion') },
      overrideAccess: true,
    })
    const out: string[] = []
    const tries: Array<[string, string, string, Record<string, unknown>]> = []
    for (const v of [-5, 0, 1.5, 100000]) {
      tries.push(['PATCH', `/treks/${trek.id}`, 'ops_manager', { durationDays: v }])
    }
    for (const v of [-1, 1e9, 0.0001]) {
      tries.push(['PATCH', `/treks/${trek.id}`, 'ops_manager', { totalDistance: v }])
    }
    for (const v of [-3, 0, 2.5, 1e9]) {
      tries.push(['PATCH', `/treks/${trek.id}`, 'ops_manager', { maxGroupSize: v }])
    }
    for (const v of [-100, 0, 0.001, 1e12]) {
      tries.push(['PATCH', `/batches/${batch.id}`, 'ops_manager', { price: v }])
    }
    for (const v of [-1, 0, 1.5, 1e9]) {
      tries.push(['PATCH', `/batches/${batch.id}`, 'ops_manager', { totalSeats: v }])
    }
    for (const v of [-10, 9001, 1.5]) {
      tries.push([
        'POST',
        '/itinerary-days',
        'content',
        {
          trek: trek.id,
          dayNumber: 7 + Math.floor(Math.random() * 1000),
          title: 'Day',
          altitude: v,
        },
      ])
    }
    for (const v of [-10, 1e6]) {
      tries.push([
        'POST',
        '/itinerary-days',
        'content',
        {
          trek: trek.id,
          dayNumber: 1000 + Math.floor(Math.random() * 1000),
          title: 'Day',
          distanceKm: v,
        },
      ])
    }
    for (const v of [-50, 1e12, 0.5]) {
      tries.push([
        'POST',
        '/badges',
        'content',
        { name: unique('B'), rule: 'first_post', points: v },
      ])
    }
    for (const v of [-1, 100, 1.5]) {
      tries.push(['POST', '/guides', 'ops_manager', { name: 'G', yearsExp: v, isActive: false }])
    }
    tries.push([
      'POST',
      '/treks',
      'content',
      {
        name: unique('T'),
        region: region.id,
        maxAltitude: 3000,
        durationDays: 5,
        difficulty: 'easy',
        bestMonths: [0, 13],
      },
    ])
    tries.push([
      'POST',
      '/treks',
      'content',
      {
        name: unique('T'),
        region: region.id,
        maxAltitude: 3000,
        durationDays: 5,
        difficulty: 'easy',
        bestMonths: [5, 5, 5],
      },
    ])
    for (const [method, path, role, body] of tries) {
      const r = await api(method, path, { token: (roles as any)[role].token, body })
      if (r.status < 300) {
        out.push(`STORED ${method} ${path} ${JSON.stringify(body)} ${r.status}`)
      } else {
        out.push(
          `${r.status} ${path} ${JSON.stringify(body)} ${JSON.stringify(r.body).slice(0, 100)}`,
        )
      }
    }
    console.log(out.join('\n'))
  })
})

describe('a departure priced past what paise can count', () => {
  // FINDING 6: a departure's price has no upper bound: ops' `PATCH /api/batches/:id {"price": 1e20}` is stored (200), a trekker's booking of it is 201 with `finalAmount` 1e20, and checkout answers 201 with `amountPaise: 1e+22` (not even an integer in JSON) for Razorpay; every other catalog number is bounded (distance, altitude, seats, badge points: 400), and prices past 2^53 paise (about ₹9 × 10^13) are past exact arithmetic in rupees-to-paise conversions, low
  it.failing('refuses a price whose paise are not an exact whole number (400)', async () => {
    const { batch } = await bookableBatch(payload, { seats: 5 })
    const answers: number[] = []
    for (const price of [1e20, 1e15]) {
      const set = await api('PATCH', `/batches/${batch.id}`, {
        token: roles.ops_manager.token,
        body: { price },
      })
      answers.push(set.status)
    }
    expect(answers).toEqual([400, 400])
  })
})

describe('probe: points bounds', () => {
  it('points', async () => {
    const out: string[] = []
    for (const amount of [2147483647, 2147483648, 1e12, 1.5, -2147483649, 1e20]) {
      const t = await quickTrekker(payload)
      const r = await api('POST', '/points-transactions', {
        token: roles.super_admin.token,
        body: { user: t.id, amount, reason: 'manual' },
      })
      const u: any = await payload.findByID({
        collection: 'users',
        id: t.id,
        depth: 0,
        overrideAccess: true,
      })
      out.push(
        `${amount} ${r.status} ${JSON.stringify(r.body).slice(0, 160)} points ${u.obsPoints} tier ${u.tribeTier}`,
      )
    }
    const t2 = await quickTrekker(payload)
    const a = await api('POST', '/points-transactions', {
      token: roles.super_admin.token,
      body: { user: t2.id, amount: 2000000000, reason: 'a' },
    })
    const b = await api('POST', '/points-transactions', {
      token: roles.super_admin.token,
      body: { user: t2.id, amount: 2000000000, reason: 'b' },
    })
    const u2: any = await payload.findByID({
      collection: 'users',
      id: t2.id,
      depth: 0,
      overrideAccess: true,
    })
    out.push(
      `two 2e9: ${a.status} ${b.status} ${JSON.stringify(b.body).slice(0, 200)} points ${u2.obsPoints}`,
    )
    console.log(out.join('\n'))
  })
})

describe('probe: preference owner', () => {
  it('owner', async () => {
    const key = unique('nav')
    const c = await api('POST', '/payload-preferences', {
      token: roles.cs.token,
      body: {
        key,
        value: { open: true },
        user: { relationTo: 'users', value: roles.super_admin.id },
      },
    })
    console.log('create', c.status, JSON.stringify(c.body).slice(0, 300))
    const own = await api('POST', `/payload-preferences/${unique('k')}`, {
      token: roles.cs.token,
      body: { value: 1 },
    })
    const m = await api('PATCH', `/payload-preferences/${own.body.doc.id}`, {
      token: roles.cs.token,
      body: { user: { relationTo: 'users', value: roles.super_admin.id } },
    })
    console.log('move', m.status, JSON.stringify(m.body).slice(0, 300))
    const rows = await payload.find({
      collection: 'payload-preferences',
      where: { id: { in: [c.body?.doc?.id, own.body.doc.id].filter(Boolean) } },
      depth: 0,
      overrideAccess: true,
    })
    console.log('rows', JSON.stringify(rows.docs.map((d: any) => [d.id, d.key, d.user])))
  })
})

describe('probe: booking delete', () => {
  it('delete', async () => {
    for (const paid of [false, true]) {
      const sc = await scenario(paid)
      const del = await api('DELETE', `/bookings/${sc.bookingId}`, {
        token: roles.super_admin.token,
      })
      const b: any = await payload.findByID({
        collection: 'batches',
        id: sc.batchId,
        depth: 0,
        overrideAccess: true,
      })
      const pays = await payload.find({
        collection: 'payments',
        where: { booking: { equals: sc.bookingId } },
        depth: 0,
        overrideAccess: true,
      })
      console.log(
        'paid',
        paid,
        'delete',
        del.status,
        JSON.stringify(del.body).slice(0, 200),
        'seats',
        b.bookedSeats,
        'payments',
        pays.totalDocs,
      )
      if (del.status === 200) {
        const hook = await sc.ops.webhook()
        console.log('webhook after delete', hook.status, JSON.stringify(hook.body).slice(0, 300))
      }
    }
  })
})

describe('probe: delete vs checkout', () => {
  it('race', async () => {
    const out: string[] = []
    for (const order of ['delFirst', 'coFirst']) {
      for (const k of [0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15]) {
        const { batch } = await bookableBatch(payload, { seats: 3, price: 10000 })
        const t = await quickTrekker(payload, {
          phone: `+9198${Math.floor(10000000 + Math.random() * 89999999)}`,
          dateOfBirth: '1994-06-15T00:00:00.000Z',
        })
        await addEmergencyContact(t.token)
        const bk = await book(t.token, batch.id)
        const id = bk.body.doc.id
        const del = () => api('DELETE', `/bookings/${id}`, { token: roles.super_admin.token })
        const co = () => api('POST', `/bookings/${id}/checkout`, { token: t.token })
        const r = order === 'delFirst' ? await interleave(k, del, co) : await interleave(k, co, del)
        const [d, c] = order === 'delFirst' ? [r.a, r.b] : [r.b, r.a]
        let tail = ''
        if (c.status === 201) {
          const payment = fakeRef.capture(c.body.orderId)
          const hook = await deliver(capturedEvent(payment), { eventId: `evt_del_${id}_${k}` })
          tail = `webhook ${hook.status} ${JSON.stringify(hook.body).slice(0, 150)}`
        }
        const exists = await payload.find({
          collection: 'bookings',
          where: { id: { equals: id } },
          depth: 0,
          overrideAccess: true,
        })
        const bt: any = await payload.findByID({
          collection: 'batches',
          id: batch.id,
          depth: 0,
          overrideAccess: true,
        })
        out.push(
          `${order} k=${k} ${r.reached ? r.label : 'nr'} delete ${d.status} checkout ${c.status} booking ${exists.totalDocs} seats ${bt.bookedSeats} ${tail}`,
        )
        if (!r.reached) {
          break
        }
      }
    }
    console.log(out.join('\n'))
  }, 300000)
})
