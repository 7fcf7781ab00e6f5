import type { CollectionBeforeOperationHook } from 'payload'

import { isStaff, type AuthUser } from '@/access/roles'
import { env } from '@/config/env'

import { HOUR } from '../auth/clock'
import { clientIp } from '../auth/requestInput'
import { enforceLimits } from '../auth/throttle'

/**
 * The contract has sign-up answer 201 with the new user, so an e-mail that already has an
 * account cannot get the same answer (Payload says it is taken). What stays possible is
 * bounded instead: each client IP gets SIGN_UP_MAX_PER_IP_PER_HOUR sign-ups (REST and
 * GraphQL), counted in the shared sign-in state store, then 429 with Retry-After. Staff
 * creating accounts in the admin and server code are not counted.
 */
export const limitSignUps: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  if (operation !== 'create' || args.overrideAccess || isStaff(req.user as AuthUser)) {
    return args
  }
  await enforceLimits(
    req,
    [
      {
        key: `signup:ip:${clientIp(req)}`,
        max: env.signUp.maxPerIpPerHour,
        windowMs: HOUR,
      },
    ],
    'Too many sign-ups from this network. Try again later.',
  )
  return args
}
