import { randomBytes } from 'node:crypto'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createLocalReq, type Payload } from 'payload'

import { env } from '@/config/env'
import type { Payment } from '@/payload-types'
import { advanceBatchLifecycle } from '@/jobs/lifecycle/advanceBatchLifecycle'

import type { FakeRazorpay } from '../fakes/razorpay'
import { api, graphql } from '../helpers/api'
import { createRoleUsers, createUser, TEST_PASSWORD } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { createTrip } from '../emergency/trip'
import { graphqlPost, viaRoute } from '../hardening/route'
import { picture, publishPost, visibilityOf } from '../media/members'
import { startFakeSms, uniqueMobile } from '../users/helpers/fakeSms'
import { useFreshCodes } from '../users/helpers/freshCodes'
import {
  assignGuide,
  batchRow,
  book,
  bookableBatch,
  bookingRow,
  payInFull,
  readyTrekker,
} from '../bookings/support'
import {
  capturedEvent,
  checkout,
  createPendingBooking,
  createTrekBatch,
  deliver,
  paymentOf,
  runJobs,
  usePayloadAndRazorpayFake,
} from '../payments/world'

/**
 * Twentieth review round (a fresh reviewer, an hour), aimed mostly away from the e-mail and
 * phone flows of rounds 15–19: hostile request shapes on every route (REST through the Next
 * route handlers, GraphQL), deletes of rows others point at, the batch lifecycle, community
 * posts and badges, SOS incidents and the jobs queue, guides, loyalty, money races, rate
 * limits, staff notes that reach trekkers, logs, and `where`/`sort` oracles. Each finding is
 * an `it.failing` until the product is fixed; the four sweeps below are kept as regression
 * checks (they pass today).
 *
 * Tried and held (run in-process): `null`, `[]`, `"x"`, `123`, `true`, broken JSON, `{}` and
 * `{"__proto__":…}` bodies on every custom POST (sign-in, OTP, providers, refresh, phone and
 * e-mail flows, erase, sign-out, unlock, bookings and their cancel/checkout/offline payment,
 * verify, refunds, refund-paid, batch cancel, webhook, SOS and its actions, posts, contacts,
 * points, media) and PATCH/PUT/DELETE by id and by `where` answer 4xx through the route guard,
 * anonymous, as a trekker and as a super admin; GraphQL batches, non-string queries and
 * variables, unknown operation names, negative pages, `like "%"`, 1e400, `near` on text are
 * 4xx or GraphQL errors; query-string arrays and objects on the export, the feed, slugs,
 * `depth`, `select`, `populate` and `joins` are 4xx or ignored, and `/api/docs/..%2f` and
 * `/api/media/file/..%2f` serve nothing; GraphQL mutations with `null`/number/list rich text,
 * unknown ids, bulk updates and deletes, empty reset and verify tokens answer without a 500.
 * `where`/`sort` oracles, anonymous, trekker, finance and guide: `guide.satellitePhone`,
 * `guide.user.email`, `user.email` and `isActive` on guides, `author.phone|email|obsPoints|
 * dateOfBirth|staffRole|firstName|profilePhoto`, `hiddenBy`, `hiddenAt`,
 * `batch.guide.satellitePhone` on posts, `user.phone` and `trekkerPhone` for finance,
 * `amountPaid` for guides, `pendingEmail` for guides, `uploadedBy` on media, `log.by.email` on
 * incidents, sorts through `author.phone` and `user.dateOfBirth`: all 400 or no difference.
 * Draft treks: anonymous, trekker and guide reads of their batches, itinerary days (REST,
 * GraphQL, slug routes, `trek.name` filters) show nothing a role may not read (finance and
 * guides read all treks, as the contract says). Deletes refused with 400 while used: a region
 * with treks, a trek with batches, a batch with bookings, an earned badge, an account with
 * bookings. Roles: cs cannot sign out or unlock a super admin or erase a guide; guides cannot
 * act on incidents, tick documents or check out; finance cannot cancel bookings, content cannot
 * cancel batches, cs cannot refund, ops cannot export or record desk payments; the desk
 * cannot book for an erased or missing account (400). A full batch edited back to `open` still
 * refuses bookings ("This batch is full"); price 0, negative, 3 decimals, text, seats 0, 1.5,
 * 10^9 and an end before the start are 400; moving a booked batch to another trek moves both
 * trek cards correctly. Logs captured through phone change, sign-up with a held phone, contacts
 * (valid and not), e-mail change, confirm and undo, forgot and reset password, a wrong
 * `currentCode`, erasure by code, booking, desk payment, refused `where` on phones and a bad
 * OTP: none of the numbers, codes or tokens appear. Notification deliveries (read by cs and
 * ops) hold no OTP codes or reset links. A trekker erased after their trek's end but before the
 * lifecycle ran: the batch still completes (and a batch cancel still succeeds), the others'
 * badges are awarded, the erased account gets none. Races, eight rounds each with random
 * start offsets: a batch cancel against desk payments, trekker and desk cancellations, hold
 * expiry, a resize, a cs erasure and a document tick on the same bookings; and verify, the
 * captured and order.paid webhooks, the trekker's cancel and hold expiry on one payment. No
 * 500, no deadlock, every booking cancelled once, refunds equal to the policy (or everything
 * on a batch cancel, or the whole payment when it landed after the cancel), never more than was
 * taken. Rich-text `link`/`autolink` nodes with an internal `doc` pointing at another member's
 * account, and `upload` nodes pointing at their private picture, populate nothing for the
 * public (REST depth 1–3, GraphQL) and leave the picture private. cs cannot set a trekker's
 * password, e-mail or phone (403, REST, GraphQL and bulk), and `username`, `googleSub`,
 * `_verified`, `staffRole`, `tribeTier` and `obsPoints` sent by cs are dropped. A trekker can
 * still tick documents, be paid for and cancel a booking whose trek went back to draft.
 * Through the route handlers, no body, form-encoded, `text/plain`, multipart `_payload` of
 * `null`, `[1]` or broken JSON, and `Application/JSON`/`; charset` variants on every custom POST
 * (Payload's own auth routes, duplicates, preferences, locks and job runs included) and on PATCH
 * by id answer 4xx, except the sign-up written up below. Simultaneous claims of one
 * `tribeHandle` or region name: one 200/201, the rest a clean 400 "Value must be unique".
 * `POST /api/users/first-register` once users exist is 401 and creates nothing. GraphQL
 * `docAccessBooking(id)`/`docAccessUser(id)` tell another member's existing id from a missing
 * one (null permissions vs NotFound), but ids are sequential, so that tells nothing new.
 * Responses of
 * login, me, refresh, OTP verify and sign-up carry no hidden auth fields. Read in the code and
 * found sound: the public
 * catalog cache keys (custom server's raw target vs. the route's normalised one only miss);
 * webhook secrets drop empty entries; `X-Razorpay-Event-Id` is outside the signature, so a
 * signed body replayed under a new id is handled again, but every handler is idempotent on its
 * own (captures by payment id, refund events by the entry's state); refunds made twice by a
 * crashed job are found by their notes; the OTP verify budget is taken atomically up front;
 * incident log entries are written by the hook under the row lock; `where` limits bound joins
 * (but not list values: see the last finding).
 *
 * Not written up, for the lead to weigh: content may set an active trek (with booked
 * departures) back to `draft` (the contract's "draft only" allows it) and ops may archive one;
 * either way trekkers lose sight of their booked batch, which the contract lets them read only
 * while it is upcoming on an active trek. The desk can book a seat for a staff account (a
 * guide, a super admin; 201), which puts that account on a guide's roster (the guide then reads
 * its phone and birth date) and gives it loyalty points. A trekker reads the staff notes on
 * their own SOS (`log`, with who wrote them). An SOS from a trekker whose booking of the
 * departure under way is still `pending` (a desk deposit, balance due later) does not reach the
 * guide. Media deletes are not refused while a trek, profile, post or badge shows the file
 * (README's "any delete of a row that something still points at" does not hold for media or
 * guides; see the guide finding). The Next route guard refuses non-object JSON, but the
 * in-process helper (tests/helpers/api.ts) bypasses it, so probes of body shapes must go
 * through tests/hardening/route.ts. A phone a super admin types into someone's profile is
 * proven at once (`phoneVerified: true`; run: the number's OTP then signs in to that account),
 * the phone sibling of the known e-mail typo item: a typo hands the account to the typo's
 * holder, though it is also the recovery path for phone-only accounts that lost their SIM.
 */
