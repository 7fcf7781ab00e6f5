/**
 * Forty-first review round (a fresh reviewer, one hour: START 14:25:53 UTC, END_TIME 15:25:53 UTC
 * by `date`; the last run, at 15:21, had all eight findings failing as asserted), aimed at sign-in and accounts (phone OTP, Google against the faked provider,
 * sessions, password, phone and e-mail changes, export and erasure), community (posts, badges,
 * moderation), SOS incidents and their notes, uploads, the jobs and queues, the admin's own
 * routes and hostile input to the custom routes. Each finding is an `it.failing` asserting the
 * right behaviour (each was also run as a plain `it` and failed on the asserted line). Run
 * in-process through tests/helpers/api.ts and tests/hardening/route.ts (the Next route handler,
 * where its guards matter), with the Razorpay fake's world (tests/payments/world.ts) for users.
 *
 * Findings:
 * (1) round 39's "a post needs some text or a picture" holds on create only: the author's edit
 *     of a published post to spaces, a zero-width space or Hangul fillers (REST and GraphQL),
 *     or `{"media": []}` on a post whose only content was its picture, is 200: an empty card in
 *     the feed, low;
 * (2) staff publish a member's private upload by choosing it as the member's photo: cs's
 *     `profilePhoto` edit of a member with a published post, and ops' (or content's) `photo` of
 *     a guide's card, make a never-shown upload public to anyone, low-medium;
 * (3) reasons and notes staff must give accept text that shows nothing (a hide reason, SOS
 *     notes and resolve notes, a call-off reason of a zero-width space or soft hyphen): 200, an
 *     empty reason shown to the post's author and empty records, low;
 * (4) an account's live sign-ins have no bound: 400 password sign-ins in a minute leave 401
 *     sessions and refresh tokens, and each sign-in rewrites them all (62 ms, then 300 ms after
 *     1,000, and 100 ms for each of the account's requests), a load one free account can grow
 *     without end, low-medium;
 * (5) the malformed-`where` guard reads the URL only: the admin's POST-for-GET form
 *     (`X-Payload-HTTP-Method-Override: GET`, body `where={bad`) logs an ERROR with its stack for
 *     anyone, low;
 * (6) OTP verify has no per-client limit: one client sent 120 wrong codes over 12 phones, all
 *     401, none 429, spending each phone's hourly budget (locking its holder out of SMS sign-in)
 *     and spraying guesses over live codes, medium-low;
 * (7) one account's SOS loop (a stuck button, a script; each SOS 201, the repeats paging
 *     nobody) pushes another trekker's real SOS off the desk's dashboard panel of open SOS (the
 *     newest ten) within ten repeats: the views do not group or leave out what the throttle
 *     already knows are repeats, medium-low;
 * (8) resolving a trekker's earlier open SOS (as the duplicate of a newer one) withdraws its
 *     texts still queued, though the newer SOS, a repeat, spared the contacts because of them:
 *     the family, and on a departure under way the guide, never hear of the open SOS, medium.
 *
 * Tried and held (run): a walk over one account's sign-in state (password sign-ins, token
 * refreshes, phone changes proved by OTP through the SMS fake, e-mail change requests, confirms
 * and undos through the SMTP fake, password changes, cs sign-outs everywhere, sign-outs and
 * exports): 6 seeds of 25 steps one at a time, then 8 seeds of 20 steps two at once (296
 * requests): no 5xx, the stored e-mail always the one last confirmed or undone, and one known
 * password always signing in; the phone was taken off only by README's rule (a phone another
 * sign-in changed in the last 30 days goes at a password change, an undo or a sign-out
 * everywhere). The admin's POST-for-GET form (`X-Payload-HTTP-Method-Override: GET`)
 * with `depth=abc`, `sort=-constructor`, a badge `rule` outside its options, `/versions`, a trek
 * slug and a bad feed cursor: 4xx or 200 and no error logged (finding 5 is the whole `where`);
 * its JSON form answers a malformed body 400. `POST /api/payload-preferences/:key` (Payload's
 * handler writes straight to the database) with a value of objects or lists nested 200, 2,000,
 * 10,000 and 100,000 deep, as cs: 400 at the route (8 requests). The served OpenAPI document
 * names none of the refresh tokens, OTP or token hashes, e-mail changes, throttles, jobs, salts,
 * provider ids or satellite phones. A super admin's new password for a trekker: the trekker's
 * earlier access token reads `me` as nobody and its refresh token is 401. One's own e-mail sent
 * upper-cased: 200, no change pending. A post created with blank text and `media` of `[null]`,
 * `[{}]`, `[0]` or `[""]`: 400; a duplicate of one's own post: no route (404). An SOS resolved,
 * then noted (200, the log keeps it) and acknowledged (400). A guide's journal of the departure
 * they lead: 201, hidden by cs 200; the guide's account export: 200 with its own sections only.
 * 27 custom and auth routes (OTP, Google, Apple, refresh, sign-out, phone change, e-mail
 * confirm and undo, erasure of oneself and of a trekker, staff sign-out, export, provider links,
 * SOS and its three actions, post and profile edits, contacts, preferences, edit locks, forgot
 * password, unlock) through the Next route, anonymous and as a trip's trekker and guide, cs, ops,
 * content, finance and a super admin, each with 8 odd bodies (values of the wrong type, NUL and
 * lone surrogates, Arabic-Indic digits, `__proto__` and `constructor` keys, a list, a string,
 * null, 1e400 and -8.64e15, a lock naming another user): 1,728 requests, no 5xx but Google's and
 * Apple's 503 "not available" where no client id was configured.
 * cs's photo choice (finding 2's door) held at its account write while the member set
 * another photo, and while content hid the member's only post, both orders: the photo not shown
 * private and the one shown public, or private once the post was hidden (4 races).
 * A walk over one member's pictures with cs's photo picks added (member posts with and without
 * a picture, deletes, own photo changes, cs's photo choices, content's hides and cs's restores,
 * picture edits, new uploads), two at once, 8 seeds of 20 steps (261 requests): every upload's
 * visibility what the rule gives after every step, no 5xx (a hide of a post deleted meanwhile
 * 404, a delete 403: KNOWN).
 * After cs's erasure of a trekker: a second erasure 404, cs's sign-out of the erased account
 * 200, its export, SOS and session 401, cs's edit of it 400; cs signing itself out 403.
 * GraphQL through the route: `updatePost` (body, a hide reason), `updateUser` (profile photo),
 * `updateGuide` (photo), `updateIncident` (note) and `createPost`, each with null, a NUL, a
 * zero-width space, 2^31, -1, a 20,000-character body, a list and 5,000 characters, anonymous
 * and as eight roles (432 requests): no 5xx.
 * Malformed session cookies (`payload-token=%E0%A4%A`, a lone `%`, a quoted or
 * percent-encoded token, `%=%`) on `me`, treks, the feed, incidents and GraphQL `meUser`: no
 * 5xx, anonymous but for the encoded valid token (28 REST and 7 GraphQL requests).
 * Read in the code and found sound: cs's unlock is limited to trekker accounts (Payload applies
 * the access filter to its lookup); the e-mail change, confirm and undo re-read the account
 * under its lock; the SOS path (normalisation, the per-trekker advisory lock, routing, the
 * repeat throttle's recipient sets) as rounds 35 to 38 left it; uploaded files are served with
 * a sandboxing Content-Security-Policy (next.config.mjs), so a GPX carrying XHTML script runs
 * nothing; the media visibility query counts only the uploader's own posts and photo.
 *
 * Not written up, for the lead to weigh: (1) Finding 4's other door: every token refresh
 * leaves a refresh-token row kept for 60 days (its 30 days, then 30 more for reuse detection,
 * purgeSpentSignInState), and nothing limits how often one account refreshes (read). (2) A sign-in
 * code whose first send failed is retried by the jobs queue with backoff and may reach the phone
 * after a newer code replaced it, or after its 5 minutes (read; KNOWN's "OTP edge gaps"?). (3)
 * Content may hold an edit lock on any member's post (moderation gives it update access), so
 * the author's own edits and even their delete of the post are 423 (REST and GraphQL, run)
 * while the lock lasts or is renewed, as any moderator's opening of the post in the admin does
 * (Payload's admin locks; round 26 judged a cs lock on an account the same way). (4) A badge's rule may be changed after members earned it, freeing the rule for a new
 * badge that awards its points again (at most five badges, one per rule, so at most 50,000
 * points; content's own choice, read). (5) A staff account with a verified address is signed
 * into by a Google ID token for that address (linked by e-mail, its password kept, as README
 * says; run: a super admin's, finance's and a guide's accounts each 200 with their role, by
 * Google or Apple), while an SMS code never opens one for fear of a SIM swap; KNOWN's "provider
 * link by e-mail address", noted as the two doors weigh staff differently. (6) Notes may be
 * added to a resolved SOS (200, run): the log keeps them, so left as a record. (7) Finding 7's
 * paging side: on-call is paged for the first SOS and first repeat of each account in a window,
 * so many fresh accounts (each needing a verified inbox or a phone) page it twice each; no
 * per-client bound (read). (8) Resolving an SOS sends nothing to those it alerted (no template
 * for it, read): a family texted "SOS" hears no all-clear from OBS, though repeatThrottle.ts
 * reasons that once the desk resolves an SOS "the guide and family have been told it is over"
 * (by the desk's own calls, it seems). (9) A phone-only account (made by OTP, no address) gets
 * no pre-trek reminder at all, a deposit holder's "balance due" one included (README: "Pre-trek
 * reminders are e-mail only", while every other booking message reaches such an account by SMS;
 * read).
 */
