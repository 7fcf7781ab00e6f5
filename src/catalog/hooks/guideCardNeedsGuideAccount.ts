import { ValidationError, type CollectionBeforeChangeHook } from 'payload'

import { relationId } from '@/shared/relationId'

/**
 * A guide card's `user` is who every SOS of the card's batches is texted and mailed to, and who
 * reads those incidents: only a staff account with the role `guide` may be it (review round 23:
 * a trekker's account linked by mistake received other trekkers' SOS). Checked whenever the
 * link is set or changed; the users domain keeps a linked account from leaving the role.
 */
export const guideCardNeedsGuideAccount: CollectionBeforeChangeHook = async ({
  data,
  originalDoc,
  req,
}) => {
  if (!data || !('user' in data)) {
    return data
  }
  const userId = relationId(data.user)
  if (userId === null || String(userId) === String(relationId(originalDoc?.user))) {
    return data
  }
  const account = await req.payload.findByID({
    collection: 'users',
    id: userId,
    depth: 0,
    overrideAccess: true,
    disableErrors: true,
    select: { staffRole: true },
    req,
  })
  if (account?.staffRole !== 'guide') {
    throw new ValidationError({
      collection: 'guides',
      errors: [
        {
          message: 'Link a staff account with the role guide: SOS alerts of its batches go to it',
          path: 'user',
        },
      ],
      req,
    })
  }
  return data
}
