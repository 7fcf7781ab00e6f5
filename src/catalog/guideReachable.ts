import type { PayloadRequest } from 'payload'

import { relationId } from '@/shared/relationId'
import { lockRowAndRead } from '@/shared/sql'

/** The card's account, if the card is active: a retired card leads no booked departure. */
async function cardAccount(req: PayloadRequest, guideId: number | string) {
  const card = await req.payload.db.findOne<{ id: number; user?: unknown; isActive?: boolean }>({
    collection: 'guides',
    where: { id: { equals: guideId } },
    req,
  })
  return card?.isActive === false ? null : relationId(card?.user)
}

/**
 * Whether a guide card reaches a guide: active (round 35), and linked to an account that has the
 * role `guide`, which
 * every SOS of the card's batches is texted and mailed to. Read under the account's lock, which
 * a demotion takes before it counts the card's batches and unlinks it (leaveGuideRole), and read
 * again after it: an assignment and a demotion at the same moment each passed the other's check,
 * leaving a booked departure led by a card with no account (review round 31).
 */
export async function guideCardReachesGuide(
  req: PayloadRequest,
  guideId: number | string,
): Promise<boolean> {
  const accountId = await cardAccount(req, guideId)
  if (!accountId) {
    return false
  }
  const account = req.transactionID
    ? await lockRowAndRead<{ staff_role: string | null }>(req, 'users', accountId, ['staff_role'])
    : await req.payload
        .findByID({
          collection: 'users',
          id: accountId,
          depth: 0,
          overrideAccess: true,
          disableErrors: true,
          select: { staffRole: true },
          req,
        })
        .then((found) => (found ? { staff_role: found.staffRole ?? null } : undefined))
  return account?.staff_role === 'guide' && (await cardAccount(req, guideId)) === accountId
}