import { describe, expect, it } from '@jest/globals'
import { sql } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'

import { openIncidents } from '@/admin/dashboard/queries'

import { viaRoute } from '../hardening/route'
import { api, graphql } from '../helpers/api'
import { runJobs } from '../helpers/jobs'
import { createUser, TEST_PASSWORD } from '../helpers/fixtures'
import { quickTrekker } from '../bookings/support'
import { paragraph } from '../community/lexical'
import { createTrip } from '../emergency/trip'
import { picture } from '../media/members'
import { uniqueIp, uniqueMobile } from '../users/helpers/fakeSms'
import { createPendingBooking, rawSql, type RoleUsers, usePaymentsWorld } from '../payments/world'

let payload: Payload
let roles: RoleUsers
usePaymentsWorld((world) => {
  payload = world.payload
  roles = world.roles
})

const BLANKS = ['   ', '\u200b', '\u3164\u3164']

/** Closes the SOS a test raised, so later files in the same database see no stray open ones. */
async function resolveAll(ids: number[]) {
  for (const id of ids) {
    await payload.update({
      collection: 'incidents',
      id,
      data: { status: 'resolved' },
      overrideAccess: true,
    })
  }
}

describe('a published post edited down to nothing', () => {
  // FINDING 1: round 39's "a post needs some text or a picture" is judged on create only: the author's edit of a published post to a body of spaces, a zero-width space or Hangul fillers (REST `PATCH /api/posts/:id {"body": …}`, a bulk `PATCH /api/posts?where[id][equals]=…` (run) and GraphQL `updatePost`) is 200, and a post whose only content was its picture loses it by `PATCH {"media": []}` (200), so the feed shows an empty card (run too: a guide's journal edited to the blank Braille pattern, or to `kind: feed` with a Hangul filler, and a super admin's edit to a space, 200 each) (refuseUnsafePostBody asks for content only when the edit sends `media`, and never when it sends `media` alone without `body`), low
  it.failing('refuses each edit with 400', async () => {
    const member = await quickTrekker(payload)
    const answers: Array<[string, number]> = []
    for (const text of BLANKS) {
      const created = await api('POST', '/posts', {
        token: member.token,
        body: { kind: 'feed', body: paragraph('Sunrise at Dayara') },
      })
      expect(created.status).toBe(201)
      const edit = await api('PATCH', `/posts/${created.body.doc.id}`, {
        token: member.token,
        body: { body: paragraph(text) },
      })
      answers.push([`REST ${JSON.stringify(text)}`, edit.status])
      const viaGraphql = await graphql(
        `mutation ($body: JSON) { updatePost(id: ${created.body.doc.id}, data: { body: $body }) { id } }`,
        { body: paragraph(text) },
        member.token,
      )
      answers.push([`GraphQL ${JSON.stringify(text)}`, viaGraphql.body.errors ? 400 : 200])
    }
    const photo = await picture(member.token)
    const withPicture = await api('POST', '/posts', {
      token: member.token,
      body: { kind: 'feed', media: [photo.id], body: paragraph(' ') },
    })
    expect(withPicture.status).toBe(201)
    const emptied = await api('PATCH', `/posts/${withPicture.body.doc.id}`, {
      token: member.token,
      body: { media: [] },
    })
    answers.push(['media emptied', emptied.status])
    expect(answers).toEqual(answers.map(([label]) => [label, 400]))
  })
})

