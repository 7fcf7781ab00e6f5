import { APIError, type Endpoint } from 'payload'

import { proveCredentialChange } from '../auth/holderProof'
import { consumeCode } from '../auth/otp'
import { normalisePhone } from '../auth/phone'
import { moveToPhone } from '../auth/phoneSignIn'
import { readBody } from '../auth/requestInput'
import { jsonResponse } from '../auth/respond'
import { loadAuthUser } from '../auth/sessions'
import { SIGN_IN_FIRST } from '@/access/anonymousIsUnauthorized'

/**
 * POST /api/users/phone/change {phone, code, currentPassword | currentCode}: `code` was sent
 * to the new number; the current password or a code sent to the current number proves the
 * holder (a stolen access token alone must not move the account's OTP sign-in, or its erasure
 * confirmation, to another phone). Every other sign-in of the account ends; the caller's own
 * stays; the old number and the e-mail address are told (revokeSessionsOnPhoneChange).
 */
export const phoneChangeEndpoint: Endpoint = {
  path: '/phone/change',
  method: 'post',
  handler: async (req) => {
    if (!req.user) {
      throw new APIError(SIGN_IN_FIRST, 401, null, true)
    }
    const body = await readBody(req)
    const phone = normalisePhone(body.phone)
    const account = await loadAuthUser(req.payload, req.user.id)
    if (!account) {
      throw new APIError(SIGN_IN_FIRST, 401, null, true)
    }
    await proveCredentialChange(req, account, body, 'the new phone')
    await consumeCode(req, phone, body.code)
    await moveToPhone(req, req.user.id, phone)
    return jsonResponse(req, { message: 'Your phone number is changed.', phone })
  },
}