let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
})

const HOSTILE_BODIES = [
  'null',
  '[]',
  '"x"',
  '123',
  'true',
  '{"a":',
  '{}',
  '[{}]',
  '{"__proto__":{"x":1}}',
]

describe('sweep: hostile bodies on every custom POST', () => {
  it('never answers 500', async () => {
    const trekker = await readyTrekker(payload)
    const { batch } = await bookableBatch(payload)
    const booked = await book(trekker.token, batch.id)
    expect(booked.status).toBe(201)
    const bid = booked.body.doc.id
    const paths = [
      '/users/otp/request',
      '/users/otp/verify',
      '/users/google',
      '/users/apple',
      '/users/google/link',
      '/users/apple/link',
      '/users/token/refresh',
      '/users/logout',
      '/users/phone/change',
      '/users/email/confirm',
      '/users/email/undo',
      '/users/me/erase',
      `/users/${trekker.id}/erase`,
      `/users/${trekker.id}/sign-out`,
      '/users/forgot-password',
      '/users/reset-password',
      '/users/login',
      '/users/unlock',
      '/users',
      '/bookings',
      `/bookings/${bid}/cancel`,
      `/bookings/${bid}/checkout`,
      `/bookings/${bid}/offline-payment`,
      '/payments/verify',
      '/payments/1/refund',
      '/payments/1/refunds/abc/paid',
      `/batches/${batch.id}/cancel`,
      '/razorpay/webhook',
      '/incidents',
      '/incidents/1/acknowledge',
      '/incidents/1/notes',
      '/incidents/1/resolve',
      '/posts',
      '/emergency-contacts',
      '/points-transactions',
      '/media',
    ]
    const bad: string[] = []
    for (const path of paths) {
      for (const token of [undefined, trekker.token, roles.super_admin.token]) {
        for (const raw of HOSTILE_BODIES) {
          const res = await viaRoute('POST', `/api${path}`, {
            token,
            body: raw,
            headers: { 'Content-Type': 'application/json' },
          })
          if (res.status >= 500) {
            bad.push(
              `${path} ${raw} ${token ? 'auth' : 'anon'} -> ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`,
            )
          }
        }
      }
    }
    expect(bad).toEqual([])
  })

  it('GraphQL request shapes never answer 500', async () => {
    const bodies = [
      'null',
      '[]',
      '[{"query":"{ __typename }"}]',
      '{"query":123}',
      '{"query":null}',
      '{"query":"{ __typename }","variables":"x"}',
      '{"query":"{ __typename }","variables":[1]}',
      '{"query":"{ __typename }","operationName":"nope"}',
      '{"query":"query A { __typename } query B { __typename }"}',
      '{"query":"{ Treks(where:{name:{like:\\"%\\"}}) { docs { id } } }"}',
      '{"query":"{ Treks(limit:-5, page:-1) { docs { id } } }"}',
      '{"query":"{ Treks(sort:\\"\\") { docs { id } } }"}',
      '{"query":"{ Treks(sort:\\"-\\") { docs { id } } }"}',
      '{"query":"{ Trek(id: 0) { id } }"}',
      '{"query":"{ Posts(where:{body:{equals:\\"x\\"}}) { docs { id } } }"}',
      '{"query":"{ Batches(where:{startDate:{equals:\\"not a date\\"}}) { docs { id } } }"}',
      '{"query":"{ Batches(where:{price:{greater_than:1e400}}) { docs { id } } }"}',
      '{"query":"{ Batches(where:{id:{in:[]}}) { docs { id } } }"}',
      '{"query":"{ Treks(where:{slug:{near:\\"1,2\\"}}) { docs { id } } }"}',
      // `subscription { … }` and `{ Access { canAccessAdmin } }`: findings below.
      '{"query":"mutation { logoutUser }"}',
      '{"query":"mutation { refreshTokenUser { exp } }"}',
    ]
    const bad: string[] = []
    for (const body of bodies) {
      for (const token of [undefined, roles.trekker.token]) {
        const res = await viaRoute(
          'POST',
          '/api/graphql',
          { token, body, headers: { 'Content-Type': 'application/json' } },
          graphqlPost,
        )
        const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body)
        if (res.status >= 500 || /Internal Server Error|Something went wrong/i.test(text)) {
          bad.push(`${body} ${token ? 'auth' : 'anon'} -> ${res.status} ${text.slice(0, 300)}`)
        }
      }
    }
    expect(bad).toEqual([])
  })

  it('PATCH and DELETE with hostile bodies never answer 500', async () => {
    const trekker = await readyTrekker(payload)
    const { batch, trek } = await bookableBatch(payload)
    const booked = await book(trekker.token, batch.id)
    const bad: string[] = []
    const paths = [
      `/users/${trekker.id}`,
      `/users/${roles.trekker.id}`,
      `/bookings/${booked.body.doc.id}`,
      `/batches/${batch.id}`,
      `/treks/${trek.id}`,
      '/users?where[id][equals]=' + trekker.id,
      '/bookings?where[id][equals]=' + booked.body.doc.id,
      '/posts?where[id][equals]=1',
      '/emergency-contacts?where[id][exists]=true',
      '/incidents?where[id][exists]=true',
      '/payments?where[id][exists]=true',
      '/guides?where[id][exists]=true',
      '/badges?where[id][exists]=true',
      '/media?where[id][exists]=true',
    ]
    for (const path of paths) {
      for (const method of ['PATCH', 'DELETE', 'PUT']) {
        for (const token of [trekker.token, roles.super_admin.token, roles.ops_manager.token]) {
          for (const raw of HOSTILE_BODIES) {
            const res = await viaRoute(method, `/api${path}`, {
              token,
              body: raw,
              headers: { 'Content-Type': 'application/json' },
            })
            if (res.status >= 500) {
              bad.push(
                `${method} ${path} ${raw} -> ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`,
              )
            }
          }
        }
      }
    }
    expect(bad).toEqual([])
  })

  it('query-parameter arrays and objects on custom GETs never answer 500', async () => {
    const bad: string[] = []
    const paths = [
      '/payments/export?from[]=2026-01-01',
      '/payments/export?from=2026-01-01&from=2026-02-01',
      '/payments/export?status[a]=success',
      '/payments/export?to[0]=2026-01-01&to[1]=x',
      '/posts/feed?limit[]=5',
      '/posts/feed?cursor[a]=b',
      '/posts/feed?limit=5&limit=6',
      '/posts/feed?trek[]=1',
      '/posts/feed?where[author][equals]=1',
      '/treks/slug/x/batches?limit[]=1',
      '/treks?where[or][0][and][0][slug][like]=%25',
      '/treks?depth[]=2',
      '/treks?select[name][]=true',
      '/treks?populate[regions][name]=true',
      '/treks?joins[x]=1',
      '/users/me?depth=3',
      '/users/me/export?depth=3',
      '/health?x[]=1',
      '/openapi.json?x=1',
      '/docs/..%2f..%2fpackage.json',
      '/docs/%2e%2e',
      '/media/file/..%2f..%2fpackage.json',
    ]
    for (const path of paths) {
      for (const token of [undefined, roles.trekker.token, roles.finance.token]) {
        const res = await api('GET', path, { token })
        if (res.status >= 500) {
          bad.push(`${path} -> ${res.status} ${String(JSON.stringify(res.body)).slice(0, 200)}`)
        }
        if (path.includes('package.json') && res.status === 200) {
          bad.push(`${path} served ${String(res.body).slice(0, 80)}`)
        }
      }
    }
    expect(bad).toEqual([])
  })
})

