import { APIError, type CollectionBeforeChangeHook } from 'payload'

import { isSuperAdmin, type AuthUser } from '@/access/roles'

const comparable = (value: unknown) => (typeof value === 'string' ? value.trim().toLowerCase() : '')

/**
 * A field sent with another value. Removing one counts: `null` or `""` (stored as none) would
 * take a phone-born account's confirmed address from its holder (review round 28).
 */
const changed = (data: Record<string, unknown>, field: string, previous: unknown) =>
  field in data && data[field] !== undefined && comparable(data[field]) !== comparable(previous)

/**
 * Sign-in credentials change only at their owner's hand (or a super admin's): staff who may
 * edit a trekker's profile must not set a password or redirect the e-mail that password
 * resets go to, which would hand them the account. The admin re-sends unchanged values, so
 * only real changes count.
 */
export const keepCredentialsWithTheirOwner: CollectionBeforeChangeHook = ({
  data,
  operation,
  originalDoc,
  req,
}) => {
  const user = req.user as AuthUser
  // No user: trusted server code (seed, sign-in flows) running through the Local API.
  if (operation !== 'update' || !originalDoc || !user || isSuperAdmin(user)) {
    return data
  }
  if (String(originalDoc.id) === String(user.id)) {
    return data
  }
  const changing = [
    typeof data.password === 'string' && data.password !== '' ? 'password' : null,
    changed(data, 'email', originalDoc.email) ? 'e-mail' : null,
    changed(data, 'username', originalDoc.username) ? 'username' : null,
  ].filter(Boolean)
  if (changing.length > 0) {
    throw new APIError(
      `Only the account holder can change the ${changing.join(' or ')}; they can reset a forgotten password themselves`,
      403,
    )
  }
  return data
}
