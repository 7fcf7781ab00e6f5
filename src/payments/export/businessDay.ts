/** Trek business days are days in India; instants are stored in UTC. */
const IST_OFFSET_MINUTES = 5 * 60 + 30

const DAY_MS = 24 * 60 * 60 * 1000

/** The UTC instant at which the Asia/Kolkata day `yyyy-mm-dd` starts (India has no DST). */
export function startOfKolkataDay(day: string): Date {
  const [year, month, date] = day.split('-').map(Number)
  return new Date(Date.UTC(year, month - 1, date) - IST_OFFSET_MINUTES * 60 * 1000)
}

export function endOfKolkataDay(day: string): Date {
  return new Date(startOfKolkataDay(day).getTime() + DAY_MS)
}

/** The Asia/Kolkata calendar day of an instant, as yyyy-mm-dd. */
export function kolkataDay(instant: Date | string): string {
  const shifted = new Date(new Date(instant).getTime() + IST_OFFSET_MINUTES * 60 * 1000)
  return shifted.toISOString().slice(0, 10)
}