describe('a sign-up without a JSON body', () => {
  /**
   * FINDING (low; any anonymous caller makes the server answer 500 and log an error with a
   * stack). The route guard (withBodyLimit) refuses a JSON body that is not an object, but
   * only for `Content-Type: application/json`. `POST /api/users` with no body at all, with a
   * form-encoded body (what `curl -d 'email=…&password=…'` sends by default), with
   * `text/plain`, or multipart with `_payload=null`, reaches Payload's create operation with
   * `data` undefined or null, and its ensureUsernameOrEmail reads `data.email`: TypeError
   * "Cannot read properties of undefined (reading 'email')", 500 "Something went wrong.",
   * logged at `error`. Other routes tried the same way (login, bookings, posts, contacts, SOS,
   * verify, webhook, media, PATCH of a region) answer 4xx. Run through the Next route handlers
   * (tests/hardening/route.ts), as `next start` serves them. Expected: 400 (as with a JSON
   * body missing its fields).
   * Fixed: withAccountBody (src/security/accountBody.ts) answers such a sign-up 400 before Payload reads it.
   */
  it('answers 400, not 500, to a sign-up with no body or a form body', async () => {
    const bare = await viaRoute('POST', '/api/users', {})
    const form = await viaRoute('POST', '/api/users', {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'email=asha%40mail.test&password=Long-enough-pass-1',
    })
    expect([bare.status, form.status]).toEqual([400, 400])
  })
})

