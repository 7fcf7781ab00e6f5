import type { CollectionAfterErrorHook, CollectionBeforeOperationHook } from 'payload'

import { hasRole, type AuthUser } from '@/access/roles'
import { env } from '@/config/env'
import { authClock } from '@/users/auth/clock'
import { authState } from '@/users/auth/state'
import { enforceLimits } from '@/users/auth/throttle'

const HOUR_MS = 60 * 60 * 1000

/** req.context key: the post limit this request's create was counted against. */
const COUNTED = 'memberPostCounted'

const postLimit = (userId: number | string) => ({
  key: `posts:user:${userId}`,
  max: env.limits.memberPostsPerHour,
  windowMs: HOUR_MS,
})

/**
 * Every post is stored and served to every reader of the feed: without a cap one account could
 * post thousands an hour (review round 20). A trekker or guide may create
 * MEMBER_POSTS_PER_HOUR posts an hour, counted in the store every instance shares, as uploads
 * are (limitMemberUploads); more get 429 with Retry-After. Super admins, not limited for
 * uploads either, and server code (no user) are not limited. Counted before the create, so two
 * at once cannot both take the last one; a create then refused gives its count back
 * (giveBackRefusedPost).
 */
export const limitMemberPosts: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  const user = req.user as AuthUser
  if (operation !== 'create' || !user || hasRole(user, 'super_admin')) {
    return args
  }
  await enforceLimits(
    req,
    [postLimit(user.id)],
    'Too many posts from this account: try again later',
  )
  req.context[COUNTED] = user.id
  return args
}

/**
 * A post refused for what it holds (another member's picture, a journal of a trek the author
 * was not on) is not a post: counted, an app retrying one such post thirty times locked its
 * member out of posting for an hour (review round 37).
 */
export const giveBackRefusedPost: CollectionAfterErrorHook = async ({ req }) => {
  const userId = req.context[COUNTED]
  if (userId === undefined) {
    return
  }
  delete req.context[COUNTED]
  // On the embedded database the count joined the create's transaction, and its rollback
  // already gave it back (see postgresStore).
  if (!env.databaseUri && !env.redisUrl) {
    return
  }
  await authState(req.payload, req).release(postLimit(userId as number), authClock.now())
}
