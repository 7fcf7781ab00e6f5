import type { FieldHook } from 'payload'

import { toE164 } from '../auth/phone'

/**
 * Phones are typed by hand in every spelling (`098…`, `+91 98…`, `98123 45678`); stored as
 * one E.164 string, an SOS texts a number once, a sign-in finds its account and the SMS
 * provider gets the form it needs (an account's phone as an emergency contact's).
 * A value that is no phone number is left as sent, for the validator to refuse.
 */
export const phoneInE164: FieldHook = ({ value }) =>
  typeof value === 'string' ? (toE164(value) ?? value) : value

export function validContactPhone(value: unknown): true | string {
  return typeof value === 'string' && value !== '' && toE164(value) === value
    ? true
    : 'Enter a valid phone number, for example +91 98123 45678'
}