describe('a GraphQL subscription', () => {
  /**
   * FINDING (low; an anonymous one-line request is a 500 and a console.error with a stack).
   * The schema has no Subscription type. `POST /api/graphql {"query":"subscription { x }"}`
   * should be refused by validation ("Schema is not configured for subscriptions"), but the
   * complexity rule (Payload's QueryComplexity, onOperationDefinitionEnter) runs first and reads
   * `.name` of the missing root type: TypeError "Cannot read properties of undefined (reading
   * 'name')", which graphql-http turns into an empty 500 ("Internal error occurred during
   * request handling"). Anonymous or signed in alike. Expected: 400 with a GraphQL error.
   * Fixed: withGraphqlPrecheck (src/security/graphqlPrecheck.ts) answers a subscription 400.
   */
  it('answers 400, not 500', async () => {
    const res = await viaRoute(
      'POST',
      '/api/graphql',
      {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ query: 'subscription { x }' }),
      },
      graphqlPost,
    )
    expect(res.status).toBe(400)
  })

  /**
   * FINDING (low; the same kind, one level down). `{ Access { canAccessAdmin } }` (Payload's
   * own permissions query, which the admin uses) from anyone who may not use the admin
   * (anonymous callers and trekkers; every staff role gets `true`) answers with a GraphQL error of
   * statusCode 500 "Something went wrong." and an `error` log line with a stack: Payload's
   * sanitizePermissions deletes `canAccessAdmin` when it is false, but the schema declares it
   * `Boolean!` ("Cannot return null for non-nullable field Access.canAccessAdmin."). Upstream
   * Payload behaviour, but it is this API's answer and log. Expected: `false` (or a 4xx error),
   * no 500 and no error line.
   * Fixed: accessQueryAnswersFalse (src/security/graphqlAccessQuery.ts).
   */
  it('the permissions query answers false, not a 500 error, to a trekker', async () => {
    const res = await graphql('{ Access { canAccessAdmin } }', undefined, roles.trekker.token)
    expect(res.body.errors ?? []).toEqual([])
    expect(res.body.data?.Access?.canAccessAdmin).toBe(false)
  })
})

describe('a booked batch whose dates an edit moves into the past', () => {
  /**
   * FINDING (low; round 19's guard is sidestepped through the dates). cancelOnlyByEndpoint
   * refuses a person's edit to `ongoing` or `completed` before the start day of a batch with
   * live bookings, because a trek marked done before it ran strands its bookings. The dates
   * are not guarded: ops PATCHes a batch 40 days out with a paid, confirmed booking to
   * `{"startDate": 3 days ago, "endDate": yesterday}` and gets 200 (only end-after-start is
   * checked). From that moment the trekker can no longer cancel ("This trek has already
   * started"), a desk cancellation refunds nothing under the policy (0 days before the start),
   * and the next hourly `batch-lifecycle` run moves the batch to `ongoing` and `completed` in one
   * go, completing the booking (and awarding completion badges and their points) for a trek
   * that never ran; the cancel endpoint then answers 400 "A completed batch cannot be
   * cancelled". Expected: an edit that puts the start day of a batch with live bookings in the
   * past is refused (400), like the status edit, so the departure is called off by the
   * endpoint (refunding everyone) or moved to a later date.
   * Fixed: cancelOnlyByEndpoint refuses it (400 on startDate).
   */
  it('an edit cannot move the start of a booked batch into the past', async () => {
    const { batch } = await bookableBatch(payload, { startsInDays: 40 })
    const trekker = await readyTrekker(payload)
    const booked = await book(trekker.token, batch.id)
    expect(booked.status).toBe(201)
    const paid = await payInFull(payload, roles.finance.token, booked.body.doc.id)
    expect(paid.status).toBe(201)

    const day = 24 * 60 * 60 * 1000
    const moved = await api('PATCH', `/batches/${batch.id}`, {
      token: roles.ops_manager.token,
      body: {
        startDate: new Date(Date.now() - 3 * day).toISOString(),
        endDate: new Date(Date.now() - day).toISOString(),
      },
    })
    await advanceBatchLifecycle(await createLocalReq({}, payload), { batchIds: [batch.id] })
    const booking = await bookingRow(payload, booked.body.doc.id)
    expect(moved.status).toBe(400)
    expect(booking.status).toBe('confirmed')
  })
})

describe('a guide card deleted while it leads a booked departure', () => {
  /**
   * FINDING (low; an SOS on that departure reaches no guide, and nobody is told). Regions with
   * treks, treks with batches, batches with bookings and earned badges all refuse a delete
   * with 400 and what to do instead (README: "A delete of a row others still need answers
   * 400 … and deletes nothing"; "as is any delete of a row that something still points at").
   * A guide card does not: ops (or a super admin) DELETEs `/api/guides/:id` of the guide leading
   * an upcoming batch with a confirmed, paid booking and gets 200. The batch's `guide` becomes
   * null through the foreign key (no batch hook runs, nothing is logged or flagged), so the
   * guide loses the roster and, above all, an SOS from that departure no longer texts or mails
   * the guide or their satellite phone (alertRecipients finds no guide). Expected: 400 ("This
   * guide leads batches: assign another guide first" or similar; `isActive: false` retires a
   * guide), the batch keeping its guide.
   * Fixed: a guide leading a batch not completed or cancelled cannot be deleted (400).
   */
  it('refuses the delete and keeps the batch’s guide', async () => {
    const { batch } = await bookableBatch(payload, { startsInDays: 20 })
    const guideCard = await assignGuide(payload, roles.guide, batch.id)
    const trekker = await readyTrekker(payload)
    const booked = await book(trekker.token, batch.id)
    expect(booked.status).toBe(201)
    expect((await payInFull(payload, roles.finance.token, booked.body.doc.id)).status).toBe(201)

    const deleted = await api('DELETE', `/guides/${guideCard.id}`, {
      token: roles.ops_manager.token,
    })
    const after = await batchRow(payload, batch.id)
    expect(deleted.status).toBe(400)
    expect(after.guide).toBe(guideCard.id)
  })
})

