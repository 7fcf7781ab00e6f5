import type { Endpoint } from 'payload'

import { consumeCode } from '../auth/otp'
import { normalisePhone } from '../auth/phone'
import { signInWithPhone } from '../auth/phoneSignIn'
import { readBody } from '../auth/requestInput'
import { sessionResponse } from '../auth/respond'

/** POST /api/users/otp/verify {phone, code}: signs in, or up for a phone new to us. */
export const otpVerifyEndpoint: Endpoint = {
  path: '/otp/verify',
  method: 'post',
  handler: async (req) => {
    const body = await readBody(req)
    const phone = normalisePhone(body.phone)
    await consumeCode(req, phone, body.code)
    return sessionResponse(req, await signInWithPhone(req, phone))
  },
}