describe("staff choosing a member's private upload as their photo", () => {
  // FINDING 2: staff publish a member's private upload by picking it as the member's photo: customer support's `PATCH /api/users/:id {"profilePhoto": <an upload of that member's, private>}` (and GraphQL `updateUser`, run) is 200 and, for a member with a published post, turns the upload `public` (anonymous `GET /api/media/file/…` 200, and it is the face next to their posts in the public feed); likewise ops' or content's `PATCH /api/guides/:id {"photo": <the guide's own private upload>}` on an active card (200, public). The member never chose to show it (a picture uploaded but never used: a document scan, a family photo). README keeps staff from publishing a member's private picture by picking it for trek pictures and badge icons, and otherwise lets only the member's own posts publish their uploads; the photo rule ("an upload by the person it portrays, whoever edits the profile (cs included)") leaves this door, low-medium
  it.failing('leaves the upload private (or refuses the edit)', async () => {
    const member = await quickTrekker(payload)
    const post = await api('POST', '/posts', {
      token: member.token,
      body: { kind: 'feed', body: paragraph('Back from Kedarkantha') },
    })
    expect(post.status).toBe(201)
    const scan = await picture(member.token, 'passport-scan.png')
    expect(scan.visibility).toBe('private')
    const trip = await createTrip(payload)
    const family = await picture(trip.guideUser.token, 'family.png')
    expect(family.visibility).toBe('private')

    const edits = [
      await api('PATCH', `/users/${member.id}?depth=0`, {
        token: roles.cs.token,
        body: { profilePhoto: scan.id },
      }),
      await api('PATCH', `/guides/${trip.guide.id}?depth=0`, {
        token: roles.ops_manager.token,
        body: { photo: family.id },
      }),
    ]
    const outcomes: Array<[number, string, number]> = []
    for (const [index, upload] of [scan, family].entries()) {
      const stored = await payload.findByID({
        collection: 'media',
        id: upload.id,
        depth: 0,
        overrideAccess: true,
      })
      const anonymous = await api('GET', `/media/file/${stored.filename}`)
      outcomes.push([edits[index].status, stored.visibility as string, anonymous.status])
    }
    // Either the edit is refused, or it leaves the member's picture where the member kept it.
    expect(outcomes).toEqual(
      outcomes.map(([status]) => (status === 200 ? [200, 'private', 404] : [400, 'private', 404])),
    )
  })
})

