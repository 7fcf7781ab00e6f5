import { formatRupees as formatMoney } from '@/shared/formatRupees'
import { addDays, BUSINESS_TIME_ZONE, kolkataDay, startOfKolkataDay } from '@/shared/time'

export type BusinessDay = { date: string; from: string; to: string }

/**
 * "Today" on a dashboard is the Indian day, whatever the server's zone: the day and the UTC
 * instants that bound it.
 */
export function businessDay(now: Date = new Date()): BusinessDay {
  const date = kolkataDay(now)
  return {
    date,
    from: startOfKolkataDay(date).toISOString(),
    to: startOfKolkataDay(addDays(date, 1)).toISOString(),
  }
}

const dateTime = new Intl.DateTimeFormat('en-IN', {
  timeZone: BUSINESS_TIME_ZONE,
  dateStyle: 'medium',
  timeStyle: 'short',
})
const date = new Intl.DateTimeFormat('en-IN', { timeZone: BUSINESS_TIME_ZONE, dateStyle: 'medium' })

export const formatDateTime = (value?: string | null) =>
  value ? dateTime.format(new Date(value)) : '—'
export const formatDate = (value?: string | null) => (value ? date.format(new Date(value)) : '—')
export const formatRupees = (value?: number | null) => (value == null ? '—' : formatMoney(value))
