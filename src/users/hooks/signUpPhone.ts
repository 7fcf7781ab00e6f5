import { APIError, ValidationError, type CollectionBeforeOperationHook } from 'payload'

import { isSuperAdmin, type AuthUser } from '@/access/roles'

import { normalisePhone } from '../auth/phone'

export const SIGN_UP_PHONE = 'signUpPhone'

/**
 * A phone given at sign-up (POST /api/users, GraphQL createUser) is only a claim: anyone can
 * type anyone's number. It is kept, normalised, as `pendingPhone` and becomes the account's
 * sign-in `phone` only through an OTP sent to it (POST /api/users/phone/change). Holding it
 * apart also means a sign-up never collides with the number's real owner, so the answer
 * says nothing about whether that number already has an account.
 */
export const holdSignUpPhone: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  const data = (args as { data?: Record<string, unknown> }).data
  if (operation !== 'create' || !data || !('phone' in data)) {
    return args
  }
  // Server code and super admins set proven phones directly (see trackContactProof).
  if (args.overrideAccess || isSuperAdmin(req.user as AuthUser)) {
    return args
  }
  const given = data.phone
  delete data.phone
  if (given == null || given === '') {
    return args
  }
  try {
    req.context[SIGN_UP_PHONE] = normalisePhone(given)
  } catch (err) {
    const message = err instanceof APIError ? err.message : 'That is not a valid phone number.'
    throw new ValidationError({
      collection: 'users',
      errors: [{ path: 'phone', message }],
      req,
    })
  }
  return args
}
