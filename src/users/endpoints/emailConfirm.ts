import type { Endpoint } from 'payload'

import { confirmEmailChange } from '../auth/emailChange'
import { readBody, requireString } from '../auth/requestInput'
import { jsonResponse } from '../auth/respond'

/**
 * POST /api/users/email/confirm {token}: the token from the link mailed to the new address.
 * No sign-in needed (the link may be opened on another device); the token is the proof.
 */
export const emailConfirmEndpoint: Endpoint = {
  path: '/email/confirm',
  method: 'post',
  handler: async (req) => {
    const token = requireString(await readBody(req), 'token', 200)
    const { email } = await confirmEmailChange(req, token)
    return jsonResponse(req, { message: 'Your e-mail address is changed.', email })
  },
}
