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

/** The instant a Kolkata calendar day begins: 00:00 IST, i.e. 18:30 UTC the day before. */
export function startOfKolkataDay(day: KolkataDay): Date {
  if (!DAY_PATTERN.test(day)) {
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
  hour12: false,
})

/** "Mon, 1 Mar 2027": how a trek day is written to trekkers. */
export function formatKolkataDate(instant: Date | string): string {
  return dateFormat.format(new Date(instant))
}

/** "1 Mar 2027, 14:05 IST". */
export function formatKolkataDateTime(instant: Date | string): string {
  return `${dateTimeFormat.format(new Date(instant))} IST`
}
