import { APIError } from 'payload'
import { parsePhoneNumberFromString } from 'libphonenumber-js/max'

import { env } from '@/config/env'

const MOBILE_TYPES = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE'])

/**
 * Any phone number in E.164 (India the default region), or null when it is not a valid
 * number: for comparing and addressing numbers that are not sign-in mobiles (on-call desks,
 * satellite phones).
 */
export function toE164(input: string): string | null {
  const parsed = input.length > 32 ? undefined : parsePhoneNumberFromString(input.trim(), 'IN')
  return parsed && parsed.isValid() ? parsed.number : null
}

/**
 * One phone, one form: `+91 98…`, `098…`, `98…` and spaced or dashed variants all become the
 * same E.164 string, so limits and accounts cannot be split across spellings. Indian numbers
 * need no country code; codes go only to mobiles in the allowed countries.
 */
export function normalisePhone(input: unknown): string {
  if (typeof input !== 'string' || input.trim() === '' || input.length > 32) {
    throw new APIError('Enter a mobile number, for example +91 98123 45678.', 400, null, true)
  }
  const parsed = parsePhoneNumberFromString(input.trim(), 'IN')
  if (!parsed || !parsed.isValid()) {
    throw new APIError('That is not a valid phone number.', 400, null, true)
  }
  if (!parsed.country || !env.otp.allowedCountries.includes(parsed.country)) {
    throw new APIError('Sign-in codes cannot be sent to numbers in that country.', 400, null, true)
  }
  if (!MOBILE_TYPES.has(parsed.getType() ?? '')) {
    throw new APIError('Sign-in codes can only be sent to a mobile number.', 400, null, true)
  }
  return parsed.number
}
