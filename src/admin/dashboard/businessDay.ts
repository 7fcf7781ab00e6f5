/**
 * The business day in Asia/Kolkata (UTC+05:30 all year, no daylight saving) as the UTC
 * instants that bound it, so "today" on a dashboard is the Indian day whatever the server's zone.
 */
export const BUSINESS_TIME_ZONE = 'Asia/Kolkata'
const OFFSET_MS = (5 * 60 + 30) * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000

export type BusinessDay = { date: string; from: string; to: string }

export function businessDay(now: Date = new Date()): BusinessDay {
  const local = new Date(now.getTime() + OFFSET_MS)
  const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate())
  return {
    date: new Date(midnight).toISOString().slice(0, 10),
    from: new Date(midnight - OFFSET_MS).toISOString(),
    to: new Date(midnight - OFFSET_MS + DAY_MS).toISOString(),
  }
}

const dateTime = new Intl.DateTimeFormat('en-IN', {
  timeZone: BUSINESS_TIME_ZONE,
  dateStyle: 'medium',
  timeStyle: 'short',
})
const date = new Intl.DateTimeFormat('en-IN', { timeZone: BUSINESS_TIME_ZONE, dateStyle: 'medium' })
const rupees = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR' })

export const formatDateTime = (value?: string | null) =>
  value ? dateTime.format(new Date(value)) : '—'
export const formatDate = (value?: string | null) => (value ? date.format(new Date(value)) : '—')
export const formatRupees = (value?: number | null) => (value == null ? '—' : rupees.format(value))
