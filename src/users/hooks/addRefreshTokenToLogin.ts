import { decodeJwt } from 'jose'
import type { CollectionAfterOperationHook } from 'payload'

import { credentialStampOf, issueRefreshToken } from '../auth/refreshTokens'
import { loadAuthUser } from '../auth/sessions'

/**
 * Password login, and a password reset (which signs in too), answer with the same session as
 * every other sign-in: Payload's token and exp, plus a refresh token bound to the Payload
 * session just created (the newcomer run: a reset answered without `exp` or `refreshToken`).
 */
export const addRefreshTokenToLogin: CollectionAfterOperationHook = async ({
  operation,
  req,
  result,
}) => {
  if (
    (operation !== 'login' && operation !== 'resetPassword') ||
    !result ||
    typeof (result as { token?: unknown }).token !== 'string'
  ) {
    return result
  }
  const login = result as { token: string; user: { id: number | string; updatedAt?: unknown } }
  const { sid, exp } = decodeJwt(login.token)
  const user = await loadAuthUser(req.payload, login.user.id, req)
  if (typeof sid !== 'string' || !user) {
    return result
  }
  const refreshToken = await issueRefreshToken(req, {
    userId: user.id,
    sid,
    credentialStamp: credentialStampOf(user),
  })
  // Payload blanks `updatedAt` on the user it answers with while it stores the new session
  // (so that a sign-in does not count as an edit); the stored stamp is the truth.
  const answered = { ...login.user, updatedAt: user.updatedAt ?? null }
  return { ...login, exp, user: answered, refreshToken } as unknown as typeof result
}
