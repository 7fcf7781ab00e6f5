import type { Access, PayloadRequest } from 'payload'

import { isStaff, isSuperAdmin, type AuthUser } from '@/access/roles'

import { mayEditLockedDocument } from './mayEditLockedDocument'
import { rowsOfCaller } from './rowsOfCaller'

/**
 * Access for Payload's `payload-locked-documents`, the admin's "someone is editing this"
 * marker. Payload leaves it open to every signed-in user, and a lock row makes every other
 * user's update of the document a 423 for five minutes; so a trekker could freeze any
 * trek, booking or account, or list what staff have open. Only admin users (staff) touch
 * locks, and a lock always names the staff member who holds it.
 */
const caller = (req: PayloadRequest): AuthUser => req.user as AuthUser

/** The user a lock body names: `{ relationTo, value }`, or a bare id. */
function namedUser(data: unknown): { present: boolean; id: unknown } {
  if (!data || typeof data !== 'object' || !('user' in data)) {
    return { present: false, id: undefined }
  }
  const user = (data as { user: unknown }).user
  if (user && typeof user === 'object') {
    const { relationTo, value } = user as { relationTo?: unknown; value?: unknown }
    return { present: true, id: relationTo === undefined || relationTo === 'users' ? value : NaN }
  }
  return { present: true, id: user }
}

const namesCaller = (req: PayloadRequest, data: unknown) => {
  const { present, id } = namedUser(data)
  return present && id !== null && id !== undefined && String(id) === String(req.user?.id)
}

/**
 * Every admin user reads every lock: the edit view and the list show who else is editing a
 * document, and the admin's own lock check reads other people's rows to decide that.
 */
export const staffReadLocks: Access = ({ req }) => isStaff(caller(req))

/** A staff member locks, under their own name only, a document they may edit. */
export const staffLockAsThemselves: Access = async ({ req, data }) =>
  isStaff(caller(req)) && namesCaller(req, data) && (await mayEditLockedDocument(req, data))

/**
 * A staff member renews their own locks; naming themselves on someone else's lock is the
 * admin's "take over" button, which stays allowed. Handing a lock to anyone else is not.
 */
export const staffRenewOrTakeOverLocks: Access = async ({ req, data, id }) => {
  if (!isStaff(caller(req))) {
    return false
  }
  // A lock stays on the document it was taken for: moving it would lock a document its
  // holder may not edit (the admin never moves one).
  if (data && typeof data === 'object' && ('document' in data || 'globalSlug' in data)) {
    return false
  }
  if (!namesCaller(req, data)) {
    return namedUser(data).present ? false : rowsOfCaller(req)
  }
  // Taking over holds the document as a new lock would: only for someone who may edit it.
  // One lock at a time (by id), so each is checked against its own document.
  if (id === undefined) {
    return rowsOfCaller(req)
  }
  const lock = await req.payload.db.findOne({
    collection: 'payload-locked-documents',
    where: { id: { equals: id } },
    req,
  })
  return lock !== null && (await mayEditLockedDocument(req, lock))
}

/**
 * Leaving the edit view releases the caller's own lock; nobody clears another's, except a
 * super admin clearing a lock left behind by someone who closed their browser.
 */
export const staffReleaseOwnLocks: Access = ({ req }) => {
  if (isSuperAdmin(caller(req))) {
    return true
  }
  return isStaff(caller(req)) ? rowsOfCaller(req) : false
}
