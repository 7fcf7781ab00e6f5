import type { PayloadRequest } from 'payload'

/**
 * Gives a badge's points as a ledger row; the points-transactions hooks move `obsPoints`
 * and the tier in the same transaction.
 */
export async function awardBadgePoints(
  req: PayloadRequest,
  award: { userId: number | string; points: number; badgeName: string },
): Promise<boolean> {
  if (award.points <= 0) {
    return false
  }
  await req.payload.create({
    collection: 'points-transactions',
    data: {
      user: Number(award.userId),
      amount: award.points,
      reason: `Badge: ${award.badgeName}`,
    },
    overrideAccess: true,
    req,
  })
  return true
}
