import { addDays, calendarDay, daysBetween, weekday, type KolkataDay } from '@/shared/time'

import type { SeedTrek } from './data'

/** First departure a week out, so every seeded batch can still be booked; last within a year. */
const FIRST_DEPARTURE_IN_DAYS = 7
const LAST_DEPARTURE_IN_DAYS = 364

const SEATS_BY_DIFFICULTY: Record<SeedTrek['difficulty'], [number, number]> = {
  easy: [16, 20],
  moderate: [14, 20],
  difficult: [12, 15],
  very_difficult: [10, 12],
}

export type Departure = {
  start: KolkataDay
  end: KolkataDay
  totalSeats: number
  price: number
}

/**
 * Departures of one trek over the coming twelve months, only in its best months:
 * weekend treks leave on the first and third Saturday, treks up to eight days twice
 * a month, longer ones once. `spread` staggers start days between treks.
 */
export function planDepartures(trek: SeedTrek, spread: number, today: KolkataDay): Departure[] {
  const durationDays = trek.days.length
  const [todayYear, todayMonth] = today.split('-').map(Number)
  const starts: KolkataDay[] = []

  for (let offset = 0; offset <= 12; offset += 1) {
    const monthIndex = todayMonth - 1 + offset
    const year = todayYear + Math.floor(monthIndex / 12)
    const month = (monthIndex % 12) + 1
    if (!trek.bestMonths.includes(month)) {
      continue
    }
    starts.push(...startDaysInMonth(year, month, durationDays, spread))
  }

  return starts
    .filter((start) => {
      const inDays = daysBetween(today, start)
      return inDays >= FIRST_DEPARTURE_IN_DAYS && inDays <= LAST_DEPARTURE_IN_DAYS
    })
    .map((start, index) => ({
      start,
      end: addDays(start, durationDays - 1),
      totalSeats: seatsFor(trek, spread + index),
      price: priceFor(trek.basePrice, start),
    }))
}

function startDaysInMonth(
  year: number,
  month: number,
  durationDays: number,
  spread: number,
): KolkataDay[] {
  if (durationDays <= 2) {
    const first = calendarDay(year, month, 1)
    const firstSaturday = addDays(first, (6 - weekday(first) + 7) % 7)
    return [firstSaturday, addDays(firstSaturday, 14)]
  }
  if (durationDays <= 8) {
    return [calendarDay(year, month, 3 + (spread % 5)), calendarDay(year, month, 17 + (spread % 5))]
  }
  return [calendarDay(year, month, 8 + (spread % 7))]
}

function seatsFor(trek: SeedTrek, variant: number): number {
  const [min, max] = SEATS_BY_DIFFICULTY[trek.difficulty]
  const upper = Math.max(min, Math.min(max, trek.maxGroupSize ?? max))
  return min + ((variant * 3) % (upper - min + 1))
}

/**
 * Indian school holidays and the festive season fill first, so departures then cost
 * about 8% more, rounded to a multiple of 50 rupees.
 */
function priceFor(basePrice: number, start: KolkataDay): number {
  const [, month, day] = start.split('-').map(Number)
  const peak =
    month === 5 ||
    month === 6 ||
    month === 10 ||
    (month === 12 && day >= 20) ||
    (month === 1 && day <= 5)
  return peak ? basePrice + Math.round((basePrice * 0.08) / 50) * 50 : basePrice
}
