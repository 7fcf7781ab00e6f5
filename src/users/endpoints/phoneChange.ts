import { APIError, type Endpoint } from 'payload'

import { consumeCode } from '../auth/otp'
import { normalisePhone } from '../auth/phone'
import { moveToPhone } from '../auth/phoneSignIn'
import { readBody } from '../auth/requestInput'
import { jsonResponse } from '../auth/respond'

/**
 * POST /api/users/phone/change {phone, code}: the code was sent to the new number. Every other
 * sign-in of the account ends; the caller's own stays.
 */
export const phoneChangeEndpoint: Endpoint = {
  path: '/phone/change',
  method: 'post',
  handler: async (req) => {
    if (!req.user) {
      throw new APIError('Sign in first.', 401, null, true)
    }
    const body = await readBody(req)
    const phone = normalisePhone(body.phone)
    await consumeCode(req, phone, body.code)
    // Every other sign-in of the account ends (revokeSessionsOnPhoneChange).
    await moveToPhone(req, req.user.id, phone)
    return jsonResponse(req, { message: 'Your phone number is changed.', phone })
  },
}