describe('reasons and notes staff must give, given as nothing', () => {
  // FINDING 3: the reasons and notes a staff action requires accept text that shows nothing: a moderator's hide with `hiddenReason` "\u200b" (REST `PATCH /api/posts/:id`; the author is shown an empty reason), an SOS note or resolve with `note` "\u200b" or a soft hyphen (`POST /api/incidents/:id/notes|resolve`: a log entry that says nothing, though "A note is required"; acknowledge shares the code, read), and an ops call-off with `reason` "\u200b" (`POST /api/batches/:id/cancel`: the departure's `calledOffReason`, staff's record of why, says nothing), all 200; each check uses String.trim, which keeps zero-width and other invisible characters, where rounds 38 and 39 made names and posts judge "shows nothing" (src/shared/blank.ts), low
  it.failing('refuses each with 400', async () => {
    const member = await quickTrekker(payload)
    const post = await api('POST', '/posts', {
      token: member.token,
      body: { kind: 'feed', body: paragraph('Camp at Juda ka Talab') },
    })
    expect(post.status).toBe(201)
    const trip = await createTrip(payload)
    const sos = await api('POST', '/incidents', {
      token: trip.trekker.token,
      body: { clientId: `r41-${Date.now()}`, message: 'Twisted ankle' },
    })
    expect(sos.status).toBe(201)
    const { batch } = await createPendingBooking(payload)

    const answers: Array<[string, number]> = []
    const hide = await api('PATCH', `/posts/${post.body.doc.id}`, {
      token: roles.content.token,
      body: { status: 'hidden', hiddenReason: '\u200b' },
    })
    answers.push(['hide', hide.status])
    for (const [action, note] of [
      ['notes', '\u200b'],
      ['notes', '\u00ad'],
      ['resolve', '\u200b'],
    ]) {
      const answer = await api('POST', `/incidents/${sos.body.doc.id}/${action}`, {
        token: roles.ops_manager.token,
        body: { note },
      })
      answers.push([`${action} ${JSON.stringify(note)}`, answer.status])
    }
    const callOff = await api('POST', `/batches/${batch.id}/cancel`, {
      token: roles.ops_manager.token,
      body: { reason: '\u200b' },
    })
    answers.push(['call-off', callOff.status])
    expect(answers).toEqual(answers.map(([label]) => [label, 400]))
  })
})

