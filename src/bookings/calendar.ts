/**
 * Trek days are Indian calendar days: "30 days before the start" and a trekker's age
 * are counted in Asia/Kolkata, whatever the server's time zone.
 */
const BUSINESS_TIME_ZONE = 'Asia/Kolkata'
const DAY_MS = 24 * 60 * 60 * 1000

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: BUSINESS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/** The calendar day of an instant in Asia/Kolkata, as `YYYY-MM-DD`. */
export function businessDay(instant: Date | string): string {
  return dayFormat.format(new Date(instant))
}

/** Whole calendar days from `from` to `to` in Asia/Kolkata (negative when `to` is earlier). */
export function businessDaysBetween(from: Date | string, to: Date | string): number {
  const start = Date.parse(`${businessDay(from)}T00:00:00Z`)
  const end = Date.parse(`${businessDay(to)}T00:00:00Z`)
  return Math.round((end - start) / DAY_MS)
}

/** Age in completed years on the day of `on`, from a date of birth. */
export function ageOn(dateOfBirth: Date | string, on: Date | string): number {
  const [birthYear, birthMonth, birthDay] = businessDay(dateOfBirth).split('-').map(Number)
  const [year, month, day] = businessDay(on).split('-').map(Number)
  const hadBirthday = month > birthMonth || (month === birthMonth && day >= birthDay)
  return year - birthYear - (hadBirthday ? 0 : 1)
}

export function minutesAfter(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * 60 * 1000)
}
