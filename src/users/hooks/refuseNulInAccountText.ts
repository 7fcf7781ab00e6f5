import { APIError, type CollectionBeforeOperationHook } from 'payload'

const ACCOUNT_OPERATIONS = new Set(['create', 'update', 'login', 'forgotPassword', 'resetPassword'])

/**
 * PostgreSQL cannot store or compare text holding a NUL character: an e-mail, username or reset
 * token with one reached the database, which refused the query, logged at ERROR with its stack
 * for anyone to cause from the sign-in form (review round 42), and the refused throttle insert
 * of a forgot-password request kept no count. Refused first, naming the field.
 */
export const refuseNulInAccountText: CollectionBeforeOperationHook = ({ args, operation }) => {
  if (!ACCOUNT_OPERATIONS.has(operation)) {
    return args
  }
  const data = (args as { data?: unknown }).data
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    return args
  }
  for (const [name, value] of Object.entries(data)) {
    if (typeof value === 'string' && value.includes('\u0000')) {
      throw new APIError(`${name} must not contain NUL characters`, 400, null, true)
    }
  }
  return args
}
