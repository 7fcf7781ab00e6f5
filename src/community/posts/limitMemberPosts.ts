import type { CollectionBeforeOperationHook } from 'payload'

import { hasRole, type AuthUser } from '@/access/roles'
import { env } from '@/config/env'
import { enforceLimits } from '@/users/auth/throttle'

const HOUR_MS = 60 * 60 * 1000

/**
 * Every post is stored and served to every reader of the feed: without a cap one account could
 * post thousands an hour (review round 20). A trekker or guide may create
 * MEMBER_POSTS_PER_HOUR posts an hour, counted in the store every instance shares, as uploads
 * are (limitMemberUploads); more get 429 with Retry-After. Super admins, not limited for
 * uploads either, and server code (no user) are not limited.
 */
export const limitMemberPosts: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  const user = req.user as AuthUser
  if (operation !== 'create' || !user || hasRole(user, 'super_admin')) {
    return args
  }
  await enforceLimits(
    req,
    [{ key: `posts:user:${user.id}`, max: env.limits.memberPostsPerHour, windowMs: HOUR_MS }],
    'Too many posts from this account: try again later',
  )
  return args
}
