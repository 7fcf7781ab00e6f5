/**
 * Forty-third review round (a fresh reviewer, one hour: START 15:45:59 UTC, END_TIME 16:45:59 UTC
 * by `date`; the last run, at 16:40 UTC, had all four findings failing as asserted; final commit
 * after 16:46 by `date`), the check before the hardening issue is declared done. Aimed at what earlier rounds
 * touched least: the scheduled jobs and queues (the batch lifecycle, hold expiry, reminders, the
 * refund task, the worker's claims), the admin's own routes (bulk edits, file replacement,
 * duplicate, versions), uploads and image processing (sizes, formats, names, focal points),
 * GraphQL (batching, where values) and money and seats through REST and GraphQL with every role;
 * and at this session's new code (`git log 59fec4c..HEAD`: NUL refusals in account text and in
 * `where`, the cancellation's Razorpay check, the 50 sign-ins cap, the OTP client budget, the
 * guide's view of unpaid holds). Each finding is an `it.failing` asserting the right behaviour
 * (each was also run as a plain `it` and failed on the asserted line, not on setup). Run
 * in-process through tests/helpers/api.ts and tests/hardening/route.ts, with the Razorpay fake's
 * world (tests/payments/world.ts).
 *
 * Findings:
 * (1) a NUL character is 400 only after the failed query is logged at ERROR with its stack on
 *     doors round 42's fix (account fields) left: anonymously, the e-mail verification token
 *     (`POST /api/users/verify/ab%00c`, GraphQL `verifyEmailUser`: 20 aliases in one request,
 *     20 ERRORs), and for any member an
 *     emergency contact (REST and GraphQL), a post's body, `POST /api/payments/verify`'s order
 *     id and their own cancellation's reason
 *     (staff doors too: cs's unlock, trek and badge names, call-off and cancellation reasons,
 *     desk references, preferences), low;
 * (2) a curator's replacement of an upload's file that is then refused (an alt of 301
 *     characters, or with a NUL: 400) deletes the picture it did not replace: Payload removes the
 *     old original and every resized copy before validation and the write, and only the new
 *     files are cleaned up, so the row names files that are gone (a trek hero or badge icon 404
 *     for everyone), low-medium;
 * (3) `POST /api/users/forgot-password` has no per-client budget: one anonymous client sent 60
 *     requests over 20 members' addresses, all 200, and each member's own request (another
 *     client) is then 429 for the hour: every member whose address a client knows can be kept
 *     from resetting a password, hour after hour, and mailed without end (round 41's finding 6
 *     by the e-mail door), medium-low;
 * (4) a member's upload of a PNG one pixel wide and 1,500 tall (140 bytes) costs about
 *     30 s of server CPU (1 x 3,000: 60 s; 3,000 x 1: 39 s; 1 x 20,000: over two minutes):
 *     Payload scales the whole picture to each focal-point crop's width before cropping, and the
 *     pixel budget is judged on the original only; four such uploads at once made a password
 *     sign-in take 5.2 s instead of 32 ms, and an account may upload 30 an hour; an ordinary
 *     photo cropped to one pixel wide by `uploadEdits` costs the same (27 s), medium-high.
 *
 * Tried and held (run; the probes that ran them are in this file's commit 69e5393, taken out of
 * the final file as they assert nothing alone):
 * - Upload names: `.png`, `..`, `.`, ` .png`, `.gpx` (PNG bytes), `a.`, `....`, `.PNG`,
 *   `IMG 001.png`, `a+b.png`, `a%20b.png`, `ä.png`, `a#b.png`, `a?b.png`, `a%2fb.png`,
 *   `100%.png`, `a%2e%2e.png`, ` face.png` (20 uploads by content): each stored under a safe name
 *   with its kind's extension and served 200 (in-process; names with a space, `+`, `#` or `ä`
 *   also at the `url` the row gives, percent signs encoded; see note 1). A
 *   member's GPX track as their profile photo or a post's picture: 400 both.
 * - A curator's PATCH of a catalog upload's `filename`, `sizes.hero.filename` or `url` (another
 *   upload's name): ignored (200, names unchanged), its `mimeType` (text/html) or a focal point
 *   out of range: 400; deleting it then left the other upload served (200). A bulk PATCH of two
 *   catalog uploads with one new file: 200, each row with its own copies, all 8 files served.
 * - NUL everywhere else: sign-in, forgot-password and profile fields (round 42's fix: 400
 *   naming the field, no ERROR), the OTP phone, an SOS message (stored without it), the payments
 *   export bounds, a feed cursor, a slug, a region's name (400, no ERROR); `sort`, `select`,
 *   `locale` and `joins` keys with NUL (200, nothing logged); GraphQL `where` with NUL in
 *   `equals`, `like`, `in`, `contains` (top level and in `OR`) and an empty id-list item: 400
 *   or a GraphQL validation error, nothing logged.
 * - GraphQL bodies: a JSON array (batched operations) 400 "must be a JSON object", a numeric
 *   `operationName` 400, `extensions` as a list 400.
 * - Money and seats over GraphQL (through the route): ten mutations (a booking's status and money
 *   fields, a payment's amount and status, a payment and a points row created, a departure's
 *   seat counts, an account's points and tier, deletes and duplicates of the booking and its
 *   payment) by the booking's owner, another trekker, the guide, content, finance, cs and ops
 *   (70 requests) on a pending booking with a ₹1,000 desk deposit: no 5xx, and booking, payment,
 *   departure, account and ledger unchanged but for ops' price edit (theirs to make; the booking
 *   keeps its price).
 * - Aliases in one GraphQL request: 20 `createEmergencyContact` by a member holding one: 9
 *   made, the rest refused at the cap of 10; 10 `createBooking` of one departure: one booking,
 *   the rest "You already hold a seat"; then four trekkers at once, each with two aliased
 *   bookings, on its last two seats: three live bookings of three seats, `full`, none oversold.
 * - cs's booking naming an erased account, a missing one, a super admin, a guide, a string or a
 *   list as `user`: 400 each with its reason, nothing logged.
 * - The batch lifecycle on a departure whose dates were moved into the past, holding a pending
 *   booking with a desk deposit: started and completed in one run (a second run changed
 *   nothing), the deposit booking left pending; its trekker's own cancellation then 400 "has
 *   already started", cs's 200 with nothing owed back.
 * - NUL on the account's other doors: a reset token (400 naming it, nothing logged), a refresh
 *   token (401), an e-mail confirm or undo token, an OTP code, a Google ID token and a login
 *   `username` (4xx, nothing logged); an anonymous unlock 401 (finding 1 has the rest). On the
 *   money and desk routes: a verify's payment id (404), a checkout body, a feed filter, the
 *   export's status, a phone change and cs's sign-out reason: 2xx or 4xx, nothing logged (a
 *   refund's and an erasure's reasons were refused for other causes first: not judged).
 * - The 50 sign-ins cap (new this session): 52 password sign-ins leave the newest 50 access
 *   tokens alive; the oldest live one's refresh then 200 (its new token reads `me`), the other
 *   49 still alive, and the next oldest's refresh 200 too (a refresh replaces its own session,
 *   so it never ends itself or another).
 * - `POST /api/<collection>/:id/duplicate` of the newest row of every collection holding one
 *   (accounts, bookings, posts, uploads, emergency contacts, regions, treks, departures among
 *   them) as a super admin, a member and content, through the Next route: no 5xx, no ERROR;
 *   the only copies made were a super admin's of a region, a trek and a departure (KNOWN's
 *   migrations 501 aside).
 * - `GET /api/<collection>?limit=1` of every collection anonymous and as a member, the guide,
 *   content, finance, cs and ops (a fresh database: accounts and contacts held rows): members,
 *   the guide and content list only themselves, finance every account's name and e-mail only,
 *   cs and ops all; contacts only their owner, cs and ops.
 * - Range headers on a stored file (12: open, suffix, past the end, reversed, two ranges, ten,
 *   junk, numbers past 2^64, another unit, spaces): 206 or 416, nothing logged (an unknown unit
 *   is 416 where RFC 9110 would ignore it and answer 200: harmless).
 * - Focal-point crops at rounding edges: 13 picture sizes around the card's 3:2 and the
 *   thumbnail's 1:1 (1,001 x 667, 999 x 667, 769 x 513, 321 x 320 ...) with focal points at the
 *   corners (39 uploads by content): 201 each, nothing logged.
 * - A member's 16-bit PNG, grey-with-alpha PNG, palette PNG, CMYK JPEG, progressive JPEG,
 *   lossless WebP with alpha and a JPEG with EXIF orientation 6: 201 each, nothing logged, the
 *   rotated one stored upright (700 x 900).
 * - An animated WebP of 100 and 400 frames of 16 x 16 (a member's): 201 in 0.1 and 0.2 s (the
 *   sizes judged per frame, none made).
 * - Read in the code and found sound: the schedules' claim (an upsert moving `last_period`
 *   forward, in one transaction with the queued job), the catch-up bounds, the lifecycle's
 *   re-check of each batch under its row lock with one transaction per batch, hold expiry's
 *   re-check under the batch and booking locks, the job claim's compare-and-set, the worker's
 *   loops (a run that ran jobs goes again at once, one that found none idles; the urgent
 *   and SOS-mail queues on loops of their own), the refund job's look for a refund already
 *   made before making one, and its give-up; the open-SOS panel's one row per trekker (an
 *   SOS always names its trekker: the column is NOT NULL, so the empty `not_in` is never
 *   built); the guide's unpaid-hold view (a `where`, `sort` or `select` on the hidden fields is
 *   refused or hides them, the access function answering without a document); the
 *   cancellation's Razorpay check (only the owner's own booking, orders made since judged
 *   under the lock).
 *
 * Not written up, for the lead to weigh:
 * (1) tests/hardening/route.ts's viaRoute passes the path's segments to the Next handler still
 *     percent-encoded, where Next hands them decoded (and @payloadcms/next encodes them once
 *     more): a stored file whose name has a space, `+`, `ä` or `#` answered 404 through viaRoute
 *     and 200 in-process (`api`), as it does under `next start` (read). A tool gap, not a
 *     finding: a round testing encoded paths through viaRoute would see false 404s.
 * (2) Finding 2's other doors (read in Payload's update and delete operations): any failure of
 *     a replacement after its files step (a database error, a statement timeout, a hook's
 *     refusal) and a delete whose database write fails after Payload removed the files leave the
 *     row naming deleted files too. Two curators at once do not (read): the media row lock is
 *     taken in beforeOperation, before Payload reads the row or touches a file.
 * (3) A curator may set an upload's `width`, `height` and `filesize` to any number (200;
 *     apps laying out by them get a wrong shape), curators' own data.
 * (4) The schedules' claim moves `last_period` forward only: an instance whose clock ran ahead
 *     (claiming 10:00 at 09:05) keeps every other instance from claiming hold expiry until
 *     their clocks reach it, and a clock a day ahead once skips a day of pre-trek reminders
 *     (read; needs clock skew between instances).
 * (5) The OTP client budget (30 wrong codes an hour per IPv4 address or IPv6 /64) is shared by
 *     everyone behind one carrier-grade NAT address, common on Indian mobile networks (read; the
 *     trade-off round 41's fix chose).
 * (6) Round 41's finding 8 fix sends a resolved SOS's held-back alert whenever the trekker has
 *     any other SOS open, even one on another departure: after an SMS outage the guide of an
 *     earlier trek may be texted about an SOS the desk already closed (read; needs an outage).
 * (7) Finding 3 also feeds the default job queue: each reset request for a known address queues
 *     a mail job, and hold expiry, refunds and reminders queue behind them oldest first (20 a
 *     run, a run waiting for its slowest mail); with a slow relay a client's requests over many
 *     addresses delay seats being freed (read, not run).
 * (8) A member may hold one unpaid seat on every open departure at once (the hold cap is per
 *     departure): round 14's note, left by its fix (read).
 * (9) Per-client budgets key an IPv6 client by its /64 (README, clientKey), so a client with a
 *     routed /48 (a free tunnel broker gives one; many hosts give a /56) counts as 65,536 (256)
 *     clients: round 41's OTP client budget, the failed sign-in and sign-up budgets, and any
 *     per-client budget finding 3's fix adds, bound such a client only by the /48's size
 *     (read; README documents the /64 keying, so a choice to weigh, perhaps /56).
 * (10) Content's delete of a member's upload that is the only content of a published post (a
 *     picture with a blank caption) leaves the post published with no picture and no text, an
 *     empty card in the public feed (run: 200, the post `published`, `media: []`, in the feed):
 *     round 41's finding 1 ("a post must leave something to show") by the moderator's door;
 *     deleting a member's upload is KNOWN as moderation, and hiding the post is the moderator's
 *     other tool, so left to weigh.
 */
