import { APIError, type Endpoint } from 'payload'

import { consumeCode } from '../auth/otp'
import { normalisePhone } from '../auth/phone'
import { moveToPhone } from '../auth/phoneSignIn'
import { readBody } from '../auth/requestInput'
import { jsonResponse } from '../auth/respond'
import { revokeOtherSessions } from '../auth/sessions'
import { inTransaction } from '../auth/transaction'

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
    const me = req.user as { id: number | string; _sid?: string }
    // For an account that signs in by OTP the phone is its credential, and numbers get
    // recycled: whoever signed in with the old number is signed out, as after a password change.
    await inTransaction(req, async () => {
      await moveToPhone(req, me.id, phone)
      await revokeOtherSessions(req.payload, me.id, me._sid, req)
    })
    return jsonResponse(req, { message: 'Your phone number is changed.', phone })
  },
}
