import { APIError, type PayloadRequest } from 'payload'

import { lockAccount } from './accountLock'
import { credentialStampOf, findRefreshToken, spendRefreshToken, userIdOf } from './refreshTokens'
import { loadAuthUser, revokeFamily, startSession, type Session } from './sessions'
import { inTransaction } from './transaction'

const ENDED = 'Your session has ended. Sign in again.'

/**
 * Trades a refresh token for a new session in the same family. A token presented twice means
 * it was copied: the whole family is revoked, so neither the thief nor the owner keeps it.
 *
 * Spending the token and starting the new session are one transaction under the account's
 * row lock, the lock every sign-out takes before it revokes. A sign-out that gets there first
 * leaves this token revoked (401); one that comes after ends the session made here too.
 * Refusals return instead of throwing so that the revocations they make are committed.
 */
export async function rotateSession(req: PayloadRequest, refreshToken: string): Promise<Session> {
  const session = await inTransaction(req, async () => {
    const presented = await findRefreshToken(req, refreshToken)
    if (!presented) {
      return null
    }
    await lockAccount(req, userIdOf(presented))
    const spent = await spendRefreshToken(req, refreshToken)
    if (!spent) {
      await endFamilyIfReused(req, refreshToken)
      return null
    }
    const user = await loadAuthUser(req.payload, userIdOf(spent), req)
    if (!user || credentialStampOf(user) !== spent.credentialStamp) {
      await revokeFamily(req.payload, spent.family, userIdOf(spent), req)
      return null
    }
    return startSession(req, user.id, { family: spent.family, replaceSid: spent.sid })
  })
  if (!session) {
    throw new APIError(ENDED, 401, null, true)
  }
  return session
}

/** A token already used, and not revoked since, is a copy: end its sign-in everywhere. */
async function endFamilyIfReused(req: PayloadRequest, refreshToken: string) {
  const known = await findRefreshToken(req, refreshToken)
  if (known?.usedAt && !known.revokedAt) {
    await revokeFamily(req.payload, known.family, userIdOf(known), req)
    req.payload.logger.warn({
      msg: 'Refresh token reused: sign-in revoked',
      userId: userIdOf(known),
    })
  }
}
