import type { PayloadRequest } from 'payload'

import type { Badge, User } from '@/payload-types'
import { requiredRelationId } from '@/shared/relationId'
import { queryRows, sql } from '@/shared/sql'

import { awardBadgePoints } from './awardBadgePoints'

/**
 * Awards one badge inside the caller's transaction, which holds the user's row lock. The
 * insert claims the (user, badge) pair; only the evaluation that claims it adds the badge
 * to the user and gives the points, so a badge and its points come exactly once.
 */
export async function awardBadge(
  req: PayloadRequest,
  userId: number,
  badge: Badge,
): Promise<boolean> {
  const points = badge.points ?? 0
  const [claimed] = await queryRows<{ id: number }>(
    req,
    sql`insert into badge_awards (user_id, badge_id, awarded_at, points)
        values (${userId}, ${badge.id}, now(), ${points})
        on conflict do nothing
        returning id`,
  )
  if (!claimed) {
    return false
  }

  const user = (await req.payload.findByID({
    collection: 'users',
    id: userId,
    depth: 0,
    select: { badges: true },
    overrideAccess: true,
    req,
  })) as Pick<User, 'badges'>
  const badges = [...new Set([...(user.badges ?? []).map(requiredRelationId), badge.id])]
  await req.payload.update({
    collection: 'users',
    id: userId,
    data: { badges },
    depth: 0,
    overrideAccess: true,
    context: { badgeAward: true },
    req,
  })

  await awardBadgePoints(req, { userId, points, badgeName: badge.name })
  req.payload.logger.info({
    msg: 'badge awarded',
    userId,
    badgeId: badge.id,
    rule: badge.rule,
    points,
  })
  return true
}
