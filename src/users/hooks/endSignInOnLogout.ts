import type { CollectionAfterLogoutHook, PayloadRequest } from 'payload'

import { lockAccount } from '../auth/accountLock'
import { authClock } from '../auth/clock'
import { endCredentialGrants } from '../auth/credentialGrants'
import { ownSignIn } from '../auth/providerLinks'
import { familyOfSession } from '../auth/sessions'

/**
 * Payload hands `allSessions` to its logout operation but not to the afterLogout hooks. REST
 * carries it in the URL; the GraphQL `logoutUser` mutation (see logoutEverywhere) notes its
 * argument in the request context under this key before Payload's resolver runs.
 */
export const LOGOUT_ALL_SESSIONS = 'logoutAllSessions'

const signsOutEverywhere = (req: PayloadRequest) => {
  const noted = req.context[LOGOUT_ALL_SESSIONS]
  return typeof noted === 'boolean' ? noted : req.searchParams?.get('allSessions') === 'true'
}

/**
 * Payload's logout removes the session behind the access token; this ends the refresh tokens
 * of that sign-in too (all of them when signing out everywhere), inside the same transaction.
 * Signing out everywhere also ends what the other sign-ins set up (their provider links, a
 * pending e-mail change), as a staff sign-out does: it is the holder's own remedy for a
 * stolen phone, and an OTP or provider account has no password to change instead.
 * The account's row lock comes first, so a refresh rotating meanwhile is either refused or
 * has its new token revoked here (see lockAccount).
 */
export const endSignInOnLogout: CollectionAfterLogoutHook = async ({ req }) => {
  const user = req.user as { id: number | string; _sid?: string } | null
  if (!user) {
    return
  }
  await lockAccount(req, user.id)
  const everywhere = signsOutEverywhere(req)
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
  if (everywhere) {
    await endCredentialGrants(req, user.id, await ownSignIn(req, user.id))
  }
}