import { describe, expect, it } from '@jest/globals'
import { handleEndpoints, type Payload } from 'payload'

import { pngBuffer } from '../catalog/images'
import { upload } from '../catalog/upload'
import { graphqlPost, viaRoute } from '../hardening/route'
import { api } from '../helpers/api'
import { captureLogOutput } from '../helpers/logOutput'
import { config } from '../helpers/payload'
import { bookableBatch, book, readyTrekker } from '../bookings/support'
import { paragraph } from '../community/lexical'
import { type RoleUsers, usePaymentsWorld } from '../payments/world'

let payload: Payload
let roles: RoleUsers
usePaymentsWorld((world) => {
  payload = world.payload
  roles = world.roles
})

/** Level-50 (ERROR) lines the logger writes while `call` runs. */
async function errorLinesDuring<T>(call: () => Promise<T>): Promise<[T, number]> {
  const log = captureLogOutput()
  try {
    const answer = await call()
    return [
      answer,
      log
        .text()
        .split('\n')
        .filter((line) => line.includes('"level":50')).length,
    ]
  } finally {
    log.stop()
  }
}

describe('NUL in text outside an account’s own fields', () => {
  // FINDING 1: round 42's fix refuses a NUL character in an account's own fields before any query, but other text still takes it to PostgreSQL, which refuses it after the failed query is logged at ERROR with its stack and SQL (then 400): anonymously, the e-mail verification token of the same users collection (`POST /api/users/verify/ab%00c` and GraphQL `verifyEmailUser(token: "a\u0000b")`: `verifyEmail` is not among the operations refuseNulInAccountText checks, and its token is a path parameter; 20 aliased `verifyEmailUser` in one anonymous request log 20 ERRORs), and from any member's account an emergency contact's name or relationship (REST create and edit, GraphQL `createEmergencyContact`), a post's body (`POST /api/posts`), a checkout's order id sent to `POST /api/payments/verify`, the reason of their own cancellation (`POST /api/bookings/:id/cancel {"reason": "x\u0000y"}`) (run too, 1 ERROR each: a member's upload with such an alt text, cs's `POST /api/users/unlock` with such an e-mail, content's trek and badge names, ops' call-off reason, cs's cancellation reason and desk payment reference, a staff preference's key or value): log noise and error-rate alerts anyone can make at will, the class round 42 meant to close, low
  it.failing('answers each without a 5xx and logs no error', async () => {
    const member = await readyTrekker(payload)
    const { batch } = await bookableBatch(payload, { seats: 5, startsInDays: 20 })
    const booking = await book(member.token, batch.id)
    expect(booking.status).toBe(201)
    const contact = await api('POST', '/emergency-contacts', {
      token: member.token,
      body: { name: 'Ravi', relationship: 'Brother', phone: '+919812345670' },
    })
    expect(contact.status).toBe(201)
    const NUL = 'x\u0000y'
    const doors: Array<[string, () => Promise<{ status: number; body: any }>]> = [
      [
        'contact create',
        () =>
          api('POST', '/emergency-contacts', {
            token: member.token,
            body: { name: NUL, relationship: 'Brother', phone: '+919812345670' },
          }),
      ],
      [
        'contact edit',
        () =>
          api('PATCH', `/emergency-contacts/${contact.body.doc.id}`, {
            token: member.token,
            body: { relationship: NUL },
          }),
      ],
      [
        'GraphQL contact',
        async () => {
          const res = await viaRoute(
            'POST',
            '/api/graphql',
            {
              token: member.token,
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({
                query:
                  'mutation ($n: String!) { createEmergencyContact(data: { name: $n, relationship: "Brother", phone: "+919812345670" }) { id } }',
                variables: { n: NUL },
              }),
            },
            graphqlPost,
          )
          return { status: res.body.errors?.[0]?.extensions?.statusCode ?? 200, body: res.body }
        },
      ],
      [
        'post',
        () =>
          api('POST', '/posts', {
            token: member.token,
            body: { kind: 'feed', body: paragraph(`Sunrise ${NUL}`) },
          }),
      ],
      [
        'anonymous e-mail verification',
        () => api('POST', `/users/verify/${encodeURIComponent('ab\u0000c')}`),
      ],
      [
        'anonymous GraphQL verifyEmailUser',
        async () => {
          const res = await viaRoute(
            'POST',
            '/api/graphql',
            {
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ query: 'mutation { verifyEmailUser(token: "a\\u0000b") }' }),
            },
            graphqlPost,
          )
          return { status: res.body.errors?.[0]?.extensions?.statusCode ?? 200, body: res.body }
        },
      ],
      [
        'payment verify',
        () =>
          api('POST', '/payments/verify', {
            token: member.token,
            body: {
              razorpayOrderId: `order_${NUL}`,
              razorpayPaymentId: 'pay_1',
              razorpaySignature: 'a',
            },
          }),
      ],
      [
        'own cancellation reason',
        () =>
          api('POST', `/bookings/${booking.body.doc.id}/cancel`, {
            token: member.token,
            body: { reason: NUL },
          }),
      ],
    ]
    // Refused (400) or stored without the NUL, as an SOS is: either way no 5xx and no ERROR.
    const outcomes: Array<[string, boolean, number]> = []
    for (const [label, call] of doors) {
      const [res, errors] = await errorLinesDuring(call)
      outcomes.push([label, res.status < 500, errors])
    }
    expect(outcomes).toEqual(outcomes.map(([label]) => [label, true, 0]))
  })
})

