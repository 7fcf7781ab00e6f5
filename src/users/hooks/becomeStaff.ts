import {
  ValidationError,
  type CollectionAfterChangeHook,
  type CollectionBeforeChangeHook,
} from 'payload'

import { lockRow } from '@/shared/sql'

import { revokeAllSessions } from '../auth/sessions'

const givesStaffRole = (data: Record<string, unknown>, before: Record<string, unknown>) =>
  typeof data.staffRole === 'string' && data.staffRole !== '' && !before.staffRole

/**
 * A trekker holding a pending or confirmed booking stays a trekker: staff cannot be booked for,
 * and an SOS is a trekker's, so the promoted trekker on the mountain was refused help (403;
 * review round 35). Their bookings end (cancel, or complete) before they join the staff.
 */
export const becomeStaffWithoutLiveBookings: CollectionBeforeChangeHook = async ({
  data,
  operation,
  originalDoc,
  req,
}) => {
  if (operation !== 'update' || !data || !originalDoc || !givesStaffRole(data, originalDoc)) {
    return data
  }
  // The account's lock, as a booking takes it: one made at this moment is counted below.
  if (req.transactionID) {
    await lockRow(req, 'users', Number(originalDoc.id))
  }
  const { totalDocs } = await req.payload.count({
    collection: 'bookings',
    where: { user: { equals: originalDoc.id }, status: { in: ['pending', 'confirmed'] } },
    overrideAccess: true,
    req,
  })
  if (totalDocs > 0) {
    throw new ValidationError({
      collection: 'users',
      errors: [
        {
          path: 'staffRole',
          message:
            'This trekker holds a booking that is not over: staff cannot be booked for, nor ' +
            'raise an SOS. Cancel or complete it first, then give the role.',
        },
      ],
      req,
    })
  }
  return data
}

/**
 * An account given a staff role signs in again, with a password: its sign-ins so far may have
 * been opened by an SMS code, which never opens a staff account, and its refresh token kept
 * rotating into a staff session (review round 35).
 */
export const endSignInsOnBecomingStaff: CollectionAfterChangeHook = async ({
  doc,
  operation,
  previousDoc,
  req,
}) => {
  if (operation === 'update' && previousDoc && givesStaffRole(doc, previousDoc)) {
    await revokeAllSessions(req.payload, doc.id, req)
    req.payload.logger.info({ msg: 'Staff role given: sign-ins ended', userId: doc.id })
  }
  return doc
}
