/**
 * `npm run bench`, step 2 (run by scripts/bench/run.mjs through `payload run`): fills the
 * bench's fresh database with a large catalog and writes a manifest for the load driver.
 *
 * The catalog (regions, guides, 40+ treks with itineraries, 400+ batches) goes through the
 * Local API so every hook runs; the 2000+ trekkers and 5000+ bookings go in as bulk SQL
 * (one password hash for all, no per-row hooks), after which every batch's seat counts are
 * recounted from its bookings and every trek card is refreshed, exactly as the booking
 * hooks would have left them. The manifest also carries the SQL of an anonymous trek list
 * page as Payload runs it, captured here, for the raw PostgreSQL comparison.
 */
import fs from 'node:fs'

import config from '@payload-config'
import { createLocalReq, getFieldsToSign, getPayload, jwtSign, type Payload } from 'payload'
import { addSessionToUser } from 'payload/shared'

import { refreshTrekCard } from '@/catalog'
import { TREK_CARD_POPULATE, TREK_CARD_SELECT } from '@/catalog/trekCardSelect'
import { queryRows, sql } from '@/shared/sql'

const TREKS = Number(process.env.BENCH_TREKS ?? 44)
const BATCHES_PER_TREK = 10
const USERS = Number(process.env.BENCH_USERS ?? 2200)
const BURST_USERS = 500
const DAY = 86_400_000
const DIFFICULTIES = ['easy', 'moderate', 'difficult', 'very_difficult'] as const
const THEMES = ['snow', 'summit', 'meadows', 'forest', 'high_pass', 'glacier'] as const

