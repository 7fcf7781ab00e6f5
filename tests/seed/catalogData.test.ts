import { beforeAll, describe, expect, it } from '@jest/globals'

import configPromise from '@payload-config'
import { demoCatalog } from '@/seed/data'
import { daysBetween, kolkataDay, startOfKolkataDay } from '@/shared/time'
import { planDepartures } from '@/seed/departures'

const { regions, treks, guides, staff, trekkers } = demoCatalog
const active = treks.filter((trek) => (trek.status ?? 'active') === 'active')

/** The options of a select field of the treks collection, as the running schema has them. */
let trekOptions: (field: string) => string[]

beforeAll(async () => {
  const config = await configPromise
  const fields = config.collections.find((c) => c.slug === 'treks')!.flattenedFields
  trekOptions = (name) => {
    const field = fields.find((f) => f.name === name) as { options: (string | { value: string })[] }
    return field.options.map((option) => (typeof option === 'string' ? option : option.value))
  }
})

describe('demo catalog data', () => {
  it('has at least 12 regions and 30 active treks, with unique names and slugs', () => {
    expect(regions.length).toBeGreaterThanOrEqual(12)
    expect(active.length).toBeGreaterThanOrEqual(30)
    expect(treks.some((trek) => trek.status === 'draft')).toBe(true)
    expect(treks.some((trek) => trek.status === 'archived')).toBe(true)

    expect(new Set(regions.map((r) => r.slug)).size).toBe(regions.length)
    expect(new Set(regions.map((r) => r.name)).size).toBe(regions.length)
    expect(new Set(treks.map((t) => t.slug)).size).toBe(treks.length)
    expect(treks.every((t) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(t.slug))).toBe(true)
  })

  it('gives every region at least one active trek and one guide', () => {
    for (const region of regions) {
      expect([region.slug, active.some((t) => t.region === region.slug)]).toEqual([
        region.slug,
        true,
      ])
      expect([region.slug, guides.some((g) => g.regions.includes(region.slug))]).toEqual([
        region.slug,
        true,
      ])
    }
  })

  it.each(treks.map((trek) => [trek.slug, trek] as const))(
    '%s has facts within the schema and an itinerary that adds up',
    (_slug, trek) => {
      expect(regions.map((r) => r.slug)).toContain(trek.region)
      expect(trekOptions('difficulty')).toContain(trek.difficulty)
      expect(trek.themes.length).toBeGreaterThan(0)
      trek.themes.forEach((theme) => expect(trekOptions('themes')).toContain(theme))
      expect(trek.bestMonths.length).toBeGreaterThan(0)
      trek.bestMonths.forEach((month) => expect(month).toBeGreaterThanOrEqual(1))
      trek.bestMonths.forEach((month) => expect(month).toBeLessThanOrEqual(12))
      expect(trek.maxAltitude).toBeGreaterThan(0)
      expect(trek.maxAltitude).toBeLessThanOrEqual(9000)
      expect(Number.isInteger(trek.basePrice)).toBe(true)
      expect(trek.description.length).toBeGreaterThan(150)
      expect(trek.faqs.length).toBeGreaterThan(0)

      // The day-by-day plan is consistent with the trek's published facts.
      expect(trek.days.length).toBeGreaterThanOrEqual(2)
      expect(Math.max(...trek.days.map((d) => d.altitude))).toBe(trek.maxAltitude)
      const walked = trek.days.reduce((sum, d) => sum + d.distanceKm, 0)
      expect(walked).toBeCloseTo(trek.totalDistance, 5)
      for (const day of trek.days) {
        expect(day.title.length).toBeGreaterThan(5)
        expect(day.description.length).toBeGreaterThan(20)
        expect(day.mealPlan.length).toBeGreaterThan(0)
      }
      // Every night but the last is spent somewhere named.
      expect(trek.days.slice(0, -1).every((d) => Boolean(d.campName))).toBe(true)
      expect(trek.days.at(-1)!.campName).toBeUndefined()
    },
  )

  it('lists the contract demo accounts with trekker profiles', () => {
    const emails = [...staff, ...trekkers, ...guides].map((a) => a.email)
    for (const email of [
      'superadmin@obs.test',
      'ops@obs.test',
      'cs@obs.test',
      'finance@obs.test',
      'content@obs.test',
      'guide@obs.test',
      'trekker1@obs.test',
      'trekker5@obs.test',
    ]) {
      expect(emails).toContain(email)
    }
    expect(new Set(emails).size).toBe(emails.length)
    expect(trekkers).toHaveLength(5)
    for (const trekker of trekkers) {
      expect(trekker.phone).toMatch(/^\+91\d{10}$/)
      expect(trekker.dateOfBirth).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      expect(trekker.experienceLevel).toBeTruthy()
      expect(trekker.staffRole).toBeNull()
    }
    expect(guides.length).toBeGreaterThanOrEqual(6)
    expect(guides.length).toBeLessThanOrEqual(10)
  })
})

