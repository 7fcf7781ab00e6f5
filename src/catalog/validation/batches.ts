import type { DateFieldValidation, NumberFieldSingleValidation } from 'payload'

/** The last day of a batch comes after its first; compared as instants in UTC. */
export const endsAfterStart: DateFieldValidation = (value, { siblingData }) => {
  if (!value) {
    return 'End date is required'
  }
  const start = (siblingData as { startDate?: unknown })?.startDate
  if (start && new Date(String(value)) <= new Date(String(start))) {
    return 'End date must be after the start date'
  }
  return true
}

export const positiveSeatCount: NumberFieldSingleValidation = (value) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 200
    ? true
    : 'Total seats must be a whole number from 1 to 200'

/** Rupees with at most two decimals (paise), never zero or negative. */
/** At least one paisa: a price under it (1e-9) would make every booking owe nothing. */
export const positiveRupees: NumberFieldSingleValidation = (value) =>
  typeof value === 'number' &&
  Number.isFinite(value) &&
  value >= 0.01 &&
  Math.abs(Math.round(value * 100) - value * 100) < 1e-6
    ? true
    : 'Price must be a positive amount in rupees with at most two decimals'