/** A multipart PATCH of an upload with a new file, as the admin's "replace file" sends it. */
async function replaceFile(
  id: number,
  file: { data: Buffer; name: string; type: string },
  token: string,
  data: Record<string, unknown>,
) {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(file.data)], { type: file.type }), file.name)
  form.append('_payload', JSON.stringify(data))
  const url = `http://localhost:3000/api/media/${id}`
  const request = new Request(url, {
    method: 'PATCH',
    headers: { Authorization: `JWT ${token}` },
    body: form,
  })
  const response = await handleEndpoints({ config, request, path: new URL(url).pathname })
  const text = await response.text()
  return { status: response.status, body: text ? JSON.parse(text) : text }
}

describe('a refused replacement of a catalog picture', () => {
  // FINDING 2: a curator's replacement of an upload's file that is then refused (content's `PATCH /api/media/:id` multipart with a new picture and an alt text of 301 characters: 400 "shorter than the max length of 300"; an alt holding a NUL: 400 after the failed UPDATE) deletes the stored picture it did not replace (through the Next route too: 400, then the original 404): Payload removes the old original and every resized copy before validation, the row-lock stale check and the database write, and removeFilesOfFailedWrite cleans up only the new files, so the row keeps naming files that are gone and `GET /api/media/file/<name>` is 404 for everyone (a trek's hero or a badge's icon broken on the public site by one refused edit, with nothing to restore it from), low-medium
  it.failing('keeps serving the original and its sizes', async () => {
    const outcomes: Array<[string, number, Array<[string, number]>]> = []
    for (const [label, alt] of [
      ['alt of 301 characters', 'x'.repeat(301)],
      ['alt with a NUL', 'summit\u0000'],
    ] as const) {
      const original = await upload(
        'media',
        { data: await pngBuffer(1600, 1200), name: 'hero.png', type: 'image/png' },
        { token: roles.content.token, data: { alt: 'Kedarkantha summit' } },
      )
      expect(original.status).toBe(201)
      const doc = original.body.doc
      const names = [
        doc.filename,
        ...Object.values(doc.sizes as Record<string, { filename: string | null }>).map(
          (size) => size.filename,
        ),
      ].filter((name): name is string => Boolean(name))
      expect(names.length).toBeGreaterThan(1)
      const replaced = await replaceFile(
        doc.id,
        { data: await pngBuffer(1400, 1000), name: 'new-hero.png', type: 'image/png' },
        roles.content.token,
        { alt },
      )
      // Whatever the answer, every file the row names afterwards must be there to serve.
      const row = await payload.findByID({
        collection: 'media',
        id: doc.id,
        depth: 0,
        overrideAccess: true,
      })
      const rowNames = [
        row.filename,
        ...Object.values((row.sizes ?? {}) as Record<string, { filename?: string | null }>).map(
          (size) => size?.filename,
        ),
      ].filter((name): name is string => Boolean(name))
      const served: Array<[string, number]> = []
      for (const name of rowNames) {
        served.push([name, (await api('GET', `/media/file/${encodeURIComponent(name)}`)).status])
      }
      outcomes.push([label, replaced.status, served])
    }
    expect(outcomes).toEqual(
      outcomes.map(([label, status, served]) => [
        label,
        status,
        served.map(([name]) => [name, 200]),
      ]),
    )
  })
})

