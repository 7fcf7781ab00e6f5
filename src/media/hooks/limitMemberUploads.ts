import type { CollectionBeforeOperationHook } from 'payload'

import { hasRole, type AuthUser } from '@/access/roles'
import { env } from '@/config/env'
import { enforceLimits } from '@/users/auth/throttle'

import { CATALOG_UPLOADERS } from '../visibility'

const HOUR_MS = 60 * 60 * 1000

/**
 * Every upload is stored and resized by sharp (several sizes), and members' unused uploads
 * stay: without a cap one account could fill the disk or keep the CPU busy. Counted before
 * Payload processes the file, in the store every instance shares. The catalog team is not
 * limited; server code (the seed) has no user and is not either.
 */
export const limitMemberUploads: CollectionBeforeOperationHook = async ({
  args,
  operation,
  req,
}) => {
  const user = req.user as AuthUser
  if (operation !== 'create' || !user || hasRole(user, ...CATALOG_UPLOADERS)) {
    return args
  }
  await enforceLimits(
    req,
    [
      {
        key: `uploads:user:${user.id}`,
        max: env.limits.memberUploadsPerHour,
        windowMs: HOUR_MS,
      },
    ],
    'Too many uploads from this account: try again later',
  )
  return args
}
