import type { Access, CollectionBeforeReadHook, FieldAccess, Where } from 'payload'

import { hasRole, isTrekker, type AuthUser } from '@/access/roles'

const callerOf = (req: { user?: unknown }) => req.user as AuthUser

/** Staff who create, change and cancel any booking. */
export const BOOKING_DESK_ROLES = ['super_admin', 'ops_manager', 'cs'] as const

export const isBookingDesk = (user: AuthUser) => hasRole(user, ...BOOKING_DESK_ROLES)

/** Staff who see every booking; a guide sees the bookings of batches they lead. */
export const readBookings: Access = ({ req }) => {
  const user = callerOf(req)
  if (!user) {
    return false
  }
  if (hasRole(user, 'super_admin', 'ops_manager', 'cs', 'finance')) {
    return true
  }
  if (hasRole(user, 'guide')) {
    return { 'batch.guide.user': { equals: user.id } } as Where
  }
  return isTrekker(user) ? ({ user: { equals: user.id } } as Where) : false
}

/** A trekker books for themselves; the booking desk books on a trekker's behalf. */
export const createBookings: Access = ({ req }) => {
  const user = callerOf(req)
  return isTrekker(user) || isBookingDesk(user)
}

/** A trekker may only tick their own document boxes; the desk edits any booking. */
export const updateBookings: Access = ({ req }) => {
  const user = callerOf(req)
  if (isBookingDesk(user)) {
    return true
  }
  if (isTrekker(user)) {
    return { user: { equals: user!.id } } as Where
  }
  return false
}

export const deleteBookings: Access = ({ req }) => hasRole(callerOf(req), 'super_admin')

/** Money, status, seat and snapshot fields are computed by the server, never taken from a client. */
export const serverOnly = { create: () => false, update: () => false }

/** Chosen once at booking; moving a booking to another batch or trekker is a new booking. */
export const fixedAfterCreate = { update: () => false }

/** Owners tick their documents (only to signed, see guardDocuments); cs may correct them. */
export const canEditDocuments: FieldAccess = ({ req }) => {
  const user = callerOf(req)
  return isTrekker(user) || hasRole(user, 'super_admin', 'cs')
}

/** A guide sees the roster of their batches, not what each trekker paid. */
export const hiddenFromGuides: FieldAccess = ({ req }) => !hasRole(callerOf(req), 'guide')

/**
 * The trekker's phone and age and their emergency contact, copied onto the booking: finance
 * reads a trekker's name and e-mail only (contract), so these copies are hidden from it as the
 * profile's own phone and birth date are. The owner, the booking desk and the batch's guide
 * (who reads only their batches' bookings) keep them.
 */
export const hiddenFromFinance: FieldAccess = ({ req }) => !hasRole(callerOf(req), 'finance')

const CONFIRMED_OR_DONE = new Set(['confirmed', 'completed'])

/**
 * Whether each booking a guide reads had money paid, noted before Payload hides `amountPaid`
 * from them: field access runs while fields are being hidden, so it must not depend on another
 * field still being there. Keyed by the document object Payload carries from beforeRead into
 * afterRead.
 */
const paidWhenRead = new WeakMap<object, boolean>()

export const notePaidForGuideRead: CollectionBeforeReadHook = ({ doc, req }) => {
  if (hasRole(callerOf(req), 'guide') && doc && typeof doc === 'object') {
    paidWhenRead.set(doc, Number((doc as { amountPaid?: unknown }).amountPaid ?? 0) > 0)
  }
  return doc
}

/**
 * A guide reads the batch's bookings, but the trekker's personal copies (phone, e-mail, age,
 * emergency contact, their own reason for cancelling) only on a booking of the party that is
 * not cancelled: confirmed, completed, or pending with a deposit. A seat held with nothing paid
 * shows its name only (round 37's note: it says nothing about who will be on the mountain), and
 * a trekker who cancelled is off the guide's roster (review round 26). One cancelled on the way
 * stays on the roster until the trek's last day, so the guide still reads their profile and
 * contacts (guideRosterUserIds). Unknown status or payment (a `select` without them) hides.
 */
export const hiddenFromGuideWhenCancelled: FieldAccess = ({ req, doc }) => {
  if (!hasRole(callerOf(req), 'guide')) {
    return true
  }
  const status = String((doc as { status?: unknown } | undefined)?.status)
  return CONFIRMED_OR_DONE.has(status) || (status === 'pending' && paidWhenRead.get(doc!) === true)
}

/** hiddenFromFinance and hiddenFromGuideWhenCancelled together. */
export const personalSnapshotRead: FieldAccess = (args) =>
  hiddenFromFinance(args) && hiddenFromGuideWhenCancelled(args)

export const deskOnly: FieldAccess = ({ req }) => isBookingDesk(callerOf(req))
