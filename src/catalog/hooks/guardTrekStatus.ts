import { APIError, type CollectionBeforeChangeHook } from 'payload'

import { hasRole, type AuthUser } from '@/access/roles'

/**
 * Content editors prepare treks; only ops managers and super admins decide what is
 * on sale. So content may save a trek as a draft, and is refused (403) when a save
 * would publish or archive it. Editing an already live trek without touching its
 * status stays allowed: content fixes typos on live pages.
 */
export const guardTrekStatus: CollectionBeforeChangeHook = ({
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
  if (next !== previous && next !== 'draft') {
    throw new APIError(
      'Only ops managers can publish or archive a trek; content editors save drafts',
      403,
      undefined,
      true,
    )
  }
  return data
}
