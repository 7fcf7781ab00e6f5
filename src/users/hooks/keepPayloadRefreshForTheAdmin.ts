import { APIError, type CollectionBeforeOperationHook } from 'payload'

import { isStaff, type AuthUser } from '@/access/roles'

/** The longest a staff admin session may be kept alive by Payload's refresh, from sign-in. */
export const ADMIN_SESSION_MAX_HOURS = 12

type SessionRow = { id?: string; createdAt?: string | Date }

function sessionStartedAt(user: Record<string, unknown>): number | null {
  const sessions = (user.sessions ?? []) as SessionRow[]
  const current = sessions.find((session) => session.id === user._sid)
  return current?.createdAt ? new Date(current.createdAt).getTime() : null
}

/**
 * Payload's own POST /api/users/refresh-token and GraphQL refreshTokenUser re-sign the caller's
 * access token for another 60 minutes, again and again: a stolen token would never die, and
 * the contract's single-use refresh tokens (POST /api/users/token/refresh) would be moot.
 * The admin UI, though, calls refresh-token with its session cookie to keep staff signed in
 * while they work. So it stays open only for a staff member's cookie session (no
 * Authorization header) and only up to ADMIN_SESSION_MAX_HOURS after that sign-in began.
 */
export const keepPayloadRefreshForTheAdmin: CollectionBeforeOperationHook = ({
  args,
  operation,
  req,
}) => {
  if (operation !== 'refresh') {
    return args
  }
  const user = req.user as (AuthUser & Record<string, unknown>) | null
  if (!user) {
    // Payload answers this itself (401 through anonymousIsUnauthorized).
    return args
  }
  const byCookie = !req.headers.get('authorization')
  const startedAt = sessionStartedAt(user)
  const withinCap =
    startedAt !== null && Date.now() - startedAt < ADMIN_SESSION_MAX_HOURS * 60 * 60 * 1000
  if (byCookie && isStaff(user) && withinCap) {
    return args
  }
  throw new APIError(
    'This refresh is not available: trade your refresh token at POST /api/users/token/refresh.',
    403,
    null,
    true,
  )
}