describe('password reset requests from one client', () => {
  // FINDING 3: `POST /api/users/forgot-password` counts only per address (3 an hour): one anonymous client sent 60 requests over 20 members' addresses (3 each), all 200, three reset mails queued for each member (counted: 3 `sendPasswordReset` jobs per address), and each member's own request from their own phone is then 429 "Too many password reset requests for this address" for the hour. Over GraphQL one anonymous request of 20 aliased `forgotPasswordUser` queued 20 reset mails (run). One client, repeating hourly over every address it knows, keeps all of those members from resetting a forgotten password and mails them without end. README accepts that anyone may keep an account's password sign-in locked (five wrong passwords), but then the reset is the way back in, and failed sign-ins, sign-ups and wrong OTP codes (round 41's finding 6) are all also counted per client while reset requests are not, medium-low
  it.failing('refuses the client before it spends the addresses it knows', async () => {
    const attacker = '203.0.113.77'
    const members = await Promise.all(Array.from({ length: 20 }, () => readyTrekker(payload)))
    const statuses: number[] = []
    for (const member of members) {
      for (let i = 0; i < 3; i++) {
        const res = await api('POST', '/users/forgot-password', {
          body: { email: member.email },
          headers: { 'X-Forwarded-For': attacker },
        })
        statuses.push(res.status)
      }
    }
    const last = members[members.length - 1]
    const own = await api('POST', '/users/forgot-password', {
      body: { email: last.email },
      headers: { 'X-Forwarded-For': '198.51.100.23' },
    })
    expect({ clientRefused: statuses.includes(429), ownRequest: own.status }).toEqual({
      clientRefused: true,
      ownRequest: 200,
    })
  })
})

