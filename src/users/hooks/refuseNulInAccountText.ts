import { APIError, type CollectionBeforeOperationHook } from 'payload'

const ACCOUNT_OPERATIONS = new Set([
  'create',
  'update',
  'login',
  'forgotPassword',
  'resetPassword',
  'unlock',
  'verifyEmail',
])

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
  // An e-mail verification's token comes on its own (GraphQL `verifyEmailUser`, review round 43).
  const token = (args as { token?: unknown }).token
  if (typeof token === 'string' && token.includes('\u0000')) {
    throw new APIError('token must not contain NUL characters', 400, null, true)
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