describe('sign-ins without number', () => {
  // FINDING 4: an account may hold any number of live sign-ins: 400 password sign-ins in a minute (REST `POST /api/users/login`, each 200; nothing limits successful sign-ins) leave 401 live Payload sessions and 401 refresh tokens (30 days each), and each further sign-in reads and rewrites every session row of the account (Payload's addSessionToUser writes the whole list), so a sign-in took 62 ms at first, 125 ms after 400 and about 300 ms after 1,000, when every request signed in to the account (`GET /api/users/me`) took 100 ms instead of 20 (run: 1,000 sign-ins took 190 s in all, quadratic in the count): a script on one free account grows its own rows without bound and loads the shared database with every sign-in. One GraphQL request of twenty `loginUser` aliases adds twenty sessions (run: 20 of 20 answered). A session is dropped only when its 60 minutes are over. Any cap would do (the test asks for at most 100 live sign-ins after 120), low-medium
  it.failing('keeps the number of live sign-ins of one account bounded', async () => {
    const user = await createUser(payload, null)
    for (let i = 0; i < 120; i += 1) {
      const login = await api('POST', '/users/login', {
        body: { email: user.email, password: TEST_PASSWORD },
      })
      expect(login.status).toBe(200)
    }
    const result = await rawSql(
      payload,
      sql`select count(*)::int as n from users_sessions where _parent_id = ${user.id}`,
    )
    expect(result.rows[0].n).toBeLessThanOrEqual(100)
  })
})