describe('a picture one pixel wide', () => {
  // FINDING 4: a member's upload of a PNG one pixel wide and 1,500 tall (140 bytes, 1,500 pixels against MAX_IMAGE_PIXELS' 120 million) takes about 30 s of server CPU before its 201 (the same through the Next route: 1 × 600, 201 after 10.9 s; 1 × 300, whose sizes are all skipped as smaller, 78 ms; 1 × 1,000: 20 s; 1 × 3,000: 60 s; 3,000 × 1: 39 s; 1 × 20,000: past two minutes, unfinished when the run was stopped; memory stays low, libvips streams). With `focalPoint: true` Payload scales the whole picture to each cropped size's width first (1 × 3,000 to the card's 768 wide is 768 × 2,304,000 pixels, encoded whole to a buffer only to read its height) and crops afterwards, so the pixel budget judged on the original does not bound the work. Four such uploads of 1 × 1,000 at once (one account; 41 to 55 s each) made a password sign-in take 5.2 s instead of 32 ms (2 CPUs); an account may upload 30 an hour (the cap counts files, not cost) and sign-up is free, so one client keeps the server's CPU busy for good. An ordinary photo does it too through the crop the admin's image editor sends (`POST /api/media?uploadEdits[crop][x]=0&uploadEdits[crop][y]=0&uploadEdits[widthInPixels]=1&uploadEdits[heightInPixels]=1200` with a 1,200 × 1,200 PNG: 201 after 27 s). Round 14's decompression finding by the resize door, medium-high
  it.failing(
    'answers within 5 seconds (refused, or stored cheaply)',
    async () => {
      const member = await readyTrekker(payload)
      const data = await pngBuffer(1, 1500)
      expect(data.length).toBeLessThan(1000)
      const started = Date.now()
      const res = await upload(
        'media',
        { data, name: 'sliver.png', type: 'image/png' },
        { token: member.token, data: {} },
      )
      const took = Date.now() - started
      expect([201, 400]).toContain(res.status)
      expect(took).toBeLessThan(5000)
    },
    180_000,
  )
})