const payload: Payload = await getPayload({ config })
// Autocommit statements: the Local API calls below run in parallel, each in its own transaction.
const req = { payload, transactionID: undefined }
const days = (n: number) => new Date(Date.now() + n * DAY).toISOString()
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i % 97}`).join(' ')

async function inChunks<T, R>(items: T[], size: number, work: (item: T) => Promise<R>) {
  const out: R[] = []
  for (let i = 0; i < items.length; i += size) {
    out.push(...(await Promise.all(items.slice(i, i + size).map(work))))
  }
  return out
}

async function createCatalog() {
  const regions = await inChunks(
    ['Garhwal', 'Kumaon', 'Himachal', 'Kashmir', 'Sikkim', 'Ladakh'],
    6,
    (name) => payload.create({ collection: 'regions', data: { name, description: words(60) } }),
  )
  const guides = await inChunks([...Array(12).keys()], 6, (i) =>
    payload.create({
      collection: 'guides',
      data: { name: `Bench Guide ${i}`, bio: words(80), yearsExp: 5 + i, certifications: ['WFR'] },
    } as never),
  )
  const treks = await inChunks([...Array(TREKS).keys()], 4, async (i) => {
    const durationDays = 5 + (i % 5)
    const trek = await payload.create({
      collection: 'treks',
      context: { benchSeed: true },
      data: {
        name: `Bench Trek ${i}`,
        region: regions[i % regions.length].id,
        description: words(400),
        maxAltitude: 3500 + i * 40,
        totalDistance: 40 + i,
        durationDays,
        difficulty: DIFFICULTIES[i % DIFFICULTIES.length],
        maxGroupSize: 20,
        themes: [THEMES[i % THEMES.length], THEMES[(i + 2) % THEMES.length]],
        bestMonths: [(i % 12) + 1, ((i + 1) % 12) + 1],
        inclusions: Array.from({ length: 8 }, (_, k) => `Inclusion ${k}: ${words(8)}`),
        exclusions: Array.from({ length: 6 }, (_, k) => `Exclusion ${k}: ${words(8)}`),
        packingList: Array.from({ length: 25 }, (_, k) => `Item ${k}`),
        fitnessPrep: words(120),
        faqs: Array.from({ length: 8 }, (_, k) => ({
          question: `Question ${k}?`,
          answer: words(50),
        })),
        status: 'active',
      } as never,
    })
    for (let day = 1; day <= durationDays; day++) {
      await payload.create({
        collection: 'itinerary-days',
        data: {
          trek: trek.id,
          dayNumber: day,
          title: `Day ${day}`,
          campName: `Camp ${day}`,
          altitude: 2500 + day * 300,
          distanceKm: 8,
          description: words(80),
        } as never,
      })
    }
    return trek
  })
  const batches = await inChunks(
    treks.flatMap((trek, t) =>
      Array.from({ length: BATCHES_PER_TREK }, (_, b) => ({ trek, t, b })),
    ),
    8,
    ({ trek, t, b }) =>
      payload.create({
        collection: 'batches',
        data: {
          trek: trek.id,
          guide: guides[(t + b) % guides.length].id,
          startDate: days(7 + b * 30 + (t % 20)),
          endDate: days(7 + b * 30 + (t % 20) + 6),
          totalSeats: 20 + ((t + b) % 11),
          price: 9000 + (t % 10) * 1500,
          status: 'open',
        } as never,
      }),
  )
  return { treks, batches }
}

/** Trekkers as one INSERT: the same password hash for all (verified, signed in by token). */
async function createTrekkers() {
  const template = await payload.create({
    collection: 'users',
    data: {
      email: 'bench-template@obs.test',
      password: 'Bench!2026',
      firstName: 'Bench',
      lastName: 'Template',
    } as never,
    overrideAccess: true,
  })
  await queryRows(
    req,
    sql`insert into users (email, first_name, last_name, phone, date_of_birth, tribe_tier, obs_points,
                           salt, hash, _verified, login_attempts)
        select 'bench-trekker-' || n || '@obs.test', 'Trekker', 'No ' || n,
               '+9198' || lpad(n::text, 8, '0'), now() - interval '30 years', 'basecamp', 0,
               t.salt, t.hash, true, 0
        from generate_series(1, ${USERS}) as n,
             (select salt, hash from users where id = ${template.id}) as t`,
  )
  const rows = await queryRows<{ id: number }>(
    req,
    sql`select id from users where email like 'bench-trekker-%' order by id`,
  )
  return rows.map((row) => Number(row.id))
}

/**
 * Bookings spread over the batches (between a quarter and three quarters full, so some
 * are sold out by design below): pending, confirmed and cancelled, each user at most once
 * per batch. Money fields follow the batch price as the booking hook computes them.
 */
async function createBookings(batchIds: number[], userIds: number[]) {
  let cursor = 0
  const values: string[] = []
  for (const [index, batchId] of batchIds.entries()) {
    const count = index % 17 === 0 ? 40 : 6 + (index % 10)
    for (let k = 0; k < count; k++) {
      const user = userIds[cursor++ % userIds.length]
      const status = k % 7 === 0 ? 'cancelled' : k % 3 === 0 ? 'pending' : 'confirmed'
      values.push(`(${user}, ${batchId}, '${status}')`)
    }
  }
  await queryRows(
    req,
    sql.raw(`
      with wanted (user_id, batch_id, status) as (values ${values.join(',')}),
      ranked as (
        select w.*, b.price, b.total_seats,
               row_number() over (partition by w.batch_id
                                  order by w.status = 'cancelled', w.user_id) as seat
        from wanted w join batches b on b.id = w.batch_id
      )
      insert into bookings (user_id, batch_id, status, source, base_amount, discount_amount,
                            final_amount, amount_paid, balance_due, hold_expires_at,
                            trekker_name, trekker_age, trekker_phone, trekker_email)
      select r.user_id, r.batch_id,
             -- a batch never holds more seats than it has: extra wishes become cancellations
             (case when r.status <> 'cancelled' and r.seat > r.total_seats
                   then 'cancelled' else r.status end)::enum_bookings_status,
             'app', r.price, 0, r.price,
             case when r.status = 'confirmed' then r.price else 0 end,
             case when r.status = 'confirmed' then 0 else r.price end,
             now() + interval '1 day',
             u.first_name || ' ' || u.last_name, 30, u.phone, u.email
      from ranked r join users u on u.id = r.user_id`),
  )
}

/** Seat counts and open/full states follow the bookings, as the booking hooks keep them. */
async function recountSeats() {
  await queryRows(
    req,
    sql`update batches b set
          booked_seats = held.count,
          available_seats = b.total_seats - held.count,
          status = (case when held.count >= b.total_seats then 'full' else 'open' end)::enum_batches_status
        from (select b2.id, count(k.id)::int as count from batches b2
              left join bookings k on k.batch_id = b2.id and k.status in ('pending', 'confirmed')
              group by b2.id) held
        where held.id = b.id`,
  )
}

async function signIn(userId: number) {
  const collectionConfig = payload.collections.users.config
  const req = await createLocalReq({}, payload)
  const row = await payload.findByID({
    collection: 'users',
    id: userId,
    overrideAccess: true,
    depth: 0,
  })
  const user = { ...row, collection: 'users' as const }
  const { sid } = await addSessionToUser({ collectionConfig, payload, req, user: user as never })
  const { token } = await jwtSign({
    fieldsToSign: getFieldsToSign({
      collectionConfig,
      email: row.email!,
      sid,
      user: user as never,
    }),
    secret: payload.secret,
    tokenExpiration: collectionConfig.auth.tokenExpiration,
  })
  return token
}

/** The SQL an anonymous `GET /api/treks?limit=20` sends, captured from the adapter's pool. */
async function captureTrekListSql() {
  const pool = (payload.db as unknown as { pool: { query: (...args: any[]) => any } }).pool
  const original = pool.query
  const statements: Array<{ text: string; values: unknown[] }> = []
  pool.query = function (this: unknown, ...args: any[]) {
    const first = args[0]
    statements.push(
      typeof first === 'string'
        ? { text: first, values: args[1] ?? [] }
        : { text: first.text, values: first.values ?? args[1] ?? [] },
    )
    return original.apply(this, args)
  }
  try {
    await payload.find({
      collection: 'treks',
      limit: 20,
      depth: 1,
      select: TREK_CARD_SELECT,
      populate: TREK_CARD_POPULATE,
      overrideAccess: false,
    })
  } finally {
    pool.query = original
  }
  return statements
}

const started = Date.now()
const { treks, batches } = await createCatalog()
const userIds = await createTrekkers()
await createBookings(
  batches.map((batch) => batch.id),
  userIds.slice(BURST_USERS + 1),
)
// The signed-in trekker whose bookings are listed: five bookings on different batches.
const reader = userIds[0]
await queryRows(
  req,
  sql`insert into bookings (user_id, batch_id, status, source, base_amount, final_amount, amount_paid, balance_due, trekker_name, trekker_email)
      select ${reader}, b.id, 'confirmed', 'app', b.price, b.price, b.price, 0, 'Trekker No 1', 'bench-trekker-1@obs.test'
      from batches b where (select count(*) from bookings k where k.batch_id = b.id
                              and k.status in ('pending', 'confirmed')) < b.total_seats
      order by id limit 5`,
)
await recountSeats()
for (const trek of treks) {
  await refreshTrekCard(trek.id, await createLocalReq({}, payload))
}

// The burst's batch: 20 seats on its own trek, nobody booked yet.
const burstTrek = await payload.create({
  collection: 'treks',
  data: {
    name: 'Bench Burst Trek',
    region: treks[0].region,
    maxAltitude: 4000,
    durationDays: 5,
    difficulty: 'easy',
    status: 'active',
  } as never,
})
const burstBatch = await payload.create({
  collection: 'batches',
  data: {
    trek: burstTrek.id,
    startDate: days(60),
    endDate: days(65),
    totalSeats: 20,
    price: 12000,
    status: 'open',
  } as never,
})

const tokens = await inChunks(userIds.slice(1, BURST_USERS + 1), 20, signIn)
const readerToken = await signIn(reader)

const [counts] = await queryRows<Record<string, number>>(
  req,
  sql`select (select count(*) from treks)::int as treks, (select count(*) from batches)::int as batches,
             (select count(*) from users)::int as users, (select count(*) from bookings)::int as bookings,
             (select count(*) from batches b where b.booked_seats <> (select count(*) from bookings k
                where k.batch_id = b.id and k.status in ('pending','confirmed')))::int as seat_mismatches`,
)
if (counts.seat_mismatches !== 0) {
  throw new Error(`Generated data is inconsistent: ${counts.seat_mismatches} batches miscounted`)
}

const manifest = {
  counts,
  seconds: (Date.now() - started) / 1000,
  slugs: treks.map((trek) => trek.slug),
  burst: { batchId: burstBatch.id, seats: 20, tokens },
  reader: { token: readerToken },
  trekListSql: await captureTrekListSql(),
}
fs.writeFileSync(String(process.env.BENCH_MANIFEST), JSON.stringify(manifest))
payload.logger.info({ msg: 'bench data generated', ...counts, seconds: manifest.seconds })
await payload.destroy()
process.exit(0)
