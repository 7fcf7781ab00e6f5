import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import type { api as apiHelper } from '../helpers/api'
import type { seed as seedFunction } from '@/seed/seed'

import { dedicatedDatabase, runSeedCli, type CliResult } from './seedDatabase'

const SEED_PASSWORD = process.env.SEED_PASSWORD!
const DAY_MS = 24 * 60 * 60 * 1000
const database = dedicatedDatabase('seed')

const DEMO_ACCOUNTS: Array<[string, string | null]> = [
  ['superadmin@obs.test', 'super_admin'],
  ['ops@obs.test', 'ops_manager'],
  ['cs@obs.test', 'cs'],
  ['finance@obs.test', 'finance'],
  ['content@obs.test', 'content'],
  ['guide@obs.test', 'guide'],
  ['trekker1@obs.test', null],
  ['trekker2@obs.test', null],
  ['trekker3@obs.test', null],
  ['trekker4@obs.test', null],
  ['trekker5@obs.test', null],
]

async function tableCounts() {
  const [row] = await database.query(`
    select (select count(*) from users)::int as users,
           (select count(*) from regions)::int as regions,
           (select count(*) from treks)::int as treks,
           (select count(*) from itinerary_days)::int as "itineraryDays",
           (select count(*) from guides)::int as guides,
           (select count(*) from batches)::int as batches`)
  return row
}

let payload: Payload
let api: typeof apiHelper
let seed: typeof seedFunction
let refusedCli: CliResult
let tablesAfterRefusal: number
let firstCli: CliResult
let secondCli: CliResult
let afterFirst: Awaited<ReturnType<typeof tableCounts>>
let afterSecond: Awaited<ReturnType<typeof tableCounts>>

beforeAll(async () => {
  await database.create()

  refusedCli = await runSeedCli(database.uri, { NODE_ENV: 'production' })
  const [tables] = await database.query(
    `select count(*)::int as n from information_schema.tables where table_schema = 'public'`,
  )
  tablesAfterRefusal = tables.n

  // A Payload of this file's own on the dedicated database: the configuration reads the
  // environment once, when it is first imported, and jest gives each test file its own modules.
  const shared = { uri: process.env.DATABASE_URI, push: process.env.DB_PUSH }
  process.env.DATABASE_URI = database.uri
  process.env.DB_PUSH = 'true'
  try {
    ;({ api } = await import('../helpers/api'))
    ;({ seed } = await import('@/seed/seed'))
    const { testPayload } = await import('../helpers/payload')
    payload = await testPayload()
  } finally {
    process.env.DATABASE_URI = shared.uri
    process.env.DB_PUSH = shared.push
  }
}, 300_000)

afterAll(async () => {
  await payload?.destroy()
  // destroy() leaves the adapter's pool connected; dropping the database ends those
  // connections, which the pool reports as errors that are expected here.
  const pool = (
    payload?.db as unknown as { pool?: { on: (event: 'error', fn: () => void) => void } }
  )?.pool
  pool?.on('error', () => undefined)
  await database.drop()
})

describe('npm run seed', () => {
  it('refuses in production, with a clear message, before touching the database', () => {
    expect(refusedCli.code).not.toBe(0)
    expect(refusedCli.output).toContain('Refusing to seed: NODE_ENV is "production"')
    expect(tablesAfterRefusal).toBe(0)
  })

  it('refuses in production when called directly too', async () => {
    const environment = process.env as Record<string, string | undefined>
    const nodeEnv = environment.NODE_ENV
    environment.NODE_ENV = 'production'
    try {
      await expect(seed(payload)).rejects.toThrow('Refusing to seed')
    } finally {
      environment.NODE_ENV = nodeEnv
    }
    expect(await tableCounts()).toEqual({
      users: 0,
      regions: 0,
      treks: 0,
      itineraryDays: 0,
      guides: 0,
      batches: 0,
    })
  })

  it('leaves nothing behind when seeding fails half way', async () => {
    const { demoCatalog } = await import('@/seed/data')
    const broken = {
      ...demoCatalog,
      treks: [
        ...demoCatalog.treks.slice(0, 3),
        { ...demoCatalog.treks[3], difficulty: 'impossible' as never },
      ],
    }

    await expect(seed(payload, { catalog: broken })).rejects.toThrow()

    expect(await tableCounts()).toEqual({
      users: 0,
      regions: 0,
      treks: 0,
      itineraryDays: 0,
      guides: 0,
      batches: 0,
    })
  })

  it('fills an empty database and exits 0', async () => {
    firstCli = await runSeedCli(database.uri)
    afterFirst = await tableCounts()

    expect([firstCli.code, firstCli.output]).toEqual([
      0,
      expect.stringContaining('Seeded demo data'),
    ])
    expect(afterFirst.regions).toBeGreaterThanOrEqual(12)
    expect(afterFirst.treks).toBeGreaterThanOrEqual(32)
    expect(afterFirst.guides).toBeGreaterThanOrEqual(6)
    expect(afterFirst.guides).toBeLessThanOrEqual(10)
    expect(afterFirst.batches).toBeGreaterThan(afterFirst.treks)
  }, 300_000)

  it('does nothing on a second run', async () => {
    secondCli = await runSeedCli(database.uri)
    afterSecond = await tableCounts()

    expect([secondCli.code, secondCli.output]).toEqual([
      0,
      expect.stringContaining('Seed skipped: the database already has data'),
    ])
    expect(afterSecond).toEqual(afterFirst)
    await expect(seed(payload)).resolves.toMatchObject({ skipped: true, treks: 0 })
  }, 300_000)
})

