import { ValidationError, type CollectionBeforeChangeHook, type PayloadRequest } from 'payload'

import { batchesStillLed } from '@/catalog/batchesStillLed'
import { relationId } from '@/shared/relationId'
import { lockRow, lockRowAndRead } from '@/shared/sql'

/**
 * A guide card's `user` is who every SOS of the card's batches is texted and mailed to, and who
 * reads those incidents: only a staff account with the role `guide` may be it (review round 23:
 * a trekker's account linked by mistake received other trekkers' SOS). Checked whenever the
 * link is set or changed; the users domain keeps a linked account from leaving the role. Nor
 * may the link be removed while the card leads a departure still under way or ahead (review
 * round 30): its trekkers' SOS would reach the satellite phone only.
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
  if (userId === null && originalDoc?.user && originalDoc.id !== undefined) {
    await refuseUnlinkWhileLeading(req, originalDoc.id, relationId(originalDoc.user))
    return data
  }
  if (userId === null || String(userId) === String(relationId(originalDoc?.user))) {
    return data
  }
  // Read under the account's lock, which leaveGuideRole takes too: a link and a demotion made
  // at the same moment each passed the other's check, leaving the card on a non-guide account
  // (review round 25). Outside a transaction (a local call) there is nothing to hold it for.
  const account = req.transactionID
    ? await lockRowAndRead<{ staff_role: string | null }>(req, 'users', Number(userId), [
        'staff_role',
      ])
    : await req.payload
        .findByID({
          collection: 'users',
          id: userId,
          depth: 0,
          overrideAccess: true,
          disableErrors: true,
          select: { staffRole: true },
          req,
        })
        .then((found) => (found ? { staff_role: found.staffRole ?? null } : undefined))
  if (account?.staff_role !== 'guide') {
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

async function refuseUnlinkWhileLeading(
  req: PayloadRequest,
  guideId: number | string,
  accountId: number | null,
) {
  // The account's lock, as a departure given this card takes it (guideCardReachesGuide): an
  // assignment at this moment is counted below, not missed.
  if (req.transactionID && accountId) {
    await lockRow(req, 'users', accountId)
  }
  const { totalDocs } = await req.payload.count({
    collection: 'batches',
    where: { and: [{ guide: { equals: guideId } }, batchesStillLed()] },
    overrideAccess: true,
    req,
  })
  if (totalDocs > 0) {
    throw new ValidationError({
      collection: 'guides',
      errors: [
        {
          message:
            'This guide leads upcoming batches, whose SOS go to this account: link another ' +
            'guide account, or assign another guide to those batches first',
          path: 'user',
        },
      ],
      req,
    })
  }
}
