import { ageOn } from '@/shared/time'

const OLDEST_TREKKER_YEARS = 120

/**
 * A date of birth is copied into every booking as the trekker's age, which guides read on the
 * roster: a date in the future or over 120 years ago is a typo, refused before it spreads.
 */
export function plausibleBirthDate(value: unknown): true | string {
  if (value === null || value === undefined || value === '') {
    return true
  }
  const time = new Date(value as string).getTime()
  if (Number.isNaN(time)) {
    return 'Date of birth must be a valid date'
  }
  const now = new Date()
  if (time > now.getTime()) {
    return 'Date of birth cannot be in the future'
  }
  if (ageOn(new Date(time), now) > OLDEST_TREKKER_YEARS) {
    return `Date of birth cannot be more than ${OLDEST_TREKKER_YEARS} years ago`
  }
  return true
}
