import { APIError, type PayloadRequest } from 'payload'

import { credentialStampOf, findRefreshToken, spendRefreshToken, userIdOf } from './refreshTokens'
import { loadAuthUser, revokeFamily, startSession, type Session } from './sessions'
import { inTransaction } from './transaction'

const ENDED = 'Your session has ended. Sign in again.'

/**
 * Trades a refresh token for a new session in the same family. A token presented twice means
 * it was copied: the whole family is revoked, so neither the thief nor the owner keeps it.
 */
export async function rotateSession(req: PayloadRequest, refreshToken: string): Promise<Session> {
  const { payload } = req
  const spent = await spendRefreshToken(payload, refreshToken)

  if (!spent) {
    const known = await findRefreshToken(payload, refreshToken)
    if (known?.usedAt && !known.revokedAt) {
      await revokeFamily(payload, known.family, userIdOf(known))
      payload.logger.warn({ msg: 'Refresh token reused: sign-in revoked', userId: userIdOf(known) })
    }
    throw new APIError(ENDED, 401, null, true)
  }

  const user = await loadAuthUser(payload, userIdOf(spent))
  if (!user || credentialStampOf(user) !== spent.credentialStamp) {
    await revokeFamily(payload, spent.family, userIdOf(spent))
    throw new APIError(ENDED, 401, null, true)
  }

  return inTransaction(req, () =>
    startSession(req, user.id, { family: spent.family, replaceSid: spent.sid }),
  )
}
