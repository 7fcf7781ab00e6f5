import { APIError, type Endpoint } from 'payload'

import { authClock, HOUR } from '../auth/clock'
import { undoEmailChange } from '../auth/emailUndo'
import { clientIp, readBody, requireString } from '../auth/requestInput'
import { jsonResponse } from '../auth/respond'
import { authState } from '../auth/state'
import { enforceLimits } from '../auth/throttle'

/** Failed undos per client IP per hour: each one with a good token hashes a password. */
const MAX_FAILED_UNDOS_PER_HOUR = 10

/**
 * POST /api/users/email/undo {token, password}: the token from the link mailed to the address
 * an e-mail change replaced (or texted to the phone of an account that had no address). No sign-in needed (whoever changed the address may hold every
 * sign-in), and none is used: the token is the only proof, and the caller is not signed in.
 */
export const emailUndoEndpoint: Endpoint = {
  path: '/email/undo',
  method: 'post',
  handler: async (req) => {
    const body = await readBody(req)
    const token = requireString(body, 'token', 200)
    // Not trimmed: spaces are part of a password.
    const password = body.password
    if (typeof password !== 'string' || password === '') {
      throw new APIError('password is required.', 400, null, true)
    }
    const tries = {
      key: `email-undo:ip:${clientIp(req)}`,
      max: MAX_FAILED_UNDOS_PER_HOUR,
      windowMs: HOUR,
    }
    await enforceLimits(
      req,
      [tries],
      'Too many attempts to undo an e-mail change. Wait an hour and try again.',
    )

    req.user = null
    const { email } = await undoEmailChange(req, token, password)
    // Only failures spend the budget.
    await authState(req.payload, req).release(tries, authClock.now())
    return jsonResponse(req, {
      message: email
        ? 'Your e-mail address is back and your password is changed. Sign in again.'
        : 'The added e-mail address is taken off and your password is changed. Sign in again with your phone.',
      email,
    })
  },
}
