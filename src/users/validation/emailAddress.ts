import { validations, type EmailFieldValidation } from 'payload'

/** RFC 5321: a path is at most 256 octets with its angle brackets, so an address at most 254. */
export const MAX_EMAIL_LENGTH = 254

/**
 * Payload's e-mail check sets no length, and an address of a few thousand characters passes it
 * only to be refused by the unique index on `users.email` as a server error. No mailbox can
 * have such an address, so it is refused here, naming the field.
 */
export const validEmailAddress: EmailFieldValidation = (value, options) =>
  typeof value === 'string' && value.length > MAX_EMAIL_LENGTH
    ? `An e-mail address has at most ${MAX_EMAIL_LENGTH} characters`
    : validations.email(value, options)
