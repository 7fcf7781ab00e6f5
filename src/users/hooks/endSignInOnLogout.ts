import type { CollectionAfterLogoutHook } from 'payload'

import { authClock } from '../auth/clock'
import { familyOfSession } from '../auth/sessions'

/**
 * Payload's logout removes the session behind the access token; this ends the refresh tokens
 * of that sign-in too (all of them with `?allSessions=true`), inside the same transaction.
 */
export const endSignInOnLogout: CollectionAfterLogoutHook = async ({ req }) => {
  const user = req.user as { id: number | string; _sid?: string } | null
  if (!user) {
    return
  }
  const everywhere = req.searchParams?.get('allSessions') === 'true'
  const family =
    everywhere || !user._sid ? null : await familyOfSession(req.payload, user._sid, req)
  if (!everywhere && !family) {
    return
  }
  await req.payload.db.updateMany({
    collection: 'refresh-tokens',
    where: {
      ...(family ? { family: { equals: family } } : { user: { equals: user.id } }),
      revokedAt: { exists: false },
    },
    data: { revokedAt: authClock.now().toISOString() },
    req,
  })
}
