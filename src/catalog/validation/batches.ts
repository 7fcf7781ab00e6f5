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
/**
 * The most a departure may cost per trekker: ₹1 crore, far past any trek, and well inside exact
 * arithmetic in paise. Unbounded, ₹1e20 was stored, booked, and sent to Razorpay as 1e+22 paise
 * (review round 39).
 */
export const MAX_PRICE_RUPEES = 10_000_000

export const positiveRupees: NumberFieldSingleValidation = (value) =>
  typeof value === 'number' &&
  Number.isFinite(value) &&
  value >= 0.01 &&
  value <= MAX_PRICE_RUPEES &&
  Math.abs(Math.round(value * 100) - value * 100) < 1e-6
    ? true
    : `Price must be a positive amount in rupees, at most ${MAX_PRICE_RUPEES.toLocaleString('en-IN')}, with at most two decimals`
