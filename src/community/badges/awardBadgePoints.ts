import type { PayloadRequest } from 'payload'

/**
 * STAND-IN until the users domain's loyalty functions land (branch `bookings`,
 * src/users/PointsTransactions.ts): replace the body with a call to its points-awarding
 * function, which also moves `obsPoints` and the tier. Until then it writes the
 * `points-transactions` row when that collection is configured, and nothing otherwise.
 */
export async function awardBadgePoints(
  req: PayloadRequest,
  award: { userId: number | string; points: number; badgeName: string },
): Promise<boolean> {
  const slug = 'points-transactions'
  if (award.points <= 0 || !req.payload.collections[slug as never]) {
    return false
  }
  await req.payload.create({
    collection: slug as never,
    data: {
      user: award.userId,
      amount: award.points,
      reason: `Badge: ${award.badgeName}`,
    } as never,
    overrideAccess: true,
    req,
  })
  return true
}
