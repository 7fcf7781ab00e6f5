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
 *     back, over REST and GraphQL (the take-over re-inserts the deleted row), low;
 * (4) a staff member's new edit lock keeps the `updatedAt` it was sent (REST and GraphQL): a lock
 *     dated 2099 freezes a trekker's account (their own edits 423), a trek, or a guide's own post
 *     against moderation (hide and delete 423 until taken over) for decades, low-medium;
 * (5) an emergency contact named only with blank-looking letters (Hangul fillers, the Braille
 *     blank, a combining grapheme joiner) is stored and becomes the booking's person to call, low;
 * (6) a departure's price has no upper bound: ₹10^20 stored, booked, and sent to checkout as
 *     `amountPaise: 1e+22`, low;
 * (7) a community post whose text is only spaces or invisible characters is published to the
 *     feed and earns the first-post badge's points (only an empty paragraph is refused), low.
 * Findings 1 to 4 share one root: Payload's admin collections (edit locks, preferences) are
 * added after OBS's collections are wrapped, so today's rules (row-locked deletes, no deleted
 * row written back, server-dated timestamps) do not reach them.
 *
 * Tried and held (run; the probes that ran them are in this file's commit 5c117bf, taken out of the
 * final file as they assert nothing alone): forced interleavings of money operations on one
 * booking, each pair in both orders with one request held at its 0th to 44th adapter call: an
 * unpaid booking with a captured payment not yet reported (verify, webhook, trekker's and cs's
 * cancellation, a desk deposit, ops' call-off, the hold reaper: 42 ordered pairs, 252 trials) and a
 * confirmed paid booking (cancellations, call-off, finance's partial and full refunds, a desk
 * payment, a webhook replay: 42 pairs, 228 trials); after each, the jobs run and checked: no 5xx,
 * seats booked equal to live bookings, points equal to the ledger (100 while confirmed, 0 once
 * cancelled), each Razorpay payment recorded once, refunds never past what was paid, a live
 * booking's balance its price less what was paid; and three at once (one held, two others run
 * together) over the unpaid booking's seven operations, 105 triples (450 trials): the same. Seats:
 * a one-seat departure held by a pending booking, with another trekker's booking, cancellations,
 * the reaper, ops' resize and call-off, a desk payment and a reopen, 64 pairs (224 trials), and
 * again on two seats with ops shrinking back to one (43 pairs, 165 trials): never oversold,
 * `bookedSeats` and `availableSeats` always the live count (a full departure set `open` by ops is
 * KNOWN). Accounts: sign-in, token refresh, sign-out, password change, cs erasure, super admin
 * delete, cs sign-out everywhere, own and cs profile edits and the export, 90 ordered pairs (360
 * trials): no 5xx, no deleted account back, no access or refresh token alive after an erasure,
 * delete or password change, the old password refused after the change. A super admin's delete of a
 * booking beside its trekker's checkout, both orders, held at each of the first 15 adapter calls
 * (18 trials): either the delete is refused (the order exists, the later capture applied) or the
 * checkout is 404; a booking with any payment row cannot be deleted (400). Payload's built-in
 * routes (`/access/:id`, `/:id/duplicate`, `/count`, `/init`, `/unlock`, `/refresh-token`,
 * `/verify`, `/reset-password`, `/first-register`, `/forgot-password`, `/me`, `/logout`) on every
 * collection with 8 odd ids, anonymous, as a trekker, cs and a super admin through the Next route
 * (4,212 requests: KNOWN's migrations 501 only); GraphQL by-id queries (`X`, `docAccessX`) on every
 * collection with missing, negative and odd ids as a super admin, trekker and guide (396: none).
 * Feed cursors with ids of 2^31, 1e300 and -2^53 and dates of years ±275760, feed filters past
 * int4, trek slugs with NUL, 5,000 characters and bad UTF-8, export bounds at the ends of the
 * allowed years and offsets: 4xx or 200, never 5xx (75 requests). Catalog numbers out of range
 * (durations, distances, group sizes, seats, altitudes, badge points, years of experience, months):
 * 400 but finding 6's price; points rows past ±1,000,000: 400. Staff preferences: a create naming
 * another owner, or a move to another owner, keeps the caller. Server logs of the walks searched
 * for the trekkers' phones and e-mail addresses: none. A departure's price raised after a booking:
 * the booking and its checkout keep the price booked. A trekker's own erasure while cs holds an
 * edit lock on the account: 200 (finding 4 does not block it). A trekker holding an unpaid seat on
 * a guide's departure: the guide reads neither the account (404) nor its contacts, over REST and
 * GraphQL (the booking row itself shows, as round 37's answer says). Tribe handles of a Hangul
 * filler, with a zero-width space, of 2 or 60 characters or with capitals: 400. A bio of 100,000 characters and a first name of
 * 5,000: 400; an SOS message of 100,000: 201, kept to 2,000 (an SOS never fails on its text).
 * The payments CSV with desk references and trekker surnames of `=1+1`, ` =1+1` (a leading space
 * or no-break space), `"=1+1` and a full-width `＝`: neutralised with an apostrophe or quoted.
 *
 * Not written up, for the lead to weigh: (1) A member's uploads refused after counting (bad
 * bytes, a focal point out of range) still count toward the hourly upload cap, as refused posts
 * did before round 37's fix; README says the cap is counted before the file is processed, so
 * read as a choice (read). (2) A member's own profile edit or password change held behind a super
 * admin's delete of the account answers 403, and its sign-out 400, once the delete commits (run:
 * 4xx, nothing written back). (3) The blank check judges top-level text fields only: a trek's FAQ
 * row with a question of spaces is content staff's input, not a member's (read). (4) Two first
 * saves of one preference key at once may store two rows (Payload's upsert reads, then inserts;
 * no unique index on key and user), harmless to the admin (read). (5) Staff of any role (a guide
 * too) may store any number of preference keys, of any length (a 20,000-character key, run), of up to 1 MB each (Payload's design, noted in
 * staffPreferences.ts). (6) A trekker's cancellation answers 409 while a payment Razorpay
 * captured is not yet reported (round 36's rule; run, seen in the walks).
 */
import { describe, expect, it, jest } from '@jest/globals'
import type { Payload } from 'payload'

import { api, graphql } from '../helpers/api'
import { unique } from '../helpers/fixtures'
import { bookableBatch, quickTrekker } from '../bookings/support'
import { paragraph } from '../community/lexical'
import { type RoleUsers, usePaymentsWorld } from '../payments/world'

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

describe('an edit lock dated by its holder', () => {
  // FINDING 4: a staff member's edit lock keeps the `updatedAt` (and `createdAt`) the request sends: cs's `POST /api/payload-locked-documents` on a trekker's account with `updatedAt: "2099-01-01…"` is stored so, and since a lock holds for five minutes from its `updatedAt`, the account is locked for seventy years: the trekker's own profile edit and ops' edit answer 423 "currently locked by another user" until a super admin finds and deletes the row (the server-dated timestamps rule does not reach the admin's internal collections; content can freeze a trek or region the same way, and a guide their own post: content's hide and delete and cs's GraphQL `updatePost` then answer 423 until a moderator takes the lock over, run), low-medium
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
  // FINDING 5: an emergency contact named only with characters that show as nothing but are not spaces or format characters (U+3164 HANGUL FILLER, U+2800 BRAILLE PATTERN BLANK, U+FFA0 HALFWIDTH HANGUL FILLER, U+115F U+1160 the Hangul fillers, U+034F COMBINING GRAPHEME JOINER) is stored, 201, and copied onto the trekker's next booking as the person to call (a contact's relationship of U+3164 and ops' guide card named U+3164 likewise, 201; a rename by PATCH, 200, and GraphQL `createEmergencyContact`, run): round 38's blank check strips `\s` and `\p{Cf}` only, low
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

describe('a departure priced past what paise can count', () => {
  // FINDING 6: a departure's price has no upper bound: ops' `PATCH /api/batches/:id {"price": 1e20}` is stored (200), a trekker's booking of it is 201 with `finalAmount` 1e20, and checkout answers 201 with `amountPaise: 1e+22` (not even an integer in JSON) for Razorpay; every other catalog number is bounded (distance, altitude, seats, badge points: 400), and prices past 2^53 paise (about ₹9 × 10^13) are past exact arithmetic in rupees-to-paise conversions, low
  it.failing('refuses a price past what whole paise count exactly (400)', async () => {
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

describe('a community post of nothing but spaces', () => {
  // FINDING 7: a member's post whose text is only spaces, a zero-width space or a Hangul filler, with no pictures (`POST /api/posts {"kind": "feed", "body": <one paragraph of "   ">}`), is published, 201, as an empty card in the public feed (and an edit of a post's text to a zero-width space is 200, run) (and, as a member's first post, earns the first-post badge and its points: 50 points and the badge after the jobs ran, run); an empty paragraph is refused ("This field is required."), but Payload's `required` takes spaces for content, as round 37 found for names, and the blank check (round 38) judges text fields, not rich text, low
  it.failing('refuses each with 400 on body', async () => {
    const member = await quickTrekker(payload)
    const texts = ['   ', '\u200b', '\u3164\u3164']
    const answers: Array<[string, number]> = []
    for (const text of texts) {
      const created = await api('POST', '/posts', {
        token: member.token,
        body: { kind: 'feed', body: paragraph(text) },
      })
      answers.push([JSON.stringify(text), created.status])
    }
    expect(answers).toEqual(texts.map((text) => [JSON.stringify(text), 400]))
  })
})
