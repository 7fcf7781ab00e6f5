import {
  APIError,
  type CollectionBeforeChangeHook,
  type CollectionBeforeOperationHook,
} from 'payload'

import { hasRole, type AuthUser } from '@/access/roles'

import { SIGN_UP_PHONE } from './signUpPhone'

/**
 * Who may set someone else's phone after checking it by other means. Only super admins: a
 * phone signs in by OTP, so whoever sets it could take the account (cs could, before this).
 */
const mayVouch = (user: unknown) => hasRole(user as AuthUser, 'super_admin')

/**
 * A phone is a sign-in credential: nobody changes their own without proving the new number by
 * OTP (POST /api/users/phone/change). Field access would drop the value silently; this says so.
 */
export const refuseUnprovenPhoneChange: CollectionBeforeOperationHook = async ({
  args,
  operation,
  req,
}) => {
  const data = (args as { data?: Record<string, unknown> }).data
  if (operation !== 'update' || !data || !('phone' in data) || args.overrideAccess) {
    return args
  }
  const current = req.user as { id?: number | string; phone?: string | null } | null
  const id = (args as { id?: number | string }).id
  // A super admin vouches for other people's numbers, not their own: a stolen super-admin
  // session must not put the thief's phone on that account (round 15). A bulk edit may
  // include their own row.
  const ownRow = id === undefined || String(id) === String(current?.id)
  if (mayVouch(req.user) && !ownRow) {
    return args
  }
  const unchanged =
    current && String(current.id) === String(id) && (current.phone ?? null) === (data.phone ?? null)
  if (!unchanged) {
    throw new APIError(
      'Change your phone number with POST /api/users/phone/change after confirming it by OTP.',
      403,
      null,
      true,
    )
  }
  return args
}

/**
 * Keeps `phoneVerified` true only for a number proved by OTP, or set by a super admin or by
 * server code; and files a sign-up's phone as the unproven `pendingPhone` (holdSignUpPhone).
 */
export const trackContactProof: CollectionBeforeChangeHook = ({
  context,
  data,
  operation,
  originalDoc,
  req,
}) => {
  const trustedServerCreate = operation === 'create' && req.payloadAPI === 'local' && !req.user
  const phone = data.phone ?? null
  if (phone !== (originalDoc?.phone ?? null)) {
    data.phoneVerified =
      Boolean(phone) &&
      (context.phoneVerified === true || mayVouch(req.user) || trustedServerCreate)
  }
  if (operation === 'create' && typeof context[SIGN_UP_PHONE] === 'string') {
    data.pendingPhone = context[SIGN_UP_PHONE]
    delete context[SIGN_UP_PHONE]
  }
  return data
}