describe('links in a member’s post', () => {
  /**
   * FINDING (low; stored script links in community content, served to every reader). A post's
   * Lexical `body` may hold `link` and `autolink` nodes. Payload's link field encodes a URL only
   * when its own validateUrl rejects it, and validateUrl accepts anything `new URL()` parses
   * (only http, https and ftp must have a dotted host): `javascript:alert(document.cookie)`,
   * `JaVaScRiPt:alert(1)`, `javascript://example.com/%0aalert(1)`, `data:text/html;base64,…` and
   * `vbscript:…` are all stored as sent: any trekker publishes (201) a post holding
   * `{"type":"link","fields":{"url":"javascript:…"}}` (REST, and GraphQL `createPost` alike),
   * and `GET /api/posts`, the feed and GraphQL hand it to everyone. Payload's own HTML
   * converter and the admin editor sanitise hrefs, but its JSX converter (`RichText` from
   * @payloadcms/richtext-lexical/react, what a Next website would use) writes `href` as stored,
   * so safety rests on every client (React's own javascript: guard, an app's WebView) doing it.
   * Expected: the API refuses link URLs whose scheme is not http(s), mailto or tel (relative
   * and anchor links aside) with 400 on `body`, as it refuses unknown node types.
   * Fixed: post links may be http(s), mailto, tel, paths or #anchors (src/community/posts/bodyLimits.ts).
   */
  it('refuses a javascript: link in a post', async () => {
    const body = {
      root: {
        type: 'root',
        version: 1,
        children: [
          {
            type: 'paragraph',
            version: 1,
            children: [
              {
                type: 'link',
                version: 3,
                fields: { url: 'javascript:alert(document.cookie)', linkType: 'custom' },
                children: [{ type: 'text', version: 1, text: 'Our trek photos' }],
              },
            ],
          },
        ],
      },
    }
    const res = await api('POST', '/posts?depth=0', {
      token: (await createUser(payload, null)).token,
      body: { kind: 'feed', body },
    })
    expect(res.status).toBe(400)
  })
})

describe('megabyte posts without a limit', () => {
  /**
   * FINDING (low–medium; one account makes every reader of the feed download megabytes, and
   * fills the disk). Uploads are capped per member per hour "without a cap one account could
   * fill the disk or keep the CPU busy" (limitMemberUploads), but posts are not, in number or
   * in size: a post body is any Lexical document under the 1 MiB request limit and 10,000
   * nodes, so a single text node of 900,000 characters is a valid published post (REST and
   * GraphQL `createPost` alike). Run: one trekker created 40 such posts in under 2 seconds
   * (all 201, 36 MB stored, 40 badge jobs queued, one per post); the default
   * `GET /api/posts/feed` page (20 posts, anonymous, not cached) was then an 18 MB answer for
   * every app user (`limit=50` would be 45 MB). A script doing the same for a minute stores
   * about a gigabyte. Expected: a community post has a
   * sensible text limit (400 on `body`, e.g. a few thousand characters, as `bio` has 2,000 and
   * an SOS message 2,000), and a member's posts per hour are capped like uploads (429 with
   * `Retry-After`).
   * Fixed: POST_MAX_CHARS (10,000) and MEMBER_POSTS_PER_HOUR (30).
   */
  it('refuses a post of 900,000 characters', async () => {
    const body = {
      root: {
        type: 'root',
        version: 1,
        children: [
          {
            type: 'paragraph',
            version: 1,
            children: [{ type: 'text', version: 1, text: 'x'.repeat(900_000) }],
          },
        ],
      },
    }
    const res = await api('POST', '/posts?depth=0', {
      token: (await createUser(payload, null)).token,
      body: { kind: 'feed', body },
    })
    expect(res.status).toBe(400)
  })
})

describe('an SOS loop paging the on-call desk', () => {
  /**
   * FINDING (low–medium; any account pages OBS's on-call phones and inboxes without limit).
   * Any signed-in trekker may raise an SOS, booked or not, and a repeat within
   * SOS_REPEAT_WINDOW_MINUTES "is recorded in full and alerts OPS_ONCALL" every time (only the
   * emergency contacts and the guide are spared). Nothing bounds that: run with OPS_ONCALL set
   * to one phone and one address, one fresh trekker sent 30 SOS with new clientIds in about a
   * second (all 201) and OBS queued 30 SMS to the on-call phone and 30 e-mails to the on-call
   * inbox, each carrying the sender's text. A script does that all night from one OTP account:
   * SMS cost, and an on-call desk that learns to ignore its pager, which is what the repeat
   * rule was meant to prevent for families. Expected: every SOS is still recorded (the desk sees
   * them in Incidents), but the on-call desk is paged about one trekker only a few times per
   * window (the first SOS and the first repeat, or a summary), not once per request; this test
   * allows at most 3 texts. (Round 18's note and the known shortcoming are about the emergency
   * contacts; this is the on-call channel, which the repeat rule leaves open on purpose.)
   * Fixed: on-call is paged for the first SOS and the first repeat per window.
   */
  it('thirty SOS in a row do not send thirty texts to the on-call phone', async () => {
    const onCallPhone = '+919800000077'
    const saved = env.opsOncall
    env.opsOncall = [onCallPhone, 'oncall-r20@obs.test']
    try {
      const spammer = await readyTrekker(payload)
      for (let i = 0; i < 30; i++) {
        const sent = await api('POST', '/incidents', {
          token: spammer.token,
          body: { clientId: `r20-loop-${spammer.id}-${i}`, message: 'Call +44 20 7946 0000' },
        })
        expect(sent.status).toBe(201)
      }
      const texts = await payload.count({
        collection: 'notification-deliveries',
        where: { channel: { equals: 'sms' }, to: { equals: onCallPhone } },
        overrideAccess: true,
      })
      expect(texts.totalDocs).toBeLessThanOrEqual(3)
    } finally {
      env.opsOncall = saved
    }
  })
})