describe('seeded catalog', () => {
  it('publishes at least 30 treks and hides a draft and an archived one', async () => {
    const rows = await database.query(
      `select status, count(*)::int as n from treks group by status`,
    )
    const byStatus = Object.fromEntries(rows.map((r) => [r.status, r.n]))

    expect(byStatus.active).toBeGreaterThanOrEqual(30)
    expect(byStatus.draft).toBeGreaterThanOrEqual(1)
    expect(byStatus.archived).toBeGreaterThanOrEqual(1)

    const anonymous = await api('GET', '/treks?limit=100&depth=0')
    expect(anonymous.status).toBe(200)
    expect(anonymous.body.totalDocs).toBe(byStatus.active)
    expect(anonymous.body.docs.every((t: any) => t.status === 'active')).toBe(true)
  })

  it('gives every trek a full itinerary, days 1 to durationDays', async () => {
    const rows = await database.query(`
      select t.slug, t.duration_days::int as "durationDays", t.max_altitude::int as "maxAltitude",
             count(d.id)::int as days, count(distinct d.day_number)::int as "distinctDays",
             min(d.day_number)::int as first, max(d.day_number)::int as last,
             max(d.altitude)::int as "highestDay", count(d.title)::int as titled
      from treks t left join itinerary_days d on d.trek_id = t.id
      group by t.id`)

    for (const trek of rows) {
      expect(trek).toEqual({
        ...trek,
        days: trek.durationDays,
        distinctDays: trek.durationDays,
        first: 1,
        last: trek.durationDays,
        highestDay: trek.maxAltitude,
        titled: trek.durationDays,
      })
    }
  })

  it('schedules open batches over the next twelve months for every active trek only', async () => {
    const batches = await database.query(`
      select b.start_date as "startDate", b.end_date as "endDate", b.total_seats::int as "totalSeats",
             b.price::float as price, b.status, b.guide_id as guide,
             b.available_seats::int as "availableSeats",
             t.status as "trekStatus", t.duration_days::int as "durationDays",
             to_char(b.start_date at time zone 'Asia/Kolkata', 'HH24:MI') as "kolkataTime"
      from batches b join treks t on t.id = b.trek_id`)
    const now = Date.now()

    for (const batch of batches) {
      const start = new Date(batch.startDate).getTime()
      expect(batch.trekStatus).toBe('active')
      expect(batch.status).toBe('open')
      expect(start).toBeGreaterThan(now)
      expect(start).toBeLessThan(now + 366 * DAY_MS)
      expect(batch.kolkataTime).toBe('00:00')
      expect(new Date(batch.endDate).getTime() - start).toBe((batch.durationDays - 1) * DAY_MS)
      expect(batch.totalSeats).toBeGreaterThanOrEqual(10)
      expect(batch.totalSeats).toBeLessThanOrEqual(20)
      expect(batch.availableSeats).toBe(batch.totalSeats)
      expect(batch.price).toBeGreaterThan(1000)
      expect(Math.round(batch.price * 100)).toBe(batch.price * 100)
      expect(batch.guide).not.toBeNull()
    }

    const withoutBatches = await database.query(`
      select slug from treks t where status = 'active'
        and not exists (select 1 from batches b where b.trek_id = t.id)`)
    expect(withoutBatches).toEqual([])

    const cards = await database.query(`
      select slug from treks where status = 'active' and (next_batch_start_date is null or seats_left is null)`)
    expect(cards).toEqual([])
  })

  it('links guide@obs.test to a guide who leads upcoming batches', async () => {
    const [guide] = await database.query(`
      select g.name, count(b.id)::int as batches
      from guides g join users u on u.id = g.user_id left join batches b on b.guide_id = g.id
      where u.email = 'guide@obs.test' group by g.id`)

    expect(guide.name).toBeTruthy()
    expect(guide.batches).toBeGreaterThan(0)
  })
})

describe('seeded demo accounts', () => {
  it('sign in with the seed password and carry their staff role', async () => {
    // Logins run together: each costs a deliberate, slow password hash.
    const logins = await Promise.all(
      DEMO_ACCOUNTS.map(([email]) =>
        api('POST', '/users/login', { body: { email, password: SEED_PASSWORD } }),
      ),
    )

    logins.forEach((login, index) => {
      const [email, role] = DEMO_ACCOUNTS[index]
      expect([email, login.status]).toEqual([email, 200])
      expect(login.body.token).toEqual(expect.any(String))
      expect(login.body.user.email).toBe(email)
      expect(login.body.user.staffRole ?? null).toBe(role)
    })
  }, 120_000)

  it('refuses a wrong password', async () => {
    const login = await api('POST', '/users/login', {
      body: { email: 'trekker1@obs.test', password: `${SEED_PASSWORD}-wrong` },
    })

    expect(login.status).toBe(401)
  }, 60_000)

  it('gives trekkers a name, an Indian E.164 phone, a date of birth and an experience level', async () => {
    const trekkers = await database.query(`
      select first_name, last_name, phone, date_of_birth, experience_level, tribe_tier, obs_points
      from users where email like 'trekker%@obs.test' order by email`)

    expect(trekkers).toHaveLength(5)
    for (const trekker of trekkers) {
      expect(trekker.first_name).toBeTruthy()
      expect(trekker.last_name).toBeTruthy()
      expect(trekker.phone).toMatch(/^\+91\d{10}$/)
      expect(trekker.date_of_birth).toBeInstanceOf(Date)
      expect(['never', 'beginner', 'intermediate', 'expert']).toContain(trekker.experience_level)
      expect(trekker.tribe_tier).toBe('basecamp')
      expect(Number(trekker.obs_points)).toBe(0)
    }
  })
})
