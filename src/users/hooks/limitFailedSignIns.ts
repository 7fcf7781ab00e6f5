import type {
  CollectionAfterOperationHook,
  CollectionBeforeOperationHook,
  PayloadRequest,
} from 'payload'

import { env } from '@/config/env'

import { authClock, MINUTE } from '../auth/clock'
import { clientIp } from '../auth/requestInput'
import { authState, type Limit } from '../auth/state'
import { enforceLimits } from '../auth/throttle'

const WINDOW_MS = 15 * MINUTE

export const TOO_MANY_FAILED_SIGN_INS =
  'Too many failed sign-ins from this network. Wait a while and try again.'

const failedSignIns = (req: PayloadRequest): Limit => ({
  key: `login:ip:${clientIp(req)}`,
  max: env.signIn.maxFailuresPerClient,
  windowMs: WINDOW_MS,
})

const filled = (value: unknown) => typeof value === 'string' && value.trim() !== ''

/**
 * Password sign-in (REST `POST /api/users/login`, GraphQL `loginUser`, the admin's form) has a
 * budget of failures per client (SIGN_IN_MAX_FAILURES_PER_CLIENT per 15 minutes, the client
 * being an IPv4 address or an IPv6 /64), so one client trying a leaked password against many
 * addresses is slowed, which the per-account lock (5 wrong passwords) never does. Every
 * attempt takes a slot up front, in one atomic count, so a parallel burst cannot overshoot;
 * a successful sign-in gives it back (releaseSignInSlot). Past the budget every sign-in from
 * that client, right password or not, is 429 with Retry-After until the window ends. Server
 * code signing in through the local API is not counted, nor a request missing the e-mail or
 * password (Payload answers 400 before any password is checked).
 */
export const limitFailedSignIns: CollectionBeforeOperationHook = async ({
  args,
  operation,
  req,
}) => {
  if (operation !== 'login' || args.overrideAccess) {
    return args
  }
  const data = (args.data ?? {}) as { email?: unknown; username?: unknown; password?: unknown }
  if (!filled(data.password) || !(filled(data.email) || filled(data.username))) {
    return args
  }
  await enforceLimits(req, [failedSignIns(req)], TOO_MANY_FAILED_SIGN_INS)
  return args
}

/** A password sign-in that succeeded gives back the slot limitFailedSignIns took. */
export const releaseSignInSlot: CollectionAfterOperationHook = async ({
  args,
  operation,
  req,
  result,
}) => {
  if (
    operation === 'login' &&
    !args.overrideAccess &&
    typeof (result as { token?: unknown } | undefined)?.token === 'string'
  ) {
    await authState(req.payload, req).release(failedSignIns(req), authClock.now())
  }
  return result
}