describe('a cancellation refund taken from a duplicate payment', () => {
  let fake: FakeRazorpay
  usePayloadAndRazorpayFake((world) => {
    fake = world.fake
  })

  /**
   * FINDING (low–medium; money owed back twice is reserved once, on the wrong payment, and the
   * remedy the flag names stops short). Razorpay let a trekker pay one order twice: the first
   * payment (#1) paid the booking, the second (#2) is "refunded automatically", but Razorpay
   * refused that refund (a 4xx, e.g. the merchant balance was short), so #2's refund is
   * `failed` (holds nothing) and #2 is flagged "issue it again or pay back by hand". The trekker
   * then cancels 60 days out: refundDue ₹11,250 (90% of ₹12,500) is right, but
   * refundBookingPayments takes it from the newest payment with money left, which is #2, the
   * duplicate that is owed back in full anyway; #1, the money that paid for the booking, gets
   * nothing and no flag. Afterwards #2 can give back only ₹1,250 more ("At most ₹1,250.00 of
   * this payment can still be refunded"), so following the flag returns ₹12,500 of the ₹23,750
   * owed (₹25,000 paid, ₹1,250 kept); the other ₹11,250 sits on #1 with nothing pointing at it.
   * Expected: a cancellation refunds from the payments applied to the booking (here #1), and a
   * duplicate, late or excess payment keeps its whole amount for its own refund. (Not round 18's
   * open finding, where the policy amount itself is computed on too much: here the amount is
   * right and the payment it is taken from is wrong.)
   * Fixed: bookingRefundableAmount (src/payments/refunds/ledger.ts).
   */
  it('takes the policy refund from the payment that paid for the booking', async () => {
    const { batch } = await createTrekBatch(payload, { price: 12500, startsInDays: 60 })
    const world = await createPendingBooking(payload, { amount: 12500, batch })
    const order = await checkout(world.user, world.booking.id)
    expect(order.status).toBe(201)
    const first = fake.capture(order.body.orderId)
    expect((await deliver(capturedEvent(first))).body.outcome).toBe('applied')
    // Work other files left queued runs first, so the failure below meets this refund's call.
    await runJobs(payload)
    const second = fake.capture(order.body.orderId)
    expect((await deliver(capturedEvent(second))).body.outcome).toBe('refunded_automatically')
    fake.failNext = { count: 1, status: 400 }
    await runJobs(payload)

    const cancelled = await api('POST', `/bookings/${world.booking.id}/cancel`, {
      token: world.user.token,
      body: {},
    })
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.doc.refundDue).toBe(11250)
    const [paid, duplicate] = await paymentOf(payload, world.booking.id)
    const cancellationRefunds = (payment: Payment) =>
      (payment.refunds ?? []).filter((refund) => refund.source === 'cancellation')
    expect(duplicate.refunds?.[0]).toMatchObject({ status: 'failed', source: 'automatic' })
    expect(cancellationRefunds(duplicate)).toEqual([])
    expect(cancellationRefunds(paid).map((refund) => refund.amount)).toEqual([11250])
  })
})

describe('SMS codes: staff accounts and IPv6 clients', () => {
  let sms: Awaited<ReturnType<typeof startFakeSms>>
  const code = useFreshCodes(() => sms)
  beforeAll(async () => {
    sms = await startFakeSms()
  })
  afterAll(async () => {
    await sms.close()
  })

  /**
   * FINDING (low–medium; the per-IP limits are per IPv6 address, and one host has 2^64 of them).
   * OTP sends (OTP_MAX_PER_IP_PER_HOUR, 20), sign-ups (SIGN_UP_MAX_PER_IP_PER_HOUR, 20, the
   * README's answer to sign-up telling whether an address is taken) and failed undos are
   * counted per `clientAddress`, the full address string. Any IPv6 client (a home line or a VPS
   * gets a whole /64) changes its address per request: run with the trusted proxy's
   * X-Forwarded-For, 25 OTP requests to 25 numbers from one IPv4 address got 20 × 202 and then
   * 429, but from 25 addresses of one /64 all 25 were 202 (25 SMS sent), and 25 sign-ups from
   * that /64 were all 201. So the caps bound nothing for an IPv6 attacker: SMS cost by sending
   * codes to any number of Indian mobiles, address enumeration through sign-up, and a
   * verification mail per sign-up to any inbox (plus-addressed variants of one address are all
   * new). Expected: IPv6 clients are counted per /64 (or /56) prefix, so the 21st request from
   * one /64 in the hour is 429 as from one IPv4 address.
   * Fixed: clientKey counts an IPv6 address by its /64.
   */
  it('counts OTP requests from one IPv6 /64 together', async () => {
    // A /64 of its own per run: limit counters may outlive a run (Redis keeps them an hour).
    const prefix = `2001:db8:${randomBytes(4)
      .toString('hex')
      .replace(/(.{4})/, '$1:')}`
    const statuses: number[] = []
    for (let i = 0; i < 25; i++) {
      const host = [i + 1, 0x77, 0x1234, 0xbeef].map((n) => n.toString(16)).join(':')
      const sent = await api('POST', '/users/otp/request', {
        body: { phone: uniqueMobile() },
        headers: { 'X-Forwarded-For': `${prefix}:${host}` },
      })
      statuses.push(sent.status)
    }
    expect(statuses.slice(0, 20).every((status) => status === 202)).toBe(true)
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429])
  })

  /**
   * FINDING (medium; a SIM swap or an intercepted SMS opens a super admin, finance or support
   * account). signInWithPhone gives a session to whichever account holds the proven phone,
   * with no regard to its role. Staff prove a phone like anyone (`phone/change` with their
   * password; README: "their own phone they change with `phone/change`, like anyone"), and from
   * then on `POST /api/users/otp/verify {phone, code}` signs in to the staff account with the
   * SMS code alone, no password: run for super_admin, finance, cs and guide, each answered 200
   * with the staff role and the token read `/api/users`; and a second code from the same number
   * is a `currentCode` proof, so the super admin's password was then changed (200) and the
   * owner's own password answered 401: a lasting takeover. Everything the password guards for
   * staff (refunds, the payments export, every trekker's profile and phone, account erasure,
   * other staff's sign-ins) then rests on the phone number, the weakest factor there is
   * (SIM-swap fraud, recycled numbers, SS7), and none of the recent-phone defences built for
   * trekkers apply to a staff member's own long-held number. Expected: an OTP sign-in to a staff
   * account is refused (e.g. 403 "Staff accounts sign in with their e-mail and password";
   * perhaps guides excepted, who need the app on the trail), the code spent and nothing opened;
   * staff may still use `currentCode` as a proof beside a signed-in session.
   * Fixed: otp/verify is 403 for staff accounts.
   */
  it('an SMS code alone does not sign in to a super admin account', async () => {
    const admin = await createUser(payload, 'super_admin')
    const number = uniqueMobile()
    const proved = await api('POST', '/users/phone/change', {
      token: admin.token,
      body: { phone: number, code: await code(number), currentPassword: TEST_PASSWORD },
    })
    expect(proved.status).toBe(200)

    const byCode = await api('POST', '/users/otp/verify', {
      body: { phone: number, code: await code(number) },
    })
    expect(byCode.status).not.toBe(200)
    expect(byCode.body.token).toBeUndefined()
  })
})

