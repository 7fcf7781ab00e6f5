import { ValidationError, type CollectionBeforeOperationHook } from 'payload'

/** NIST SP 800-63B's floor for a password a person chooses; Payload's own is 3 characters. */
export const MIN_PASSWORD_LENGTH = 8

/**
 * Every way a password is chosen (sign-up, a change, a reset by its link, an e-mail undo, a
 * staff edit; REST, GraphQL and the admin) goes through create, update or resetPassword: a
 * password that is not text, or shorter than MIN_PASSWORD_LENGTH, is 400 on `password`,
 * before anything is written.
 */
export const refuseShortPassword: CollectionBeforeOperationHook = ({ args, operation }) => {
  if (operation !== 'create' && operation !== 'update' && operation !== 'resetPassword') {
    return args
  }
  const password = (args as { data?: { password?: unknown } }).data?.password
  // A number or an object would reach Payload's hashing and fail there with a 500.
  if (password !== undefined && password !== null && typeof password !== 'string') {
    throw new ValidationError({
      collection: 'users',
      errors: [{ message: 'Send the password as text.', path: 'password' }],
    })
  }
  // Characters (code points), not UTF-16 units: four emoji are four characters (round 19).
  if (
    typeof password === 'string' &&
    password !== '' &&
    [...password].length < MIN_PASSWORD_LENGTH
  ) {
    throw new ValidationError({
      collection: 'users',
      errors: [
        {
          message: `Use a password of at least ${MIN_PASSWORD_LENGTH} characters.`,
          path: 'password',
        },
      ],
    })
  }
  return args
}
