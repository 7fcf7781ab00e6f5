/**
 * Business days are Asia/Kolkata calendar days; instants are stored in UTC.
 * India has kept UTC+05:30 without daylight saving since 1945, so a fixed offset is exact
 * and day arithmetic needs no time-zone database.
 */
export const BUSINESS_TIME_ZONE = 'Asia/Kolkata'

const IST_OFFSET_MS = (5 * 60 + 30) * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/

/** A calendar day written YYYY-MM-DD. */
export type KolkataDay = string

/** The Asia/Kolkata calendar day an instant falls on. */
export function kolkataDay(instant: Date | string | number = new Date()): KolkataDay {
  return new Date(new Date(instant).getTime() + IST_OFFSET_MS).toISOString().slice(0, 10)
}

/**
 * A day written YYYY-MM-DD that the calendar has: `Date` would roll "2026-02-31" over to
 * March 3rd rather than refuse it.
 */
export function isCalendarDay(day: string): boolean {
  if (!DAY_PATTERN.test(day)) {
    return false
  }
  const [year, month, date] = day.split('-').map(Number)
  const parsed = new Date(Date.UTC(year, month - 1, date))
  return (
    parsed.getUTCFullYear() === year &&
    parsed.getUTCMonth() === month - 1 &&
    parsed.getUTCDate() === date
  )
}

/** The instant a Kolkata calendar day begins: 00:00 IST, i.e. 18:30 UTC the day before. */
export function startOfKolkataDay(day: KolkataDay): Date {
  if (!isCalendarDay(day)) {
    throw new Error(`Not a calendar day: ${day}`)
  }
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - IST_OFFSET_MS)
}

export function addDays(day: KolkataDay, days: number): KolkataDay {
  return new Date(startOfKolkataDay(day).getTime() + IST_OFFSET_MS + days * DAY_MS)
    .toISOString()
    .slice(0, 10)
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: KolkataDay, to: KolkataDay): number {
  return Math.round((startOfKolkataDay(to).getTime() - startOfKolkataDay(from).getTime()) / DAY_MS)
}

/** The day of the week of a calendar day: 0 = Sunday … 6 = Saturday. */
export function weekday(day: KolkataDay): number {
  return new Date(`${day}T00:00:00.000Z`).getUTCDay()
}

/** The calendar day with this year, month (1–12) and day of month. */
export function calendarDay(year: number, month: number, day: number): KolkataDay {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** Whole Kolkata calendar days between two instants: "30 days before the start" counts these. */
export function kolkataDaysBetween(from: Date | string, to: Date | string): number {
  return daysBetween(kolkataDay(from), kolkataDay(to))
}

/** Age in completed years on the Kolkata day of `on`, from a date of birth. */
export function ageOn(dateOfBirth: Date | string, on: Date | string): number {
  const [birthYear, birthMonth, birthDay] = kolkataDay(dateOfBirth).split('-').map(Number)
  const [year, month, day] = kolkataDay(on).split('-').map(Number)
  const hadBirthday = month > birthMonth || (month === birthMonth && day >= birthDay)
  return year - birthYear - (hadBirthday ? 0 : 1)
}

export function minutesAfter(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * 60 * 1000)
}

const dateFormat = new Intl.DateTimeFormat('en-IN', {
  timeZone: BUSINESS_TIME_ZONE,
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
})

const dateTimeFormat = new Intl.DateTimeFormat('en-IN', {
  timeZone: BUSINESS_TIME_ZONE,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** "Mon, 1 Mar 2027": how a trek day is written to trekkers. */
export function formatKolkataDate(instant: Date | string): string {
  return dateFormat.format(new Date(instant))
}

/** "1 Mar 2027, 14:05 IST". */
export function formatKolkataDateTime(instant: Date | string): string {
  return `${dateTimeFormat.format(new Date(instant))} IST`
}
