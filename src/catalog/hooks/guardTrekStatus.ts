import { APIError, type CollectionBeforeChangeHook, type PayloadRequest } from 'payload'

import { hasRole, type AuthUser } from '@/access/roles'

const ONLY_OPS = 'Only ops managers can publish or archive a trek; content editors save drafts'

const BOOKED =
  'This trek has departures with bookings: only ops managers can take it off sale ' +
  '(its trekkers booked it as it is)'

async function hasLiveBookings(req: PayloadRequest, trekId: number | string) {
  const { totalDocs } = await req.payload.db.count({
    collection: 'bookings',
    where: { 'batch.trek': { equals: trekId }, status: { in: ['pending', 'confirmed'] } },
    req,
  })
  return totalDocs > 0
}

/**
 * Content editors prepare treks; only ops managers and super admins decide what is
 * on sale. So content may save a trek as a draft, and is refused (403) when a save
 * would publish or archive it. Editing an already live trek without touching its
 * status stays allowed: content fixes typos on live pages. Content may return a trek to
 * draft (the contract's "draft only") while nobody holds a booking on it; with bookings that
 * is taking it off sale, ops' call (review round 29: its trekkers read their trek as a bare id
 * and its open departures refused bookings).
 */
export const guardTrekStatus: CollectionBeforeChangeHook = async ({
  data,
  operation,
  originalDoc,
  req,
}) => {
  // No user: trusted server code (seed, jobs); collection access already refused the public.
  if (!req.user || hasRole(req.user as AuthUser, 'super_admin', 'ops_manager')) {
    return data
  }
  // A new trek starts from nothing on sale. On a duplicate, `originalDoc` is the trek being
  // copied, so comparing with its status would let an active copy pass as "no change".
  const previous = operation === 'create' ? 'draft' : (originalDoc?.status ?? 'draft')
  const next = data.status ?? previous
  if (next === previous) {
    return data
  }
  if (next !== 'draft') {
    throw new APIError(ONLY_OPS, 403, undefined, true)
  }
  if (operation === 'update' && originalDoc && (await hasLiveBookings(req, originalDoc.id))) {
    throw new APIError(BOOKED, 403, undefined, true)
  }
  return data
}
