import { isCalendarDay } from '@/shared/time'

import { endOfKolkataDay, startOfKolkataDay } from './businessDay'

/**
 * The export's `from`/`to` are checked before the CSV starts: once its 200 and header row are
 * sent, a date the database cannot take would only break the download off (round 18).
 * `Date` accepts "2026-02-31" (rolls over to March) and years Postgres cannot read back
 * ("0000-01-01" becomes "-000001-12-31T18:30Z"), so the calendar and the range are checked here.
 */
const INSTANT =
  /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,3})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/

/** Payments are no older than OBS and no later than anyone will plan; anything outside is a typo. */
export const EXPORT_FIRST_YEAR = 2000
export const EXPORT_LAST_YEAR = 2100

export class BadExportBound extends Error {}

/**
 * `from` and `to` are Asia/Kolkata days (both inclusive) or exact ISO 8601 instants, between
 * the years EXPORT_FIRST_YEAR and EXPORT_LAST_YEAR. Throws BadExportBound naming the parameter.
 */
export function parseExportBound(
  value: string | null,
  name: 'from' | 'to',
  edge: 'start' | 'end',
): Date | undefined {
  if (!value) {
    return undefined
  }
  const isDay = isCalendarDay(value)
  if (!isDay && !(INSTANT.test(value) && isCalendarDay(value.slice(0, 10)))) {
    throw new BadExportBound(
      `${name} must be a calendar date (YYYY-MM-DD) or an ISO 8601 instant (YYYY-MM-DDTHH:MM:SSZ)`,
    )
  }
  const year = Number(value.slice(0, 4))
  if (year < EXPORT_FIRST_YEAR || year > EXPORT_LAST_YEAR) {
    throw new BadExportBound(
      `${name} must be between the years ${EXPORT_FIRST_YEAR} and ${EXPORT_LAST_YEAR}`,
    )
  }
  if (isDay) {
    return edge === 'start' ? startOfKolkataDay(value) : endOfKolkataDay(value)
  }
  return new Date(value)
}
