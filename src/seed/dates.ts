/**
 * Trek departures are business days in Asia/Kolkata. A calendar day is kept as plain
 * numbers and turned into an instant only when stored, so no host time zone leaks in.
 */
export type CalendarDay = { year: number; month: number; day: number }

// India has kept UTC+05:30 all year since 1945, so midnight there is a fixed offset from UTC.
const KOLKATA_OFFSET_MS = (5 * 60 + 30) * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000

const kolkataDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Kolkata',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/** The calendar day it is in Asia/Kolkata at `now`. */
export function kolkataToday(now: Date = new Date()): CalendarDay {
  const [year, month, day] = kolkataDate.format(now).split('-').map(Number)
  return { year, month, day }
}

/** The instant a Kolkata business day begins (its midnight), as a UTC Date. */
export function kolkataDayStart({ year, month, day }: CalendarDay): Date {
  return new Date(Date.UTC(year, month - 1, day) - KOLKATA_OFFSET_MS)
}

export function addDays(date: CalendarDay, days: number): CalendarDay {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * DAY_MS)
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  }
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDay, to: CalendarDay): number {
  const utc = (d: CalendarDay) => Date.UTC(d.year, d.month - 1, d.day)
  return Math.round((utc(to) - utc(from)) / DAY_MS)
}

/** 0 = Sunday … 6 = Saturday, for the calendar day itself. */
export function weekday({ year, month, day }: CalendarDay): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay()
}