describe("a whole `where` that is not JSON, sent as the admin's POST-for-GET form", () => {
  // FINDING 5: the guard that answers a malformed whole `where` before Payload, logging no error (src/security/queryJson.ts, tests/hardening/queryGuards.test.ts), reads only the URL's query string: the same query sent as Payload's POST-for-GET (`POST /api/treks` with `X-Payload-HTTP-Method-Override: GET` and the form body `where={bad`, as the admin's relationship fields send long queries) reaches Payload, which logs the SyntaxError at ERROR with its stack before answering 400, for anyone, not signed in too (run: one ERROR line per request on treks, regions, posts and, as cs, users; its JSON form does the same with `{"locale": "en&where={bad"}`, which Payload pastes into the URL unencoded), log noise anyone can make (the kind round 38's note 3 had mended), low
  it.failing('answers 400 and logs no error', async () => {
    const logger = payload.logger as unknown as { error: (...args: unknown[]) => void }
    const original = logger.error
    let errorsLogged = 0
    logger.error = (...args: unknown[]) => {
      errorsLogged += 1
      original.apply(payload.logger, args)
    }
    try {
      const answer = await viaRoute('POST', '/api/treks', {
        headers: {
          'X-Payload-HTTP-Method-Override': 'GET',
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: 'where={bad',
      })
      expect([answer.status, errorsLogged]).toEqual([400, 0])
    } finally {
      logger.error = original
    }
  })
})

describe('wrong sign-in codes sprayed over many phones from one client', () => {
  // FINDING 6: `POST /api/users/otp/verify` has no per-client limit, unlike password sign-ins (SIGN_IN_MAX_FAILURES_PER_CLIENT, 30 per 15 minutes, "so trying one leaked password against many addresses is slowed") and code requests (OTP_MAX_PER_IP_PER_HOUR): one client (one IPv6 /64) sent 120 wrong codes over 12 phones, 10 each, and every one answered 401, never 429; each of those phones' hourly budget of wrong codes is then spent, so their holders' right codes are 429 for the hour. One client can so lock every phone-only account it knows the number of out of its only way in (README documents the per-phone lock, not that nothing bounds how many phones one client may lock), and spray guesses over every live code; each phone named also leaves a count row in the sign-in state store for a week (round 23's note 4 saw the same per-key-only counting on forgot-password), medium-low
  it.failing('answers 429 to a client sending wrong codes for many phones', async () => {
    const attacker = uniqueIp()
    const statuses = new Set<number>()
    for (let phone = 0; phone < 12; phone += 1) {
      const mobile = uniqueMobile()
      for (let guess = 0; guess < 10; guess += 1) {
        const answer = await api('POST', '/users/otp/verify', {
          body: { phone: mobile, code: String(100000 + guess) },
          headers: { 'X-Forwarded-For': attacker },
        })
        statuses.add(answer.status)
      }
    }
    expect([...statuses].sort()).toContain(429)
  })
})

describe("one account's SOS loop and the desk's panel of open SOS", () => {
  // FINDING 7: the desk's dashboard panel of open SOS (src/admin/dashboard/queries.ts: the newest 10 open or acknowledged, by arrival) and the first page of the Incidents list (`GET /api/incidents?where[status][in]=open,acknowledged` as cs: 10 of 13, the real one not among them, run) show one account's repeats one by one: a signed-in account with no booking sending new SOS in a loop (each 201; after the first two only recorded, paging nobody, by the repeat throttle) pushes another trekker's real SOS, raised a few seconds earlier, off the panel within ten SOS (run: twelve in a row, and the panel held only them). Round 23 made the order by arrival so a new SOS is always on top; the throttle already knows these are repeats of one account's loop, but the desk's views do not group or leave them out, so a stuck button or a script hides every other trekker's emergency from the panel while it runs (the real SOS's texts still go out), medium-low
  it.failing(
    "keeps another trekker's open SOS on the panel while one account repeats",
    async () => {
      const trip = await createTrip(payload)
      const real = await api('POST', '/incidents', {
        token: trip.trekker.token,
        body: { clientId: `r41-real-${Date.now()}`, message: 'Fell near the col, leg hurt' },
      })
      expect(real.status).toBe(201)
      const looping = await quickTrekker(payload)
      const raised = [real.body.doc.id as number]
      for (let i = 0; i < 12; i += 1) {
        const repeat = await api('POST', '/incidents', {
          token: looping.token,
          body: { clientId: `r41-loop-${Date.now()}-${i}`, message: 'test' },
        })
        expect(repeat.status).toBe(201)
        raised.push(repeat.body.doc.id)
      }
      try {
        const desk = await payload.findByID({
          collection: 'users',
          id: roles.cs.id,
          overrideAccess: true,
        })
        const panel = await openIncidents({
          payload,
          user: { ...desk, collection: 'users' } as never,
        })
        expect((panel ?? []).map((incident) => incident.id)).toContain(real.body.doc.id)
      } finally {
        await resolveAll(raised)
      }
    },
  )
})

describe('an older SOS resolved as the duplicate of a newer one', () => {
  // FINDING 8: a repeat SOS spares the emergency contacts (and guide) that the trekker's earlier open SOS "reached", counting alerts still queued as reached, but resolving that earlier SOS withdraws its alerts still unsent (round 35's rule: "Withdrawn: the SOS was resolved before this alert went out"), whatever later SOS relied on them. Run: a trekker's first SOS (empty message) queued texts to both contacts; a second, "Fell, leg broken, need help", 201, logged "Emergency contacts and guide not alerted again"; the desk resolved the first as a duplicate of the newer (200); the jobs then withdrew both texts, so the family never heard of the open, real SOS (run again on a departure under way: both contacts' texts and the guide's phone, satellite phone and e-mail alerts all withdrawn, the real SOS reaching nobody). A queued alert of the earlier SOS that later fails for good (its retries spent) leaves the same gap (read). In production the earlier alerts count as reached while queued or being sent (an attempt that failed does not): the worker's first second or two, a backlog on the urgent queue, or the up to 10 s a slow SMS provider holds each send, after which a failed try is retried with backoff and withdrawn once the desk has resolved its SOS; two SOS seconds apart from one phone (a pocket dial, then the real one) is when a desk closes the older as a duplicate, medium (rare, but the family and guide never hear of a real emergency)
  it.failing('still texts each emergency contact about the open SOS', async () => {
    const trip = await createTrip(payload)
    const first = await api('POST', '/incidents', {
      token: trip.trekker.token,
      body: { clientId: `r41-first-${Date.now()}`, message: '' },
    })
    const second = await api('POST', '/incidents', {
      token: trip.trekker.token,
      body: { clientId: `r41-second-${Date.now()}`, message: 'Fell, leg broken, need help' },
    })
    expect([first.status, second.status]).toEqual([201, 201])
    const resolved = await api('POST', `/incidents/${first.body.doc.id}/resolve`, {
      token: roles.cs.token,
      body: { note: 'Duplicate of the newer SOS' },
    })
    expect(resolved.status).toBe(200)
    await runJobs(payload)

    const { docs } = await payload.find({
      collection: 'notification-deliveries',
      where: {
        incident: { in: [first.body.doc.id, second.body.doc.id] },
        status: { equals: 'sent' },
      },
      depth: 0,
      pagination: false,
      overrideAccess: true,
    })
    const texted = new Set(docs.map((delivery) => String(delivery.to)))
    await resolveAll([second.body.doc.id])
    expect(trip.contactPhones.filter((phone) => !texted.has(phone))).toEqual([])
  })
})