describe('departure plan', () => {
  // A date late in the year, so the plan crosses into the next calendar year.
  const today = '2026-11-28'
  const monthOf = (day: string) => Number(day.slice(5, 7))

  it.each(active.map((trek, index) => [trek.slug, trek, index] as const))(
    '%s departs only in its best months, within the next year, with sane seats and prices',
    (_slug, trek, index) => {
      const departures = planDepartures(trek, index, today)

      expect(departures.length).toBeGreaterThan(0)
      for (const departure of departures) {
        const inDays = daysBetween(today, departure.start)
        expect(inDays).toBeGreaterThanOrEqual(7)
        expect(inDays).toBeLessThanOrEqual(364)
        expect(trek.bestMonths).toContain(monthOf(departure.start))
        expect(daysBetween(departure.start, departure.end)).toBe(trek.days.length - 1)
        expect(departure.totalSeats).toBeGreaterThanOrEqual(10)
        expect(departure.totalSeats).toBeLessThanOrEqual(20)
        expect(departure.totalSeats).toBeLessThanOrEqual(trek.maxGroupSize ?? 20)
        expect(departure.price).toBeGreaterThanOrEqual(trek.basePrice)
        expect(departure.price).toBeLessThanOrEqual(Math.ceil(trek.basePrice * 1.1))
        expect(Math.round(departure.price * 100)).toBe(departure.price * 100)
      }
    },
  )

  it('charges the holiday surcharge only in the peak windows', () => {
    const kedarkantha = treks.find((t) => t.slug === 'kedarkantha')!
    const prices = new Map(
      planDepartures(kedarkantha, 0, today).map((d) => [d.start.slice(5), d.price]),
    )

    expect(prices.get('12-17')).toBe(11950)
    // 8% of 11,950 rounded to a multiple of 50 is 950.
    expect([...prices.values()]).not.toContain(undefined)
    expect(
      planDepartures(kedarkantha, 3, today).find((d) => d.start.endsWith('-12-20'))?.price,
    ).toBe(12900)
  })

  it('sends weekend treks out on Saturdays', () => {
    const triund = treks.find((t) => t.slug === 'triund')!
    const starts = planDepartures(triund, 0, today).map((d) => startOfKolkataDay(d.start))

    // Midnight in Kolkata is 18:30 UTC on the previous day, a Friday.
    expect(starts.every((start) => start.getUTCDay() === 5 && start.getUTCHours() === 18)).toBe(
      true,
    )
  })
})

describe('Kolkata business days', () => {
  it('reads the calendar day in Asia/Kolkata, not in UTC', () => {
    expect(kolkataDay(new Date('2026-12-31T18:29:00Z'))).toBe('2026-12-31')
    expect(kolkataDay(new Date('2026-12-31T18:30:00Z'))).toBe('2027-01-01')
  })

  it('starts a business day at midnight IST', () => {
    expect(startOfKolkataDay('2027-01-01').toISOString()).toBe('2026-12-31T18:30:00.000Z')
  })
})