describe('password sign-ins from one client', () => {
  /**
   * FINDING (low–medium; credential stuffing, and with it timing enumeration and CPU load, is
   * not slowed down). The only brake on password sign-in
   * is the per-account lock after five wrong passwords. A client trying one leaked password
   * against many addresses never meets it: 60 sign-ins from one address (X-Forwarded-For as the
   * trusted proxy writes it) for 60 different e-mails, then five wrong guesses at five real
   * accounts, were all answered 401 at full speed, never 429, and the same client's next
   * sign-in with a right password got 200. OTP sends, sign-ups, undo attempts and wrong OTP
   * codes all have client or account budgets; password sign-in has none. Read in Payload's
   * login operation, not timed here (tests hash at 1,000 iterations): an unknown e-mail is
   * refused before any hashing, a known one costs PBKDF2 at 600,000 iterations (about 0.4 s of
   * CPU, tests/helpers/fastPasswordHashing.cjs), so the unthrottled route also tells which
   * addresses have accounts by its answer time (sign-up says so too, but only 20 times an hour
   * per client) and lets one client keep both cores busy with wrong passwords for a list of
   * known addresses (five each per 15 minutes before their locks). Expected: failed
   * password sign-ins are counted per client (per IPv4 address or IPv6 /64, generously, as
   * mobile carriers share addresses) and past the budget answer 429 with `Retry-After`, like
   * the OTP routes.
   * Fixed: SIGN_IN_MAX_FAILURES_PER_CLIENT (30 per 15 minutes), then 429.
   */
  // 120 failures: room for a generous budget (the OTP routes allow 20 an hour per client).
  it('slows down 120 failed sign-ins from one client', async () => {
    // The suite runs with a budget no test meets (tests/helpers/setupEnv.ts); the default here.
    const saved = env.signIn.maxFailuresPerClient
    env.signIn.maxFailuresPerClient = 30
    try {
      const client = `198.51.100.${Math.floor(Math.random() * 250) + 1}`
      const statuses: number[] = []
      for (let i = 0; i < 120; i++) {
        const res = await api('POST', '/users/login', {
          body: { email: `stuffed-${i}-${Date.now()}@mail.test`, password: 'Summer2024!' },
          headers: { 'X-Forwarded-For': client },
        })
        statuses.push(res.status)
      }
      expect(statuses).toContain(429)
    } finally {
      env.signIn.maxFailuresPerClient = saved
    }
  })
})

describe('a member’s picture reposted by someone else', () => {
  /**
   * FINDING (low–medium; a member cannot withdraw their own picture, nor can a moderator's hide,
   * once anyone else has attached it). A post may show any upload its author can read, and a
   * member's picture is readable by everyone while a published post shows it, so trekker B can
   * attach trekker A's picture (by id, from the feed) to B's own post (201). The README promises
   * "Hiding or deleting the post … makes it private again", but visibility counts every
   * published post that shows the file: after content hid A's post ("Private picture of a
   * child") and A then deleted it, the picture stayed `public` and `GET /api/media/file/…` served
   * it to anyone (200); A cannot delete the upload either (403: media deletes are the catalog
   * team's), and A's erasure keeps it too ("except one something else still shows"). Profile
   * photos were closed to exactly this ("nobody … keeps a replaced one public by copying it"),
   * posts were not. Expected: a post shows only its author's own uploads or catalog pictures
   * (400 on `media` otherwise, as for `profilePhoto`), so A's withdrawal makes the picture
   * private again.
   * Fixed: a post shows only its author's own uploads or catalog pictures (uploadsMustBeTheirs), and only the uploader's own published posts keep a picture public.
   */
  it('deleting the owner’s post makes the picture private again', async () => {
    const owner = await createUser(payload, null)
    const other = await createUser(payload, null)
    const face = await picture(owner.token, 'owner-face.png')
    const posted = await publishPost(owner, [face.id])
    expect(posted.status).toBe(201)
    // Whether this is refused (the fix) or accepted (today), the outcome below must hold.
    await publishPost(other, [face.id])

    const hidden = await api('PATCH', `/posts/${posted.body.doc.id}`, {
      token: roles.content.token,
      body: { status: 'hidden', hiddenReason: 'Private picture of a child' },
    })
    expect(hidden.status).toBe(200)
    const deleted = await api('DELETE', `/posts/${posted.body.doc.id}`, { token: owner.token })
    expect(deleted.status).toBe(200)

    expect(await visibilityOf(payload, face.id)).toBe('private')
    expect((await api('GET', `/media/file/${face.filename}`)).status).toBe(404)
  })
})

describe('an `in` list of seventy thousand ids', () => {
  /**
   * FINDING (low–medium; anyone makes the server answer 500 and write about a megabyte of error
   * log per request). The query limits (src/access/queryLimits.ts) count conditions, joins,
   * nesting and sort fields, but not the values of one condition: `where[id][in]=1,2,…` becomes
   * one bind parameter per value, and PostgreSQL takes at most 65,535. A URL that long is cut by
   * Node's header limit, but Payload reads the query from the body of a `POST` with
   * `X-Payload-HTTP-Method-Override: GET` and a form body, which the 1 MiB body limit allows: an
   * anonymous `POST /api/treks` with a 400 KB body `where[id][in]=1,…,70000` answered 500
   * "Something went wrong." and logged the failed statement with all 70,000 placeholders, its
   * message and its stack (over a megabyte of log from one request; 40,000 values still run).
   * Same for any collection and role (a finance `GET /api/bookings?where[id][in]=…` in-process),
   * and over GraphQL (`Treks(where: {slug: {in: $s}})` with 70,000 strings in the variables:
   * a statusCode 500 error).
   * Expected: a list operator (`in`, `not_in`, `all`) with more than a sensible number of values
   * (a few hundred) is 400 naming the condition, like the other query limits.
   * Fixed: QUERY_LIMITS.listValues (500) in src/access/queryLimits.ts, REST and GraphQL.
   */
  it('refuses an `in` list that PostgreSQL cannot bind', async () => {
    const ids = Array.from({ length: 70_000 }, (_, i) => i + 1).join(',')
    // Today's failure logs the whole statement (about a megabyte): kept out of the test output.
    const logError = payload.logger.error
    payload.logger.error = (() => undefined) as typeof logError
    try {
      const res = await viaRoute('POST', '/api/treks', {
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Payload-HTTP-Method-Override': 'GET',
        },
        body: `where[id][in]=${ids}`,
      })
      expect(res.status).toBe(400)
    } finally {
      payload.logger.error = logError
    }
  })
})

describe('an SOS behind a queue of other work', () => {
  let sms: Awaited<ReturnType<typeof startFakeSms>>
  beforeAll(async () => {
    sms = await startFakeSms()
  })
  afterAll(async () => {
    await sms.close()
  })

  /**
   * FINDING (medium; anyone can delay SOS alerts by minutes with cheap requests). Every
   * background task shares one queue, run oldest first (Payload's default `createdAt` order),
   * 20 jobs per run: every 5 seconds in the web process ("so an SOS alert leaves within
   * seconds", src/jobs/index.ts), or in the worker's loop. An SOS alert is one more job at the
   * back. Any signed-in account queues work for free and without limit: each published post
   * queues a badge evaluation (and each repeat SOS an on-call alert, see above). Run: a trekker
   * on a confirmed trip raised an SOS after another account had published 60 one-line posts
   * (1.7 s of requests); the first run of the queue sent none of its texts, and the first SOS
   * text left on the fourth run, about 15–20 s later with the web cron. At that rate a minute of
   * posting (about 2,000 posts) holds every SOS alert back for some eight minutes, longer with
   * more clients (a dedicated worker's loop drains faster, but still oldest first). A badge
   * evaluation is queued for every published post, even when the author holds every badge.
   * Expected: SOS alerts do not wait behind bulk work (their own queue run first, or a
   * processing order that puts them ahead), so the next run after an SOS sends its alerts.
   * Fixed: SOS alerts are on the urgent queue, which all-queues runs take first.
   */
  it('sends an SOS alert in the first run after it, whatever else is queued', async () => {
    const trip = await createTrip(payload)
    await runJobs(payload)
    // Two accounts, 30 posts each: the hourly cap per member (MEMBER_POSTS_PER_HOUR) now
    // stops one account at 30, but not the queue of badge jobs the two make.
    for (const flooder of [await createUser(payload, null), await createUser(payload, null)]) {
      for (let i = 0; i < 30; i++) {
        const posted = await publishPost(flooder)
        expect(posted.status).toBe(201)
      }
    }
    const sos = await api('POST', '/incidents', {
      token: trip.trekker.token,
      body: { clientId: `r20-queued-${trip.trekker.id}`, message: 'Fell near camp, ankle broken' },
    })
    expect(sos.status).toBe(201)

    await payload.jobs.run({ allQueues: true, limit: 20 })
    expect(sms.received.filter((text) => text.templateId === 'sos_alert').length).toBeGreaterThan(0)
  })
})

describe('the desk’s reason for calling a departure off', () => {
  /**
   * FINDING (low; staff's internal note reaches every trekker of the batch). The README says of
   * `POST /api/batches/:id/cancel {reason}`: "the reason given is for the desk and is not sent".
   * It is not mailed, but it is stored on what each trekker reads: their booking's
   * `cancellationReason` and their payment's `refunds[].reason` are both "Batch cancelled:
   * <reason>", readable by the owner through `GET /api/bookings/:id`, `GET /api/payments` and
   * the data export. Run: ops called a batch off with "Internal: guide refuses this group after
   * complaints about A. Rao", and the paying trekker read that sentence in all three places, so
   * a note that may name other trekkers, a guide or a supplier goes to everyone on the
   * departure. (The reasons finance types for a refund and the desk for a cancellation are
   * shown to the trekker the same way; the README does not call those internal.) Expected: the
   * trekker sees a neutral reason ("Departure called off by OBS", as the mail says), and the
   * desk's own words stay on staff-only fields.
   * Fixed: the reason stays on the batch (calledOffReason); trekkers read 'Departure called off by OBS'.
   */
  it('keeps the desk’s reason from the trekkers of the batch', async () => {
    const { batch } = await bookableBatch(payload)
    const trekker = await readyTrekker(payload)
    const booked = await book(trekker.token, batch.id)
    expect(booked.status).toBe(201)
    expect((await payInFull(payload, roles.finance.token, booked.body.doc.id)).status).toBe(201)
    const note = 'Internal: guide refuses this group after complaints about A. Rao'
    const called = await api('POST', `/batches/${batch.id}/cancel`, {
      token: roles.ops_manager.token,
      body: { reason: note },
    })
    expect(called.status).toBe(200)

    const ownBooking = await api('GET', `/bookings/${booked.body.doc.id}`, { token: trekker.token })
    const ownPayments = await api('GET', `/payments?where[booking][equals]=${booked.body.doc.id}`, {
      token: trekker.token,
    })
    const exported = await api('GET', '/users/me/export', { token: trekker.token })
    expect(JSON.stringify(ownBooking.body)).not.toContain('guide refuses this group')
    expect(JSON.stringify(ownPayments.body)).not.toContain('guide refuses this group')
    expect(JSON.stringify(exported.body)).not.toContain('guide refuses this group')
  })
})
